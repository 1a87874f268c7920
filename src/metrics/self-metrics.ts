// The exporter's own health families: console reachability, walks, snapshot age, console requests.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WalkOutcome } from '../lag/refresher.js';
import type { SnapshotSummary } from '../lag/types.js';
import { registerConstGauge } from './const-gauge.js';

export interface RequestEvent {
  readonly endpoint: string;
  readonly outcome: string;
  readonly durationSeconds: number;
}

/** What the health families read: the served snapshot and the last walk (a Refresher). */
export interface WalkState {
  readonly snapshot: SnapshotSummary | undefined;
  readonly lastWalk: WalkOutcome | undefined;
}

export interface SelfMetricsOptions {
  readonly prefix: string;
  readonly version: string;
  readonly refresher: WalkState;
  readonly now: () => number;
  /** Node.js version for build_info; the running one unless given. */
  readonly nodejs?: string;
}

/** Names of the health families (after the prefix), for the README and the lint test. */
export const HEALTH_FAMILIES = [
  'exporter_console_reachable', 'exporter_walk_duration_seconds', 'exporter_snapshot_age_seconds',
  'exporter_snapshot_timestamp_seconds', 'exporter_walk_failures', 'exporter_lag_anomalies', 'exporter_series_dropped',
  'exporter_walks_total', 'exporter_console_requests_total', 'exporter_console_request_duration_seconds', 'exporter_build_info',
] as const;

export class SelfMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'endpoint' | 'outcome'>;
  private readonly latency: Histogram<'endpoint'>;
  private readonly walks: Counter<'result'>;

  constructor(options: SelfMetricsOptions) {
    const { prefix: p, refresher, now, version } = options;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.requests = new Counter({
      name: `${p}_exporter_console_requests_total`, registers, labelNames: ['endpoint', 'outcome'],
      help: 'Requests made to the console, by endpoint path and outcome (success or the error kind) (requests).',
    });
    this.latency = new Histogram({
      name: `${p}_exporter_console_request_duration_seconds`, registers, labelNames: ['endpoint'],
      help: 'Time from sending a console request to having its whole body, by endpoint path (seconds).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.walks = new Counter({
      name: `${p}_exporter_walks_total`, registers, labelNames: ['result'],
      help: 'Walks over the console by result: complete, partial (some topics or groups failed), failed (nothing listed) (walks).',
    });

    registerConstGauge(this.registry, `${p}_exporter_console_reachable`,
      'Whether the last walk could list topics (or groups) from the console: 1 yes, 0 no.',
      () => {
        const walk = refresher.lastWalk;
        return walk === undefined ? [] : [{ value: walk.ok ? 1 : 0 }];
      });
    registerConstGauge(this.registry, `${p}_exporter_walk_duration_seconds`,
      'Wall time of the last finished walk over the console (seconds).',
      () => {
        const walk = refresher.lastWalk;
        return walk === undefined ? [] : [{ value: walk.durationSeconds }];
      });
    registerConstGauge(this.registry, `${p}_exporter_snapshot_age_seconds`,
      'Age of the lag data served, from the start of the walk that gathered it (seconds).',
      () => {
        const s = refresher.snapshot;
        return s === undefined ? [] : [{ value: Math.max(0, (now() - s.startedAt) / 1000) }];
      });
    registerConstGauge(this.registry, `${p}_exporter_snapshot_timestamp_seconds`,
      'Unix time at which the walk that gathered the lag data served started (seconds).',
      () => {
        const s = refresher.snapshot;
        return s === undefined ? [] : [{ value: s.startedAt / 1000 }];
      });
    registerConstGauge(this.registry, `${p}_exporter_walk_failures`,
      'Console calls that failed in the walk behind the served data, by scope (topic, group, topic_list, group_list) and error kind (calls).',
      () => {
        const counts = new Map<string, { scope: string; kind: string; n: number }>();
        for (const f of refresher.snapshot?.failures ?? []) {
          const key = f.scope + '\u0000' + f.kind;
          const c = counts.get(key);
          if (c === undefined) counts.set(key, { scope: f.scope, kind: f.kind, n: 1 });
          else c.n++;
        }
        return [...counts.values()].map((c) => ({ labels: { scope: c.scope, kind: c.kind }, value: c.n }));
      });
    registerConstGauge(this.registry, `${p}_exporter_lag_anomalies`,
      'Queues whose consumer offset was ahead of the broker offset in the served data; exported as 0 lag (queues).',
      () => {
        const s = refresher.snapshot;
        return s === undefined ? [] : [{ value: s.anomalies }];
      });
    registerConstGauge(this.registry, `${p}_exporter_series_dropped`,
      'Per-queue rows left out of the served data by MAX_SERIES; roll-ups still count them (rows).',
      () => {
        const s = refresher.snapshot;
        return s === undefined ? [] : [{ value: s.rowsDropped }];
      });
    registerConstGauge(this.registry, `${p}_exporter_build_info`,
      'Exporter version and Node.js runtime; always 1.',
      () => [{ labels: { version, nodejs: options.nodejs ?? process.version }, value: 1 }]);
  }

  observeRequest(event: RequestEvent): void {
    this.requests.inc({ endpoint: event.endpoint, outcome: event.outcome });
    this.latency.observe({ endpoint: event.endpoint }, event.durationSeconds);
  }

  observeWalk(result: 'complete' | 'partial' | 'failed'): void {
    this.walks.inc({ result });
  }
}
