import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, topicFilters } from '../sim/index.js';
import { family } from '../support/exposition.js';
import { detail, expectedDetail, rekey, sampleValue, startStack } from '../support/stack.js';

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

test('a console under a context path, behind login', async () => {
  const login = { username: 'ops', password: 'ctx-Passw0rd-9' };
  const stack = await startStack({
    sim: { flavour: 'dashboard-2.1', scale: 'S', seed: 7, contextPath: '/rocketmq-console', login },
    env: { ROCKETMQ_CONSOLE_USERNAME: login.username, ROCKETMQ_CONSOLE_PASSWORD: login.password },
  });
  try {
    assert.match(stack.sim.url, /\/rocketmq-console$/);
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
  }
});

test('MAX_SERIES caps the per-queue families, says how many were dropped, and keeps the roll-ups whole', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 7 }, env: { MAX_SERIES: '10' } });
  try {
    const samples = await stack.scrape();
    const all = Object.keys(expectedDetail(stack.sim.truth())).length;
    assert.equal(Object.keys(detail(samples)).length, 10);
    assert.equal(sampleValue(samples, 'rocketmq_exporter_series_dropped'), all - 10);
    const want = stack.sim.expectedRollups(undefined, topicFilters.normalAndRetry);
    assert.deepEqual(family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']), want.byGroup);
    assert.ok(stack.logs.some((l) => l.level === 'warn' && /MAX_SERIES/.test(l.msg)));
  } finally {
    await stack.stop();
  }
});
