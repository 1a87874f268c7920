import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WalkOutcome } from '../../src/lag/refresher.js';
import { NOTHING_CARRIED, type SnapshotSummary, type WalkFailure } from '../../src/lag/types.js';
import { HEALTH_FAMILIES, helpOf } from '../../src/metrics/families.js';
import { processText, SelfMetrics } from '../../src/metrics/self-metrics.js';

const T0 = 1_718_102_345_500;
// 15 s, or 40 s after a walk that cost anything: what the exporter derives from MIN_REFRESH_INTERVAL and the budgets.
const INTERVAL = (served: SnapshotSummary | undefined): number => (served === undefined ? 15_000 : 40_000);

function outcome(ok: boolean, failure?: WalkFailure): WalkOutcome {
  return { startedAt: T0, finishedAt: T0 + 800, durationSeconds: 0.8, ok, failure };
}

function summary(failures: WalkFailure[], extra: Partial<SnapshotSummary> = {}): SnapshotSummary {
  return { startedAt: T0, finishedAt: T0 + 800, flavour: 'dashboard-2.0', rowsDropped: 0, groups: [], anomalies: { negative_diff: 0, unknown_offset: 0, impossible_number: 0, failed_stats: 0, duplicate: 0 }, futureStoreTimes: 0, nameServer: '10.0.0.5:9876;10.0.0.6:9876', clusters: { clusters: ['DefaultCluster'], brokers: ['broker-a'], addresses: 2, clusterOf: new Map([['broker-a', 'DefaultCluster']]) }, failures, topicsWalked: 3,
    carried: NOTHING_CARRIED, cost: { namesrv: 5, broker: 9, relays: 4 }, ...extra };
}

const timeout = (name: string): WalkFailure => ({ scope: 'topic', name, kind: 'timeout', message: 'timed out' });

/** The exporter's own sample lines (not the Node.js runtime's), in the registry's order. */
async function ownSamples(self: SelfMetrics, prefix = 'rocketmq'): Promise<string[]> {
  const text = self.text();
  return text.split('\n').filter((l) => l.startsWith(`${prefix}_`) && !l.includes('_bucket{'));
}

test('before any walk: the console not (yet) reachable, the interval and build info; what no walk measured is left out, not 0', async () => {
  const self = new SelfMetrics({ prefix: 'rocketmq', version: '1.2.3', now: () => T0, nodejs: 'v24.0.0', refreshIntervalMs: INTERVAL });
  assert.deepEqual(await ownSamples(self), [
    'rocketmq_exporter_console_reachable 0',
    'rocketmq_exporter_refresh_interval_seconds 15',
    'rocketmq_exporter_build_info{version="1.2.3",nodejs="v24.0.0"} 1',
  ]);
});

test('a partial walk: reachable, its duration, the served data\'s age, failures, carried data, anomalies and cost, walks by result', async () => {
  let now = T0 + 4200;
  const self = new SelfMetrics({ prefix: 'mq', version: '1.2.3', now: () => now, nodejs: 'v24.0.0', refreshIntervalMs: INTERVAL });
  self.observeWalk(outcome(true), summary([timeout('a'), timeout('b'), { scope: 'group_list', name: '', kind: 'console_error', message: 'x' }], { anomalies: { duplicate: 1, failed_stats: 3, impossible_number: 0, unknown_offset: 4, negative_diff: 2 }, rowsDropped: 7, futureStoreTimes: 3, carried: { units: 2, oldestObservedAt: T0 - 60_000 } }));
  self.observeRequest({ endpoint: '/topic/list.query', outcome: 'success', durationSeconds: 0.012 });
  assert.deepEqual(await ownSamples(self, 'mq'), [
    'mq_exporter_console_reachable 1',
    'mq_exporter_console_info{name_server="10.0.0.5:9876;10.0.0.6:9876",cluster="DefaultCluster"} 1',
    'mq_exporter_walk_duration_seconds 0.8',
    'mq_exporter_snapshot_age_seconds 4.2',
    'mq_exporter_snapshot_timestamp_seconds 1718102345.5',
    'mq_exporter_walk_failures{scope="topic",kind="timeout"} 2',
    'mq_exporter_walk_failures{scope="group_list",kind="console_error"} 1',
    'mq_exporter_carried_units 2',
    'mq_exporter_carried_data_age_seconds 64.2',
    // In the order of ANOMALY_REASONS, not of the summary's keys.
    'mq_exporter_lag_anomalies{reason="negative_diff"} 2',
    'mq_exporter_lag_anomalies{reason="unknown_offset"} 4',
    'mq_exporter_lag_anomalies{reason="impossible_number"} 0',
    'mq_exporter_lag_anomalies{reason="failed_stats"} 3',
    'mq_exporter_lag_anomalies{reason="duplicate"} 1',
    'mq_exporter_future_store_times 3',
    'mq_exporter_series_dropped 7',
    'mq_exporter_walk_console_rpcs{kind="namesrv"} 5',
    'mq_exporter_walk_console_rpcs{kind="broker"} 9',
    'mq_exporter_walk_console_rpcs{kind="relay"} 4',
    'mq_exporter_refresh_interval_seconds 40',
    'mq_exporter_build_info{version="1.2.3",nodejs="v24.0.0"} 1',
    'mq_exporter_console_requests_total{endpoint="/topic/list.query",outcome="success"} 1',
    'mq_exporter_console_request_duration_seconds_sum{endpoint="/topic/list.query"} 0.012',
    'mq_exporter_console_request_duration_seconds_count{endpoint="/topic/list.query"} 1',
    'mq_exporter_walks_total{result="partial"} 1',
  ]);
  now += 1000;
  assert.equal((await ownSamples(self, 'mq')).find((l) => l.startsWith('mq_exporter_snapshot_age_seconds')), 'mq_exporter_snapshot_age_seconds 5.2');
});

test('a failed walk after a good one: unreachable and why, the good data still served with its age, each result counted', async () => {
  const self = new SelfMetrics({ prefix: 'rocketmq', version: '1.2.3', now: () => T0 + 30_000, nodejs: 'v24.0.0', refreshIntervalMs: INTERVAL });
  const served = summary([]);
  self.observeWalk(outcome(true), served);
  self.observeWalk(outcome(false, { scope: 'topic_list', name: '', kind: 'unreachable', message: 'refused' }), served);
  assert.deepEqual(await ownSamples(self), [
    'rocketmq_exporter_console_reachable 0',
    'rocketmq_exporter_last_walk_failed{kind="unreachable"} 1',
    'rocketmq_exporter_console_info{name_server="10.0.0.5:9876;10.0.0.6:9876",cluster="DefaultCluster"} 1',
    'rocketmq_exporter_walk_duration_seconds 0.8',
    'rocketmq_exporter_snapshot_age_seconds 30',
    'rocketmq_exporter_snapshot_timestamp_seconds 1718102345.5',
    'rocketmq_exporter_carried_units 0',
    'rocketmq_exporter_carried_data_age_seconds 0',
    'rocketmq_exporter_lag_anomalies{reason="negative_diff"} 0',
    'rocketmq_exporter_lag_anomalies{reason="unknown_offset"} 0',
    'rocketmq_exporter_lag_anomalies{reason="impossible_number"} 0',
    'rocketmq_exporter_lag_anomalies{reason="failed_stats"} 0',
    'rocketmq_exporter_lag_anomalies{reason="duplicate"} 0',
    'rocketmq_exporter_future_store_times 0',
    'rocketmq_exporter_series_dropped 0',
    'rocketmq_exporter_walk_console_rpcs{kind="namesrv"} 5',
    'rocketmq_exporter_walk_console_rpcs{kind="broker"} 9',
    'rocketmq_exporter_walk_console_rpcs{kind="relay"} 4',
    'rocketmq_exporter_refresh_interval_seconds 40',
    'rocketmq_exporter_build_info{version="1.2.3",nodejs="v24.0.0"} 1',
    'rocketmq_exporter_walks_total{result="complete"} 1',
    'rocketmq_exporter_walks_total{result="failed"} 1',
  ]);
});

test('a login the console refuses: the console is reachable, and the walk failed for auth', async () => {
  const self = new SelfMetrics({ prefix: 'rocketmq', version: '1.2.3', now: () => T0, nodejs: 'v24.0.0', refreshIntervalMs: INTERVAL });
  self.observeWalk(outcome(false, { scope: 'topic_list', name: '', kind: 'auth', message: 'refused' }), undefined);
  assert.deepEqual((await ownSamples(self)).slice(0, 3), [
    'rocketmq_exporter_console_reachable 1',
    'rocketmq_exporter_last_walk_failed{kind="auth"} 1',
    'rocketmq_exporter_walk_duration_seconds 0.8',
  ]);
});

test('every health family is registered with its catalogue name, type and HELP', async () => {
  const self = new SelfMetrics({ prefix: 'rocketmq', version: '1.2.3', now: () => T0, refreshIntervalMs: INTERVAL });
  const text = self.text();
  for (const f of Object.values(HEALTH_FAMILIES)) {
    assert.ok(text.includes(`# HELP rocketmq_${f.name} ${helpOf(f)}\n# TYPE rocketmq_${f.name} ${f.type}\n`), f.name);
  }
});

test('one console of CONSOLES: its health without the runtime figures, which processText has with build_info for /metrics', () => {
  const runtime = (text: string) => text.split('\n').filter((l) => /^(process|nodejs)_\w+ /.test(l)).length;
  const target = new SelfMetrics({ prefix: 'rocketmq', version: '1.2.3', now: () => T0, nodejs: 'v24.0.0', refreshIntervalMs: INTERVAL, runtimeFamilies: false });
  const text = target.text();
  assert.equal(runtime(text), 0);
  assert.ok(text.includes('rocketmq_exporter_console_reachable 0\n'));
  assert.ok(text.includes('rocketmq_exporter_build_info{version="1.2.3",nodejs="v24.0.0"} 1\n'));
  const own = processText({ prefix: 'rocketmq', version: '1.2.3', nodejs: 'v24.0.0' });
  assert.ok(own.startsWith(`# HELP rocketmq_exporter_build_info ${helpOf(HEALTH_FAMILIES.buildInfo)}\n`), own.slice(0, 200));
  assert.ok(own.includes('rocketmq_exporter_build_info{version="1.2.3",nodejs="v24.0.0"} 1\n'));
  assert.ok(runtime(own) > 0);
  assert.equal(own.includes('console_reachable'), false);
  assert.ok(runtime(new SelfMetrics({ prefix: 'rocketmq', version: '1.2.3', now: () => T0, refreshIntervalMs: INTERVAL }).text()) > 0);
});
