// A small HTTP client for the simulator's tests: no redirects followed, cookies passed by hand.


export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface Envelope {
  readonly status: number;
  readonly data: unknown;
  readonly errMsg: string | null;
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST';
  readonly cookie?: string;
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as a JSON body. */
  readonly json?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export async function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie !== undefined) headers['cookie'] = options.cookie;
  let body: string | undefined;
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The console's {status, data, errMsg} wrapper of an HTTP 200 answer. */
export function envelope(answer: Answer): Envelope {
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
  return JSON.parse(answer.text) as Envelope;
}

export async function data<T>(url: string, options: CallOptions = {}): Promise<T> {
  const e = envelope(await call(url, options));
  if (e.status !== 0) throw new Error(`status ${e.status}: ${e.errMsg ?? ''}`);
  return e.data as T;
}

/** Logs in and returns the `JSESSIONID=...` cookie to send back. */
export async function loginCookie(base: string, username: string, password: string): Promise<string> {
  const answer = await call(`${base}/login/login.do`, { form: { username, password } });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const match = /JSESSIONID=[^;]+/.exec(setCookie);
  if (match === null) throw new Error(`login failed: ${answer.text}`);
  return match[0];
}

export interface QueueRow {
  readonly brokerName: string;
  readonly queueId: number;
  readonly brokerOffset: number;
  readonly consumerOffset: number;
  readonly clientInfo: string | null;
  readonly lastTimestamp: number;
}

export interface TopicConsumerInfo {
  readonly topic: string;
  readonly diffTotal: number;
  readonly lastTimestamp: number;
  readonly queueStatInfoList: readonly QueueRow[];
}
