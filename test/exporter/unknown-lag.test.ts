// Unknown is not zero, end to end: a consumer group whose stats fail inside the console is answered with no queue row;
// its roll-ups are not silently smaller, they are missing and said to be, over real HTTP against the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, topicFilters, type TruthRow } from '../sim/index.js';
import { family } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, rekey, sampleValue, startStack } from '../support/stack.js';

const GROUP = 'twin_topic_group';
const RETRY = `%RETRY%${GROUP}`;

/** Two normal topics that committed clustering groups consume: the test group subscribes to them beside those. */
function twoTopics(rows: readonly TruthRow[]): [string, string] {
  const topics = [...new Set(rows.filter((r) => r.topicKind === 'normal' && r.messageModel === 'CLUSTERING' && r.committed).map((r) => r.topic))];
  const [a, b] = topics;
  assert.ok(a !== undefined && b !== undefined);
  return [a, b];
}

/** What a failed answer on `topic` hides: the queues of the topic in the other groups' rows, at least one. */
function hiddenQueues(rows: readonly TruthRow[], topic: string): number {
  const queues = new Set(rows.filter((r) => r.topic === topic && r.group !== GROUP && !r.statsFailed).map((r) => `${r.broker}/${r.queueId}`));
  return Math.max(1, queues.size);
}

const TOPIC_GROUP = ['topic', 'consumerGroup'];

// Every console version answers topic/queryConsumerByTopic.query for a group whose stats fail with an empty
// queueStatInfoList (test/sim/endpoints/lag-json.ts; docs/console-api.md): the topic walk sees the same on each.
for (const flavour of FLAVOURS) {
  test(`${flavour}, topic walk: a group of two topics whose stats fail has no lag figure, and each of its topics is marked unknown with the queues it hides`, async () => {
    const stack = await startStack({ sim: { flavour, scale: 'S', seed: 3 }, env: { ...EVERY_SCRAPE_WALKS, WALK_MODE: 'topic' } });
    try {
      const [a, b] = twoTopics(stack.sim.truth());
      stack.sim.model.addGroup({ name: GROUP, topics: [a, b] });
      const topics = [a, b, RETRY];

      // Stats that work: the group's figures are its rows', and nothing is unknown.
      const good = await stack.scrape();
      const wantGood = stack.sim.expectedRollups(undefined, topicFilters.normalAndRetry);
      assert.ok((wantGood.byGroup[GROUP] ?? 0) > 0, 'the group has lag to lose');
      assert.deepEqual(family(good, 'rocketmq_msg_diff_topic_consumergroup', TOPIC_GROUP), rekey(wantGood.byTopicGroup));
      assert.deepEqual(family(good, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']), wantGood.byGroup);
      assert.deepEqual(family(good, 'rocketmq_msg_diff_unknown_queues', TOPIC_GROUP), {});
      assert.equal(sampleValue(good, 'rocketmq_exporter_lag_anomalies', { reason: 'failed_stats' }), 0);

      stack.sim.model.setStatsFailed(GROUP, true);
      const failed = await stack.scrape();
      const truth = stack.sim.truth();
      const want = stack.sim.expectedRollups(truth, topicFilters.normalAndRetry);
      // No figure of the group's (not a 0, not a part): the others' figures exact, its topics' sums theirs alone.
      assert.deepEqual(topics.map((t) => want.byTopicGroup[`${t} ${GROUP}`]), [undefined, undefined, undefined]);
      assert.equal(want.byGroup[GROUP], undefined);
      assert.deepEqual(family(failed, 'rocketmq_msg_diff_topic_consumergroup', TOPIC_GROUP), rekey(want.byTopicGroup));
      assert.deepEqual(family(failed, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']), want.byGroup);
      assert.deepEqual(family(failed, 'rocketmq_msg_diff_topic', ['topic']), want.byTopic);
      // Each of its topics hides the queues the other groups show of it (16 each); nobody else shows its retry topic's: 1.
      const hidden = Object.fromEntries(topics.map((t) => [`${t}/${GROUP}`, hiddenQueues(truth, t)]));
      assert.deepEqual(hidden, { [`${a}/${GROUP}`]: 16, [`${b}/${GROUP}`]: 16, [`${RETRY}/${GROUP}`]: 1 });
      assert.deepEqual(family(failed, 'rocketmq_msg_diff_unknown_queues', TOPIC_GROUP), hidden);
      assert.equal(sampleValue(failed, 'rocketmq_exporter_lag_anomalies', { reason: 'failed_stats' }), topics.length);
      // With nothing known of it, its status is unknown.
      const statuses = Object.entries(family(failed, 'rocketmq_consumergroup_status', ['consumerGroup', 'status']));
      assert.deepEqual(statuses.filter(([key]) => key.startsWith(`${GROUP}/`)), [[`${GROUP}/unknown`, 1]]);
    } finally {
      await stack.stop();
    }
  });
}
