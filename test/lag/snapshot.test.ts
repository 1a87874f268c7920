import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupConsumeInfo, QueueStatInfo, TopicConsumerInfo } from '../../src/console/types.js';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import type { LabelledValue, Observation, Snapshot, WalkResult } from '../../src/lag/types.js';
import { consoleFixtureData } from '../support/fixtures.js';
import { NO_COST } from '../../src/lag/cost.js';
import { NOTHING_CARRIED } from '../../src/lag/types.js';
import { queueBlock } from '../../src/lag/queues.js';
import { GroupHistory } from '../../src/lag/status.js';
import { StoreTimes } from '../../src/lag/store-times.js';

const OBSERVED_AT = 1718102346300;
const byTopic = consoleFixtureData<Record<string, TopicConsumerInfo>>('topic-queryConsumerByTopic.query.json');
const groupList = consoleFixtureData<GroupConsumeInfo[]>('consumer-groupList.query.json');

function result(observations: Observation[], groups: GroupConsumeInfo[] | undefined, storeTimes?: StoreTimes): WalkResult {
  return {
    startedAt: OBSERVED_AT - 1000, finishedAt: OBSERVED_AT, observations, failures: [], flavour: 'dashboard-2.1', topicsWalked: 1, carried: NOTHING_CARRIED, cost: NO_COST, groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), futureStoreTimes: 0, nameServer: undefined, clusters: undefined, storeTimes,
    groups: groups === undefined ? undefined : new Map(groups.map((g) => [g.group, g])),
  };
}

const orderTopic = Object.entries(byTopic).map(([group, info]) => ({ topic: 'order_topic', group, queues: queueBlock(info.queueStatInfoList), observedAt: OBSERVED_AT }));

function asRecord(values: readonly LabelledValue[]): Record<string, number> {
  return Object.fromEntries(values.map((v) => [v.labels.join('/'), v.value]));
}

test('snapshot of the fixture topic: clustering groups only, exact roll-ups', () => {
  const s = buildSnapshot(result(orderTopic, groupList), undefined, 1000);
  assert.equal(s.rows.length, 16, 'order_consumer_group and order_audit_group, 8 queues each');
  assert.deepEqual(asRecord(s.rollups.byTopic), { order_topic: 1908 + 198782 });
  assert.deepEqual(asRecord(s.rollups.byGroup), { order_consumer_group: 1908, order_audit_group: 198782 });
  assert.deepEqual(asRecord(s.rollups.byTopicGroup), { 'order_topic/order_consumer_group': 1908, 'order_topic/order_audit_group': 198782 });
  assert.deepEqual(asRecord(s.rollups.byBroker), { 'broker-a': 1897 + 109541, 'broker-b': 11 + 89241 });
  assert.deepEqual(asRecord(s.rollups.byQueue), {
    'broker-a/0': 2 + 27390, 'broker-a/1': 0 + 27389, 'broker-a/2': 1888 + 27380, 'broker-a/3': 7 + 27382,
    'broker-b/0': 0 + 22311, 'broker-b/1': 8 + 22308, 'broker-b/2': 0 + 22310, 'broker-b/3': 3 + 22312,
  });
  assert.deepEqual(asRecord(s.rollups.byClient), { '10.0.2.15/5123': 10, '10.0.2.16/1': 1898, '/': 198782 });
  assert.deepEqual(s.anomalies, { negative_diff: 0, unknown_offset: 0, impossible_number: 0, failed_stats: 1, duplicate: 0 });
  // order_stats_failed_group's answer has no row: each of the 8 queues the other groups show of order_topic is unknown for it.
  assert.deepEqual(asRecord(s.rollups.unknownByTopicGroup), { 'order_topic/order_stats_failed_group': 8 });
});

test('per-queue rows carry the owner without the #nanotime suffix and the time lag between the store times known', () => {
  const storeTimes = new StoreTimes(0);
  storeTimes.beginWalk();
  storeTimes.need('order_topic', 'broker-a', 2);
  // The row's own point (message 1526101 stored at its lastTimestamp) and the topic's stats (message 1527989 at 1718102345174).
  storeTimes.record('order_topic', 'broker-a', 2, 1526101, 1718102101877, Infinity);
  storeTimes.record('order_topic', 'broker-a', 2, 1527989, 1718102345174, Infinity);
  const s = buildSnapshot(result(orderTopic, groupList, storeTimes), undefined, 1000);
  const q2 = [...s.rows].find((r) => r.group === 'order_consumer_group' && r.broker === 'broker-a' && r.queueId === 2);
  const stored = 1718102101877 + (1718102345174 - 1718102101877) / 1888;
  assert.deepEqual(q2, {
    topic: 'order_topic', group: 'order_consumer_group', broker: 'broker-a', queueId: 2, brokerOffset: 1527990,
    consumerOffset: 1526102, lag: 1888, clientIp: '10.0.2.16', clientPid: '1',
    timeLag: { seconds: (OBSERVED_AT - stored) / 1000, lower: (OBSERVED_AT - 1718102345174) / 1000, upper: (OBSERVED_AT - 1718102101877) / 1000 },
  });
  const caughtUp = [...s.rows].find((r) => r.group === 'order_consumer_group' && r.broker === 'broker-a' && r.queueId === 1);
  assert.deepEqual(caughtUp?.timeLag, { seconds: 0, lower: 0, upper: 0 });
  const unknown = [...s.rows].find((r) => r.group === 'order_consumer_group' && r.broker === 'broker-a' && r.queueId === 0);
  assert.deepEqual(unknown?.timeLag, { seconds: NaN, lower: NaN, upper: (OBSERVED_AT - 1718102345123) / 1000 }, 'lag 2, nothing known after message 1528387: unknown, not 0; its upper bound known');
  // order_audit_group's queue 2 (at 1500610, message 1500609 stored at 1718094999900) lies before order_consumer_group's
  // last consumed message there: the points of one group serve the others; its other queues' time lag is unknown.
  const audit = 1718094999900 + (1718102101877 - 1718094999900) / (1526101 - 1500609);
  assert.deepEqual(asRecord(s.rollups.maxLagSecondsByGroup), { order_consumer_group: (OBSERVED_AT - stored) / 1000, order_audit_group: (OBSERVED_AT - audit) / 1000 });
  assert.deepEqual(asRecord(s.rollups.timeLagUnknownByGroup), { order_consumer_group: 4, order_audit_group: 7 });
  // Every lagging queue of both has its last consumed message's store time: the bounds of their worst are known.
  assert.deepEqual(asRecord(s.rollups.maxLagSecondsUpperByGroup), {
    order_consumer_group: (OBSERVED_AT - 1718102101877) / 1000, order_audit_group: (OBSERVED_AT - 1718094999900) / 1000,
  });
});

test('group status: unknown after one walk; stalled and stopped when nothing moved over a window of two; broadcast and failed stats told apart', () => {
  const history = new GroupHistory(10_000);
  const first = buildSnapshot(result(orderTopic, groupList), history, 1000);
  const status = (s: Snapshot) => Object.fromEntries(s.groups.map((g) => [g.group, g.status]));
  assert.deepEqual(status(first), {
    order_consumer_group: 'unknown', order_audit_group: 'unknown', order_cache_broadcast_group: 'broadcast', order_stats_failed_group: 'unknown',
  });
  const cg = first.groups.find((g) => g.group === 'order_consumer_group');
  assert.deepEqual(cg, {
    group: 'order_consumer_group', messageModel: 'CLUSTERING', consumeType: 'CONSUME_PASSIVELY', version: 'V4_9_4', onlineClients: 2,
    consumeTps: 153, lag: 1908, status: 'unknown',
  });
  const later = orderTopic.map((o) => ({ ...o, observedAt: OBSERVED_AT + 15_000 }));
  const second = buildSnapshot({ ...result(later, groupList), startedAt: OBSERVED_AT + 14_000 }, history, 1000);
  assert.deepEqual(status(second), {
    order_consumer_group: 'stalled', order_audit_group: 'stopped', order_cache_broadcast_group: 'broadcast', order_stats_failed_group: 'unknown',
  });
});

test('without groupList, a never-committed group is recognised by its zero offsets and not reported as lag', () => {
  const s = buildSnapshot(result(orderTopic, undefined), undefined, 1000);
  assert.equal([...s.rows].some((r) => r.group === 'order_cache_broadcast_group'), false);
  const broadcast = s.groups.find((g) => g.group === 'order_cache_broadcast_group');
  assert.equal(broadcast?.status, 'uncommitted');
  assert.equal(broadcast?.messageModel, 'UNKNOWN');
  assert.equal(s.groups.find((g) => g.group === 'order_consumer_group')?.onlineClients, 2, 'distinct owners when groupList is missing');
});

test('negative diffs: unknown lag, left out of every family and sum, counted as anomalies and per topic and group', () => {
  const info: TopicConsumerInfo = {
    topic: 't', diffTotal: -5, lastTimestamp: 1, queueStatInfoList: [
      { brokerName: 'broker-a', queueId: 0, brokerOffset: 10, consumerOffset: 15, clientInfo: '10.0.0.1@7', lastTimestamp: 1 },
      { brokerName: 'broker-a', queueId: 1, brokerOffset: 10, consumerOffset: 4, clientInfo: '10.0.0.1@7', lastTimestamp: 1 },
      { brokerName: 'broker-a', queueId: 2, brokerOffset: 10, consumerOffset: NaN, clientInfo: '10.0.0.1@7', lastTimestamp: 1 },
    ],
  };
  const s = buildSnapshot(result([{ topic: 't', group: 'g', queues: queueBlock(info.queueStatInfoList), observedAt: OBSERVED_AT }], undefined), undefined, 1000);
  assert.deepEqual(s.anomalies, { negative_diff: 1, unknown_offset: 0, impossible_number: 1, failed_stats: 0, duplicate: 0 });
  assert.deepEqual([...s.rows].map((r) => [r.queueId, r.lag]), [[1, 6]]);
  assert.deepEqual([asRecord(s.rollups.byGroup), asRecord(s.rollups.byQueue), asRecord(s.rollups.unknownByTopicGroup)], [{ g: 6 }, { 'broker-a/1': 6 }, { 't/g': 2 }]);
});

test('a group all of whose rows have an unknown lag: no lag roll-up of 0, its status unknown', () => {
  const info = (brokerOffset: number) => queueBlock([{ brokerName: 'broker-a', queueId: 0, brokerOffset, consumerOffset: 15, clientInfo: '10.0.0.1@7', lastTimestamp: 1 }]);
  const history = new GroupHistory(1000);
  buildSnapshot(result([{ topic: 't', group: 'g', queues: info(20), observedAt: OBSERVED_AT }], undefined), history, 1000);
  const s = buildSnapshot({ ...result([{ topic: 't', group: 'g', queues: info(3), observedAt: OBSERVED_AT + 15_000 }], undefined), startedAt: OBSERVED_AT + 14_000 }, history, 1000);
  assert.deepEqual([asRecord(s.rollups.byGroup), asRecord(s.rollups.unknownByTopicGroup)], [{}, { 't/g': 1 }]);
  assert.equal(s.groups.find((g) => g.group === 'g')?.status, 'unknown');
});

test('a queue listed twice in an answer, or a topic and group answered twice, counts once; the repeats are counted as duplicates', () => {
  const row = (queueId: number, brokerOffset: number) =>
    ({ brokerName: 'broker-a', queueId, brokerOffset, consumerOffset: 4, clientInfo: '10.0.0.1@7', lastTimestamp: 1 });
  const info: TopicConsumerInfo = { topic: 't', diffTotal: 0, lastTimestamp: 1, queueStatInfoList: [row(0, 10), row(1, 10), row(0, 99)] };
  const again: TopicConsumerInfo = { topic: 't', diffTotal: 0, lastTimestamp: 1, queueStatInfoList: [row(0, 50), row(1, 50)] };
  const s = buildSnapshot(result([
    { topic: 't', group: 'g', queues: queueBlock(info.queueStatInfoList), observedAt: OBSERVED_AT },
    { topic: 't', group: 'g', queues: queueBlock(again.queueStatInfoList), observedAt: OBSERVED_AT },
  ], undefined), undefined, 1000);
  assert.deepEqual(s.anomalies, { negative_diff: 0, unknown_offset: 0, impossible_number: 0, failed_stats: 0, duplicate: 3 });
  assert.deepEqual([...s.rows].map((r) => [r.queueId, r.lag]), [[0, 6], [1, 6]]);
  assert.deepEqual([asRecord(s.rollups.byGroup), asRecord(s.rollups.byTopic)], [{ g: 12 }, { t: 12 }]);
  assert.deepEqual(s.brokerOffsets.map((b) => b.offset), [10, 10]);
});

test('a row with an impossible number (NaN from the validator) is left out of every family and sum, and counted', () => {
  const info: TopicConsumerInfo = {
    topic: 't', diffTotal: 0, lastTimestamp: 1, queueStatInfoList: [
      { brokerName: 'broker-a', queueId: 0, brokerOffset: NaN, consumerOffset: 4, clientInfo: null, lastTimestamp: 1 },
      { brokerName: 'broker-a', queueId: NaN, brokerOffset: 10, consumerOffset: 4, clientInfo: null, lastTimestamp: 1 },
      { brokerName: 'broker-a', queueId: 2, brokerOffset: 10, consumerOffset: NaN, clientInfo: null, lastTimestamp: 1 },
      { brokerName: 'broker-a', queueId: 3, brokerOffset: 10, consumerOffset: 4, clientInfo: null, lastTimestamp: 1 },
    ],
  };
  const s = buildSnapshot(result([{ topic: 't', group: 'g', queues: queueBlock(info.queueStatInfoList), observedAt: OBSERVED_AT }], undefined), undefined, 1000);
  assert.deepEqual(s.anomalies, { negative_diff: 0, unknown_offset: 0, impossible_number: 3, failed_stats: 0, duplicate: 0 });
  assert.deepEqual([...s.rows].map((r) => [r.queueId, r.lag]), [[3, 6]]);
  assert.deepEqual([asRecord(s.rollups.byGroup), s.brokerOffsets.map((b) => [b.queueId, b.offset])], [{ g: 6 }, [[3, 10]]]);
});

/** A queue row of broker-a, unassigned, its last consumed message stored at 1 (ms). */
function row(queueId: number, brokerOffset: number, consumerOffset: number): QueueStatInfo {
  return { brokerName: 'broker-a', queueId, brokerOffset, consumerOffset, clientInfo: null, lastTimestamp: 1 };
}

function observed(topic: string, group: string, rows: readonly QueueStatInfo[], observedAt = OBSERVED_AT): Observation {
  return { topic, group, queues: queueBlock(rows), observedAt };
}

test('an offset of -1 (the broker\'s "unknown"), consumer\'s or broker\'s: the row is left out of every family and sum, counted as unknown_offset and per topic and group', () => {
  const s = buildSnapshot(result([observed('t', 'g', [row(0, 10, -1), row(1, -1, 4), row(2, 10, 4)])], undefined), undefined, 1000);
  assert.deepEqual(s.anomalies, { negative_diff: 0, unknown_offset: 2, impossible_number: 0, failed_stats: 0, duplicate: 0 });
  assert.deepEqual([...s.rows].map((r) => [r.queueId, r.brokerOffset, r.consumerOffset, r.lag]), [[2, 10, 4, 6]]);
  assert.deepEqual([asRecord(s.rollups.byGroup), asRecord(s.rollups.byTopic), asRecord(s.rollups.byTopicGroup)], [{ g: 6 }, { t: 6 }, { 't/g': 6 }]);
  assert.deepEqual([asRecord(s.rollups.byBroker), asRecord(s.rollups.byQueue), asRecord(s.rollups.byClient)], [{ 'broker-a': 6 }, { 'broker-a/2': 6 }, { '/': 6 }]);
  assert.deepEqual(asRecord(s.rollups.unknownByTopicGroup), { 't/g': 2 });
  // Neither -1 nor the rows that hold one is a broker offset: queue 0's 10 stands beside a consumer offset unknown.
  assert.deepEqual(s.brokerOffsets.map((b) => [b.queueId, b.offset]), [[2, 10]]);
  assert.equal(s.groups.find((g) => g.group === 'g')?.lag, 6);
});

test('an answer whose every row has an unknown offset: all of them counted for its topic and group, the group\'s other topics summed alone', () => {
  const s = buildSnapshot(result([
    observed('t1', 'g', [row(0, 10, -1), row(1, 12, -1)]),
    observed('t2', 'g', [row(0, 30, 25)]),
  ], undefined), undefined, 1000);
  assert.deepEqual(s.anomalies, { negative_diff: 0, unknown_offset: 2, impossible_number: 0, failed_stats: 0, duplicate: 0 });
  assert.deepEqual([asRecord(s.rollups.byGroup), asRecord(s.rollups.byTopicGroup)], [{ g: 5 }, { 't2/g': 5 }]);
  assert.deepEqual(asRecord(s.rollups.unknownByTopicGroup), { 't1/g': 2 });
});

test('failed stats (an answer with no row): counted once per topic and group, marked unknown with the queues the walk saw of its topic, never a smaller sum', () => {
  const broadcast: GroupConsumeInfo = {
    group: 'b', version: null, count: 1, consumeType: 'CONSUME_PASSIVELY', messageModel: 'BROADCASTING', consumeTps: 0, diffTotal: -1, address: null, subGroupType: null,
  };
  const walk = (observedAt: number) => result([
    // g's stats failed on t1 (before the rows that show t1's queues), and on its retry topic, whose queues nobody shows.
    observed('t1', 'g', [], observedAt),
    observed('t2', 'g', [row(0, 30, 25), row(1, 40, 38)], observedAt),
    observed('%RETRY%g', 'g', [], observedAt),
    observed('t1', 'h', [row(0, 10, 9), row(1, 10, 7), { ...row(0, 10, 10), brokerName: 'broker-b' }], observedAt),
    // Only failed stats: no lag, no status of its own.
    observed('t1', 'f', [], observedAt),
    // A broadcast group has no lag to miss.
    observed('t1', 'b', [], observedAt),
  ], [broadcast]);
  const history = new GroupHistory(10_000);
  buildSnapshot(walk(OBSERVED_AT), history, 1000);
  const s = buildSnapshot({ ...walk(OBSERVED_AT + 15_000), startedAt: OBSERVED_AT + 14_000 }, history, 1000);
  assert.deepEqual(s.anomalies, { negative_diff: 0, unknown_offset: 0, impossible_number: 0, failed_stats: 3, duplicate: 0 });
  assert.deepEqual(asRecord(s.rollups.byGroup), { g: 5 + 2, h: 1 + 3 }, "g's figure is exactly its good topic's");
  assert.deepEqual(asRecord(s.rollups.byTopicGroup), { 't2/g': 7, 't1/h': 4 });
  assert.deepEqual(asRecord(s.rollups.byTopic), { t2: 7, t1: 4 });
  assert.deepEqual(asRecord(s.rollups.unknownByTopicGroup), { 't1/g': 3, '%RETRY%g/g': 1, 't1/f': 3 });
  const status = Object.fromEntries(s.groups.map((g) => [g.group, g.status]));
  // g's lag is only partly known: neither caught up nor a trend can be told; h's whole lag is known.
  assert.deepEqual(status, { g: 'unknown', h: 'stopped', f: 'unknown', b: 'broadcast' });
});

test('MAX_SERIES caps the per-queue rows but not the roll-ups', () => {
  const s: Snapshot = buildSnapshot(result(orderTopic, groupList), undefined, 5);
  assert.equal(s.rows.length, 5);
  assert.equal(s.rowsDropped, 11);
  assert.deepEqual(asRecord(s.rollups.byGroup), { order_consumer_group: 1908, order_audit_group: 198782 });
});

test('broker offsets are one per topic queue, whatever the number of groups', () => {
  const s = buildSnapshot(result(orderTopic, groupList), undefined, 1000);
  assert.equal(s.brokerOffsets.length, 8);
  assert.deepEqual(s.brokerOffsets.find((b) => b.broker === 'broker-b' && b.queueId === 3), { topic: 'order_topic', broker: 'broker-b', queueId: 3, offset: 1203402 });
});

test('a group the console counts no consumer of while its offsets move (behind a 5.x proxy): online clients unknown, not 0', () => {
  const group = (name: string): GroupConsumeInfo => ({
    group: name, version: null, count: 0, consumeType: 'CONSUME_POP', messageModel: 'CLUSTERING', consumeTps: 0, diffTotal: -1, address: null, subGroupType: 'NORMAL',
  });
  const walk = result([observed('t', 'moving', [row(0, 30, 25)], OBSERVED_AT), observed('t', 'idle', [row(0, 30, 25)], OBSERVED_AT)], [group('moving'), group('idle')]);
  const s = buildSnapshot({ ...walk, advanced: new Set(['moving']) }, undefined, 1000);
  assert.deepEqual(s.groups.map((g) => [g.group, g.onlineClients, g.consumeType]), [['moving', undefined, 'CONSUME_POP'], ['idle', 0, 'CONSUME_POP']]);
});

test('a group with an unknown part of its lag is unknown, not ok at lag 0; a proxied group that moved stays of unknown size over the window', () => {
  const history = new GroupHistory(60_000);
  const info: GroupConsumeInfo = {
    group: 'g', version: null, count: 0, consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeTps: 0, diffTotal: -1, address: null, subGroupType: 'NORMAL',
  };
  // t1 is caught up; t2's only row has an unknown consumer offset.
  const walk = (at: number, consumed: number, advanced: boolean) => ({
    ...result([observed('t1', 'g', [row(0, consumed, consumed)], at), observed('t2', 'g', [row(0, 5000, -1)], at)], [info]),
    startedAt: at - 1000, advanced: new Set(advanced ? ['g'] : []),
  });
  const statuses: [string, number | undefined][] = [];
  for (const [i, consumed, advanced] of [[0, 10, false], [1, 20, true], [2, 20, false], [3, 20, false], [4, 20, false], [5, 20, false], [6, 20, false]] as const) {
    const s = buildSnapshot(walk(OBSERVED_AT + i * 15_000, consumed, advanced), history, 1000);
    const g = s.groups.find((x) => x.group === 'g');
    statuses.push([g?.status ?? '', g?.onlineClients]);
  }
  // Moved between walks 0 and 1: no consumer the console can see, yet its offsets moved; of unknown size while that
  // move is within the 60 s window (walks 1 to 4, the window reaching back to walk 0), then 0 as the console says.
  assert.deepEqual(statuses, [['unknown', 0], ['unknown', undefined], ['unknown', undefined], ['unknown', undefined], ['unknown', undefined], ['unknown', 0], ['unknown', 0]]);
});
