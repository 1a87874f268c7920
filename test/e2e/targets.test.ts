// End to end: one exporter with CONSOLES=east,west in front of two simulators, and a real Prometheus scraping both
// consoles through /probe with the relabelling the README's "Many consoles: /probe" shows (blackbox_exporter's way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, topicFilters } from '../sim/index.js';
import { startStack, until } from '../support/stack.js';
import { startPrometheus } from './prometheus.js';

const JOB = 'rocketmq-consoles';

test('Prometheus scrapes /probe?target=east and west through relabelling: sum by (target) of the group lag is each console\'s truth', async () => {
  const west = await startSimulator({ scale: { topics: 6, groupsPerTopic: 2, queuesPerTopic: 8 }, seed: 21 });
  try {
    const stack = await startStack({
      sim: { scale: 'S', seed: 8 },
      env: (east) => ({ ROCKETMQ_CONSOLE_URL: '', CONSOLES: 'east,west', ROCKETMQ_CONSOLE_URL_EAST: east.url, ROCKETMQ_CONSOLE_URL_WEST: west.url }),
    });
    try {
      const exporter = `127.0.0.1:${stack.exporter.address.port}`;
      const prometheus = await startPrometheus({
        target: {
          jobName: JOB,
          address: exporter,
          targets: ['east', 'west'],
          metricsPath: '/probe',
          labels: {},
          scrape: {
            relabel_configs: [
              { source_labels: ['__address__'], target_label: '__param_target' },
              { source_labels: ['__param_target'], target_label: 'target' },
              { target_label: '__address__', replacement: exporter },
            ],
          },
        },
      });
      try {
        const targets = await until('both targets up', async () => {
          const found = await prometheus.targets();
          return found.length === 2 && found.every((t) => t.health === 'up') ? found : undefined;
        }, 30_000).catch((error: unknown) => {
          throw new Error(`${String(error)}\n${prometheus.log()}`);
        });
        assert.deepEqual(targets.map((t) => t.labels.target).sort(), ['east', 'west']);
        assert.deepEqual(targets.map((t) => t.labels.instance), [exporter, exporter], 'instance is the exporter (the relabelled __address__)');

        // The simulators run on a frozen clock: the truth, and so every walk's values, stay put.
        const want = {
          east: stack.sim.expectedRollups(stack.sim.truth(), topicFilters.normalAndRetry).byGroup,
          west: west.expectedRollups(west.truth(), topicFilters.normalAndRetry).byGroup,
        };
        const total = (byGroup: Record<string, number>) => Object.values(byGroup).reduce((a, b) => a + b, 0);
        assert.notEqual(total(want.east), total(want.west));
        const sums = await until('lag of both targets in Prometheus', async () => {
          const samples = await prometheus.query('sum by (target) (rocketmq_msg_diff_consumergroup)');
          return samples.length === 2 ? samples : undefined;
        }, 30_000);
        assert.deepEqual(
          Object.fromEntries(sums.map((s) => [s.metric.target, Number(s.value[1])])),
          { east: total(want.east), west: total(want.west) },
        );
        for (const target of ['east', 'west'] as const) {
          const byGroup = await prometheus.query(`rocketmq_msg_diff_consumergroup{job="${JOB}", target="${target}"}`);
          assert.deepEqual(Object.fromEntries(byGroup.map((s) => [s.metric.consumerGroup, Number(s.value[1])])), want[target], target);
          const reachable = await prometheus.query(`rocketmq_exporter_console_reachable{target="${target}"}`);
          assert.deepEqual(reachable.map((s) => s.value[1]), ['1'], target);
        }
      } finally {
        await prometheus.stop();
      }
    } finally {
      await stack.stop();
    }
  } finally {
    await west.stop();
  }
});
