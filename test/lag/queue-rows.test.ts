import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueRows } from '../../src/lag/queue-rows.js';
import { CAUGHT_UP, UNKNOWN_TIME_LAG } from '../../src/lag/store-times.js';

function filled(served: number): QueueRows {
  const rows = new QueueRows(3, served);
  rows.add('orders', 'billing', 'broker-a', 0, 105, 100, 5, '10.1.1.1', '42', { seconds: 1.5, lower: 0.5, upper: 2 });
  rows.add('orders', 'billing', 'broker-b', 7, 9, 9, 0, '', '', CAUGHT_UP);
  rows.add('%RETRY%billing', 'billing', 'broker-a', 1, 3, 1, 2, '10.1.1.1', '42', UNKNOWN_TIME_LAG);
  return rows;
}

test('rows column by column: each row back exactly as added, in order', () => {
  const rows = filled(10);
  assert.equal(rows.length, 3);
  assert.equal(rows.total, 3);
  assert.deepEqual([...rows][1], {
    topic: 'orders', group: 'billing', broker: 'broker-b', queueId: 7, brokerOffset: 9, consumerOffset: 9, lag: 0,
    clientIp: '', clientPid: '', timeLag: { seconds: 0, lower: 0, upper: 0 },
  });
  assert.deepEqual([rows.topic(2), rows.queueId(2), rows.consumerOffset(2), rows.lag(2), rows.lagSeconds(2)], ['%RETRY%billing', 1, 1, 2, NaN]);
  assert.deepEqual([rows.lagSeconds(0), rows.lagSecondsLower(0), rows.lagSecondsUpper(0)], [1.5, 0.5, 2]);
});

test('MAX_SERIES: the rows past it are kept for the roll-ups, not served', () => {
  const rows = filled(2);
  assert.equal(rows.length, 2);
  assert.equal(rows.total, 3);
  assert.deepEqual([...rows].map((r) => r.broker), ['broker-a', 'broker-b']);
  assert.equal(rows.at(2).lag, 2);
});

test('more rows than announced is a defect, said at once', () => {
  const rows = filled(3);
  assert.throws(() => rows.add('t', 'g', 'b', 0, 0, 0, 0, '', '', CAUGHT_UP), /more rows than the 3 announced/);
});
