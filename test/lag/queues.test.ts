import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueStatInfo } from '../../src/console/types.js';
import { BROKER_OFFSET, CONSUMER_OFFSET, LAST_TIMESTAMP, QUEUE_ID, queueBlock, QueueMap, STRIDE, type QueueBlock } from '../../src/lag/queues.js';

/** Row i of a block, as the console gave it. */
function rowOf(block: QueueBlock, i: number): QueueStatInfo {
  const n = (field: number) => block.numbers[i * STRIDE + field] ?? NaN;
  return {
    brokerName: block.brokers[i] ?? '', queueId: n(QUEUE_ID), brokerOffset: n(BROKER_OFFSET), consumerOffset: n(CONSUMER_OFFSET),
    clientInfo: block.clients[i] ?? null, lastTimestamp: n(LAST_TIMESTAMP),
  };
}

const rows: QueueStatInfo[] = [
  { brokerName: 'broker-a', queueId: 0, brokerOffset: 105, consumerOffset: 100, clientInfo: '10.1.1.1@42#777', lastTimestamp: 1_718_099_078_097 },
  { brokerName: 'broker-a', queueId: 1, brokerOffset: 2 ** 53 - 1, consumerOffset: 7, clientInfo: null, lastTimestamp: 0 },
  { brokerName: 'broker-b', queueId: 3, brokerOffset: 3, consumerOffset: NaN, clientInfo: '10.1.1.1@42#777', lastTimestamp: 5 },
];

test('an answer\'s rows as columns: numbers four to a row in console order, names per row, unassigned queues null', () => {
  const block = queueBlock(rows);
  assert.equal(block.length, 3);
  assert.equal(STRIDE, 4);
  assert.deepEqual([...block.numbers.subarray(STRIDE, 2 * STRIDE)], [1, 2 ** 53 - 1, 7, 0]);
  assert.deepEqual([QUEUE_ID, BROKER_OFFSET, CONSUMER_OFFSET, LAST_TIMESTAMP].map((f) => block.numbers[2 * STRIDE + f]), [3, 3, NaN, 5]);
  assert.deepEqual(block.brokers, ['broker-a', 'broker-a', 'broker-b']);
  assert.deepEqual(block.clients, ['10.1.1.1@42#777', null, '10.1.1.1@42#777']);
  assert.deepEqual(rows.map((_, i) => rowOf(block, i)), rows);
});

test('an empty answer is an empty block', () => {
  const block = queueBlock([]);
  assert.equal(block.length, 0);
  assert.equal(block.numbers.length, 0);
});

test('QueueMap: a value per (topic, broker, queue id), counted per topic and in all, and forgotten by a test of the value', () => {
  const map = new QueueMap<number>();
  map.set('orders', 'broker-a', 0, 10);
  map.set('orders', 'broker-a', 1, 11);
  map.set('orders', 'broker-b', 0, 20);
  map.set('orders', 'broker-b', 0, 21);
  map.set('payments', 'broker-a', 0, 30);
  assert.deepEqual([map.size, map.queuesOf('orders'), map.queuesOf('payments'), map.queuesOf('none')], [4, 3, 1, 0]);
  assert.deepEqual([map.get('orders', 'broker-b', 0), map.get('orders', 'broker-b', 1), map.get('payments', 'broker-b', 0)], [21, undefined, undefined]);
  const forgotten: number[] = [];
  map.retain((value) => value % 2 === 0, (value) => forgotten.push(value));
  assert.deepEqual(forgotten, [11, 21]);
  assert.deepEqual([map.size, map.queuesOf('orders'), map.get('orders', 'broker-a', 0), map.get('payments', 'broker-a', 0)], [2, 1, 10, 30]);
  map.retain(() => false, () => undefined);
  assert.deepEqual([map.size, map.queuesOf('orders'), map.queuesOf('payments')], [0, 0, 0]);
});
