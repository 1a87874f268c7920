import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_COST } from '../../src/lag/cost.js';
import { queueBlock } from '../../src/lag/queues.js';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import { StoreTimes } from '../../src/lag/store-times.js';
import { NOTHING_CARRIED, type Observation, type WalkResult } from '../../src/lag/types.js';
import type { GroupConsumeInfo, QueueStatInfo } from '../../src/console/types.js';
import { renderLagFamilies } from '../../src/metrics/lag-families.js';

const AT = 1_010_000;
// Queue 0 of orders on broker-a: its first unconsumed message (100) was stored 5 s before the walk; the others are
// caught up, but for broker-b's queue 1, whose next message has no store time known on its upper side.
const storeTimes = new StoreTimes(0);
storeTimes.beginWalk();
storeTimes.need('orders', 'broker-a', 0);
storeTimes.record('orders', 'broker-a', 0, 99, AT - 5_000, Infinity);
storeTimes.record('orders', 'broker-a', 0, 100, AT - 5_000, Infinity);

const row = (brokerName: string, queueId: number, brokerOffset: number, consumerOffset: number, lastTimestamp = AT - 1000): QueueStatInfo =>
  ({ brokerName, queueId, brokerOffset, consumerOffset, clientInfo: null, lastTimestamp });
const observed = (topic: string, group: string, rows: QueueStatInfo[]): Observation => ({ topic, group, queues: queueBlock(rows), observedAt: AT });
const info = (group: string, count: number): GroupConsumeInfo => ({
  group, version: null, count, consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeTps: 0, diffTotal: 0, address: null, subGroupType: 'NORMAL',
});

const walk: WalkResult = {
  startedAt: AT - 1000, finishedAt: AT, failures: [], flavour: 'dashboard-2.1', topicsWalked: 3, carried: NOTHING_CARRIED, cost: NO_COST,
  groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), futureStoreTimes: 0, nameServer: '10.0.0.5:9876', storeTimes,
  // Two clusters: broker-a in east, broker-b in west (the official exporter would label both with one cluster).
  clusters: { clusters: ['east', 'west'], brokers: ['broker-a', 'broker-b'], addresses: 2, clusterOf: new Map([['broker-a', 'east'], ['broker-b', 'west']]) },
  groups: new Map([['g', info('g', 2)], ['h', info('h', 1)]]),
  observations: [
    observed('orders', 'g', [row('broker-a', 0, 105, 100, AT - 5_000), row('broker-a', 1, 50, 50), row('broker-b', 0, 30, 30)]),
    observed('%RETRY%g', 'g', [row('broker-a', 0, 4, 4)]),
    // h on orders: one row with a negative diff, so its orders figures are unknown; its own retry topic is known.
    observed('orders', 'h', [row('broker-a', 0, 105, 106), row('broker-b', 0, 30, 20)]),
    observed('%RETRY%h', 'h', [row('broker-b', 0, 9, 6)]),
  ],
};

test('COMPAT_OFFICIAL: the official families, labels and order, values from the known rows, each broker in its own cluster', () => {
  const snapshot = buildSnapshot(walk, undefined, 100);
  const text = Buffer.concat(renderLagFamilies(snapshot, 'rocketmq', new Set(['msg_diff_topic']), true)).toString();
  const compat = text.split('\n').filter((l) => /^rocketmq_(group_|consumer_offset|producer_offset|message_accumulation)/.test(l));
  assert.deepEqual(compat, [
    'rocketmq_group_diff{group="g",topic="orders",countOfOnlineConsumers="2",msgModel="1"} 5',
    'rocketmq_group_retrydiff{group="g",topic="%RETRY%g",countOfOnlineConsumers="2",msgModel="1"} 0',
    'rocketmq_group_retrydiff{group="h",topic="%RETRY%h",countOfOnlineConsumers="1",msgModel="1"} 3',
    'rocketmq_consumer_offset{cluster="east",broker="broker-a",topic="orders",group="g"} 150',
    'rocketmq_consumer_offset{cluster="west",broker="broker-b",topic="orders",group="g"} 30',
    'rocketmq_consumer_offset{cluster="east",broker="broker-a",topic="%RETRY%g",group="g"} 4',
    'rocketmq_consumer_offset{cluster="west",broker="broker-b",topic="%RETRY%h",group="h"} 6',
    'rocketmq_producer_offset{cluster="east",broker="broker-a",topic="orders"} 155',
    'rocketmq_producer_offset{cluster="west",broker="broker-b",topic="orders"} 30',
    'rocketmq_producer_offset{cluster="east",broker="broker-a",topic="%RETRY%g"} 4',
    'rocketmq_producer_offset{cluster="west",broker="broker-b",topic="%RETRY%h"} 9',
    'rocketmq_group_get_latency_by_storetime{cluster="east",broker="broker-a",topic="orders",group="g"} 5000',
    'rocketmq_group_get_latency_by_storetime{cluster="west",broker="broker-b",topic="orders",group="g"} 0',
    'rocketmq_group_get_latency_by_storetime{cluster="east",broker="broker-a",topic="%RETRY%g",group="g"} 0',
    'rocketmq_message_accumulation{cluster="east",group="g",topic="orders"} 5',
    'rocketmq_message_accumulation{cluster="west",group="g",topic="orders"} 0',
    'rocketmq_message_accumulation{cluster="east",group="g",topic="%RETRY%g"} 0',
    'rocketmq_message_accumulation{cluster="west",group="h",topic="%RETRY%h"} 3',
  ]);
  assert.match(text, /# HELP rocketmq_group_get_latency_by_storetime .*\(milliseconds\)\.\n# TYPE rocketmq_group_get_latency_by_storetime gauge/);
});

test('COMPAT_OFFICIAL off: none of the official families; the names keep theirs whatever METRICS_PREFIX', () => {
  const snapshot = buildSnapshot(walk, undefined, 100);
  assert.doesNotMatch(Buffer.concat(renderLagFamilies(snapshot, 'rocketmq', new Set(['msg_diff_topic']))).toString(), /group_diff|producer_offset/);
  const prefixed = Buffer.concat(renderLagFamilies(snapshot, 'mq', new Set(['msg_diff_topic']), true)).toString();
  assert.match(prefixed, /^mq_msg_diff_topic\{topic="orders"\} 15$/m);
  assert.match(prefixed, /^rocketmq_group_diff\{group="g",topic="orders",countOfOnlineConsumers="2",msgModel="1"\} 5$/m);
});
