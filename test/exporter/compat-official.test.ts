// COMPAT_OFFICIAL: the official apache/rocketmq-exporter's series, values exact against the simulator's truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicFilters, type TruthRow } from '../sim/index.js';
import { family } from '../support/exposition.js';
import { startStack } from '../support/stack.js';

const add = (table: Record<string, number>, key: string, value: number): void => {
  table[key] = (table[key] ?? 0) + value;
};

test('COMPAT_OFFICIAL=true: group_diff, group_retrydiff, consumer_offset, producer_offset, message_accumulation exact; latency in ms from the time lag', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3, flavour: 'dashboard-2.1' }, env: { COMPAT_OFFICIAL: 'true', METRIC_FAMILIES: '+queue_lag_seconds' } });
  try {
    const samples = await stack.scrape();
    const cluster = stack.sim.model.clusterName;
    const online = new Map(stack.sim.model.groups().map((g) => [g.name, g.clients.length]));
    const rows = stack.sim.truth().filter((r: TruthRow) => r.messageModel === 'CLUSTERING' && r.committed && !r.statsFailed && topicFilters.normalAndRetry(r));
    const want = { diff: {}, retry: {}, consumer: {}, producer: {}, accumulation: {} } as Record<string, Record<string, number>>;
    const queues = new Set<string>();
    for (const r of rows) {
      assert.ok(r.lag >= 0, 'no negative diff in this cluster');
      const model = `${online.get(r.group) ?? 0}/1`;
      add(r.topic.startsWith('%RETRY%') ? want.retry as Record<string, number> : want.diff as Record<string, number>, `${r.group}/${r.topic}/${model}`, r.lag);
      add(want.consumer as Record<string, number>, `${cluster}/${r.broker}/${r.topic}/${r.group}`, r.consumerOffset);
      add(want.accumulation as Record<string, number>, `${cluster}/${r.group}/${r.topic}`, r.lag);
      const queue = `${r.topic}/${r.broker}/${r.queueId}`;
      if (!queues.has(queue)) add(want.producer as Record<string, number>, `${cluster}/${r.broker}/${r.topic}`, r.brokerOffset);
      queues.add(queue);
    }
    const diffLabels = ['group', 'topic', 'countOfOnlineConsumers', 'msgModel'];
    assert.deepEqual(family(samples, 'rocketmq_group_diff', diffLabels), want.diff);
    assert.deepEqual(family(samples, 'rocketmq_group_retrydiff', diffLabels), want.retry);
    assert.deepEqual(family(samples, 'rocketmq_consumer_offset', ['cluster', 'broker', 'topic', 'group']), want.consumer);
    assert.deepEqual(family(samples, 'rocketmq_producer_offset', ['cluster', 'broker', 'topic']), want.producer);
    assert.deepEqual(family(samples, 'rocketmq_message_accumulation', ['cluster', 'group', 'topic']), want.accumulation);
    // The latency: the worst of the queues' time lags on the broker, in ms; none where one of them is unknown.
    const perQueue = family(samples, 'rocketmq_queue_lag_seconds', ['topic', 'consumerGroup', 'broker', 'queueId']);
    const latency: Record<string, number> = {};
    const unknown = new Set<string>();
    for (const r of rows) {
      const key = `${cluster}/${r.broker}/${r.topic}/${r.group}`;
      const seconds = perQueue[`${r.topic}/${r.group}/${r.broker}/${r.queueId}`];
      if (seconds === undefined) unknown.add(key);
      else latency[key] = Math.max(latency[key] ?? 0, Math.round(seconds * 1000));
    }
    for (const key of unknown) delete latency[key];
    assert.ok(Object.values(latency).some((ms) => ms > 1000), 'some group is more than a second behind');
    assert.deepEqual(family(samples, 'rocketmq_group_get_latency_by_storetime', ['cluster', 'broker', 'topic', 'group']), latency);
    // Our own per-queue offsets go by other names: no name is shared with other labels.
    assert.equal(samples.some((s) => s.name === 'rocketmq_consumer_offset' && 'consumerGroup' in s.labels), false);
  } finally {
    await stack.stop();
  }
});
