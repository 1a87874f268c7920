// Flavour-specific HTTP behaviour: addresses, per-broker duplicates, names, caching, routing and accounting.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimulator, type Simulator } from './index.js';
import { call, data, envelope, type QueueRow, type TopicConsumerInfo } from './test-client.js';

async function withSim(options: Parameters<typeof startSimulator>[0], run: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await run(sim);
  } finally {
    await sim.stop();
  }
}

const rowKey = (topic: string, r: QueueRow): string => `${topic} ${r.brokerName} ${r.queueId}`;

test('dashboard-2.0 reads only the first address: one broker\'s queues', async () => {
  await withSim({ flavour: 'dashboard-2.0', scale: 'demo' }, async (sim) => {
    const infos = await data<TopicConsumerInfo[]>(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group&address=10.0.1.21:10911,10.0.1.11:10911`);
    assert.deepEqual(
      infos.map((i) => i.topic),
      ['%RETRY%order_consumer_group', 'order_topic'],
    );
    for (const info of infos) assert.ok(info.queueStatInfoList.every((q) => q.brokerName === 'broker-b'));
    const connection = await data<{ connectionSet: unknown[] }>(`${sim.url}/consumer/consumerConnection.query?consumerGroup=order_consumer_group&address=10.0.1.11:10911`);
    assert.equal(connection.connectionSet.length, 2);
    const unknown = envelope(await call(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group&address=10.0.9.9:10911`));
    assert.match(unknown.errMsg ?? '', /RemotingConnectException: connect to 10\.0\.9\.9:10911 failed/);
  });
});

test('dashboard-2.1 returns each topic once per broker; merged, they equal the consolidated answer', async () => {
  const consolidated = new Map<string, QueueRow>();
  await withSim({ flavour: 'console-2019', scale: 'demo' }, async (sim) => {
    for (const info of await data<TopicConsumerInfo[]>(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=payment_group`)) {
      for (const q of info.queueStatInfoList) consolidated.set(rowKey(info.topic, q), q);
    }
  });
  await withSim({ flavour: 'dashboard-2.1', scale: 'demo' }, async (sim) => {
    const infos = await data<TopicConsumerInfo[]>(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=payment_group&address=10.0.1.11:10911,10.0.1.21:10911`);
    assert.deepEqual(
      infos.map((i) => `${i.topic}@${i.queueStatInfoList[0]?.brokerName ?? ''}`),
      ['%RETRY%payment_group@broker-a', 'config_topic@broker-a', 'payment_topic@broker-a', '%RETRY%payment_group@broker-b', 'config_topic@broker-b', 'payment_topic@broker-b'],
    );
    const merged = new Map<string, QueueRow>();
    for (const info of infos) for (const q of info.queueStatInfoList) merged.set(rowKey(info.topic, q), q);
    assert.deepEqual(merged, consolidated);
  });
});

test('URL-encoded names are decoded; raw % names are dropped as Tomcat does', async () => {
  await withSim({ flavour: 'dashboard-1.0', scale: 'demo' }, async (sim) => {
    const byGroup = await data<Record<string, TopicConsumerInfo>>(`${sim.url}/topic/queryConsumerByTopic.query?topic=%25RETRY%25order_consumer_group`);
    assert.deepEqual(Object.keys(byGroup), ['order_consumer_group']);
    assert.equal(byGroup['order_consumer_group']?.topic, '%RETRY%order_consumer_group');
    const raw = envelope(await call(`${sim.url}/topic/queryConsumerByTopic.query?topic=%RETRY%order_consumer_group`));
    assert.deepEqual(raw, { status: -1, data: null, errMsg: "Required String parameter 'topic' is not present" });
    const unknown = envelope(await call(`${sim.url}/topic/queryConsumerByTopic.query?topic=%25SYS%25TBW102`));
    assert.match(unknown.errMsg ?? '', /No topic route info in name server for the topic: %SYS%TBW102/);
  });
});

test('system topics carry %SYS% from console 2019 on unless skipSysProcess; dashboards can skip retry and DLQ', async () => {
  await withSim({ flavour: 'console-1.0', scale: 'demo' }, async (sim) => {
    const list = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query`);
    assert.ok(list.topicList.includes('TBW102') && !list.topicList.some((t) => t.startsWith('%SYS%')));
  });
  await withSim({ flavour: 'dashboard-1.0', scale: 'demo' }, async (sim) => {
    const marked = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query`);
    assert.ok(marked.topicList.includes('%SYS%TBW102') && marked.topicList.includes('%SYS%broker-a'));
    const raw = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query?skipSysProcess=true`);
    assert.ok(raw.topicList.includes('TBW102'));
    const lean = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query?skipSysProcess=true&skipRetryAndDlq=true`);
    assert.ok(!lean.topicList.some((t) => t.startsWith('%RETRY%') || t.startsWith('%DLQ%')));
  });
});

test('dashboard 2.x marks system groups, and skipSysGroup leaves them out', async () => {
  await withSim({ flavour: 'dashboard-2.0', scale: 'demo' }, async (sim) => {
    const groups = await data<{ group: string; subGroupType: string }[]>(`${sim.url}/consumer/groupList.query`);
    const tools = groups.find((g) => g.group === '%SYS%TOOLS_CONSUMER');
    assert.equal(tools?.subGroupType, 'SYSTEM');
    const user = await data<{ group: string }[]>(`${sim.url}/consumer/groupList.query?skipSysGroup=true`);
    assert.ok(user.length > 0 && !user.some((g) => g.group.startsWith('%SYS%')));
  });
});

test('dashboard-2.1 serves a stale groupList until its cache is reset; group.query stays live', async () => {
  await withSim({ flavour: 'dashboard-2.1', scale: 'demo' }, async (sim) => {
    const names = async () => (await data<{ group: string }[]>(`${sim.url}/consumer/groupList.query`)).map((g) => g.group);
    const first = await names();
    assert.ok(first.includes('order_consumer_group'));
    const before = await data<{ diffTotal: number }[]>(`${sim.url}/consumer/groupList.query`);
    sim.model.deleteGroup('order_consumer_group');
    sim.model.stopClient(sim.model.clients('payment_group')[0]?.key ?? '');
    sim.clock.advance(60_000);
    assert.deepEqual(await names(), first, 'stale');
    assert.deepEqual(await data(`${sim.url}/consumer/groupList.query`), before, 'even the numbers');
    const live = await data<{ count: number }>(`${sim.url}/consumer/group.query?consumerGroup=payment_group`);
    assert.equal(live.count, 6);
    sim.resetGroupListCache();
    assert.ok(!(await names()).includes('order_consumer_group'));
  });
});

test('dashboard-2.1 refuses a foreign Origin', async () => {
  await withSim({ flavour: 'dashboard-2.1', scale: 'demo' }, async (sim) => {
    assert.equal((await call(`${sim.url}/topic/list.query`, { headers: { origin: 'http://evil.example' } })).status, 403);
    assert.equal((await call(`${sim.url}/topic/list.query`)).status, 200);
  });
});

test('routing: unknown paths 404, wrong methods status -1, the context path prefixes every route', async () => {
  await withSim({ flavour: 'dashboard-1.0', scale: 'demo', contextPath: '/console' }, async (sim) => {
    const base = sim.url.replace(/\/console$/, '');
    assert.equal((await call(`${base}/topic/list.query`)).status, 404);
    assert.equal((await call(`${sim.url}/topic/list.query`)).status, 200);
    const missing = await call(`${sim.url}/topic/nothing.query`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('www-authenticate'), 'Basic realm="rocketmq"');
    assert.deepEqual(envelope(await call(`${sim.url}/topic/list.query`, { method: 'POST' })), {
      status: -1,
      data: null,
      errMsg: "Request method 'POST' not supported",
    });
  });
});

test('requests are counted per endpoint, and the count can be reset', async () => {
  await withSim({ flavour: 'dashboard-1.0', scale: 'demo' }, async (sim) => {
    await call(`${sim.url}/topic/list.query`);
    await call(`${sim.url}/topic/queryConsumerByTopic.query?topic=order_topic`);
    await call(`${sim.url}/topic/queryConsumerByTopic.query?topic=config_topic`);
    assert.deepEqual(sim.requests(), { total: 3, byEndpoint: { 'topic/list.query': 1, 'topic/queryConsumerByTopic.query': 2 } });
    sim.resetRequests();
    assert.deepEqual(sim.requests(), { total: 0, byEndpoint: {} });
  });
});

test('a simulator can change flavour in place', async () => {
  await withSim({ flavour: 'console-1.0', scale: 'demo' }, async (sim) => {
    assert.equal((await call(`${sim.url}/proxy/homePage.query`)).status, 404);
    sim.setFlavour('dashboard-2.1');
    assert.equal(sim.flavour, 'dashboard-2.1');
    assert.equal((await call(`${sim.url}/proxy/homePage.query`)).status, 200);
  });
});

test('a scale-L topic-driven walk is served in well under a few seconds', async () => {
  await withSim({ flavour: 'dashboard-2.1', scale: 'L' }, async (sim) => {
    const list = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query?skipSysProcess=true`);
    const topics = list.topicList.slice(0, 400);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < topics.length) await data(`${sim.url}/topic/queryConsumerByTopic.query?topic=${encodeURIComponent(topics[next++] ?? '')}`);
      }),
    );
    assert.ok(performance.now() - started < 5000);
    assert.equal(sim.requests().byEndpoint['topic/queryConsumerByTopic.query'], 400);
  });
});
