// The HTTP side: /metrics, /healthz, /readyz and a landing page, on node:http; graceful close.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Refresher } from './lag/refresher.js';
import { landingPage } from './landing.js';
import type { Logger } from './log.js';
import type { Exposition, PreparedSnapshot } from './metrics/exposition.js';
import { VERSION } from './version.js';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly metricsPath: string;
  /** Scrape budget when Prometheus sends no X-Prometheus-Scrape-Timeout-Seconds. */
  readonly scrapeTimeoutMs: number;
  readonly refresher: Refresher<PreparedSnapshot>;
  readonly exposition: Exposition;
  readonly logger: Logger;
  /** What the landing page says of the console: ROCKETMQ_CONSOLE_URL (never with credentials) and MAX_SNAPSHOT_AGE. */
  readonly landing: { readonly consoleUrl: string; readonly maxSnapshotAgeMs: number };
  /** The clock walks are timed with (ms). */
  readonly now: () => number;
}

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

  constructor(private readonly options: ServerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      });
    });
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
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = this.route(path);
    if (route === undefined) return plain(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'method not allowed\n');
    }
    const head = req.method === 'HEAD';
    switch (route) {
      case 'metrics':
        return this.metrics(req, res, head);
      case 'healthz':
        return plain(res, 200, 'ok\n', head);
      case 'readyz':
        return this.options.refresher.lastWalk === undefined
          ? plain(res, 503, 'not ready: the first walk over the console has not finished\n', head)
          : plain(res, 200, 'ready\n', head);
      case 'landing': {
        const page = Buffer.from(this.landing());
        res.writeHead(200, { ...LANDING_HEADERS, 'Content-Length': page.length });
        res.end(head ? undefined : page);
        return;
      }
    }
  }

  private route(path: string): 'metrics' | 'healthz' | 'readyz' | 'landing' | undefined {
    if (path === this.options.metricsPath) return 'metrics';
    if (path === '/healthz') return 'healthz';
    if (path === '/readyz') return 'readyz';
    if (path === '/') return 'landing';
    return undefined;
  }

  private async metrics(req: IncomingMessage, res: ServerResponse, head: boolean): Promise<void> {
    const budget = scrapeBudgetMs(req.headers['x-prometheus-scrape-timeout-seconds'], this.options.scrapeTimeoutMs);
    const snapshot = await this.options.refresher.forScrape(budget);
    const rendered = await this.options.exposition.render(
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
    const { refresher, metricsPath, landing, now } = this.options;
    return landingPage({
      version: VERSION, consoleUrl: landing.consoleUrl, metricsPath, maxSnapshotAgeMs: landing.maxSnapshotAgeMs, now: now(),
      walking: refresher.walking, walk: refresher.lastWalk, snapshot: refresher.snapshot,
    });
  }
}

export function scrapeBudgetMs(header: string | string[] | undefined, fallbackMs: number): number {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds = value === undefined ? NaN : Number.parseFloat(value);
  const total = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : fallbackMs;
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

function plain(res: ServerResponse, status: number, body: string, head = false): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(head ? undefined : body);
}
