// The exporter's own health families (HEALTH_FAMILIES), kept by observing the walks and the console requests, then the
// process's figures (RUNTIME_FAMILIES).
import type { WalkOutcome } from '../lag/refresher.js';
import { ANOMALY_REASONS, type SnapshotSummary } from '../lag/types.js';
import { HEALTH_FAMILIES, type Family } from './families.js';
import { EventLoopWatch, runtimeSamples } from './runtime.js';
import { Counter, Histogram } from './tallies.js';
import { TextWriter } from './text.js';

export interface RequestEvent {
  readonly endpoint: string;
  readonly outcome: string;
  readonly durationSeconds: number;
}

export type WalkResultLabel = 'complete' | 'partial' | 'failed';

export interface SelfMetricsOptions {
  readonly prefix: string;
  readonly version: string;
  readonly now: () => number;
  /** Node.js version for build_info; the running one unless given. */
  readonly nodejs?: string;
  /** The shortest time between walks after a walk that produced `served`. */
  readonly refreshIntervalMs: (served: SnapshotSummary | undefined) => number;
  /**
   * false: text() leaves out the process's runtime figures, for one console of CONSOLES, whose /probe has its own
   * health (build_info included, which dashboards find the exporter's jobs by); processText() has them for /metrics.
   * Default true.
   */
  readonly runtimeFamilies?: boolean;
}

/** Label values in the family's label order, and the value. */
type Sample = readonly [labels: readonly string[], value: number];

export class SelfMetrics {
  private readonly prefix: string;
  private readonly gauges: readonly (readonly [Family, () => readonly Sample[]])[];
  private readonly requests: Counter;
  private readonly latency: Histogram;
  private readonly walks: Counter;
  private readonly eventLoop = new EventLoopWatch();
  private lastWalk: WalkOutcome | undefined;
  private served: SnapshotSummary | undefined;
  private readonly runtimeFamilies: boolean;

  constructor(options: SelfMetricsOptions) {
    const { prefix, now, version } = options;
    this.prefix = prefix;
    this.runtimeFamilies = options.runtimeFamilies ?? true;
    const h = HEALTH_FAMILIES;

    this.requests = new Counter(h.consoleRequests);
    this.latency = new Histogram(h.consoleRequestDuration, [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
    this.walks = new Counter(h.walks);

    const ofWalk = (value: (walk: WalkOutcome) => number) => (): Sample[] => (this.lastWalk === undefined ? [] : [[[], value(this.lastWalk)]]);
    const ofServed = (value: (s: SnapshotSummary) => number) => (): Sample[] => (this.served === undefined ? [] : [[[], value(this.served)]]);
    const byLabel = (values: (s: SnapshotSummary) => Readonly<Record<string, number>>) => (): Sample[] =>
      (this.served === undefined ? [] : Object.entries(values(this.served)).map(([label, value]) => [[label], value]));
    this.gauges = [
      [h.consoleReachable, () => [[[], reachable(this.lastWalk) ? 1 : 0]]],
      [h.lastWalkFailed, () => (this.lastWalk?.ok === false ? [[[this.lastWalk.failure?.kind ?? 'internal'], 1]] : [])],
      [h.consoleInfo, () => consoleInfo(this.served)],
      [h.walkDuration, ofWalk((w) => w.durationSeconds)],
      [h.snapshotAge, ofServed((s) => Math.max(0, (now() - s.startedAt) / 1000))],
      [h.snapshotTimestamp, ofServed((s) => s.startedAt / 1000)],
      [h.walkFailures, () => failureCounts(this.served)],
      [h.carriedUnits, ofServed((s) => s.carried.units)],
      [h.carriedAge, ofServed((s) => (s.carried.oldestObservedAt === undefined ? 0 : Math.max(0, (now() - s.carried.oldestObservedAt) / 1000)))],
      // Every reason, in the order of ANOMALY_REASONS whatever the order of the summary's keys.
      [h.lagAnomalies, byLabel((s) => Object.fromEntries(ANOMALY_REASONS.map((reason) => [reason, s.anomalies[reason]])))],
      [h.futureStoreTimes, ofServed((s) => s.futureStoreTimes)],
      [h.seriesDropped, ofServed((s) => s.rowsDropped)],
      [h.walkCost, byLabel((s) => ({ namesrv: s.cost.namesrv, broker: s.cost.broker, relay: s.cost.relays }))],
      [h.refreshInterval, () => [[[], options.refreshIntervalMs(this.served) / 1000]]],
      [h.buildInfo, () => [[[version, options.nodejs ?? process.version], 1]]],
      [h.walkEventLoopDelay, () => (this.eventLoop.maxSeconds === undefined ? [] : [[[], this.eventLoop.maxSeconds]])],
    ];
  }

  /**
   * The health families of this moment: the gauges computed from what was last observed (a family without a known
   * value has no sample: unknown is not 0), the counters and the histogram, then the process's figures.
   */
  text(): string {
    const w = new TextWriter(this.prefix);
    for (const [f, samples] of this.gauges) {
      w.header(f);
      for (const [labels, value] of samples()) w.sample(f, labels, value);
    }
    this.requests.render(w);
    this.latency.render(w);
    this.walks.render(w);
    if (this.runtimeFamilies) writeRuntimeFamilies(w);
    return w.take();
  }

  /** A walk starts: the event loop is watched until walkSettled (exporter_walk_event_loop_delay_max_seconds). */
  walkStarted(): void {
    this.eventLoop.start();
  }

  /** The walk's render, and the collection after it, are done (or the walk failed). */
  walkSettled(): void {
    this.eventLoop.stop();
  }

  observeRequest(event: RequestEvent): void {
    this.requests.inc([event.endpoint, event.outcome]);
    this.latency.observe([event.endpoint], event.durationSeconds);
  }

  /** A walk ended; `served` is what scrapes are answered from now (the previous one when this walk failed). */
  observeWalk(outcome: WalkOutcome, served: SnapshotSummary | undefined): void {
    this.lastWalk = outcome;
    this.served = served;
    this.walks.inc([resultOf(outcome, served)]);
  }
}

/** The process's own families alone, build_info and the runtime figures: /metrics when CONSOLES is set. */
export function processText(options: Pick<SelfMetricsOptions, 'prefix' | 'version' | 'nodejs'>): string {
  const w = new TextWriter(options.prefix);
  const f = HEALTH_FAMILIES.buildInfo;
  w.header(f);
  w.sample(f, [options.version, options.nodejs ?? process.version], 1);
  writeRuntimeFamilies(w);
  return w.take();
}

function writeRuntimeFamilies(w: TextWriter): void {
  for (const [f, value] of runtimeSamples()) {
    w.header(f);
    w.sample(f, [], value);
  }
}

/** The console answered: a good walk, or a walk the console refused the login for. */
function reachable(walk: WalkOutcome | undefined): boolean {
  return walk !== undefined && (walk.ok || walk.failure?.kind === 'auth');
}

export function resultOf(outcome: WalkOutcome, served: SnapshotSummary | undefined): WalkResultLabel {
  if (!outcome.ok) return 'failed';
  return (served?.failures.length ?? 0) > 0 ? 'partial' : 'complete';
}

function failureCounts(served: SnapshotSummary | undefined): Sample[] {
  const counts = new Map<string, { scope: string; kind: string; n: number }>();
  for (const f of served?.failures ?? []) {
    const key = f.scope + '\u0000' + f.kind;
    const c = counts.get(key);
    if (c === undefined) counts.set(key, { scope: f.scope, kind: f.kind, n: 1 });
    else c.n++;
  }
  return [...counts.values()].map((c) => [[c.scope, c.kind], c.n]);
}

/** One series per cluster behind the console's name server; an empty label for what the console could not tell. */
function consoleInfo(served: SnapshotSummary | undefined): Sample[] {
  if (served === undefined || (served.nameServer === undefined && served.clusters === undefined)) return [];
  const nameServer = served.nameServer ?? '';
  const names = served.clusters?.clusters ?? [];
  const clusters = names.length === 0 ? [''] : [...names].sort();
  return clusters.map((cluster) => [[nameServer, cluster], 1]);
}
