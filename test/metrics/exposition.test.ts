import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import type { GroupConsumeInfo } from '../../src/console/types.js';
import type { Observation, WalkResult } from '../../src/lag/types.js';
import { Exposition, OPENMETRICS_TEXT, prepareSnapshot, PROMETHEUS_TEXT, toOpenMetrics, type PreparedSnapshot, type Rendered } from '../../src/metrics/exposition.js';
import { renderLagFamilies } from '../../src/metrics/lag-families.js';
import { COMPAT_FAMILIES, HEALTH_FAMILIES, LAG_FAMILIES, LAG_FAMILY_NAMES, RUNTIME_FAMILIES } from '../../src/metrics/families.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { NO_COST } from '../../src/lag/cost.js';
import { NOTHING_CARRIED } from '../../src/lag/types.js';
import { queueBlock } from '../../src/lag/queues.js';

const ALL: ReadonlySet<string> = new Set(LAG_FAMILY_NAMES);
const STARTED_AT = 1_000_000;
const walk: WalkResult = {
  startedAt: STARTED_AT, finishedAt: STARTED_AT + 500, failures: [], flavour: 'dashboard-2.1', topicsWalked: 1, groups: undefined, carried: NOTHING_CARRIED, cost: NO_COST, groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), futureStoreTimes: 0, nameServer: undefined, clusters: undefined, storeTimes: undefined,
  observations: [{
    topic: 'orders', group: 'billing', observedAt: STARTED_AT + 400, queues: queueBlock([
        { brokerName: 'broker-a', queueId: 0, brokerOffset: 105, consumerOffset: 100, clientInfo: '10.1.1.1@42', lastTimestamp: STARTED_AT },
      ]),
  }],
};
const snapshot = buildSnapshot(walk, undefined, 100);
const LAG_TEXT = Buffer.concat(renderLagFamilies(snapshot, 'rocketmq', ALL)).toString();
const HEALTH = '# HELP rocketmq_exporter_walks_total Walks (walks).\n# TYPE rocketmq_exporter_walks_total counter\nrocketmq_exporter_walks_total{result="complete"} 1\n\n'
  + '# HELP rocketmq_exporter_console_reachable Reachable.\n# TYPE rocketmq_exporter_console_reachable gauge\nrocketmq_exporter_console_reachable 1\n';

async function body(rendered: Rendered): Promise<string> {
  const chunks: Buffer[] = [];
  for (const part of rendered.parts) {
    if (Buffer.isBuffer(part)) chunks.push(part);
    else for await (const chunk of part) chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  assert.equal(bytes.length, rendered.length, 'length is the bytes sent');
  return (rendered.contentEncoding === 'gzip' ? gunzipSync(bytes) : bytes).toString();
}

function exposition(clock: { now: number }): Exposition {
  return new Exposition(() => HEALTH, { maxSnapshotAgeMs: 60_000, now: () => clock.now });
}

test('prepareSnapshot keeps the summary and the lag families deflated, not the rows', async () => {
  const prepared = prepareSnapshot(snapshot, { prefix: 'rocketmq', families: ALL });
  const { lagFamilies, ...summary } = prepared;
  assert.deepEqual(summary, {
    startedAt: STARTED_AT, finishedAt: STARTED_AT + 500, flavour: 'dashboard-2.1', rowsDropped: 0, groups: snapshot.groups,
    anomalies: { negative_diff: 0, unknown_offset: 0, impossible_number: 0, failed_stats: 0, duplicate: 0 }, futureStoreTimes: 0, nameServer: undefined, clusters: undefined, failures: [], topicsWalked: 1, carried: NOTHING_CARRIED, cost: NO_COST, rowCount: 1,
    topGroups: [{ group: 'billing', lag: 5, timeLagSeconds: undefined, status: 'unknown' }],
  });
  assert.equal((await lagFamilies).length, Buffer.byteLength(LAG_TEXT));
});

test('the lag families come first, then the health families; gzip and plain answers carry the same text', async () => {
  const prepared = prepareSnapshot(snapshot, { prefix: 'rocketmq', families: ALL });
  const e = exposition({ now: STARTED_AT + 1000 });
  const plain = await e.render(prepared, false, false);
  const gzip = await e.render(prepared, false, true);
  assert.deepEqual([plain.contentType, plain.contentEncoding, gzip.contentType, gzip.contentEncoding], [PROMETHEUS_TEXT, undefined, PROMETHEUS_TEXT, 'gzip']);
  assert.equal(await body(plain), LAG_TEXT + HEALTH);
  assert.equal(await body(gzip), LAG_TEXT + HEALTH);
});

test('OpenMetrics: the same families, counters named without _total in HELP and TYPE, no blank line, # EOF last', async () => {
  const prepared = prepareSnapshot(snapshot, { prefix: 'rocketmq', families: ALL });
  const e = exposition({ now: STARTED_AT + 1000 });
  for (const gzip of [false, true]) {
    const rendered = await e.render(prepared, true, gzip);
    assert.equal(rendered.contentType, OPENMETRICS_TEXT);
    assert.equal(await body(rendered), LAG_TEXT + toOpenMetrics(HEALTH) + '# EOF\n');
  }
});

test('past MAX_SNAPSHOT_AGE, and before the first walk, only the health families are served', async () => {
  const prepared: PreparedSnapshot = prepareSnapshot(snapshot, { prefix: 'rocketmq', families: ALL });
  const clock = { now: STARTED_AT + 60_000 };
  const e = exposition(clock);
  assert.equal(await body(await e.render(prepared, false, true)), LAG_TEXT + HEALTH, 'at MAX_SNAPSHOT_AGE exactly: still served');
  clock.now++;
  assert.equal(await body(await e.render(prepared, false, true)), HEALTH);
  assert.equal(await body(await e.render(prepared, false, false)), HEALTH);
  assert.equal(await body(await e.render(undefined, true, false)), toOpenMetrics(HEALTH) + '# EOF\n');
});

test('toOpenMetrics: counter families lose _total in HELP and TYPE, samples keep it, no blank lines', () => {
  const text = '# HELP x_total Things.\n# TYPE x_total counter\nx_total{a="1"} 3\n\n# HELP g A gauge.\n# TYPE g gauge\ng 1\n';
  assert.equal(toOpenMetrics(text), '# HELP x Things.\n# TYPE x counter\nx_total{a="1"} 3\n# HELP g A gauge.\n# TYPE g gauge\ng 1\n');
});

/** One topic's answer for `group`: a queue per [brokerOffset, consumerOffset]; a never-committed group has offsets 0 and no store time. */
function answer(group: string, offsets: readonly (readonly [number, number])[], topic = 'orders'): Observation {
  return {
    topic, group, observedAt: STARTED_AT + 400, queues: queueBlock(offsets.map(([brokerOffset, consumerOffset], queueId) => ({
      brokerName: 'broker-a', queueId, brokerOffset, consumerOffset, clientInfo: null, lastTimestamp: consumerOffset === 0 ? 0 : STARTED_AT,
    }))),
  };
}

function groupInfo(group: string, messageModel: 'CLUSTERING' | 'BROADCASTING'): GroupConsumeInfo {
  return { group, version: null, count: 0, consumeType: 'CONSUME_PASSIVELY', messageModel, consumeTps: 0, diffTotal: 0, address: null, subGroupType: null };
}

test('topGroups: the most lagging groups by lag then name, those whose lag is unknown last and not as 0; no broadcast or never-committed group', () => {
  const observations = [
    answer('b-lagging', [[110, 100], [20, 10]]), answer('a-lagging', [[120, 100]]), answer('caught-up', [[50, 50]]),
    // Every row's consumer offset ahead of the broker's: its lag is unknown.
    answer('rewound', [[10, 40]]),
    // The console's stats of the group failed: an answer without a row.
    answer('stats-failed', []),
    answer('never-committed', [[30, 0]]),
    answer('bcast', [[30, 0]]),
  ];
  const groups = new Map([['bcast', groupInfo('bcast', 'BROADCASTING')]]);
  const prepared = prepareSnapshot(buildSnapshot({ ...walk, observations, groups }, undefined, 100), { prefix: 'rocketmq', families: ALL });
  assert.deepEqual(prepared.topGroups, [
    { group: 'a-lagging', lag: 20, timeLagSeconds: undefined, status: 'unknown' },
    { group: 'b-lagging', lag: 20, timeLagSeconds: undefined, status: 'unknown' },
    { group: 'caught-up', lag: 0, timeLagSeconds: 0, status: 'unknown' },
    { group: 'rewound', lag: undefined, timeLagSeconds: undefined, status: 'unknown' },
    { group: 'stats-failed', lag: undefined, timeLagSeconds: undefined, status: 'unknown' },
  ]);
});

test('topGroups: ten at most, the ten with the most lag', () => {
  const observations = Array.from({ length: 12 }, (_, i) => answer(`g${String(i).padStart(2, '0')}`, [[1000 + i, 1000]]));
  const prepared = prepareSnapshot(buildSnapshot({ ...walk, observations: [...observations, answer('unknown', [])] }, undefined, 100), { prefix: 'rocketmq', families: ALL });
  assert.deepEqual(prepared.topGroups.map((g) => [g.group, g.lag]), Array.from({ length: 10 }, (_, i) => [`g${String(11 - i).padStart(2, '0')}`, 11 - i]));
});

test('a person opening /metrics sees lag first: the lag families, then the exporter\'s own, then the runtime\'s, in every format', async () => {
  const kinds = new Map<string, string>();
  const add = (kind: string, names: readonly string[]) => {
    // OpenMetrics names a counter family without _total.
    for (const name of names) for (const form of [name, name.replace(/_total$/, '')]) kinds.set(form, kind);
  };
  add('lag', [...Object.values(LAG_FAMILIES).map((f) => `rocketmq_${f.name}`), ...Object.values(COMPAT_FAMILIES).map((f) => f.name)]);
  add('exporter', Object.values(HEALTH_FAMILIES).map((f) => `rocketmq_${f.name}`));
  add('runtime', Object.values(RUNTIME_FAMILIES).map((f) => f.name));
  const self = new SelfMetrics({ prefix: 'rocketmq', version: '0.0.0', now: () => STARTED_AT + 1000, refreshIntervalMs: () => 15_000 });
  const prepared = prepareSnapshot(snapshot, { prefix: 'rocketmq', families: ALL });
  const e = new Exposition(() => self.text(), { maxSnapshotAgeMs: 60_000, now: () => STARTED_AT + 1000 });
  for (const [openMetrics, gzip] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    const text = await body(await e.render(prepared, openMetrics, gzip));
    assert.match(text.split('\n', 1)[0] ?? '', /^# HELP rocketmq_msg_diff_/, 'the first line is the HELP of a lag family');
    const order = [...text.matchAll(/^# HELP (\S+) /gm)].map((m) => kinds.get(m[1] ?? '') ?? `unclassified ${m[1]}`);
    assert.deepEqual(order.filter((kind, i) => kind !== order[i - 1]), ['lag', 'exporter', 'runtime'], `openMetrics ${openMetrics}, gzip ${gzip}`);
  }
});
