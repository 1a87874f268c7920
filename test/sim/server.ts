// The HTTP face of the simulator: routing, login guard, faults, and request and cost accounting around the endpoint handlers.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock.js';
import { costOf, CostLedger, type ConsoleCost } from './cost.js';
import { fail, type EndpointContext, type Reply } from './endpoints/context.js';
import { GroupListCache } from './endpoints/group-info.js';
import type { DueFaults, Faults, RequestParams } from './faults.js';
import { traitsOf, type Flavour, type FlavourTraits } from './flavours.js';
import { consoleErrors } from './messages.js';
import type { ClusterModel } from './model.js';
import { parseParams } from './query.js';
import { routeFor } from './routes.js';
import { sessionIdOf, type Sessions } from './sessions.js';

export type NotLoggedInAnswer = 'redirect' | 'status';

export interface ConsoleServerOptions {
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string } | undefined;
  readonly model: ClusterModel;
  readonly clock: Clock;
  readonly flavour: Flavour;
  readonly sessions: Sessions;
  readonly faults: Faults;
  /** e.g. "/console"; "" at the root. */
  readonly contextPath: string;
  readonly notLoggedIn: NotLoggedInAnswer;
  /** Added to every request. */
  readonly latencyMs: number;
  /** Dashboard 2.1: requests answered "Cache is being built" from the first groupList on. */
  readonly groupListBuildingAnswers: number;
}

export interface RequestCounts {
  readonly total: number;
  /** Endpoint path (e.g. `topic/list.query`) -> requests received. */
  readonly byEndpoint: Record<string, number>;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const AUTH_HEADER = 'Basic realm="rocketmq"';
const DEFAULT_OVERSIZE = 16 * 1024 * 1024;
const NO_PARAMS: RequestParams = Object.freeze({});

/** Spring Boot's JSON error body (BasicErrorController). */
/** The string fields of a JSON object body; none when it is not one. */
function jsonFields(text: string): RequestParams {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return NO_PARAMS;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return NO_PARAMS;
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function springError(now: number, status: number, error: string, path: string): string {
  const timestamp = new Date(now).toISOString().replace('Z', '+00:00');
  return JSON.stringify({ timestamp, status, error, path });
}

/** Every number inside `data` becomes a string; the wrapper's status stays a number. */
function numbersToStrings(body: string): string {
  const parsed = JSON.parse(body) as { status: unknown; data: unknown; errMsg: unknown };
  const data: unknown = JSON.parse(JSON.stringify(parsed.data), (_key, value: unknown) => (typeof value === 'number' ? String(value) : value));
  return JSON.stringify({ status: parsed.status, data, errMsg: parsed.errMsg });
}

export class ConsoleServer {
  readonly http: Server;
  traits: FlavourTraits;
  groupListCache: GroupListCache;
  private readonly prefix: string;
  private counts = new Map<string, number>();
  private total = 0;
  private readonly ledger = new CostLedger();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: ConsoleServerOptions) {
    this.traits = traitsOf(options.flavour);
    this.groupListCache = new GroupListCache(options.groupListBuildingAnswers);
    this.prefix = options.contextPath;
    const receive = (req: IncomingMessage, res: ServerResponse): void => this.receive(req, res);
    // A console behind HTTPS: the key and certificate (PEM) it serves.
    this.http = options.tls === undefined ? createServer(receive) : createTlsServer(options.tls, receive);
    this.http.keepAliveTimeout = 30_000;
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    return (this.http.address() as AddressInfo).port;
  }

  /** Closes every connection, hung ones included, and drops pending delayed answers. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
  }

  setFlavour(flavour: Flavour): void {
    this.traits = traitsOf(flavour);
    this.groupListCache.reset();
  }

  requests(): RequestCounts {
    return { total: this.total, byEndpoint: Object.fromEntries(this.counts) };
  }

  resetRequests(): void {
    this.counts = new Map();
    this.total = 0;
  }

  /** What the answered requests cost the cluster, as the real console would have spent it. */
  cost(): ConsoleCost {
    return this.ledger.snapshot();
  }

  resetCost(): void {
    this.ledger.reset();
  }

  private count(endpoint: string): void {
    this.total++;
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    let path = mark < 0 ? url : url.slice(0, mark);
    const inContext = this.prefix === '' || path === this.prefix || path.startsWith(`${this.prefix}/`);
    if (inContext) path = path.slice(this.prefix.length);
    const endpoint = path.replace(/^\/+/, '');
    this.count(endpoint);
    const now = this.options.clock.now();
    const origin = req.headers.origin;
    if (this.traits.rejectsForeignOrigin && origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      this.send(res, { httpStatus: 403, body: 'Invalid CORS request' });
      return;
    }
    const route = inContext ? routeFor(endpoint, this.traits) : undefined;
    if (route === undefined) {
      this.send(res, { httpStatus: 404, body: springError(now, 404, 'Not Found', url.slice(0, mark < 0 ? url.length : mark)) });
      return;
    }
    const params = mark < 0 ? NO_PARAMS : parseParams(url.slice(mark + 1));
    const due = this.options.faults.take(endpoint, params);
    const proceed = (form: RequestParams): void => {
      const delay = this.options.latencyMs + due.delayMs;
      if (delay <= 0) {
        this.answer(req, res, endpoint, params, form, due);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.answer(req, res, endpoint, params, form, due);
      }, delay);
      this.timers.add(timer);
    };
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const type = req.headers['content-type'] ?? '';
        const text = Buffer.concat(chunks).toString('utf8');
        if (type.startsWith('application/x-www-form-urlencoded')) proceed(parseParams(text));
        else proceed(type.startsWith('application/json') && this.traits.csrfLogin ? jsonFields(text) : NO_PARAMS);
      });
    } else {
      req.resume();
      proceed(NO_PARAMS);
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse, endpoint: string, params: RequestParams, form: RequestParams, due: DueFaults): void {
    if (this.stopped) return;
    const route = routeFor(endpoint, this.traits);
    const now = this.options.clock.now();
    const fault = due.response;
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'http500') {
      this.send(res, { httpStatus: 500, body: springError(now, 500, 'Internal Server Error', req.url?.split('?')[0] ?? '/') });
      return;
    }
    if (fault?.kind === 'error') {
      const brokerAddr = this.options.model.brokers[0]?.masterAddr ?? '127.0.0.1:10911';
      this.send(res, fail(fault.message ?? consoleErrors.brokerTimeout(brokerAddr)));
      return;
    }
    if (route === undefined) {
      this.send(res, { httpStatus: 404, body: springError(now, 404, 'Not Found', req.url ?? '/') });
      return;
    }
    if (req.method !== route.method) {
      this.send(res, fail(consoleErrors.methodNotSupported(req.method ?? 'GET')));
      return;
    }
    const sessions = this.options.sessions;
    if (this.traits.csrfLogin && req.method === 'POST') {
      const refusal = this.secureRefusal(req, endpoint, now);
      if (refusal !== undefined) {
        this.send(res, refusal);
        return;
      }
    }
    const sessionId = sessionIdOf(req.headers.cookie);
    if (route.guarded && sessions.loginRequired && !sessions.touch(sessionId)) {
      this.send(res, this.notLoggedIn(req));
      return;
    }
    const ctx: EndpointContext = {
      model: this.options.model,
      traits: this.traits,
      params,
      form,
      now,
      contextPath: this.prefix === '' ? '/' : this.prefix,
      sessions,
      sessionId,
      groupListCache: this.groupListCache,
      negativeDiff: due.negativeDiff,
    };
    let reply: Reply;
    try {
      reply = route.handle(ctx);
      // Counted once the handler has answered: refused, faulted-before-work and throwing requests cost nothing.
      this.ledger.add(endpoint, costOf(endpoint, params, this.options.model, this.traits));
    } catch (error) {
      // The console's GlobalExceptionAdvisor turns any exception into status -1.
      reply = fail(error instanceof Error ? error.message : String(error));
    }
    if (due.numbersAsStrings) reply = { ...reply, body: numbersToStrings(reply.body) };
    if (fault?.kind === 'malformedJson') reply = { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    if (fault?.kind === 'truncated') {
      this.sendTruncated(res, reply);
      return;
    }
    if (fault?.kind === 'oversized') {
      this.sendOversized(res, reply, fault.bytes ?? DEFAULT_OVERSIZE);
      return;
    }
    this.send(res, reply);
  }

  /** The secure build's Spring Security: the CSRF filter first (403), then login.do's JSON-only binding (415). */
  private secureRefusal(req: IncomingMessage, endpoint: string, now: number): Reply | undefined {
    const path = req.url?.split('?')[0] ?? '/';
    const header = req.headers['x-xsrf-token'];
    if (!this.options.sessions.csrfAccepted(typeof header === 'string' ? header : undefined, req.headers.cookie)) {
      return { httpStatus: 403, body: springError(now, 403, 'Forbidden', path) };
    }
    if (endpoint === 'login/login.do' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return { httpStatus: 415, body: springError(now, 415, 'Unsupported Media Type', path) };
    }
    return undefined;
  }

  private notLoggedIn(req: IncomingMessage): Reply {
    if (this.options.notLoggedIn === 'status') return fail(consoleErrors.notLoggedIn);
    const location = `${this.prefix}/#/login?redirect=${encodeURIComponent(req.url ?? '/')}`;
    return { httpStatus: 302, body: '', headers: { location } };
  }

  private headers(reply: Reply, length: number): Record<string, string | number> {
    return { 'content-type': JSON_TYPE, 'www-authenticate': AUTH_HEADER, 'content-length': length, ...reply.headers };
  }

  private send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.httpStatus ?? 200, this.headers(reply, Buffer.byteLength(reply.body)));
    res.end(reply.body);
  }

  /** Promises the whole body, sends half, then drops the connection. */
  private sendTruncated(res: ServerResponse, reply: Reply): void {
    const body = Buffer.from(reply.body);
    res.writeHead(reply.httpStatus ?? 200, this.headers(reply, body.length));
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  }

  /** Valid JSON (the body, then whitespace) of `bytes` bytes, streamed. */
  private sendOversized(res: ServerResponse, reply: Reply, bytes: number): void {
    const body = Buffer.from(reply.body);
    let left = Math.max(0, bytes - body.length);
    res.writeHead(reply.httpStatus ?? 200, this.headers(reply, body.length + left));
    res.write(body);
    const chunk = Buffer.alloc(1 << 20, 0x20);
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  }
}
