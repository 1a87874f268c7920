import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeTopicConsumerInfos } from '../../src/console/merge-topics.js';
import type { TopicConsumerInfo } from '../../src/console/types.js';
import { validateEnvelope, validateTopicConsumerInfoList } from '../../src/console/validate.js';
import { consoleFixture } from '../support/fixtures.js';

function infosOf(name: string): TopicConsumerInfo[] {
  return validateTopicConsumerInfoList(validateEnvelope(consoleFixture(name)).data);
}

test('dashboard 2.1 per-broker entries merge into one per topic (order_topic: 8 queues, diffTotal 1908)', () => {
  const merged = mergeTopicConsumerInfos([infosOf('consumer-queryTopicByConsumer.query.dashboard-2.1.json')]);
  assert.deepEqual(merged.map((i) => i.topic), ['%RETRY%order_consumer_group', 'order_topic']);
  const order = merged[1];
  assert.equal(order?.queueStatInfoList.length, 8);
  assert.equal(order?.diffTotal, 1908);
  assert.equal(order?.lastTimestamp, 1718102345300);
  assert.equal(merged[0]?.diffTotal, 2);
  assert.equal(merged[0]?.queueStatInfoList.length, 2);
  // The same as what a console that asks every broker itself answers.
  assert.deepEqual(merged, infosOf('consumer-queryTopicByConsumer.query.json'));
});

test('answers of one call per broker address merge; a queue seen twice counts once', () => {
  const whole = infosOf('consumer-queryTopicByConsumer.query.json');
  const brokerA = whole.map((i) => ({ ...i, queueStatInfoList: i.queueStatInfoList.filter((q) => q.brokerName === 'broker-a') }));
  const brokerB = whole.map((i) => ({ ...i, queueStatInfoList: i.queueStatInfoList.filter((q) => q.brokerName === 'broker-b') }));
  const merged = mergeTopicConsumerInfos([brokerA, brokerB, brokerA]);
  assert.equal(merged[1]?.queueStatInfoList.length, 8);
  assert.equal(merged[1]?.diffTotal, 1908);
  assert.deepEqual(merged, whole);
});

test('a single answer with distinct topics comes back as sent', () => {
  const whole = infosOf('consumer-queryTopicByConsumer.query.json');
  const merged = mergeTopicConsumerInfos([whole]);
  assert.deepEqual(merged, whole);
  assert.equal(merged[0], whole[0]);
  assert.deepEqual(mergeTopicConsumerInfos([]), []);
});
