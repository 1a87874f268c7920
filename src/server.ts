// The HTTP side: /metrics (or, with CONSOLES, /probe?target=NAME), /healthz, /readyz and a landing page, on node:http, or node:https with WEB_CONFIG_FILE's TLS
// files (re-read when they change) and basic authentication; graceful close.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { BasicAuth, BASIC_AUTH_CHALLENGE } from './basic-auth.js';
import type { Refresher } from './lag/refresher.js';
import { landingPage } from './landing.js';
import type { Logger } from './log.js';
import type { Exposition, PreparedSnapshot } from './metrics/exposition.js';
import { VERSION } from './version.js';
import type { WebConfig } from './web-config.js';

/** One console as the server answers for it: its walks and what a scrape of it renders. */
export interface ServedTarget {
  /** Its name in CONSOLES; undefined for the single console. */
  readonly name: string | undefined;
  /** ROCKETMQ_CONSOLE_URL or ROCKETMQ_CONSOLE_URL_<NAME> (never with credentials), for the landing page. */
  readonly consoleUrl: string;
  readonly refresher: Refresher<PreparedSnapshot>;
  readonly exposition: Exposition;
}

/**
 * The single console, which /metrics answers for; or the consoles of CONSOLES, each at /probe?target=NAME, with the
 * process's own families at /metrics.
 */
export type Serving =
  | { readonly mode: 'single'; readonly target: ServedTarget }
  | { readonly mode: 'targets'; readonly targets: ReadonlyMap<string, ServedTarget>; readonly process: Exposition };

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly metricsPath: string;
  /** Scrape budget when Prometheus sends no X-Prometheus-Scrape-Timeout-Seconds. */
  readonly scrapeTimeoutMs: number;
  readonly serving: Serving;
  readonly logger: Logger;
  /** What the landing page says of the data: MAX_SNAPSHOT_AGE. */
  readonly landing: { readonly maxSnapshotAgeMs: number };
  /** The clock walks are timed with (ms). */
  readonly now: () => number;
  /** WEB_CONFIG_FILE's TLS, users and headers; undefined: plain HTTP, no authentication. */
  readonly web?: WebConfig;
}

/** The path of the multi-target pattern, as blackbox_exporter and snmp_exporter have it. */
export const PROBE_PATH = '/probe';

// At most this much of an unknown target's name is echoed.
const ECHOED_NAME_CHARS = 64;

// The landing page changes with every walk: never cached. It has an inline style sheet and nothing else: no script, and
// nothing loaded from anywhere.
const LANDING_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
} as const;

// Time kept back from Prometheus' scrape timeout for rendering and sending.
const SEND_MARGIN_MS = 500;

export class ExporterServer {
  private readonly server: Server;
  private readonly auth: BasicAuth | undefined;

  constructor(private readonly options: ServerOptions) {
    const { web, logger } = options;
    const listener: RequestListener = (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      });
    };
    this.server = web?.https?.server(listener, logger) ?? createServer(listener);
    this.auth = web !== undefined && web.users.size > 0 ? new BasicAuth(web.users) : undefined;
    this.server.keepAliveTimeout = 65_000;
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      const host = this.options.host === '' ? undefined : this.options.host;
      this.server.listen(this.options.port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then drops what is left. */
  close(graceMs: number): Promise<void> {
    return new Promise((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), graceMs);
      force.unref();
      this.server.close(() => {
        clearTimeout(force);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(this.options.web?.headers ?? {})) res.setHeader(name, value);
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = this.route(path);
    // The probes expose nothing and a kubelet cannot send a password: only they are open (README, "Protecting /metrics").
    if (this.auth !== undefined && route !== 'healthz' && route !== 'readyz') {
      const verdict = await this.auth.check(req.headers.authorization);
      if (verdict === 'busy') {
        res.setHeader('Retry-After', '1');
        return plain(res, 503, 'too many authentications at once; try again\n', req.method === 'HEAD');
      }
      if (verdict === 'denied') {
        res.setHeader('WWW-Authenticate', BASIC_AUTH_CHALLENGE);
        return plain(res, 401, 'unauthorized\n', req.method === 'HEAD');
      }
    }
    if (route === undefined) return plain(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'method not allowed\n');
    }
    const head = req.method === 'HEAD';
    const { serving } = this.options;
    switch (route) {
      case 'metrics':
        return serving.mode === 'single'
          ? this.scrape(req, res, head, serving.target.exposition, serving.target.refresher)
          : this.scrape(req, res, head, serving.process, undefined);
      case 'probe':
        return this.probe(req, res, head);
      case 'healthz':
        return plain(res, 200, 'ok\n', head);
      case 'readyz': {
        const waiting = this.targets().filter((t) => t.refresher.lastWalk === undefined);
        if (waiting.length === 0) return plain(res, 200, 'ready\n', head);
        return serving.mode === 'single'
          ? plain(res, 503, 'not ready: the first walk over the console has not finished\n', head)
          // No names: this answer needs no password.
          : plain(res, 503, `not ready: the first walk has not finished for ${waiting.length} of the consoles\n`, head);
      }
      case 'landing': {
        const page = Buffer.from(this.landing());
        res.writeHead(200, { ...LANDING_HEADERS, 'Content-Length': page.length });
        res.end(head ? undefined : page);
        return;
      }
    }
  }

  private route(path: string): 'metrics' | 'probe' | 'healthz' | 'readyz' | 'landing' | undefined {
    if (path === this.options.metricsPath) return 'metrics';
    if (path === PROBE_PATH && this.options.serving.mode === 'targets') return 'probe';
    if (path === '/healthz') return 'healthz';
    if (path === '/readyz') return 'readyz';
    if (path === '/') return 'landing';
    return undefined;
  }

  /** The consoles whose walks this server answers for. */
  private targets(): readonly ServedTarget[] {
    const { serving } = this.options;
    return serving.mode === 'single' ? [serving.target] : [...serving.targets.values()];
  }

  /**
   * /probe?target=NAME: that console's lag and health, as /metrics has them for a single console. Only the consoles
   * of CONSOLES are ever walked: the parameter picks one by name and is never taken for an address.
   */
  private probe(req: IncomingMessage, res: ServerResponse, head: boolean): Promise<void> | void {
    const { serving } = this.options;
    if (serving.mode !== 'targets') return plain(res, 404, 'not found\n', head);
    const configured = [...serving.targets.keys()].join(', ');
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const names = new URLSearchParams(query < 0 ? '' : url.slice(query + 1)).getAll('target');
    const [name] = names;
    if (name === undefined || name === '' || names.length > 1) {
      return plain(res, 400, `${names.length > 1 ? 'more than one' : 'missing'} target parameter: ask ${PROBE_PATH}?target=NAME, with NAME one of ${configured}\n`, head);
    }
    const target = serving.targets.get(name);
    if (target === undefined) return plain(res, 404, `unknown target ${echoed(name)}: the configured targets are ${configured}\n`, head);
    return this.scrape(req, res, head, target.exposition, target.refresher);
  }

  /** A scrape: the newest snapshot (after the walk a scrape starts, within its budget) and the health of this moment. */
  private async scrape(req: IncomingMessage, res: ServerResponse, head: boolean, exposition: Exposition, refresher: Refresher<PreparedSnapshot> | undefined): Promise<void> {
    const budget = scrapeBudgetMs(req.headers['x-prometheus-scrape-timeout-seconds'], this.options.scrapeTimeoutMs);
    const snapshot = await refresher?.forScrape(budget);
    const rendered = await exposition.render(
      snapshot, accepts(req.headers.accept, 'application/openmetrics-text'), accepts(req.headers['accept-encoding'], 'gzip'));
    res.writeHead(200, {
      'Content-Type': rendered.contentType,
      'Content-Length': rendered.length,
      Vary: 'Accept-Encoding',
      ...(rendered.contentEncoding === undefined ? {} : { 'Content-Encoding': rendered.contentEncoding }),
    });
    if (head) {
      res.end();
      return;
    }
    try {
      await pipeline(bodyOf(rendered.parts), res);
    } catch (error) {
      // A scraper that hangs up mid-answer is not an exporter failure.
      if (!res.destroyed) throw error;
    }
  }

  private landing(): string {
    const { serving, metricsPath, landing, now } = this.options;
    if (serving.mode === 'targets') {
      return landingPage({
        version: VERSION, metricsPath, probePath: PROBE_PATH, now: now(),
        targets: [...serving.targets.values()].map(({ name, consoleUrl, refresher }) => ({
          name: name ?? '', consoleUrl, walking: refresher.walking, walk: refresher.lastWalk, snapshot: refresher.snapshot,
        })),
      });
    }
    const { consoleUrl, refresher } = serving.target;
    return landingPage({
      version: VERSION, consoleUrl, metricsPath, maxSnapshotAgeMs: landing.maxSnapshotAgeMs, now: now(),
      walking: refresher.walking, walk: refresher.lastWalk, snapshot: refresher.snapshot,
    });
  }
}

export function scrapeBudgetMs(header: string | string[] | undefined, fallbackMs: number): number {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds = value === undefined ? NaN : Number.parseFloat(value);
  // At most what a timer holds (about 24.8 days): a larger one would fire at once.
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 2 ** 31 - 1) : fallbackMs;
  return Math.max(0, total - Math.min(SEND_MARGIN_MS, total / 10));
}

/**
 * Whether an Accept or Accept-Encoding header takes `token` (case-insensitive): listed without `q=0`. Prometheus asks
 * for OpenMetrics in Accept when it wants it, and always for gzip in Accept-Encoding.
 */
export function accepts(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  for (const part of header.split(',')) {
    const [value, ...params] = part.trim().split(';');
    if (value?.trim().toLowerCase() !== token) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number.parseFloat(q.slice(2)) > 0;
  }
  return false;
}

async function* bodyOf(parts: readonly (Buffer | AsyncIterable<Buffer>)[]): AsyncGenerator<Buffer, void, undefined> {
  for (const part of parts) {
    if (!Buffer.isBuffer(part)) yield* part;
    else if (part.length > 0) yield part;
  }
}

/** A name from a request, safe to echo: quoted, at most ECHOED_NAME_CHARS, anything but printable ASCII escaped. */
function echoed(name: string): string {
  const cut = name.length > ECHOED_NAME_CHARS ? `${name.slice(0, ECHOED_NAME_CHARS)}…` : name;
  return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function plain(res: ServerResponse, status: number, body: string, head = false): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(head ? undefined : body);
}
