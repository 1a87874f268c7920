import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import type { WalkResult } from '../../src/lag/types.js';
import { Exposition, OPENMETRICS_TEXT, prepareSnapshot, PROMETHEUS_TEXT, toOpenMetrics, type PreparedSnapshot, type Rendered } from '../../src/metrics/exposition.js';
import { renderLagFamilies } from '../../src/metrics/lag-families.js';
import { LAG_FAMILY_NAMES } from '../../src/metrics/families.js';
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
