import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicFilters, type Simulator, type TruthRow } from '../sim/index.js';
import { detail, expectedDetail, startStack } from '../support/stack.js';

const PER_TOPIC = 'topic/queryConsumerByTopic.query';
const PER_GROUP = 'consumer/queryTopicByConsumer.query';

/** Groups the group walk asks about: user groups the console does not list as broadcast (an offline one it cannot tell). */
function groupsAsked(sim: Simulator, wanted: (group: string) => boolean = () => true): number {
  return sim.model.groups().filter((g) => !g.system && !(g.messageModel === 'BROADCASTING' && g.clients.length > 0) && wanted(g.name)).length;
}

/** Per-topic and per-group calls of the walk behind the last scrape. */
function calls(sim: Simulator): [perTopic: number, perGroup: number] {
  const byEndpoint = sim.requests().byEndpoint;
  return [byEndpoint[PER_TOPIC] ?? 0, byEndpoint[PER_GROUP] ?? 0];
}

for (const plan of ['group', 'topic'] as const) {
  test(`${plan} walk, defaults: system and DLQ topics are left out before any call, retry topics count as the group backlog`, async () => {
    const stack = await startStack({ sim: { scale: 'S', seed: 9 }, env: { WALK_MODE: plan } });
    try {
      const rows = stack.sim.truth();
      assert.deepEqual(detail(await stack.scrape()), expectedDetail(rows));
      const normalAndRetry = stack.sim.model.topics().filter((t) => t.kind === 'normal' || t.kind === 'retry').length;
      assert.deepEqual(calls(stack.sim), plan === 'topic' ? [normalAndRetry, 0] : [0, groupsAsked(stack.sim)]);
    } finally {
      await stack.stop();
    }
  });

  test(`${plan} walk: IGNORED_TOPICS (exact names) and TOPIC_EXCLUDE_REGEX leave topics out; exclude wins over include`, async () => {
    const normal = (sim: Simulator) => sim.model.topics().filter((t) => t.kind === 'normal').map((t) => t.name);
    const stack = await startStack({
      sim: { scale: 'S', seed: 9 },
      env: (sim) => ({ WALK_MODE: plan, IGNORED_TOPICS: `${normal(sim)[0]}, TBW102`, TOPIC_INCLUDE_REGEX: '.*', TOPIC_EXCLUDE_REGEX: `${normal(sim)[1]}|nothing` }),
    });
    try {
      const [ignored, excluded] = normal(stack.sim);
      const keep = (r: TruthRow) => topicFilters.normalAndRetry(r) && r.topic !== ignored && r.topic !== excluded;
      assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth(), keep));
      const walked = stack.sim.model.topics().filter((t) => (t.kind === 'normal' || t.kind === 'retry') && t.name !== ignored && t.name !== excluded);
      // The topic walk never asks about a left-out topic; the group walk asks per group and drops its rows.
      assert.deepEqual(calls(stack.sim), plan === 'topic' ? [walked.length, 0] : [0, groupsAsked(stack.sim)]);
    } finally {
      await stack.stop();
    }
  });

  test(`${plan} walk: INCLUDE_RETRY_TOPICS=false and INCLUDE_DLQ_TOPICS=true`, async () => {
    const stack = await startStack({ sim: { scale: 'S', seed: 9 }, env: { WALK_MODE: plan, INCLUDE_RETRY_TOPICS: 'false', INCLUDE_DLQ_TOPICS: 'true' } });
    try {
      const rows = stack.sim.truth();
      const keep = (r: TruthRow) => r.topicKind === 'normal' || r.topicKind === 'dlq';
      assert.deepEqual(detail(await stack.scrape()), expectedDetail(rows, keep));
      const normalAndDlq = stack.sim.model.topics().filter((t) => t.kind === 'normal' || t.kind === 'dlq').length;
      assert.deepEqual(calls(stack.sim), plan === 'topic' ? [normalAndDlq, 0] : [0, groupsAsked(stack.sim)]);
    } finally {
      await stack.stop();
    }
  });
}

test('GROUP_EXCLUDE_REGEX: an excluded group is never asked about by the group walk', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 9 }, env: { GROUP_EXCLUDE_REGEX: '.*_group_000[0-3]' } });
  try {
    const keep = (r: TruthRow) => topicFilters.normalAndRetry(r) && !/_group_000[0-3]$/.test(r.group);
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth(), keep));
    assert.deepEqual(calls(stack.sim), [0, groupsAsked(stack.sim, (g) => !/_group_000[0-3]$/.test(g))]);
  } finally {
    await stack.stop();
  }
});

test('GROUP_INCLUDE_REGEX keeps only matching groups, their retry topics included', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 9 }, env: { GROUP_INCLUDE_REGEX: '.*_group_000[0-3]' } });
  try {
    const rows = stack.sim.truth();
    const keep = (r: TruthRow) => topicFilters.normalAndRetry(r) && /_group_000[0-3]$/.test(r.group);
    const got = detail(await stack.scrape());
    assert.deepEqual(got, expectedDetail(rows, keep));
    assert.ok(Object.keys(got).some((k) => k.startsWith('%RETRY%')));
  } finally {
    await stack.stop();
  }
});

test("a hepyu deployment's five variables alone run the exporter", async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 9 } });
  const { loadConfig } = await import('../../src/config.js');
  const host = new URL(stack.sim.url).host;
  const config = loadConfig({
    rocketmqConsoleIPAndPort: host, ignoredTopics: 'TBW102,BenchmarkTest', metricsPath: '/hepyu-metrics', listenAddress: '127.0.0.1:0', metricsPrefix: 'hpy',
  });
  const { startExporter } = await import('../../src/exporter.js');
  const { createLogger } = await import('../../src/log.js');
  const exporter = await startExporter(config, createLogger('silent'), { now: () => stack.sim.clock.now() });
  try {
    const res = await fetch(`http://127.0.0.1:${exporter.address.port}/hepyu-metrics`);
    const { parseExposition } = await import('../support/exposition.js');
    const samples = parseExposition(await res.text());
    assert.deepEqual(detail(samples, 'hpy'), expectedDetail(stack.sim.truth()));
  } finally {
    await exporter.stop(500);
    await stack.stop();
  }
});
