// Ground truth matches what the simulated console says over HTTP, for both walks and every flavour.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAVOURS, startSimulator, type Flavour, type Simulator, type TruthRow } from './index.js';
import { Production } from './production.js';
import { call, data, envelope, type TopicConsumerInfo } from './test-client.js';

interface SeenRow {
  readonly brokerOffset: number;
  readonly consumerOffset: number;
  readonly clientInfo: string | null;
  readonly lastTimestamp: number;
}

const key = (topic: string, group: string, broker: string, queueId: number): string => `${topic} ${group} ${broker} ${queueId}`;

function expected(rows: readonly TruthRow[]): Map<string, SeenRow> {
  const map = new Map<string, SeenRow>();
  for (const r of rows) {
    if (r.statsFailed) continue;
    map.set(key(r.topic, r.group, r.broker, r.queueId), { brokerOffset: r.brokerOffset, consumerOffset: r.consumerOffset, clientInfo: r.clientInfo, lastTimestamp: r.lastTimestamp });
  }
  return map;
}

function collect(into: Map<string, SeenRow>, group: string, info: TopicConsumerInfo): void {
  let diff = 0;
  for (const q of info.queueStatInfoList) {
    into.set(key(info.topic, group, q.brokerName, q.queueId), { brokerOffset: q.brokerOffset, consumerOffset: q.consumerOffset, clientInfo: q.clientInfo, lastTimestamp: q.lastTimestamp });
    diff += q.brokerOffset - q.consumerOffset;
  }
  assert.equal(info.diffTotal, diff);
}

async function topicWalk(sim: Simulator): Promise<Map<string, SeenRow>> {
  const seen = new Map<string, SeenRow>();
  const list = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query?skipSysProcess=true`);
  for (const topic of list.topicList) {
    const byGroup = await data<Record<string, TopicConsumerInfo>>(`${sim.url}/topic/queryConsumerByTopic.query?topic=${encodeURIComponent(topic)}`);
    for (const [group, info] of Object.entries(byGroup)) collect(seen, group, info);
  }
  return seen;
}

/** Group-driven walk: committed clustering groups only (the others have no offset table). */
async function groupWalk(sim: Simulator, flavour: Flavour): Promise<Map<string, SeenRow>> {
  const seen = new Map<string, SeenRow>();
  const groups = await data<{ group: string; address?: string[] }[]>(`${sim.url}/consumer/groupList.query?skipSysGroup=false`);
  for (const g of groups) {
    const name = g.group.replace(/^%SYS%/, '');
    const address = g.address === undefined ? '' : `&address=${encodeURIComponent(g.address.join(','))}`;
    const answer = envelope(await call(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=${encodeURIComponent(name)}${address}`));
    if (answer.status !== 0) continue;
    for (const info of answer.data as TopicConsumerInfo[]) collect(seen, name, info);
  }
  // Dashboard 2.0 reads only the first address of the group's list: broker-a's queues, never broker-b's.
  if (flavour === 'dashboard-2.0') assert.deepEqual(new Set([...seen.keys()].map((k) => k.split(' ')[2])), new Set(['broker-a']));
  return seen;
}

for (const flavour of FLAVOURS) {
  test(`${flavour}: a topic-driven walk reads exactly the ground truth, before and after time and controls move it`, async () => {
    const sim = await startSimulator({ flavour, scale: 'S', seed: 3 });
    try {
      assert.deepEqual(await topicWalk(sim), expected(sim.truth()));
      sim.clock.advance(90_000);
      const group = sim.model.groups().find((g) => g.clients.length >= 2 && g.messageModel === 'CLUSTERING');
      assert.ok(group !== undefined);
      sim.model.restartClient(group.clients[0]?.key ?? '');
      sim.model.stallClient(group.clients[1]?.key ?? '');
      sim.clock.advance(30_000);
      assert.deepEqual(await topicWalk(sim), expected(sim.truth()));
    } finally {
      await sim.stop();
    }
  });
}

test('a group-driven walk reads the ground truth on consolidating flavours, and every broker on dashboard-2.1', async () => {
  for (const flavour of ['console-2019', 'dashboard-1.0', 'dashboard-2.1'] as const) {
    const sim = await startSimulator({ flavour, scale: 'S', seed: 5 });
    try {
      sim.clock.advance(45_000);
      const truth = sim.truth().filter((r) => r.committed && r.messageModel === 'CLUSTERING');
      assert.deepEqual(await groupWalk(sim, flavour), expected(truth));
    } finally {
      await sim.stop();
    }
  }
});

test('dashboard-2.0: a group-driven walk reads broker-a only, and there exactly the ground truth', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-2.0', scale: 'S', seed: 5 });
  try {
    sim.clock.advance(45_000);
    const truth = sim.truth().filter((r) => r.committed && r.messageModel === 'CLUSTERING');
    assert.ok(truth.some((r) => r.broker === 'broker-b'), 'the cluster has queues on broker-b');
    assert.deepEqual(await groupWalk(sim, 'dashboard-2.0'), expected(truth.filter((r) => r.broker === 'broker-a')));
  } finally {
    await sim.stop();
  }
});

test('S5 (RocketMQ 5): both walks read exactly the ground truth, rows of POP and behind-proxy groups included', async () => {
  for (const flavour of FLAVOURS) {
    const sim = await startSimulator({ flavour, scale: 'S5', seed: 2 });
    try {
      const truth = sim.truth();
      assert.ok(truth.some((r) => r.consumeType === 'CONSUME_POP' && r.topicKind === 'retry' && r.lag > 0), 'lagging POP retry rows');
      assert.ok(truth.some((r) => r.behindProxy && r.consumeType !== 'CONSUME_POP' && r.lag > 1000), 'a lagging behind-proxy group');
      assert.deepEqual(await topicWalk(sim), expected(truth), flavour);
      sim.clock.advance(120_000);
      assert.deepEqual(await topicWalk(sim), expected(sim.truth()), flavour);
      const committed = sim.truth().filter((r) => r.committed && r.messageModel === 'CLUSTERING');
      const read = flavour === 'dashboard-2.0' ? committed.filter((r) => r.broker === 'broker-a') : committed;
      assert.deepEqual(await groupWalk(sim, flavour), expected(read), flavour);
    } finally {
      await sim.stop();
    }
  }
});

test('the demo topic shows the fixture situations: fake broadcast lag, an offline group with real lag, a failed group', async () => {
  const sim = await startSimulator({ scale: 'demo' });
  try {
    const byGroup = await data<Record<string, TopicConsumerInfo>>(`${sim.url}/topic/queryConsumerByTopic.query?topic=order_topic`);
    const broadcast = byGroup['order_cache_broadcast_group'];
    assert.ok(broadcast !== undefined);
    assert.ok(broadcast.queueStatInfoList.every((q) => q.consumerOffset === 0 && q.lastTimestamp === 0 && q.clientInfo === '10.0.2.17@DEFAULT'));
    assert.equal(broadcast.diffTotal, broadcast.queueStatInfoList.reduce((n, q) => n + q.brokerOffset, 0));
    const offline = byGroup['order_audit_group'];
    assert.ok(offline !== undefined && offline.queueStatInfoList.every((q) => q.clientInfo === null && q.consumerOffset > 0 && q.brokerOffset > q.consumerOffset));
    assert.deepEqual(byGroup['order_stats_failed_group'], { topic: 'order_topic', diffTotal: 0, lastTimestamp: 0, queueStatInfoList: [] });
    const rollups = sim.expectedRollups();
    assert.equal(rollups.byGroup['order_cache_broadcast_group'], undefined);
    assert.equal(rollups.byGroup['config_watch_group'], undefined);
    assert.ok((rollups.byGroup['order_audit_group'] ?? 0) > 100_000);
  } finally {
    await sim.stop();
  }
});

test('a message is stored when the broker offset passes it, and not before', () => {
  const p = new Production(1_000_000, 5000.25, 7.3);
  p.setRate(1_200_000, 0.5);
  p.restart(1_500_000);
  const now = 1_800_000;
  for (const t of [900_000, 1_000_000, 1_100_000, 1_250_000, 1_499_999, 1_600_000, now]) {
    const offset = p.offsetAt(t);
    if (offset === 0) continue;
    const stored = p.storeTime(offset - 1, now);
    assert.ok(stored <= t, `message ${offset - 1} stored at ${stored}, after ${t}`);
    assert.ok(p.offsetAt(stored) >= offset, 'the offset has passed it at its store time');
    assert.ok(p.offsetAt(stored - 1) < offset || stored - 1 < 1_500_000, 'not a millisecond earlier');
  }
  assert.equal(p.offsetAt(1_500_000), 0);
  assert.ok(p.storeTime(6000, now) < 1_500_000, 'an offset of the old topic is found in the old history');
});
