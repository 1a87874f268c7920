import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import type { WalkResult } from '../../src/lag/types.js';
import { renderLagFamilies } from '../../src/metrics/lag-families.js';
import { DEFAULT_LAG_FAMILIES, LAG_FAMILY_NAMES } from '../../src/metrics/families.js';
import { loadConfig } from '../../src/config.js';
import { NO_COST } from '../../src/lag/cost.js';
import { NOTHING_CARRIED } from '../../src/lag/types.js';
import { queueBlock } from '../../src/lag/queues.js';
import { StoreTimes } from '../../src/lag/store-times.js';

// Queue 0's first unconsumed message (100) lies between message 99, stored at 1_000_000, and message 104, at 1_005_000.
const storeTimes = new StoreTimes(0);
storeTimes.beginWalk();
storeTimes.need('pay"ments\\eu', 'broker-a', 0);
storeTimes.record('pay"ments\\eu', 'broker-a', 0, 99, 1_000_000, Infinity);
storeTimes.record('pay"ments\\eu', 'broker-a', 0, 104, 1_005_000, Infinity);

const walk: WalkResult = {
  startedAt: 1_000_000, finishedAt: 1_001_000, failures: [], flavour: 'console-2019', topicsWalked: 2, groups: undefined, carried: NOTHING_CARRIED, cost: NO_COST, groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), futureStoreTimes: 0, nameServer: undefined, clusters: undefined, storeTimes,
  observations: [
    {
      topic: 'pay"ments\\eu', group: 'g\nroup', observedAt: 1_010_000, queues: queueBlock([
          { brokerName: 'broker-a', queueId: 0, brokerOffset: 105, consumerOffset: 100, clientInfo: '10.1.1.1@42#777', lastTimestamp: 1_000_000 },
          { brokerName: 'broker-a', queueId: 1, brokerOffset: 7, consumerOffset: 7, clientInfo: null, lastTimestamp: 1_005_000 },
        ]),
    },
    {
      topic: '%RETRY%g\nroup', group: 'g\nroup', observedAt: 1_010_000, queues: queueBlock([
          { brokerName: 'broker-b', queueId: 0, brokerOffset: 3, consumerOffset: 1, clientInfo: '10.1.1.1@42#777', lastTimestamp: 0 },
        ]),
    },
  ],
};

test('every lag family renders exactly, with escaped label values and the retry backlog in the group sum', () => {
  const text = Buffer.concat(renderLagFamilies(buildSnapshot(walk, undefined, 100), 'rocketmq', new Set(LAG_FAMILY_NAMES))).toString();
  const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.deepEqual(samples, [
    'rocketmq_msg_diff_detail{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup",broker="broker-a",queueId="0",consumerClientIP="10.1.1.1",consumerClientPID="42"} 5',
    'rocketmq_msg_diff_detail{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup",broker="broker-a",queueId="1",consumerClientIP="",consumerClientPID=""} 0',
    'rocketmq_msg_diff_detail{topic="%RETRY%g\\nroup",consumerGroup="g\\nroup",broker="broker-b",queueId="0",consumerClientIP="10.1.1.1",consumerClientPID="42"} 2',
    'rocketmq_msg_diff_topic{topic="pay\\"ments\\\\eu"} 5',
    'rocketmq_msg_diff_topic{topic="%RETRY%g\\nroup"} 2',
    'rocketmq_msg_diff_consumergroup{consumerGroup="g\\nroup"} 7',
    'rocketmq_msg_diff_topic_consumergroup{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup"} 5',
    'rocketmq_msg_diff_topic_consumergroup{topic="%RETRY%g\\nroup",consumerGroup="g\\nroup"} 2',
    'rocketmq_msg_diff_broker{broker="broker-a"} 5',
    'rocketmq_msg_diff_broker{broker="broker-b"} 2',
    'rocketmq_msg_diff_queue{broker="broker-a",queueId="0"} 5',
    'rocketmq_msg_diff_queue{broker="broker-a",queueId="1"} 0',
    'rocketmq_msg_diff_queue{broker="broker-b",queueId="0"} 2',
    'rocketmq_msg_diff_clientinfo{consumerClientIP="10.1.1.1",consumerClientPID="42"} 7',
    'rocketmq_msg_diff_clientinfo{consumerClientIP="",consumerClientPID=""} 0',
    'rocketmq_queue_lag_seconds{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup",broker="broker-a",queueId="0"} 9',
    'rocketmq_queue_lag_seconds{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup",broker="broker-a",queueId="1"} 0',
    'rocketmq_consumergroup_topic_max_lag_seconds{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup"} 9',
    'rocketmq_consumergroup_max_lag_seconds{consumerGroup="g\\nroup"} 9',
    // The retry queue's time lag is unknown (offset 1, no store time of message 0): counted, and no upper bound for the group.
    'rocketmq_consumergroup_time_lag_unknown_queues{consumerGroup="g\\nroup"} 1',
    'rocketmq_consumergroup_max_lag_lower_bound_seconds{consumerGroup="g\\nroup"} 5',
    'rocketmq_queue_consumer_offset{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup",broker="broker-a",queueId="0"} 100',
    'rocketmq_queue_consumer_offset{topic="pay\\"ments\\\\eu",consumerGroup="g\\nroup",broker="broker-a",queueId="1"} 7',
    'rocketmq_queue_consumer_offset{topic="%RETRY%g\\nroup",consumerGroup="g\\nroup",broker="broker-b",queueId="0"} 1',
    'rocketmq_queue_broker_offset{topic="pay\\"ments\\\\eu",broker="broker-a",queueId="0"} 105',
    'rocketmq_queue_broker_offset{topic="pay\\"ments\\\\eu",broker="broker-a",queueId="1"} 7',
    'rocketmq_queue_broker_offset{topic="%RETRY%g\\nroup",broker="broker-b",queueId="0"} 3',
    'rocketmq_consumergroup_info{consumerGroup="g\\nroup",messageModel="UNKNOWN",consumeType="UNKNOWN",version=""} 1',
    'rocketmq_consumergroup_online_clients{consumerGroup="g\\nroup"} 1',
    'rocketmq_consumergroup_status{consumerGroup="g\\nroup",status="unknown"} 1',
  ]);
});

test('the default set: the seven msg_diff families, the group status, its worst time lag and online clients', () => {
  const text = Buffer.concat(renderLagFamilies(buildSnapshot(walk, undefined, 100), 'mq', DEFAULT_LAG_FAMILIES)).toString();
  const names = [...new Set(text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.slice(0, l.indexOf('{'))))];
  assert.deepEqual(names, [
    'mq_msg_diff_detail', 'mq_msg_diff_topic', 'mq_msg_diff_consumergroup', 'mq_msg_diff_topic_consumergroup', 'mq_msg_diff_broker',
    'mq_msg_diff_queue', 'mq_msg_diff_clientinfo', 'mq_consumergroup_max_lag_seconds', 'mq_consumergroup_time_lag_unknown_queues', 'mq_consumergroup_online_clients',
    'mq_consumergroup_status',
  ]);
  assert.match(text, /^mq_consumergroup_status\{consumerGroup="g\\nroup",status="unknown"\} 1$/m, 'one walk: too early to tell');
});

test('without msg_diff_detail every per-queue family is gone and the roll-ups stay', () => {
  const text = Buffer.concat(renderLagFamilies(buildSnapshot(walk, undefined, 100), 'mq', loadConfig({ METRIC_FAMILIES: '-msg_diff_detail' }).metricFamilies)).toString();
  for (const family of ['mq_msg_diff_detail', 'mq_queue_lag_seconds', 'mq_consumer_offset', 'mq_broker_offset']) {
    assert.equal(text.includes(family + '{'), false, family);
  }
  assert.match(text, /^mq_msg_diff_consumergroup\{consumerGroup="g\\nroup"\} 7$/m);
});

test('MAX_SERIES caps the per-queue families only: the roll-ups still count every row', () => {
  const text = Buffer.concat(renderLagFamilies(buildSnapshot(walk, undefined, 1), 'rocketmq', new Set(LAG_FAMILY_NAMES))).toString();
  const lines = (name: string) => text.split('\n').filter((l) => l.startsWith(`rocketmq_${name}{`));
  assert.equal(lines('msg_diff_detail').length, 1);
  assert.equal(lines('queue_consumer_offset').length, 1);
  assert.deepEqual(lines('msg_diff_queue'), [
    'rocketmq_msg_diff_queue{broker="broker-a",queueId="0"} 5',
    'rocketmq_msg_diff_queue{broker="broker-a",queueId="1"} 0',
    'rocketmq_msg_diff_queue{broker="broker-b",queueId="0"} 2',
  ]);
  assert.deepEqual(lines('msg_diff_consumergroup'), ['rocketmq_msg_diff_consumergroup{consumerGroup="g\\nroup"} 7']);
});
