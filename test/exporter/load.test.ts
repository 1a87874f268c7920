import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, expectedStatsTopics, startStack } from '../support/stack.js';

test('ten concurrent scrapes cause one walk: one topic list, one groupList, one call per group, stats where time lag needs them', async () => {
  const stack = await startStack({ sim: { scale: 'M', seed: 2, latencyMs: 2 } });
  try {
    const results = await Promise.all(Array.from({ length: 10 }, () => stack.scrape()));
    const want = expectedDetail(stack.sim.truth());
    for (const samples of results) assert.deepEqual(detail(samples), want);
    const asked = stack.sim.model.groups().filter((g) => !g.system && !(g.messageModel === 'BROADCASTING' && g.clients.length > 0)).length;
    assert.deepEqual(stack.sim.requests().byEndpoint, {
      'topic/list.query': 1,
      'consumer/groupList.query': 1,
      'consumer/queryTopicByConsumer.query': asked,
      'topic/stats.query': expectedStatsTopics(stack.sim.truth(), stack.sim.clock.now()).length,
      // Its name server, at the start and at the end of the walk (free for the cluster), and its clusters, once.
      'ops/homePage.query': 2,
      'cluster/list.query': 1,
    });
    assert.equal(stack.exporter.refresher.walkCount, 1);
  } finally {
    await stack.stop();
  }
});

test('MIN_REFRESH_INTERVAL: scrapes within it reuse the snapshot, the next one after it walks again', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 2 }, env: { MIN_REFRESH_INTERVAL: '15s' } });
  try {
    await stack.scrape();
    stack.sim.clock.advance(10_000);
    await stack.scrape();
    assert.equal(stack.exporter.refresher.walkCount, 1);
    stack.sim.clock.advance(5_000);
    await stack.scrape();
    assert.equal(stack.exporter.refresher.walkCount, 2);
  } finally {
    await stack.stop();
  }
});

test('a walk slower than the scrape budget: the scrape answers in time with the last snapshot and its age', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 2 }, env: { ...EVERY_SCRAPE_WALKS, CONSOLE_TIMEOUT: '10s' } });
  try {
    const first = detail(await stack.scrape());
    stack.sim.clock.advance(20_000);
    stack.sim.faults.set('consumer/queryTopicByConsumer.query', { kind: 'latency', ms: 3000 }, { times: 1 });
    const t0 = Date.now();
    const text = await stack.scrapeText({ 'X-Prometheus-Scrape-Timeout-Seconds': '1' });
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 1000, `answered in ${elapsed} ms`);
    const { parseExposition } = await import('../support/exposition.js');
    const samples = parseExposition(text);
    assert.deepEqual(detail(samples), first);
    assert.equal(samples.find((s) => s.name === 'rocketmq_exporter_snapshot_age_seconds')?.value, 20);
  } finally {
    await stack.stop();
  }
});

test('console concurrency is bounded by CONSOLE_CONCURRENCY', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 2 }, env: { CONSOLE_CONCURRENCY: '3' } });
  try {
    let inFlight = 0;
    let most = 0;
    stack.sim.faults.set('consumer/queryTopicByConsumer.query', { kind: 'latency', ms: 20 }, {
      match: () => {
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => inFlight--, 20);
        return true;
      },
    });
    await stack.scrape();
    assert.equal(most, 3);
  } finally {
    await stack.stop();
  }
});
