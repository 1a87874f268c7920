// One HTTP exchange with the console: keep-alive pool, whole-request timeout, streamed size cap, cookies.
import type { Dispatcher, Pool } from 'undici';
// Not undici's index, which loads all of undici (fetch, WebSocket, caches, mocks): 7 MB of resident memory more than
// the connection pool used here (bench/NOTES.md). Not undici's public API: undici is pinned, and
// test/console/transport.test.ts checks it against its index.
import PoolClass from 'undici/lib/dispatcher/pool.js';
import { onAbort } from './abort.js';
import { CookieJar } from './cookie-jar.js';
import { ConsoleDeadlineError, ConsoleError, ConsoleResponseTooLargeError } from './errors/index.js';
import { transportFailure } from './transport-failure.js';

export interface TransportOptions {
  /** http(s)://host[:port][/context-path] */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Sockets kept to the console; matches the request concurrency. */
  readonly connections: number;
  readonly maxResponseBytes: number;
  readonly secrets: readonly string[];
  /** CA certificates (PEM) for a console behind HTTPS; undefined: the system's. */
  readonly ca?: string | undefined;
  /** Accept any certificate (ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY). */
  readonly insecureSkipVerify?: boolean | undefined;
}

/** What a POST sends: a url-encoded form, or JSON (the secure dashboard's login) with the CSRF token echoed. */
export interface PostBody {
  readonly type: 'form' | 'json';
  readonly text: string;
  /** Sent as X-XSRF-TOKEN. */
  readonly csrfToken?: string | undefined;
}

export interface ConsoleResponse {
  readonly statusCode: number;
  readonly location: string | undefined;
  readonly body: Buffer;
}

const USER_AGENT = 'rocketmq-lag-exporter';
const CONTENT_TYPES = { form: 'application/x-www-form-urlencoded', json: 'application/json' } as const;

export class Transport {
  readonly cookies = new CookieJar();
  private readonly pool: Pool;
  private readonly pathPrefix: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly secrets: readonly string[];
  private closed = false;

  constructor(options: TransportOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('the console URL must be http or https');
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.maxResponseBytes = options.maxResponseBytes;
    this.secrets = options.secrets;
    this.pool = new PoolClass(url.origin, {
      connections: options.connections,
      connectTimeout: options.timeoutMs,
      // Our own timer covers the whole request; these only back it up.
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connect: { ...(options.ca === undefined ? {} : { ca: options.ca }), rejectUnauthorized: options.insecureSkipVerify !== true },
    });
  }

  /**
   * GET `endpoint?query`, or POST `post`. Resolves with any HTTP status (redirects are not
   * followed); rejects only with a ConsoleError. `cancel` (the walk's deadline) aborts it as a ConsoleDeadlineError.
   */
  async exchange(endpoint: string, query: string, post?: PostBody, cancel?: AbortSignal): Promise<ConsoleResponse> {
    const cancelled = (): boolean => cancel?.aborted === true;
    if (cancelled()) throw new ConsoleDeadlineError(endpoint);
    const exchange = new Exchange(this.maxResponseBytes, () => this.tooLarge(endpoint));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      exchange.abort(new Error('timed out'));
    }, this.timeoutMs);
    const unregister = cancel === undefined ? undefined : onAbort(cancel, () => exchange.abort(new Error('walk deadline')));
    try {
      this.pool.dispatch({
        path: query === '' ? this.pathPrefix + endpoint : `${this.pathPrefix}${endpoint}?${query}`,
        method: post === undefined ? 'GET' : 'POST',
        headers: this.headers(post),
        body: post?.text ?? null,
      }, exchange);
      return await exchange.done;
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      if (cancelled() && !timedOut) throw new ConsoleDeadlineError(endpoint, { cause: error });
      const { phase, received } = exchange;
      throw transportFailure(error, { endpoint, timedOut, timeoutMs: this.timeoutMs, phase, received, secrets: this.secrets });
    } finally {
      clearTimeout(timer);
      unregister?.();
      // The Set-Cookie of any answer, a redirect or an error included, even one whose body was then cut off.
      this.cookies.store(exchange.cookies);
    }
  }

  /** Lets requests in flight finish for up to `graceMs`, then aborts them and closes the sockets. */
  async close(graceMs: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), graceMs); });
    const closing = this.pool.close();
    const result = await Promise.race([closing, deadline]);
    clearTimeout(timer);
    if (result === 'late') await this.pool.destroy();
  }

  // No Origin (dashboard 2.1 rejects foreign ones) and no Authorization (the console uses a session cookie).
  private headers(post: PostBody | undefined): Record<string, string> {
    const cookie = this.cookies.cookieHeader();
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    if (cookie !== undefined) headers.cookie = cookie;
    if (post !== undefined) headers['content-type'] = CONTENT_TYPES[post.type];
    if (post?.csrfToken !== undefined) headers['x-xsrf-token'] = post.csrfToken;
    return headers;
  }

  private tooLarge(endpoint: string): ConsoleResponseTooLargeError {
    return new ConsoleResponseTooLargeError(endpoint, this.maxResponseBytes, { secrets: this.secrets });
  }
}

/**
 * One request's undici handler: the body gathered as it arrives, with no stream, async iterator or AbortSignal per
 * request (at L-hepyu, 4,000 requests a walk, they were a sixth of the CPU of the walk's calls: bench/NOTES.md).
 */
class Exchange implements Dispatcher.DispatchHandler {
  readonly done: Promise<ConsoleResponse>;
  /** Whether the response headers had arrived, and the body bytes since: what a failure is reported with. */
  phase: 'headers' | 'body' = 'headers';
  received = 0;
  cookies: string[] = [];
  private statusCode = 0;
  private location: string | undefined;
  private readonly chunks: Buffer[] = [];
  private settled = false;
  private resolve!: (response: ConsoleResponse) => void;
  private reject!: (error: unknown) => void;
  private abortRequest: ((reason: Error) => void) | undefined;
  private abortReason: Error | undefined;

  constructor(private readonly maxResponseBytes: number, private readonly tooLarge: () => Error) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Gives the request up: at once for the caller; undici drops it once it holds it (queued requests too). */
  abort(reason: Error): void {
    if (this.settled || this.abortReason !== undefined) return;
    this.abortReason = reason;
    this.abortRequest?.(reason);
    this.onError(reason);
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.abortReason === undefined) this.abortRequest = abort;
    else abort(this.abortReason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // An interim answer (103 Early Hints): not the answer, nothing of it is taken.
    if (statusCode < 200) return true;
    this.phase = 'body';
    this.statusCode = statusCode;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] as Buffer).toString('latin1').toLowerCase();
      if (name === 'set-cookie') this.cookies.push((rawHeaders[i + 1] as Buffer).toString('latin1'));
      else if (name === 'location') this.location ??= (rawHeaders[i + 1] as Buffer).toString('latin1');
      else if (name === 'content-length' && Number((rawHeaders[i + 1] as Buffer).toString('latin1')) > this.maxResponseBytes) this.abort(this.tooLarge());
    }
    // false once given up: undici then reads no further on a socket it is destroying.
    return this.abortReason === undefined;
  }

  onData(chunk: Buffer): boolean {
    this.received += chunk.length;
    // Aborting drops the rest of the download.
    if (this.received > this.maxResponseBytes) this.abort(this.tooLarge());
    else this.chunks.push(chunk);
    return this.abortReason === undefined;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    const { chunks, received } = this;
    this.resolve({
      statusCode: this.statusCode,
      location: this.location,
      body: chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, received),
    });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
