// The cases other lag exporters get wrong, on the simulator's clock moved walk by walk: exact time lag from store
// times and the group status over STATUS_WINDOW (DESIGN.md, "Truth rules").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterModel } from '../sim/model.js';
import type { Simulator } from '../sim/index.js';
import { family, type Sample } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, startStack, type Stack } from '../support/stack.js';

const STEP = 15_000;
const GROUP = 'fp_group';
const TOPIC = 'fp_topic';

interface Scenario {
  /** Messages per second on each of the topic's two queues (one per broker). */
  readonly rate: number;
  readonly rateFactor?: number;
  readonly delayMs?: number;
  readonly kind?: 'clustering-online' | 'broadcast';
  readonly window?: string;
}

/** A console with one topic of two queues and one group on it (the generated ones left out), walked on each scrape. */
async function scenario(s: Scenario): Promise<Stack> {
  const stack = await startStack({
    sim: { scale: { topics: 1, groupsPerTopic: 1, queuesPerTopic: 2 }, flavour: 'dashboard-2.1', seed: 5 },
    env: { ...EVERY_SCRAPE_WALKS, METRIC_FAMILIES: 'all', GROUP_INCLUDE_REGEX: 'fp_.*', STATUS_WINDOW: s.window ?? '1m' },
  });
  const model = stack.sim.model;
  // Messages 0..999 were stored one every 1/rate seconds up to now; message o >= 1000 at now + (o - 999) / rate.
  model.addTopic({ name: TOPIC, queuesPerBroker: 1, ratePerSec: 2 * s.rate, baseOffset: 1000 });
  model.addGroup({ name: GROUP, topics: [TOPIC], kind: s.kind ?? 'clustering-online', clients: [{ rateFactor: s.rateFactor ?? 4, delayMs: s.delayMs ?? 300 }] });
  return stack;
}

interface Seen {
  readonly status: string | undefined;
  readonly lag: number | undefined;
  readonly timeLag: number | undefined;
  /** Per queue (broker/queueId). */
  readonly queueTimeLag: Record<string, number>;
  readonly detailSeries: number;
}

function seen(samples: readonly Sample[]): Seen {
  const queues = family(samples, 'rocketmq_queue_lag_seconds', ['topic', 'consumerGroup', 'broker', 'queueId']);
  return {
    status: samples.find((s) => s.name === 'rocketmq_consumergroup_status' && s.labels.consumerGroup === GROUP)?.labels.status,
    lag: family(samples, 'rocketmq_msg_diff_topic_consumergroup', ['topic', 'consumerGroup'])[`${TOPIC}/${GROUP}`],
    timeLag: family(samples, 'rocketmq_consumergroup_topic_max_lag_seconds', ['topic', 'consumerGroup'])[`${TOPIC}/${GROUP}`],
    queueTimeLag: Object.fromEntries(Object.entries(queues).filter(([k]) => k.startsWith(`${TOPIC}/${GROUP}/`)).map(([k, v]) => [k.split('/').slice(2).join('/'), v])),
    detailSeries: samples.filter((s) => s.name === 'rocketmq_msg_diff_detail' && s.labels.topic === TOPIC).length,
  };
}

/** The truth: lag over the topic's queues, and the age of the oldest unconsumed message (0 when caught up). */
function truth(sim: Simulator): { lag: number; timeLag: number; queueTimeLag: Record<string, number> } {
  const now = sim.clock.now();
  const queueTimeLag: Record<string, number> = {};
  let lag = 0;
  for (const r of sim.truth()) {
    if (r.topic !== TOPIC || r.group !== GROUP) continue;
    lag += r.lag;
    const queue = queueOf(sim.model, r.broker, r.queueId);
    queueTimeLag[`${r.broker}/${r.queueId}`] = r.lag === 0 ? 0 : (now - queue.production.storeTime(r.consumerOffset, now)) / 1000;
  }
  return { lag, timeLag: Math.max(...Object.values(queueTimeLag)), queueTimeLag };
}

function queueOf(model: ClusterModel, broker: string, queueId: number) {
  const queue = model.topic(TOPIC)?.queues.find((q) => q.broker.name === broker && q.queueId === queueId);
  assert.ok(queue);
  return queue;
}

/** Moves the clock one walk interval on and scrapes. */
async function walk(stack: Stack, ms = STEP): Promise<Seen> {
  stack.sim.clock.advance(ms);
  return seen(await stack.scrape());
}

test('an idle topic whose consumer is caught up: ok, 0 s, walk after walk', async () => {
  const stack = await scenario({ rate: 0 });
  try {
    // At the start each queue's last message (999) was stored just now, and is consumed 300 ms later.
    assert.deepEqual(seen(await stack.scrape()), { status: 'unknown', lag: 2, timeLag: 0, queueTimeLag: { 'broker-a/0': 0, 'broker-b/0': 0 }, detailSeries: 2 });
    for (let i = 0; i < 6; i++) {
      assert.deepEqual(await walk(stack, 60_000), { status: 'ok', lag: 0, timeLag: 0, queueTimeLag: { 'broker-a/0': 0, 'broker-b/0': 0 }, detailSeries: 2 });
    }
    assert.equal(stack.sim.requests().byEndpoint['topic/stats.query'], 1, 'asked once, for the first walk\'s message waiting; none since');
  } finally {
    await stack.stop();
  }
});

test('a low-volume topic (a message every 100 s, consumed 30 s later): always a number, exact while a message waits', async () => {
  const stack = await scenario({ rate: 0.01, delayMs: 30_000 });
  try {
    const timeLags: number[] = [];
    let waited = 0;
    for (let i = 0; i < 16; i++) {
      const got = i === 0 ? seen(await stack.scrape()) : await walk(stack);
      const want = truth(stack.sim);
      assert.equal(got.lag, want.lag);
      assert.ok(got.timeLag !== undefined && Number.isFinite(got.timeLag), `walk ${i}: a number (${got.timeLag})`);
      assert.equal(got.timeLag, want.timeLag, `walk ${i}: the age of the waiting message, not of the last consumed one`);
      if (want.lag > 0) waited++;
      timeLags.push(got.timeLag);
    }
    assert.ok(waited >= 2, `a message waited at ${waited} walks`);
    assert.equal(Math.max(...timeLags) < 30, true, `never the 100 s gap between messages: ${timeLags.join(', ')}`);
  } finally {
    await stack.stop();
  }
});

test('a burst, then idle, with the consumer catching up: the time lag decreases to 0, exact at each walk', async () => {
  // The consumer is stopped through a 30 s burst of 100 messages a second per queue, then consumes 150 a second.
  const stack = await scenario({ rate: 100, rateFactor: 0 });
  try {
    await stack.scrape();
    stack.sim.clock.advance(30_000);
    stack.sim.model.setTopicRate(TOPIC, 0);
    stack.sim.model.setGroupRate(GROUP, 150);
    const seenTimeLags: number[] = [];
    for (const ms of [0, 5000, 5000, 5000, 5000, 5000]) {
      const got = await walk(stack, ms);
      const want = truth(stack.sim);
      assert.deepEqual([got.lag, got.timeLag, got.queueTimeLag], [want.lag, want.timeLag, want.queueTimeLag]);
      seenTimeLags.push(got.timeLag ?? NaN);
    }
    // Stopped at message 970 (stored 290 ms before the burst), then 750 messages (7.5 s of the burst) every 5 s.
    assert.deepEqual(seenTimeLags, [30.29, 27.79, 25.29, 22.79, 20.29, 0]);
  } finally {
    await stack.stop();
  }
});

test('a consumer reprocessing from offset 0: the exact age of the old message it is at, not an extrapolation; status rewind', async () => {
  const stack = await scenario({ rate: 1, window: '1ms' });
  try {
    await stack.scrape();
    stack.sim.model.rewindGroup(GROUP, { messages: 1_000_000 });
    const got = await walk(stack);
    const want = truth(stack.sim);
    // 60 messages consumed (4 a second) of history stored one a second until now - 15 s: message 60 stored 954 s ago.
    assert.deepEqual([got.status, got.timeLag, got.queueTimeLag], ['rewind', 954, { 'broker-a/0': 954, 'broker-b/0': 954 }]);
    assert.equal(got.timeLag, want.timeLag);
  } finally {
    await stack.stop();
  }
});

test('a consumer killed: stopped; its per-queue lag, roll-ups and time lag still there and growing, exact, walk after walk', async () => {
  const stack = await scenario({ rate: 1, window: '1ms' });
  try {
    await stack.scrape();
    const [client] = stack.sim.model.clients(GROUP);
    assert.ok(client);
    stack.sim.model.stopClient(client);
    let previous = { lag: 0, timeLag: 0, queues: [0, 0] };
    for (let i = 1; i <= 4; i++) {
      stack.sim.clock.advance(STEP);
      const samples = await stack.scrape();
      const got = seen(samples);
      const want = truth(stack.sim);
      assert.deepEqual([got.status, got.lag, got.timeLag, got.detailSeries], ['stopped', want.lag, want.timeLag, 2], `walk ${i}`);
      // Per queue (no owner any more: empty IP and PID) and the group's own roll-up, equal to the truth.
      const queues = family(samples, 'rocketmq_msg_diff_detail', ['topic', 'consumerGroup', 'broker', 'queueId', 'consumerClientIP', 'consumerClientPID']);
      const perQueue = stack.sim.truth().filter((r) => r.topic === TOPIC && r.group === GROUP)
        .map((r) => queues[[TOPIC, GROUP, r.broker, r.queueId, '', ''].join('/')] ?? NaN);
      assert.deepEqual(perQueue, stack.sim.truth().filter((r) => r.topic === TOPIC && r.group === GROUP).map((r) => r.lag), `walk ${i}: per queue`);
      const group = family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup'])[GROUP];
      assert.equal(group, stack.sim.expectedRollups(undefined).byGroup[GROUP], `walk ${i}: the group's roll-up, its retry topic included`);
      assert.ok(perQueue.every((lag, q) => lag > (previous.queues[q] ?? 0)), `walk ${i}: every queue's lag grows`);
      assert.ok((got.lag ?? 0) > previous.lag && (got.timeLag ?? 0) > previous.timeLag, `walk ${i}: growing`);
      previous = { lag: got.lag ?? 0, timeLag: got.timeLag ?? 0, queues: perQueue };
    }
    assert.deepEqual([previous.lag, previous.timeLag], [2 * 61, 60], 'a minute after the kill: 61 messages a queue, the first (999) stored 60 s ago');
  } finally {
    await stack.stop();
  }
});

test('a broadcast group: no lag, no time lag, status broadcast', async () => {
  const stack = await scenario({ rate: 1, kind: 'broadcast' });
  try {
    await stack.scrape();
    assert.deepEqual(await walk(stack), { status: 'broadcast', lag: undefined, timeLag: undefined, queueTimeLag: {}, detailSeries: 0 });
  } finally {
    await stack.stop();
  }
});

test('a group reset to an earlier offset: rewind, then ok once it has caught up again', async () => {
  const stack = await scenario({ rate: 1, window: '1ms' });
  try {
    await stack.scrape();
    stack.sim.model.rewindGroup(GROUP, { messages: 100 });
    const got = await walk(stack);
    assert.equal(got.status, 'rewind');
    assert.equal(got.lag, truth(stack.sim).lag);
    stack.sim.clock.advance(60_000);
    await stack.scrape();
    assert.equal((await walk(stack)).status, 'ok', 'caught up: the rewind is out of the window');
  } finally {
    await stack.stop();
  }
});

test('a consumer at 0.7 times the produce rate: lagging, its lag and time lag growing, exact; at 1.05 times with a backlog: ok', async () => {
  // A minute stopped first, so that its last consumed message is older than 15 s: time lag from the topic's stats.
  const slow = await scenario({ rate: 1, rateFactor: 0, window: '15s' });
  try {
    await slow.scrape();
    slow.sim.clock.advance(60_000);
    await slow.scrape();
    slow.sim.model.setGroupRate(GROUP, 0.7);
    let previous = 0;
    for (let i = 1; i <= 5; i++) {
      const got = await walk(slow);
      const want = truth(slow.sim);
      assert.deepEqual([got.status, got.lag, got.timeLag], ['lagging', want.lag, want.timeLag], `walk ${i}`);
      assert.ok((got.timeLag ?? 0) > previous, `walk ${i}: the time lag grows`);
      previous = got.timeLag ?? 0;
    }
  } finally {
    await slow.stop();
  }
  const fast = await scenario({ rate: 1, rateFactor: 0, window: '15s' });
  try {
    await fast.scrape();
    fast.sim.clock.advance(60_000);
    await fast.scrape();
    fast.sim.model.setGroupRate(GROUP, 1.05);
    for (let i = 1; i <= 5; i++) {
      const got = await walk(fast);
      const want = truth(fast.sim);
      assert.deepEqual([got.status, got.lag, got.timeLag], ['ok', want.lag, want.timeLag], `walk ${i}: catching up slowly is not lagging`);
    }
  } finally {
    await fast.stop();
  }
});
