// The collection after each render (main.ts gives the exporter a full garbage collection to run there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EVERY_SCRAPE_WALKS, sampleValue, startStack } from '../support/stack.js';

test('after each render, once, once its scrape has its answer; a walk that failed renders nothing and collects nothing', async () => {
  let collections = 0;
  const stack = await startStack({ sim: { scale: 'S', seed: 6 }, env: { ...EVERY_SCRAPE_WALKS }, afterRender: () => collections++ });
  try {
    for (const walks of [1, 2, 3]) {
      const samples = await stack.scrape();
      assert.equal(sampleValue(samples, 'rocketmq_exporter_walks_total', { result: 'complete' }), walks);
      await sleep(50);
      assert.equal(collections, walks);
    }
    await stack.sim.stop();
    const failed = await stack.scrape();
    assert.equal(sampleValue(failed, 'rocketmq_exporter_walks_total', { result: 'failed' }), 1);
    await sleep(50);
    assert.equal(collections, 3);
    // The event loop was watched from each walk's start to the end of its collection.
    assert.ok((sampleValue(failed, 'rocketmq_exporter_walk_event_loop_delay_max_seconds', {}) ?? NaN) >= 0);
  } finally {
    await stack.exporter.stop(500);
  }
});
