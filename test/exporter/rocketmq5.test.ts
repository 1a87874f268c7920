// RocketMQ 5 (the simulator's S5 cluster): groups whose consumers sit behind a proxy, unseen by the console, and POP
// groups that own no queue and retry per topic. Exact truth, as on every other cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { popRetryTopicOf, topicFilters, type ConsumerGroup, type Simulator } from '../sim/index.js';
import { family } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, rekey, sampleValue, startStack } from '../support/stack.js';

const SIM = { scale: 'S5', seed: 1 } as const;

function rocketmq5Groups(sim: Simulator): { behindProxy: ConsumerGroup[]; pop: ConsumerGroup[] } {
  const groups = sim.model.groups().filter((g) => !g.system);
  return { behindProxy: groups.filter((g) => g.behindProxy), pop: groups.filter((g) => g.consumeType === 'CONSUME_POP') };
}

for (const flavour of ['dashboard-2.1', 'dashboard-2.0'] as const) {
  for (const walk of ['group', 'topic'] as const) {
    test(`${flavour}, ${walk} walk, S5: every lag family equals the truth; POP retry topics are their group's, no group is made up of one`, async () => {
      const stack = await startStack({ sim: { ...SIM, flavour }, env: { WALK_MODE: walk } });
      try {
        const samples = await stack.scrape();
        const truth = stack.sim.truth();
        const want = stack.sim.expectedRollups(truth, topicFilters.normalAndRetry);
        assert.deepEqual(detail(samples), expectedDetail(truth));
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_topic_consumergroup', ['topic', 'consumerGroup']), rekey(want.byTopicGroup));
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']), want.byGroup);
        assert.deepEqual(family(samples, 'rocketmq_msg_diff_clientinfo', ['consumerClientIP', 'consumerClientPID']), rekey(want.byClient));
        const { behindProxy, pop } = rocketmq5Groups(stack.sim);
        assert.ok(behindProxy.length >= 4 && pop.length >= 2, 'S5 has groups behind the proxy, POP among them');
        // Every queue of a POP or proxied group is unowned: its lag sits under the empty client labels.
        const proxied = samples.filter((s) => s.name === 'rocketmq_msg_diff_detail' && behindProxy.some((g) => g.name === s.labels.consumerGroup));
        assert.ok(proxied.length > 0);
        assert.deepEqual(new Set(proxied.map((s) => `${s.labels.consumerClientIP}/${s.labels.consumerClientPID}`)), new Set(['/']));
        for (const g of pop) {
          const retryTopics = g.subscriptions.map((s) => s.topic.name).filter((t) => t.startsWith('%RETRY%')).sort();
          const exported = Object.keys(family(samples, 'rocketmq_msg_diff_topic_consumergroup', ['topic', 'consumerGroup']))
            .filter((key) => key.endsWith(`/${g.name}`) && key.startsWith('%RETRY%')).map((key) => key.slice(0, -g.name.length - 1)).sort();
          assert.deepEqual(exported, retryTopics, `${g.name}: one retry topic per topic`);
          assert.ok(retryTopics.every((t) => g.subscriptions.some((s) => [popRetryTopicOf(g.name, s.topic.name, '_'), popRetryTopicOf(g.name, s.topic.name, '+')].includes(t))));
        }
        const statusGroups = new Set(samples.filter((s) => s.name === 'rocketmq_consumergroup_status').map((s) => s.labels.consumerGroup));
        assert.deepEqual([...statusGroups].sort(), stack.sim.model.groups().filter((g) => !g.system).map((g) => g.name).sort(), 'no group made of a POP retry topic');
        assert.equal(samples.some((s) => s.name === 'rocketmq_exporter_walk_failures'), false);
      } finally {
        await stack.stop();
      }
    });
  }
}

test('S5 without the proxy address: consumers the console cannot see are unknown, never 0; the groups lag and move, never stopped', async () => {
  const stack = await startStack({ sim: { ...SIM, flavour: 'dashboard-2.1' }, env: { ...EVERY_SCRAPE_WALKS, STATUS_WINDOW: '1m', METRIC_FAMILIES: '+consumergroup_info' } });
  try {
    const { behindProxy } = rocketmq5Groups(stack.sim);
    const laggards = behindProxy.filter((g) => g.clients.some((c) => c.rateFactor < 1)).map((g) => g.name).sort();
    assert.ok(laggards.length >= 1);
    // Four walks 30 s apart: the last one's window (1 m) spans the last three; each group's lag from the truth.
    const lags: Record<string, number>[] = [];
    let samples = await stack.scrape();
    lags.push(stack.sim.expectedRollups(undefined, topicFilters.normalAndRetry).byGroup);
    for (let i = 0; i < 3; i++) {
      stack.sim.clock.advance(30_000);
      samples = await stack.scrape();
      lags.push(stack.sim.expectedRollups(undefined, topicFilters.normalAndRetry).byGroup);
    }
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    const status = family(samples, 'rocketmq_consumergroup_status', ['consumerGroup', 'status']);
    const statusOf = (group: string) => Object.keys(status).find((key) => key.startsWith(`${group}/`))?.slice(group.length + 1);
    // README, "Group status": lag 0 in the window, ok; grown and never shrunk across it, lagging; else ok.
    const expected = (group: string): string => {
      const [, a = 0, b = 0, c = 0] = lags.map((l) => l[group] ?? 0);
      if (a === 0 || b === 0 || c === 0 || b < a || c < b) return 'ok';
      return b > a || c > b ? 'lagging' : 'ok';
    };
    assert.deepEqual(laggards.map(statusOf), laggards.map(expected), 'offsets move: lagging or ok, as the lag goes');
    assert.ok(laggards.some((g) => expected(g) === 'lagging'), 'a proxied group falls behind');
    for (const g of behindProxy) {
      assert.ok(!['stopped', 'stalled'].includes(statusOf(g.name) ?? ''), `${g.name}: ${statusOf(g.name)}`);
      assert.equal(sampleValue(samples, 'rocketmq_consumergroup_online_clients', { consumerGroup: g.name }), undefined, `${g.name}: unknown, not 0`);
      // The console knows nothing of a group it sees no connection of.
      assert.equal(sampleValue(samples, 'rocketmq_consumergroup_info', { consumerGroup: g.name, consumeType: 'UNKNOWN' }), 1);
    }
  } finally {
    await stack.stop();
  }
});

test('S5 with ROCKETMQ_PROXY_ADDRESS: the console counts the proxy\'s consumers, and tells CONSUME_POP', async () => {
  const sim = { ...SIM, flavour: 'dashboard-2.0' } as const;
  const stack = await startStack({ sim, env: (s) => ({ ROCKETMQ_PROXY_ADDRESS: s.model.proxies[0] ?? '', METRIC_FAMILIES: '+consumergroup_info' }) });
  try {
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    const { behindProxy } = rocketmq5Groups(stack.sim);
    for (const g of behindProxy) {
      assert.equal(sampleValue(samples, 'rocketmq_consumergroup_online_clients', { consumerGroup: g.name }), g.clients.length, g.name);
      assert.equal(sampleValue(samples, 'rocketmq_consumergroup_info', { consumerGroup: g.name, consumeType: g.consumeType }), 1, g.name);
    }
  } finally {
    await stack.stop();
  }
});
