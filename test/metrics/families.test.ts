import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_LABELS, HEALTH_FAMILIES, helpOf, LAG_FAMILIES, QUEUE_LABELS, type Family } from '../../src/metrics/families.js';

const ALL: readonly Family[] = [...Object.values(LAG_FAMILIES), ...Object.values(HEALTH_FAMILIES)];

test('every family has a distinct valid metric name, and counters alone end in _total', () => {
  const names = ALL.map((f) => f.name);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'no name twice');
  assert.deepEqual(ALL.filter((f) => !/^[a-z_][a-z0-9_]*$/.test(f.name)).map((f) => f.name), []);
  assert.deepEqual(ALL.filter((f) => f.name.endsWith('_total') !== (f.type === 'counter')).map((f) => f.name), []);
});

test('units: a family named _seconds is in seconds, and every family in seconds is named so', () => {
  assert.deepEqual(ALL.filter((f) => f.name.endsWith('_seconds') !== (f.unit === 'seconds')).map((f) => f.name), []);
});

test('labels are valid, distinct, and no family reuses a name the RocketMQ 5 broker exports', () => {
  for (const f of ALL) {
    assert.deepEqual(f.labels.filter((l) => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(l) || l.startsWith('__')), [], f.name);
    assert.equal(new Set(f.labels).size, f.labels.length, f.name);
  }
  assert.deepEqual(ALL.filter((f) => f.name.startsWith('consumer_lag_')).map((f) => f.name), []);
});

test('per-queue families start with the queue labels, and msg_diff_detail adds the owning client', () => {
  const perQueue = ALL.filter((f) => f.perQueue);
  assert.deepEqual(perQueue.map((f) => f.name), ['msg_diff_detail', 'queue_lag_seconds', 'queue_consumer_offset', 'queue_broker_offset']);
  assert.deepEqual(LAG_FAMILIES.detail.labels, [...QUEUE_LABELS, ...CLIENT_LABELS]);
  for (const f of [LAG_FAMILIES.queueLagSeconds, LAG_FAMILIES.consumerOffset]) assert.deepEqual(f.labels, QUEUE_LABELS);
  assert.deepEqual(HEALTH_FAMILIES.consoleRequests.perQueue, false);
});

test('the seven hepyu families keep their names and label names, in order', () => {
  const f = LAG_FAMILIES;
  assert.deepEqual([f.detail, f.topic, f.group, f.topicGroup, f.broker, f.queue, f.client].map((x) => [x.name, x.labels.join(',')]), [
    ['msg_diff_detail', 'topic,consumerGroup,broker,queueId,consumerClientIP,consumerClientPID'],
    ['msg_diff_topic', 'topic'],
    ['msg_diff_consumergroup', 'consumerGroup'],
    ['msg_diff_topic_consumergroup', 'topic,consumerGroup'],
    ['msg_diff_broker', 'broker'],
    ['msg_diff_queue', 'broker,queueId'],
    ['msg_diff_clientinfo', 'consumerClientIP,consumerClientPID'],
  ]);
});

test('HELP is the help and the unit in parentheses; info and flag families have none', () => {
  assert.equal(helpOf(LAG_FAMILIES.broker), 'Unconsumed messages on a broker, summed over topics, groups and queues (messages).');
  assert.equal(helpOf(HEALTH_FAMILIES.buildInfo), 'Exporter version and Node.js runtime; always 1.');
  assert.deepEqual(ALL.filter((f) => f.help.endsWith('.') || f.help.includes('\n')).map((f) => f.name), []);
});
