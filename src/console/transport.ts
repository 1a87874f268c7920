// One HTTP exchange with the console: keep-alive pool, whole-request timeout, streamed size cap, cookies.
import type { Pool } from 'undici';
// Not undici's index, which loads all of undici (fetch, WebSocket, caches, mocks): 7 MB of resident memory more than
// the connection pool and the request call used here (bench/NOTES.md). Not undici's public API: undici is pinned, and
// test/console/transport.test.ts checks both against its index.
import PoolClass from 'undici/lib/dispatcher/pool.js';
import request from 'undici/lib/api/api-request.js';
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
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const unregister = cancel === undefined ? undefined : onAbort(cancel, () => controller.abort());
    let phase: 'headers' | 'body' = 'headers';
    let received = 0;
    try {
      const response = await request.call(this.pool, {
        path: query === '' ? this.pathPrefix + endpoint : `${this.pathPrefix}${endpoint}?${query}`,
        method: post === undefined ? 'GET' : 'POST',
        headers: this.headers(post),
        body: post?.text ?? null,
        signal: controller.signal,
      });
      phase = 'body';
      this.cookies.store(response.headers['set-cookie']);
      const body = response.body;
      if (Number(response.headers['content-length']) > this.maxResponseBytes) {
        // undici reports an unread body destroyed as an 'error' event: with no listener it would crash the process.
        body.on('error', ignore);
        body.destroy();
        throw this.tooLarge(endpoint);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of body as AsyncIterable<Buffer>) {
        received += chunk.length;
        // Leaving the loop destroys the stream, which aborts the rest of the download.
        if (received > this.maxResponseBytes) throw this.tooLarge(endpoint);
        chunks.push(chunk);
      }
      const location = response.headers.location;
      return {
        statusCode: response.statusCode,
        location: Array.isArray(location) ? location[0] : location,
        body: chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, received),
      };
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      if (cancelled() && !timedOut) throw new ConsoleDeadlineError(endpoint, { cause: error });
      throw transportFailure(error, { endpoint, timedOut, timeoutMs: this.timeoutMs, phase, received, secrets: this.secrets });
    } finally {
      clearTimeout(timer);
      unregister?.();
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

function ignore(): void {
  // the request is already given up; see the caller
}
