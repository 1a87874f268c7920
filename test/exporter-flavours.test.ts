import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, topicFilters } from './sim/index.js';
import { family } from './support/exposition.js';
import { detail, expectedDetail, rekey, sampleValue, startStack } from './support/stack.js';

for (const flavour of FLAVOURS) {
  for (const walk of ['topic', 'group'] as const) {
    test(`${flavour}, ${walk} walk: every lag family equals the simulator's truth`, async () => {
      const stack = await startStack({ sim: { flavour, scale: 'S', seed: 7 }, env: { WALK_MODE: walk } });
      try {
        const samples = await stack.scrape();
        const truth = stack.sim.truth();
        const want = stack.sim.expectedRollups(truth, topicFilters.normalAndRetry);
        assert.deepEqual(detail(samples), expectedDetail(truth));
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_topic', ['topic']), want.byTopic);
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']), want.byGroup);
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_topic_consumergroup', ['topic', 'consumerGroup']), rekey(want.byTopicGroup));
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_broker', ['broker']), want.byBroker);
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_queue', ['broker', 'queueId']), rekey(want.byQueue));
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_clientinfo', ['consumerClientIP', 'consumerClientPID']), rekey(want.byClient));
        assert.equal(sampleValue(samples, 'rocketmq_exporter_console_reachable'), 1);
        assert.equal(samples.some((s) => s.name === 'rocketmq_exporter_walk_failures'), false, 'no failed console call');
      } finally {
        await stack.stop();
      }
    });
  }
}
