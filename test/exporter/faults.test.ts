import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicFilters, type Fault, type TruthRow } from '../sim/index.js';
import { family, type Sample } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, rekey, sampleValue, startStack, type Stack, expectedStatsTopics } from '../support/stack.js';

/** The per-unit call of each walk plan, and how a fault picks the unit out of its parameters. */
const PLANS = {
  group: { endpoint: 'consumer/queryTopicByConsumer.query', param: 'consumerGroup', scope: 'group' },
  topic: { endpoint: 'topic/queryConsumerByTopic.query', param: 'topic', scope: 'topic' },
} as const;
type Plan = keyof typeof PLANS;

/** A normal topic's row of a clustering group with lag rows: its topic or its group is the unit to break. */
function victim(stack: Stack): TruthRow {
  const row = stack.sim.truth().find((r) => r.topicKind === 'normal' && r.committed && r.messageModel === 'CLUSTERING' && !r.statsFailed);
  assert.ok(row);
  return row;
}

function unitOf(row: TruthRow, plan: Plan): string {
  return plan === 'group' ? row.group : row.topic;
}

function inUnit(row: TruthRow, plan: Plan, unit: string): boolean {
  return (plan === 'group' ? row.group : row.topic) === unit;
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

for (const plan of Object.keys(PLANS) as Plan[]) {
  const { endpoint, param, scope } = PLANS[plan];
  for (const [what, fault, kind] of faultKinds) {
    test(`${plan} walk: ${what} for one ${scope} on the first walk costs only that ${scope}, counted as ${kind} and named in the log`, async () => {
      const stack = await startStack({
        sim: { scale: 'S', seed: 3 }, env: { WALK_MODE: plan, CONSOLE_TIMEOUT: '500ms', CONSOLE_MAX_RESPONSE_BYTES: '1MiB' },
      });
      try {
        const unit = unitOf(victim(stack), plan);
        stack.sim.faults.set(endpoint, fault, { match: (p) => p[param] === unit });
        const samples = await stack.scrape();
        const others = (r: TruthRow) => topicFilters.normalAndRetry(r) && !inUnit(r, plan, unit);
        assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth(), others));
        assert.equal(sampleValue(samples, 'rocketmq_exporter_walk_failures', { scope, kind }), 1);
        assert.equal(sampleValue(samples, 'rocketmq_exporter_console_reachable'), 1);
        assert.equal(sampleValue(samples, 'rocketmq_exporter_carried_units'), 0, 'nothing to carry on a first walk');
        assert.equal(sampleValue(samples, 'rocketmq_exporter_console_requests_total', { endpoint: '/' + endpoint, outcome: kind }), 1);
        const warn = stack.logs.filter((l) => l.level === 'warn' && l.msg.startsWith('walk partial'));
        assert.equal(warn.length, 1);
        assert.ok(warn[0]?.msg.includes(`${scope} ${unit}`), warn[0]?.msg);
      } finally {
        await stack.stop();
      }
    });
  }

  test(`${plan} walk: a ${scope} whose call fails keeps its last data, with its age, until MAX_SNAPSHOT_AGE`, async () => {
    const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { ...EVERY_SCRAPE_WALKS, WALK_MODE: plan, MAX_SNAPSHOT_AGE: '1m' } });
    try {
      const unit = unitOf(victim(stack), plan);
      const full = await stack.scrape();
      assert.deepEqual(detail(full), expectedDetail(stack.sim.truth()));
      stack.sim.faults.set(endpoint, 'http500', { match: (p) => p[param] === unit });
      stack.sim.clock.advance(20_000);
      const truthThen = stack.sim.truth();
      const carried = await stack.scrape();
      // The frozen model moved on 20 s: the failing unit shows what it had, the others what they have now.
      const expected = { ...expectedDetail(truthThen, (r) => topicFilters.normalAndRetry(r) && !inUnit(r, plan, unit)), ...pick(detail(full), plan, unit) };
      assert.deepEqual(detail(carried), expected);
      assert.deepEqual([
        sampleValue(carried, 'rocketmq_exporter_carried_units'),
        sampleValue(carried, 'rocketmq_exporter_carried_data_age_seconds'),
        sampleValue(carried, 'rocketmq_exporter_walks_total', { result: 'partial' }),
      ], [1, 20, 1]);
      stack.sim.clock.advance(41_000);
      const expired = await stack.scrape();
      assert.deepEqual(detail(expired), expectedDetail(stack.sim.truth(), (r) => topicFilters.normalAndRetry(r) && !inUnit(r, plan, unit)));
      assert.equal(sampleValue(expired, 'rocketmq_exporter_carried_units'), 0);
    } finally {
      await stack.stop();
    }
  });

  test(`${plan} walk: with 15 % of ${scope} calls failing, after a good walk every topic×group and group roll-up stays, equal to the truth, over 12 walks`, async () => {
    const stack = await startStack({ sim: { scale: 'S', seed: 8 }, env: { ...EVERY_SCRAPE_WALKS, WALK_MODE: plan } });
    try {
      await stack.scrape();
      const random = seeded(15);
      stack.sim.faults.set(endpoint, 'error', { match: () => random() < 0.15 });
      const rollups = stack.sim.expectedRollups(stack.sim.truth(), topicFilters.normalAndRetry);
      const topicGroup = rekey(rollups.byTopicGroup);
      const group = rekey(rollups.byGroup);
      const seen = { topicGroup: new Set<string>(), group: new Set<string>() };
      let failed = 0;
      let carried = 0;
      for (let walk = 0; walk < 12; walk++) {
        const samples = await stack.scrape();
        const tg = family(samples, 'rocketmq_msg_diff_topic_consumergroup', ['topic', 'consumerGroup']);
        const g = family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']);
        for (const key of Object.keys(tg)) seen.topicGroup.add(key);
        for (const key of Object.keys(g)) seen.group.add(key);
        assert.deepEqual(Object.keys(tg).sort(), [...seen.topicGroup].sort(), `walk ${walk}: no topic×group series blinks out`);
        assert.deepEqual(Object.keys(g).sort(), [...seen.group].sort(), `walk ${walk}: no group series blinks out`);
        for (const key of seen.topicGroup) assert.equal(tg[key], topicGroup[key], `walk ${walk}: ${key}`);
        for (const key of seen.group) assert.equal(g[key], group[key], `walk ${walk}: ${key}`);
        failed += sampleValue(samples, 'rocketmq_exporter_walk_failures', { scope, kind: 'console_error' }) ?? 0;
        carried += sampleValue(samples, 'rocketmq_exporter_carried_units') ?? 0;
      }
      assert.deepEqual([seen.topicGroup.size, seen.group.size], [Object.keys(topicGroup).length, Object.keys(group).length], 'all appeared');
      assert.ok(failed >= 3 && carried >= 2, `failures happened (${failed}) and were carried (${carried})`);
    } finally {
      await stack.stop();
    }
  });
}

/** The detail series of one unit, from an earlier scrape. */
function pick(samples: Record<string, number>, plan: Plan, unit: string): Record<string, number> {
  const [topic, group] = [0, 1];
  return Object.fromEntries(Object.entries(samples).filter(([key]) => key.split('/')[plan === 'group' ? group : topic] === unit));
}

/** A small deterministic generator, so that which calls fail is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test('numbers sent as strings are read as numbers', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 } });
  try {
    stack.sim.faults.set(PLANS.group.endpoint, 'numbersAsStrings');
    stack.sim.faults.set('consumer/groupList.query', 'numbersAsStrings');
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.equal(samples.some((s) => s.name === 'rocketmq_exporter_walk_failures'), false);
  } finally {
    await stack.stop();
  }
});

test('negative diffs: no lag series and no sum for them, counted per topic and group and as anomalies', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 } });
  try {
    stack.sim.faults.set(PLANS.group.endpoint, { kind: 'negativeDiff', every: 1, by: 5 });
    const samples = await stack.scrape();
    const rows = Object.keys(expectedDetail(stack.sim.truth()));
    assert.ok(rows.length > 100);
    assert.deepEqual(detail(samples), {}, 'every row of the answers has a negative diff: unknown, not 0');
    assert.deepEqual(family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']), {});
    assert.equal(sampleValue(samples, 'rocketmq_exporter_lag_anomalies', { reason: 'negative_diff' }), rows.length);
    const unknown: Record<string, number> = {};
    for (const key of rows) {
      const [topic, group] = key.split('/');
      unknown[`${topic}/${group}`] = (unknown[`${topic}/${group}`] ?? 0) + 1;
    }
    assert.deepEqual(family(samples, 'rocketmq_msg_diff_unknown_queues', ['topic', 'consumerGroup']), unknown);
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
    assert.ok((sampleValue(samples, 'rocketmq_exporter_walk_duration_seconds') ?? 0) > 0.005);
  } finally {
    await stack.stop();
  }
});

test('groupList failing ("Cache is being built") on the first walk: the groups the topic list shows are walked, the failure counted', async () => {
  const stack = await startStack({ sim: { flavour: 'dashboard-2.1', scale: 'S', seed: 3, groupListBuildingAnswers: 2 } });
  try {
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.equal(sampleValue(samples, 'rocketmq_exporter_walk_failures', { scope: 'group_list', kind: 'console_error' }), 1);
  } finally {
    await stack.stop();
  }
});

test('a walk in which every per-group call hangs ends at WALK_TIMEOUT as a failed walk: unreachable, the last data kept', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { ...EVERY_SCRAPE_WALKS, CONSOLE_TIMEOUT: '5s', WALK_TIMEOUT: '700ms' } });
  try {
    const first = await stack.scrape();
    stack.sim.faults.set(PLANS.group.endpoint, 'hang');
    const started = performance.now();
    const samples = await stack.scrape();
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds >= 0.7 && seconds < 2, `the walk ended at its deadline (${seconds.toFixed(2)} s), not after CONSOLE_TIMEOUT`);
    assert.deepEqual([
      sampleValue(samples, 'rocketmq_exporter_console_reachable'),
      sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'deadline' }),
      sampleValue(samples, 'rocketmq_exporter_walks_total', { result: 'failed' }),
    ], [0, 1, 1]);
    assert.deepEqual(detail(samples), detail(first), 'the last good snapshot is served');
    const error = stack.logs.find((l) => l.level === 'error');
    assert.match(error?.msg ?? '', /^walk failed, serving the last data until MAX_SNAPSHOT_AGE: none of \d+ group calls succeeded: the walk passed WALK_TIMEOUT/);
  } finally {
    await stack.stop();
  }
});

test('past WALK_TIMEOUT the walk keeps what it has: the answered groups fresh, the late ones carried and counted as deadline', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { ...EVERY_SCRAPE_WALKS, CONSOLE_TIMEOUT: '5s', WALK_TIMEOUT: '700ms' } });
  try {
    await stack.scrape();
    const unit = victim(stack).group;
    stack.sim.faults.set(PLANS.group.endpoint, 'hang', { match: (p) => p.consumerGroup === unit });
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.deepEqual([
      sampleValue(samples, 'rocketmq_exporter_walk_failures', { scope: 'group', kind: 'deadline' }),
      sampleValue(samples, 'rocketmq_exporter_carried_units'),
      sampleValue(samples, 'rocketmq_exporter_console_reachable'),
    ], [1, 1, 1]);
  } finally {
    await stack.stop();
  }
});

test('CONSOLE_MAX_REQUEST_RATE spaces the requests of a walk', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { CONSOLE_MAX_REQUEST_RATE: '5' } });
  try {
    const started = performance.now();
    const samples: Sample[] = await stack.scrape();
    const seconds = (performance.now() - started) / 1000;
    const requests = stack.sim.requests().total;
    const stats = expectedStatsTopics(stack.sim.truth(), stack.sim.clock.now()).length;
    // A burst of 5, then 5 a second.
    assert.equal(requests, 14 + stats, 'topic list, group list, the home page twice, the cluster list, nine groups, and the stats time lag needs');
    assert.ok(seconds >= (requests - 5) / 5 - 0.1, `${requests} requests in ${seconds.toFixed(2)} s`);
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
  }
});

test('a dead console: the scrape succeeds, reachable is 0, the last data stays until MAX_SNAPSHOT_AGE, one log line', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3 }, env: { ...EVERY_SCRAPE_WALKS, MAX_SNAPSHOT_AGE: '1m' } });
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
