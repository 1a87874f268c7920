// What the exporter costs the cluster: its own estimate equals the simulator's count, and at the hepyu peer's L
// workload one minute of one Prometheus scraping every 15 s costs less than the peer (docs/console-api.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, topicFilters, type Flavour } from '../sim/index.js';
import { consoleMinutes } from '../support/console-minutes.js';
import { family } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, sampleValue, startStack } from '../support/stack.js';

// The peer's cost for the same minute at L (one scrape every 15 s, every scrape walks).
const PEER_RPCS_PER_MINUTE = 100_000;
const PEER_RELAYS_PER_MINUTE = 28_000;

for (const flavour of FLAVOURS) {
  for (const plan of ['group', 'topic'] as const) {
    test(`${flavour}, ${plan} walk: the cost the exporter exports for a walk is the simulator's count, with and without the group list`, async () => {
      const stack = await startStack({ sim: { flavour, scale: 'S', seed: 4 }, env: { ...EVERY_SCRAPE_WALKS, WALK_MODE: plan } });
      try {
        for (const walk of ['first, with the group list', 'second, the group list kept']) {
          stack.sim.resetCost();
          const samples = await stack.scrape();
          const modelled = (kind: string) => sampleValue(samples, 'rocketmq_exporter_walk_console_rpcs', { kind });
          const counted = stack.sim.cost();
          assert.deepEqual([modelled('namesrv'), modelled('broker'), modelled('relay')], [counted.namesrv, counted.broker, counted.relays], walk);
          assert.ok(counted.rpcs > 0);
        }
      } finally {
        await stack.stop();
      }
    });
  }
}

for (const flavour of ['console-1.0', 'dashboard-2.1'] as const satisfies readonly Flavour[]) {
  test(`${flavour}, L-hepyu, default settings: a minute of scrapes every 15 s costs less than the peer, retry lag exact`, async () => {
    const run = await consoleMinutes({ flavour, scale: 'L-hepyu', minutes: 2 });
    try {
      const perMinute = { rpcs: run.cost.rpcs / run.minutes, relays: run.cost.relays / run.minutes };
      assert.ok(perMinute.rpcs <= PEER_RPCS_PER_MINUTE, `${perMinute.rpcs} RPCs a minute`);
      assert.ok(perMinute.relays <= PEER_RELAYS_PER_MINUTE, `${perMinute.relays} relays a minute`);
      assert.ok(run.walks >= 3, `${run.walks} walks in ${run.minutes} minutes`);
      const truth = run.sim.truth();
      const retry = (r: (typeof truth)[number]) => r.topicKind === 'retry';
      const retryDetail = Object.fromEntries(Object.entries(detail(run.samples)).filter(([key]) => key.startsWith('%RETRY%')));
      assert.deepEqual(retryDetail, expectedDetail(truth, (r) => topicFilters.normalAndRetry(r) && retry(r)));
      assert.ok(Object.keys(retryDetail).length > 7000, 'every retry queue of every clustering group');
      const groups = family(run.samples, 'rocketmq_msg_diff_consumergroup', ['consumerGroup']);
      const expected = run.sim.expectedRollups(truth, topicFilters.normalAndRetry).byGroup;
      assert.deepEqual(groups, expected, 'group lag, retry backlog included');
    } finally {
      await run.stop();
    }
  });
}
