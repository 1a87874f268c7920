// The pipeline, named in one place: walk → snapshot → prepared exposition → server. main.ts adds the process around it.
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { ConsoleClient } from './console/client.js';
import { LagFilter } from './lag/filter.js';
import { Refresher } from './lag/refresher.js';
import { snapshotSteps } from './lag/snapshot.js';
import { GroupHistory } from './lag/status.js';
import type { Snapshot, WalkResult } from './lag/types.js';
import { Walker } from './lag/walker.js';
import { budgetIntervalMs, NO_COST } from './lag/cost.js';
import type { Logger } from './log.js';
import { Exposition, prepareSnapshot, type PreparedSnapshot } from './metrics/exposition.js';
import { exportsTimeLag } from './metrics/families.js';
import { processText, SelfMetrics } from './metrics/self-metrics.js';
import { ExporterServer, type ServedTarget, type Serving } from './server.js';
import { runInSlices } from './slices.js';
import { VERSION } from './version.js';
import { walkLogger } from './walk-log.js';
import { loadWebConfig, type WebConfig } from './web-config.js';

export interface Exporter {
  readonly address: AddressInfo;
  /** The console's walks; with CONSOLES, the first console's (each one's is in `targets`). */
  readonly refresher: Refresher<PreparedSnapshot>;
  /** With CONSOLES: each console by name, in CONSOLES' order; empty otherwise. */
  readonly targets: ReadonlyMap<string, Target>;
  /** Finishes in-flight scrapes (up to `graceMs`), then closes the console pools. */
  stop(graceMs?: number): Promise<void>;
}

/** One console with everything that reads it: its client, walks, group history, health and exposition. */
export interface Target extends ServedTarget {
  /** Closes the console's connection pool, waiting up to `graceMs` for requests in flight. */
  close(graceMs: number): Promise<void>;
}

/** Where one console is and how to log in: ROCKETMQ_CONSOLE_URL and its neighbours, or one console of CONSOLES. */
export type ConsoleSettings = Pick<Config, 'consoleUrl' | 'consoleUsername' | 'consolePassword' | 'consoleCa'>;

export interface ExporterOptions {
  /** The clock of walks and snapshots (ms). */
  readonly now?: () => number;
  /** Called once a walk's lag families are rendered, when the walk's garbage is largest (main.ts: a full collection). */
  readonly afterRender?: () => void;
  /** WEB_CONFIG_FILE as main.ts read it at start; read here from config.webConfigFile when not given. */
  readonly webConfig?: WebConfig;
}

// Time lag within this needs no topic/stats.query (StoreTimes): Prometheus' usual scrape interval, below which a finer
// figure is not seen anyway.
const TIME_LAG_RESOLUTION_MS = 15_000;

/** The StoreTimes resolution for a configuration; undefined when no time-lag family is exported. */
export function timeLagResolutionMs(config: Pick<Config, 'metricFamilies'>): number | undefined {
  return exportsTimeLag(config.metricFamilies) ? TIME_LAG_RESOLUTION_MS : undefined;
}

export async function startExporter(config: Config, logger: Logger, options: ExporterOptions = {}): Promise<Exporter> {
  const { now = Date.now } = options;
  const web = options.webConfig ?? await loadWebConfig(config.webConfigFile);
  if (config.consoleTlsInsecureSkipVerify) {
    logger.warn('ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY=true: any certificate is accepted from the console, so anyone on the path can read the console password and forge the lag; set ROCKETMQ_CONSOLE_CA_FILE instead');
  }
  // One console (ROCKETMQ_CONSOLE_URL), or each of CONSOLES with its own walks, budget and health: a failing console
  // costs only itself.
  const targets = config.consoleTargets.length === 0
    ? [startTarget(config, config, undefined, logger, options)]
    : config.consoleTargets.map((target) => startTarget(config, target, target.name, logger.child({ target: target.name }), options));
  const [first] = targets;
  if (first === undefined) throw new Error('no console');
  const byName = new Map(config.consoleTargets.length === 0 ? [] : targets.map((t) => [t.name ?? '', t]));
  const serving: Serving = byName.size === 0
    ? { mode: 'single', target: first }
    : {
      mode: 'targets',
      targets: byName,
      process: new Exposition(() => processText({ prefix: config.metricsPrefix, version: VERSION }), { maxSnapshotAgeMs: config.maxSnapshotAgeMs, now }),
    };
  const server = new ExporterServer({
    host: config.listenHost, port: config.listenPort, metricsPath: config.metricsPath,
    scrapeTimeoutMs: config.scrapeTimeoutMs, serving, logger, now,
    landing: { maxSnapshotAgeMs: config.maxSnapshotAgeMs }, web,
  });

  const address = await server.listen();
  logger.info({
    address: address.address, port: address.port, metricsPath: config.metricsPath,
    ...(serving.mode === 'single' ? { console: redactUrl(config.consoleUrl) } : { consoles: Object.fromEntries(targets.map((t) => [t.name, redactUrl(t.consoleUrl)])) }),
    tls: web?.https !== undefined, basicAuth: (web?.users.size ?? 0) > 0,
  }, 'listening');
  for (const target of targets) void target.refresher.refresh();

  return {
    address,
    refresher: first.refresher,
    targets: byName,
    async stop(graceMs = 4000) {
      const started = Date.now();
      await server.close(graceMs);
      const left = Math.max(0, graceMs - (Date.now() - started));
      await Promise.all(targets.map((t) => t.close(left)));
    },
  };
}

/**
 * One console and what reads it: its ConsoleClient, Walker, GroupHistory, single-flight Refresher (paced by its own
 * walks' cost), SelfMetrics and Exposition. `name`: its name in CONSOLES, undefined for the single console, whose
 * health includes the process's runtime families.
 */
function startTarget(config: Config, settings: ConsoleSettings, name: string | undefined, logger: Logger, options: ExporterOptions): Target {
  const { now = Date.now, afterRender } = options;
  const budget = { rpcsPerMinute: config.consoleRpcBudget, relaysPerMinute: config.consoleRelayBudget };
  // After a walk, the next waits MIN_REFRESH_INTERVAL, or longer if the walk's cost needs it to stay within the budgets.
  const refreshIntervalMs = (last: { readonly cost: Snapshot['cost'] } | undefined): number =>
    Math.max(config.minRefreshIntervalMs, budgetIntervalMs(last?.cost ?? NO_COST, budget));
  const selfMetrics = new SelfMetrics({ prefix: config.metricsPrefix, version: VERSION, now, refreshIntervalMs, runtimeFamilies: name === undefined });
  const client = new ConsoleClient({
    baseUrl: settings.consoleUrl,
    username: settings.consoleUsername,
    password: settings.consolePassword,
    proxyAddress: config.proxyAddress,
    ca: settings.consoleCa,
    insecureSkipVerify: config.consoleTlsInsecureSkipVerify,
    timeoutMs: config.consoleTimeoutMs,
    concurrency: config.consoleConcurrency,
    maxResponseBytes: config.consoleMaxResponseBytes,
    maxRequestRate: config.consoleMaxRequestRate,
    onRequest: (event) => selfMetrics.observeRequest(event),
    onLogin: (event) => {
      // The error says why: refused credentials, or a console that failed, timed out or was out of reach.
      if (!event.ok) {
        const retryInSeconds = event.retryInMs / 1000;
        logger.warn({ kind: event.error.kind, retryInSeconds }, `console login failed: ${event.error.message}; next login attempt in ${retryInSeconds} s`);
      }
    },
  });
  const walker = new Walker({
    plan: config.walkMode, source: client, filter: new LagFilter(config), now,
    walkTimeoutMs: config.walkTimeoutMs, maxCarryAgeMs: config.maxSnapshotAgeMs, concurrency: config.consoleConcurrency,
    timeLagResolutionMs: timeLagResolutionMs(config),
  });
  const history = new GroupHistory(config.statusWindowMs);
  const rendering = { prefix: config.metricsPrefix, families: config.metricFamilies, compatOfficial: config.compatOfficial };
  const logWalk = walkLogger(logger);

  const walk = (): Promise<WalkResult> => walker.walk();
  const snapshot = (walked: WalkResult): Promise<Snapshot> => runInSlices(snapshotSteps(walked, history, config.maxSeries));
  const prepare = async (): Promise<PreparedSnapshot> => {
    selfMetrics.walkStarted();
    let prepared: PreparedSnapshot;
    try {
      prepared = prepareSnapshot(await snapshot(await walk()), rendering);
    } catch (error) {
      selfMetrics.walkSettled();
      throw error;
    }
    // Once the scrapes waiting for this render have been given it (an uncompressed answer may still be inflating).
    void prepared.lagFamilies.catch(() => undefined).then(() => setImmediate(() => {
      afterRender?.();
      selfMetrics.walkSettled();
    }));
    return prepared;
  };
  const refresher = new Refresher<PreparedSnapshot>(
    prepare,
    {
      refreshIntervalMs,
      now,
      onWalk: (outcome, prepared) => {
        selfMetrics.observeWalk(outcome, prepared);
        logWalk(outcome, prepared);
      },
    },
  );
  const exposition = new Exposition(() => selfMetrics.text(), { maxSnapshotAgeMs: config.maxSnapshotAgeMs, now });
  return { name, consoleUrl: settings.consoleUrl, refresher, exposition, close: (graceMs) => client.close(graceMs) };
}

// The URL holds no credentials (config refuses them); only the origin and path are logged.
function redactUrl(url: string): string {
  const u = new URL(url);
  return u.origin + u.pathname;
}
