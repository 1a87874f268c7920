import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicFilters, type Fault, type TruthRow } from '../sim/index.js';
import { family } from '../support/exposition.js';
import { detail, expectedDetail, sampleValue, startStack, type Stack } from '../support/stack.js';

const PER_TOPIC = 'topic/queryConsumerByTopic.query';

/** A normal topic with clustering lag rows, to break. */
function victimTopic(stack: Stack): string {
  const row = stack.sim.truth().find((r) => r.topicKind === 'normal' && r.committed && r.messageModel === 'CLUSTERING' && !r.statsFailed);
  assert.ok(row);
  return row.topic;
}

const faultKinds: ReadonlyArray<readonly [string, Fault, string]> = [
  ['a console status -1', { kind: 'error' }, 'console_error'],
  ['an HTTP 500', { kind: 'http500' }, 'http_status'],
  ['a hang', { kind: 'hang' }, 'timeout'],
  ['a connection reset', { kind: 'reset' }, 'unreachable'],
  ['malformed JSON', { kind: 'malformedJson' }, 'malformed'],
  ['a truncated body', { kind: 'truncated' }, 'malformed'],
  ['an oversized body', { kind: 'oversized', bytes: 2 * 1024 * 1024 }, 'too_large'],
];

for (const [what, fault, kind] of faultKinds) {
  test(`${what} for one topic costs only that topic, counted as ${kind} and logged`, async () => {
    const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { CONSOLE_TIMEOUT: '500ms', CONSOLE_MAX_RESPONSE_BYTES: '1MiB' } });
    try {
      const topic = victimTopic(stack);
      stack.sim.faults.set(PER_TOPIC, fault, { match: (p) => p.topic === topic });
      const samples = await stack.scrape();
      const others = (r: TruthRow) => topicFilters.normalAndRetry(r) && r.topic !== topic;
      assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth(), others));
      assert.equal(sampleValue(samples, 'rocketmq_exporter_walk_failures', { scope: 'topic', kind }), 1);
      assert.equal(sampleValue(samples, 'rocketmq_exporter_console_reachable'), 1);
      assert.equal(sampleValue(samples, 'rocketmq_exporter_console_requests_total', { endpoint: '/' + PER_TOPIC, outcome: kind }), 1);
      const warn = stack.logs.find((l) => l.level === 'warn' && l.msg.startsWith('walk partial'));
      assert.ok(warn, 'one warning for the partial walk');
      assert.ok(warn.msg.includes(topic));
    } finally {
      await stack.stop();
    }
  });
}

test('numbers sent as strings are read as numbers', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 } });
  try {
    stack.sim.faults.set(PER_TOPIC, 'numbersAsStrings');
    stack.sim.faults.set('consumer/groupList.query', 'numbersAsStrings');
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.equal(samples.some((s) => s.name === 'rocketmq_exporter_walk_failures'), false);
  } finally {
    await stack.stop();
  }
});

test('negative diffs are exported as 0 lag and counted as anomalies', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 } });
  try {
    stack.sim.faults.set(PER_TOPIC, { kind: 'negativeDiff', every: 1, by: 5 });
    const samples = await stack.scrape();
    const d = detail(samples);
    assert.ok(Object.keys(d).length > 0);
    assert.ok(Object.values(d).every((v) => v === 0));
    assert.equal(sampleValue(samples, 'rocketmq_exporter_lag_anomalies'), Object.keys(d).length);
    assert.ok(Object.values(family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup'])).every((v) => v === 0));
  } finally {
    await stack.stop();
  }
});

test('latency on every call slows the walk but changes nothing', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 } });
  try {
    stack.sim.faults.set('*', { kind: 'randomLatency', minMs: 5, maxMs: 30 });
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.ok((sampleValue(samples, 'rocketmq_exporter_walk_duration_seconds') ?? 0) > 0);
  } finally {
    await stack.stop();
  }
});

test('groupList failing ("Cache is being built") leaves the lag exported and the failure counted', async () => {
  const stack = await startStack({ sim: { flavour: 'dashboard-2.1', scale: 'S', seed: 3, groupListBuildingAnswers: 1 } });
  try {
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.equal(sampleValue(samples, 'rocketmq_exporter_walk_failures', { scope: 'group_list', kind: 'console_error' }), 1);
  } finally {
    await stack.stop();
  }
});

test('a dead console: the scrape succeeds, reachable is 0, the last data stays until MAX_SNAPSHOT_AGE, one log line', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { MIN_REFRESH_INTERVAL: '0', MAX_SNAPSHOT_AGE: '1m' } });
  try {
    const first = await stack.scrape();
    const want = detail(first);
    stack.sim.faults.set('*', 'reset');
    for (let i = 0; i < 3; i++) {
      const samples = await stack.scrape();
      assert.equal(sampleValue(samples, 'rocketmq_exporter_console_reachable'), 0);
      assert.deepEqual(detail(samples), want, 'the last complete snapshot is served');
    }
    const errors = stack.logs.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, 'a dead console logs once per change of state');
    assert.match(errors[0]?.msg ?? '', /walk failed.*ROCKETMQ_CONSOLE_URL/);

    stack.sim.clock.advance(61_000);
    const stale = await stack.scrape();
    assert.equal(stale.some((s) => s.name === 'rocketmq_msg_diff_detail'), false, 'lag families dropped past MAX_SNAPSHOT_AGE');
    assert.equal(sampleValue(stale, 'rocketmq_exporter_snapshot_age_seconds'), 61);

    stack.sim.faults.clear();
    const back = await stack.scrape();
    assert.equal(sampleValue(back, 'rocketmq_exporter_console_reachable'), 1);
    assert.deepEqual(detail(back), expectedDetail(stack.sim.truth()));
    assert.ok(stack.logs.some((l) => l.level === 'info' && l.msg === 'walk complete again'));
  } finally {
    await stack.stop();
  }
});
