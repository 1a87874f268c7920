// SHARD=i/n: n replicas walk each consumer group exactly once between them; their lag families add up to one
// unsharded exporter's, with no series twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { family, type Sample } from '../support/exposition.js';
import { startStack, type Stack } from '../support/stack.js';

const PER_GROUP = ['rocketmq_msg_diff_consumergroup', 'rocketmq_consumergroup_status', 'rocketmq_consumergroup_max_lag_seconds', 'rocketmq_consumergroup_online_clients'];
const SUMMED: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['rocketmq_msg_diff_topic', ['topic']],
  ['rocketmq_msg_diff_broker', ['broker']],
  ['rocketmq_msg_diff_queue', ['broker', 'queueId']],
  ['rocketmq_msg_diff_clientinfo', ['consumerClientIP', 'consumerClientPID']],
];

function series(samples: readonly Sample[], names: readonly string[]): string[] {
  return samples.filter((s) => names.includes(s.name)).map((s) => `${s.name}${JSON.stringify(s.labels)}`);
}

for (const walk of ['group', 'topic'] as const) {
  test(`${walk} walk: three shards together hold every per-queue and per-group series once, and their roll-ups add up to the unsharded ones`, async () => {
    const whole = await startStack({ sim: { scale: 'M', seed: 8 }, env: { WALK_MODE: walk } });
    const shards: Stack[] = [];
    try {
      // Each shard reads the same console as the whole, on its clock.
      for (let i = 0; i < 3; i++) {
        shards.push(await startStack({ sim: { scale: 'demo' }, now: () => whole.sim.clock.now(), env: { WALK_MODE: walk, ROCKETMQ_CONSOLE_URL: whole.sim.url, SHARD: `${i}/3` } }));
      }
      const all = await whole.scrape();
      const parts = await Promise.all(shards.map((s) => s.scrape()));
      const perQueue = ['rocketmq_msg_diff_detail', ...PER_GROUP, 'rocketmq_msg_diff_topic_consumergroup', 'rocketmq_msg_diff_unknown_queues'];
      const union = parts.flatMap((p) => series(p, perQueue));
      assert.equal(new Set(union).size, union.length, 'no series on two shards');
      assert.deepEqual(union.sort(), series(all, perQueue).sort());
      assert.ok(parts.every((p) => series(p, ['rocketmq_msg_diff_consumergroup']).length > 5), 'every shard holds groups');
      for (const [name, labels] of SUMMED) {
        const summed: Record<string, number> = {};
        for (const p of parts) for (const [key, value] of Object.entries(family(p, name, labels))) summed[key] = (summed[key] ?? 0) + value;
        assert.deepEqual(summed, family(all, name, labels), name);
      }
      // The console: each group asked by one shard only (group walk); the lists by every shard.
      if (walk === 'group') {
        const asked = parts.map((p) => p.find((s) => s.name === 'rocketmq_exporter_console_requests_total' && s.labels.endpoint === '/consumer/queryTopicByConsumer.query' && s.labels.outcome === 'success')?.value ?? 0);
        const once = all.find((s) => s.name === 'rocketmq_exporter_console_requests_total' && s.labels.endpoint === '/consumer/queryTopicByConsumer.query' && s.labels.outcome === 'success')?.value;
        assert.equal(asked.reduce((a, b) => a + b, 0), once);
      }
    } finally {
      for (const s of shards) await s.stop();
      await whole.stop();
    }
  });
}
