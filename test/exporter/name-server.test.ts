// The console's name-server choice is global: a person switching cluster in its UI changes what every client reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, sampleValue, startStack } from '../support/stack.js';

test('the console\'s name server is exported; a walk during which it changed is discarded, logged and counted, the last good data served', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 3, flavour: 'dashboard-2.1' }, env: EVERY_SCRAPE_WALKS });
  try {
    const first = await stack.scrape();
    const cluster = stack.sim.model.clusterName;
    assert.equal(sampleValue(first, 'rocketmq_exporter_console_info', { name_server: '10.0.0.5:9876;10.0.0.6:9876', cluster }), 1);
    assert.equal(stack.sim.requests().byEndpoint['cluster/list.query'], 1, 'the cluster names read once per name server');
    // Every group call answers 100 ms late; 50 ms into the walk someone points the console at another cluster.
    stack.sim.faults.set('consumer/queryTopicByConsumer.query', { kind: 'latency', ms: 100 });
    const switching = setTimeout(() => stack.sim.model.switchNameServers(['10.9.9.9:9876']), 50);
    const during = await stack.scrape();
    clearTimeout(switching);
    assert.deepEqual([
      sampleValue(during, 'rocketmq_exporter_last_walk_failed', { kind: 'namesrv_changed' }),
      sampleValue(during, 'rocketmq_exporter_walks_total', { result: 'failed' }),
      sampleValue(during, 'rocketmq_exporter_console_info', { name_server: '10.0.0.5:9876;10.0.0.6:9876' }),
    ], [1, 1, 1]);
    assert.deepEqual(detail(during), detail(first), 'the last good snapshot is served');
    const logged = stack.logs.find((l) => l.level === 'error');
    assert.match(logged?.msg ?? '', /walk failed.*name server changed during the walk \(10\.0\.0\.5:9876;10\.0\.0\.6:9876 to 10\.9\.9\.9:9876\).*console of its own/);
    stack.sim.faults.clear();
    const after = await stack.scrape();
    assert.equal(sampleValue(after, 'rocketmq_exporter_console_info', { name_server: '10.9.9.9:9876', cluster }), 1);
    assert.equal(stack.sim.requests().byEndpoint['cluster/list.query'], 2, 'read again for the new name server');
    assert.equal(sampleValue(after, 'rocketmq_exporter_last_walk_failed', { kind: 'namesrv_changed' }), undefined);
    assert.deepEqual(detail(after), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
  }
});
