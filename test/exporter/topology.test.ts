import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicFilters } from '../sim/index.js';
import { family } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, startStack } from '../support/stack.js';

// The walk interval below which the age of the last consumed message stands for the time lag (src/exporter.ts).
const RESOLUTION_SECONDS = 15;

// Every family, the opt-in ones included: these tests hold each of them to the simulator's truth.
const ENV = { ...EVERY_SCRAPE_WALKS, METRIC_FAMILIES: 'all' };

function onlineGroup(rows: ReturnType<import('../sim/index.js').Simulator['truth']>): string {
  const row = rows.find((r) => r.groupKind === 'clustering-online' && r.topicKind === 'normal' && r.clientPid !== '');
  assert.ok(row);
  return row.group;
}

test('a deleted group disappears from every family on the next scrape', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 11 }, env: ENV });
  try {
    const group = onlineGroup(stack.sim.truth());
    const before = await stack.scrape();
    assert.ok(before.some((s) => s.labels.consumerGroup === group));
    stack.sim.model.deleteGroup(group);
    const after = await stack.scrape();
    assert.deepEqual(after.filter((s) => s.labels.consumerGroup === group), []);
    assert.deepEqual(detail(after), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
  }
});

test("a restarted client's old PID disappears and its queues carry the new one", async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 11 }, env: ENV });
  try {
    const group = onlineGroup(stack.sim.truth());
    const client = stack.sim.model.clients(group).find((c) => /^\d+$/.test(c.labels.pid));
    assert.ok(client);
    const oldPid = client.labels.pid;
    const ip = client.labels.ip;
    await stack.scrape();
    stack.sim.model.restartClient(client);
    const newPid = client.labels.pid;
    assert.notEqual(newPid, oldPid);
    const after = await stack.scrape();
    const pidsOfIp = new Set(after.filter((s) => s.labels.consumerClientIP === ip).map((s) => s.labels.consumerClientPID));
    assert.equal(pidsOfIp.has(oldPid), false, 'no series keeps the old PID');
    assert.equal(pidsOfIp.has(newPid), true);
    assert.deepEqual(detail(after), expectedDetail(stack.sim.truth()));
    assert.deepEqual(
      family(after, 'rocketmq_msg_diff_clientinfo', ['consumerClientIP', 'consumerClientPID']),
      Object.fromEntries(Object.entries(stack.sim.expectedRollups(undefined, topicFilters.normalAndRetry).byClient).map(([k, v]) => [k.split(' ').join('/'), v])),
    );
  } finally {
    await stack.stop();
  }
});

test('a reassigned queue is exported once, under its new owner', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 11 }, env: ENV });
  try {
    const rows = stack.sim.truth();
    const group = onlineGroup(rows);
    const row = rows.find((r) => r.group === group && r.topicKind === 'normal' && r.clientPid !== '');
    assert.ok(row);
    const other = stack.sim.model.clients(group).find((c) => c.labels.pid !== row.clientPid || c.labels.ip !== row.clientIp);
    assert.ok(other, 'the group has a second client');
    await stack.scrape();
    stack.sim.model.reassignQueue(group, row.topic, row.broker, row.queueId, other);
    const after = detail(await stack.scrape());
    const queueKey = [row.topic, group, row.broker, row.queueId].join('/') + '/';
    const series = Object.keys(after).filter((k) => k.startsWith(queueKey));
    assert.deepEqual(series, [queueKey + `${other.labels.ip}/${other.labels.pid}`]);
  } finally {
    await stack.stop();
  }
});

test('time lag: the age of each lagging queue\'s first unconsumed message, from store times; its upper bound the last consumed one', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 11 }, env: ENV });
  try {
    const samples = await stack.scrape();
    const now = stack.sim.clock.now();
    const timeLag = family(samples, 'rocketmq_queue_lag_seconds', ['topic', 'consumerGroup', 'broker', 'queueId']);
    const upperOfGroup: Record<string, number> = {};
    const unknownOfGroup: Record<string, number> = {};
    const unbounded = new Set<string>();
    let lagging = 0;
    for (const r of stack.sim.truth()) {
      if (r.messageModel !== 'CLUSTERING' || !r.committed || r.statsFailed || !topicFilters.normalAndRetry(r)) continue;
      const key = [r.topic, r.group, r.broker, r.queueId].join('/');
      if (r.lag === 0) {
        assert.equal(timeLag[key], 0, key);
        upperOfGroup[r.group] = Math.max(upperOfGroup[r.group] ?? 0, 0);
        continue;
      }
      // No message before offset 0: no store time to start from, so no estimate (not 0), counted; nor an upper bound.
      if (r.consumerOffset === 0) {
        assert.equal(timeLag[key], undefined, key);
        unknownOfGroup[r.group] = (unknownOfGroup[r.group] ?? 0) + 1;
        unbounded.add(r.group);
        continue;
      }
      lagging++;
      const queue = stack.sim.model.topic(r.topic)?.queues.find((q) => q.broker.name === r.broker && q.queueId === r.queueId);
      assert.ok(queue);
      // The simulator stores messages at whole milliseconds along a straight line: the interpolation is within 1 ms of it.
      const truth = (now - queue.production.storeTime(r.consumerOffset, now)) / 1000;
      const upper = (now - r.lastTimestamp) / 1000;
      const got = timeLag[key] ?? NaN;
      if (upper > RESOLUTION_SECONDS) {
        assert.ok(Math.abs(got - truth) < 0.001 + 1e-9, `${key}: ${got} s, truly ${truth} s`);
      } else {
        // Last consumed within the walk interval: that age, or better where another group's offset gives a point after.
        assert.ok(got > truth - 0.001 - 1e-9 && got <= upper, `${key}: ${got} s, truly ${truth} s, at most ${upper} s`);
      }
      upperOfGroup[r.group] = Math.max(upperOfGroup[r.group] ?? 0, upper);
    }
    assert.ok(lagging > 100, `lagging queues: ${lagging}`);
    for (const group of unbounded) delete upperOfGroup[group];
    assert.deepEqual(family(samples, 'rocketmq_consumergroup_max_lag_upper_bound_seconds', ['consumerGroup']), upperOfGroup);
    assert.deepEqual(family(samples, 'rocketmq_consumergroup_time_lag_unknown_queues', ['consumerGroup']), unknownOfGroup);
    const worstOfGroup: Record<string, number> = {};
    for (const [key, seconds] of Object.entries(timeLag)) {
      const group = key.split('/')[1] ?? '';
      worstOfGroup[group] = Math.max(worstOfGroup[group] ?? 0, seconds);
    }
    assert.deepEqual(family(samples, 'rocketmq_consumergroup_max_lag_seconds', ['consumerGroup']), worstOfGroup);
  } finally {
    await stack.stop();
  }
});

test('offsets: rate() of broker and consumer offsets is the produce and consume rate', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 11 }, env: ENV });
  try {
    const first = await stack.scrape();
    stack.sim.clock.advance(60_000);
    const second = await stack.scrape();
    const truth = stack.sim.truth();
    const consumer = family(second, 'rocketmq_queue_consumer_offset', ['topic', 'consumerGroup', 'broker', 'queueId']);
    const broker = family(second, 'rocketmq_queue_broker_offset', ['topic', 'broker', 'queueId']);
    for (const r of truth) {
      if (r.messageModel !== 'CLUSTERING' || !r.committed || r.statsFailed || !topicFilters.normalAndRetry(r)) continue;
      assert.equal(consumer[[r.topic, r.group, r.broker, r.queueId].join('/')], r.consumerOffset);
      assert.equal(broker[[r.topic, r.broker, r.queueId].join('/')], r.brokerOffset);
    }
    const produced = family(first, 'rocketmq_queue_broker_offset', ['topic', 'broker', 'queueId']);
    assert.ok(Object.entries(broker).some(([k, v]) => v > (produced[k] ?? Infinity)), 'producers advanced the broker offsets');
  } finally {
    await stack.stop();
  }
});

test('group status: broadcast, stopped, uncommitted and a stalled group are told apart, with info and clients', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 11 }, env: { ...ENV, STATUS_WINDOW: '20s' } });
  try {
    const truth = stack.sim.truth();
    const kindOf = (kind: string) => truth.find((r) => r.groupKind === kind && r.topicKind === 'normal')?.group;
    const stalled = onlineGroup(truth);
    await stack.scrape();
    stack.sim.model.stallGroup(stalled);
    // Two walks 30 s apart after the stall: the window (20 s, at least two walks) holds no progress and no lag 0.
    stack.sim.clock.advance(30_000);
    await stack.scrape();
    stack.sim.clock.advance(30_000);
    const samples = await stack.scrape();
    const statuses = samples.filter((s) => s.name === 'rocketmq_consumergroup_status');
    assert.ok(statuses.every((s) => s.value === 1), 'only the current status is exported');
    assert.equal(new Set(statuses.map((s) => s.labels.consumerGroup)).size, statuses.length, 'one status series per group');
    const status = (group: string | undefined) =>
      samples.find((s) => s.name === 'rocketmq_consumergroup_status' && s.labels.consumerGroup === group && s.value === 1)?.labels.status;
    assert.equal(status(kindOf('broadcast')), 'broadcast');
    assert.equal(status(kindOf('offline')), 'stopped');
    assert.equal(status(kindOf('never-committed')), 'uncommitted');
    assert.equal(status(stalled), 'stalled');
    const model = stack.sim.model.group(stalled);
    assert.ok(model);
    const info = samples.find((s) => s.name === 'rocketmq_consumergroup_info' && s.labels.consumerGroup === stalled);
    assert.equal(info?.labels.messageModel, 'CLUSTERING');
    assert.equal(info?.labels.consumeType, model.consumeType);
    const clients = samples.find((s) => s.name === 'rocketmq_consumergroup_online_clients' && s.labels.consumerGroup === stalled);
    assert.equal(clients?.value, model.clients.length);
    const broadcastLag = samples.filter((s) => s.name === 'rocketmq_msg_diff_detail' && s.labels.consumerGroup === kindOf('broadcast'));
    assert.deepEqual(broadcastLag, [], 'no fake lag for a broadcast group');
  } finally {
    await stack.stop();
  }
});
