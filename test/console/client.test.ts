import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleClientOptions } from '../../src/console/client.js';
import type { GroupConsumeInfo, TopicConsumerInfo } from '../../src/console/types.js';
import {
  delay, recordingClient, sendFixture, sendJson, startFakeConsole, type ClientHarness, type FakeConsole, type Handler,
} from '../support/console-fake-server.js';
import { consoleFixture, consoleFixtureText } from '../support/fixtures.js';

interface Harness extends ClientHarness {
  readonly fake: FakeConsole;
}

async function start(handler: Handler, options: Partial<ConsoleClientOptions> = {}, pathPrefix = ''): Promise<Harness> {
  const fake = await startFakeConsole(handler);
  return { fake, ...recordingClient(fake.url + pathPrefix, options, () => fake.close()) };
}

/** Serves every endpoint from its fixture; `overrides` by path. */
function fixtures(overrides: Record<string, string> = {}): Handler {
  const byPath: Record<string, string> = {
    '/topic/list.query': 'topic-list.query.json',
    '/topic/queryConsumerByTopic.query': 'topic-queryConsumerByTopic.query.json',
    '/consumer/groupList.query': 'consumer-groupList.query.json',
    '/consumer/queryTopicByConsumer.query': 'consumer-queryTopicByConsumer.query.json',
    '/consumer/consumerConnection.query': 'consumer-consumerConnection.query.json',
    '/cluster/list.query': 'cluster-list.query.json',
    ...overrides,
  };
  return (req, res) => {
    const name = Object.entries(byPath).find(([path]) => req.path.endsWith(path))?.[1];
    if (name === undefined) {
      res.writeHead(404).end();
      return;
    }
    sendFixture(res, name);
  };
}

test('query parameters are URL-encoded: %RETRY% names arrive intact', async () => {
  const h = await start(fixtures());
  try {
    await h.client.consumersOfTopic('%RETRY%order_consumer_group');
    const seen = h.fake.requests[0];
    assert.equal(seen?.url, '/topic/queryConsumerByTopic.query?topic=%25RETRY%25order_consumer_group');
    assert.equal(seen?.query.get('topic'), '%RETRY%order_consumer_group');
    await h.client.consumersOfTopic('a b&c=d+e');
    assert.equal(h.fake.requests[1]?.query.get('topic'), 'a b&c=d+e');
  } finally {
    await h.close();
  }
});

test('a base URL with a context path prefixes every endpoint (with or without a trailing slash)', async () => {
  for (const prefix of ['/console', '/console/']) {
    const h = await start(fixtures(), {}, prefix);
    try {
      await h.client.listTopics();
      assert.equal(h.fake.requests[0]?.path, '/console/topic/list.query');
    } finally {
      await h.close();
    }
  }
});

test('requests carry Accept: application/json and neither Origin nor Authorization', async () => {
  const h = await start(fixtures());
  try {
    await h.client.listTopics();
    await h.client.consumersOfTopic('order_topic');
    for (const seen of h.fake.requests) {
      assert.equal(seen.method, 'GET');
      assert.equal(seen.headers.accept, 'application/json');
      assert.equal(seen.headers.origin, undefined);
      assert.equal(seen.headers.authorization, undefined);
      assert.equal(seen.headers.cookie, undefined);
    }
  } finally {
    await h.close();
  }
});

test('requests reuse kept-alive connections, never more than `concurrency` of them', async () => {
  const h = await start(fixtures(), { concurrency: 2 });
  try {
    for (let i = 0; i < 10; i++) await h.client.consumersOfTopic('order_topic');
    await Promise.all(Array.from({ length: 10 }, () => h.client.consumersOfTopic('order_topic')));
    assert.ok(h.fake.connections() <= 2, `${h.fake.connections()} connections`);
  } finally {
    await h.close();
  }
});

test('the topic list is asked without skipSysProcess; %SYS% markers mean console 2019 or later', async () => {
  const h = await start(fixtures());
  try {
    assert.equal(h.client.flavour(), undefined);
    const list = await h.client.listTopics();
    assert.equal(h.fake.requests[0]?.url, '/topic/list.query');
    assert.equal(list.systemMarked, true);
    assert.equal(list.topics.length, 17);
    assert.equal(h.client.flavour(), 'console-2019');
  } finally {
    await h.close();
  }
});

test('a topic list with a raw TBW102 means console 1.0', async () => {
  const h = await start(fixtures({ '/topic/list.query': 'topic-list.query.skipSysProcess.json' }));
  try {
    const list = await h.client.listTopics();
    assert.equal(list.systemMarked, false);
    assert.equal(h.client.flavour(), 'console-1.0');
  } finally {
    await h.close();
  }
});

test('consumersOfTopic returns every group of the topic; onRequest gets the endpoint without query', async () => {
  const h = await start(fixtures());
  try {
    const byGroup = await h.client.consumersOfTopic('order_topic');
    assert.equal(byGroup.size, 4);
    assert.equal(byGroup.get('order_consumer_group')?.diffTotal, 1908);
    assert.equal(h.events.length, 1);
    assert.equal(h.events[0]?.endpoint, '/topic/queryConsumerByTopic.query');
    assert.equal(h.events[0]?.outcome, 'success');
    assert.ok((h.events[0]?.durationSeconds ?? -1) >= 0);
  } finally {
    await h.close();
  }
});

test('no more than `concurrency` requests are in flight; the others wait their turn', async () => {
  const h = await start(
    async (req, res) => {
      await delay(25);
      fixtures()(req, res);
    },
    { concurrency: 3 },
  );
  try {
    const topics = Array.from({ length: 20 }, (_, i) => `topic_${i}`);
    const answers = await Promise.all(topics.map((t) => h.client.consumersOfTopic(t)));
    assert.equal(answers.length, 20);
    assert.equal(h.fake.maxInFlight(), 3);
    assert.equal(h.fake.requests.length, 20);
  } finally {
    await h.close();
  }
});

test('the timeout starts when a request is sent, not while it waits for a slot', async () => {
  const h = await start(
    async (req, res) => {
      await delay(150);
      fixtures()(req, res);
    },
    { concurrency: 1, timeoutMs: 400 },
  );
  try {
    // Four calls one after another take ~600 ms in all, longer than the timeout: none may time out.
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((t) => h.client.consumersOfTopic(t)));
    assert.equal(answers.length, 4);
    assert.ok(h.events.every((e) => e.outcome === 'success'));
  } finally {
    await h.close();
  }
});

test('listGroups sends skipSysGroup=false explicitly and keeps names as listed', async () => {
  const h = await start(fixtures());
  try {
    const groups = await h.client.listGroups();
    assert.equal(h.fake.requests[0]?.url, '/consumer/groupList.query?skipSysGroup=false');
    assert.equal(groups.length, 4);
    assert.equal(groups[3]?.group, '%SYS%TOOLS_CONSUMER');
    assert.equal(h.client.flavour(), 'dashboard-2.1');
  } finally {
    await h.close();
  }
});

const allQueues = consoleFixture('consumer-queryTopicByConsumer.query.json') as { data: TopicConsumerInfo[] };

/** What a dashboard 2.0 answers when asked with one broker address: that broker's queues only. */
function onlyBroker(address: string | null): object {
  const brokerName = address === '10.0.1.11:10911' ? 'broker-a' : address === '10.0.1.21:10911' ? 'broker-b' : '';
  const data = allQueues.data.map((info) => {
    const queues = info.queueStatInfoList.filter((q) => q.brokerName === brokerName);
    return { ...info, diffTotal: queues.reduce((s, q) => s + q.brokerOffset - q.consumerOffset, 0), queueStatInfoList: queues };
  });
  return { status: 0, data, errMsg: null };
}

function dashboard20GroupList(): object {
  const list = consoleFixture('consumer-groupList.query.json') as { data: Record<string, unknown>[] };
  for (const entry of list.data) delete entry.updateTime;
  return list;
}

test('dashboard 2.0: queryTopicByConsumer is asked once per broker address and the answers merged', async () => {
  const h = await start((req, res) => {
    if (req.path === '/consumer/groupList.query') return sendJson(res, dashboard20GroupList());
    if (req.path === '/consumer/queryTopicByConsumer.query') return sendJson(res, onlyBroker(req.query.get('address')));
    res.writeHead(404).end();
  });
  try {
    const groups = await h.client.listGroups();
    assert.equal(h.client.flavour(), 'dashboard-2.0');
    const group = groups.find((g) => g.group === 'order_consumer_group');
    assert.ok(group);
    const topics = await h.client.topicsOfGroup(group);
    const calls = h.fake.requests.filter((r) => r.path === '/consumer/queryTopicByConsumer.query');
    assert.deepEqual(
      calls.map((r) => r.url).sort(),
      [
        '/consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group&address=10.0.1.11%3A10911',
        '/consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group&address=10.0.1.21%3A10911',
      ],
    );
    assert.deepEqual(topics.map((t) => t.topic), ['%RETRY%order_consumer_group', 'order_topic']);
    const order = topics[1];
    assert.equal(order?.queueStatInfoList.length, 8);
    assert.equal(order?.diffTotal, 1908);
    assert.deepEqual(topics, allQueues.data);
  } finally {
    await h.close();
  }
});

test('dashboard 2.1: one call with every address, per-broker duplicates merged (order_topic: 8 queues, diffTotal 1908)', async () => {
  const h = await start(fixtures({ '/consumer/queryTopicByConsumer.query': 'consumer-queryTopicByConsumer.query.dashboard-2.1.json' }));
  try {
    const groups = await h.client.listGroups();
    const group = groups.find((g) => g.group === 'order_consumer_group');
    assert.ok(group);
    const topics = await h.client.topicsOfGroup(group);
    const calls = h.fake.requests.filter((r) => r.path === '/consumer/queryTopicByConsumer.query');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.query.get('address'), '10.0.1.11:10911,10.0.1.21:10911');
    assert.equal(calls[0]?.query.get('consumerGroup'), 'order_consumer_group');
    assert.equal(topics.length, 2);
    const order = topics.find((t) => t.topic === 'order_topic');
    assert.equal(order?.queueStatInfoList.length, 8);
    assert.equal(order?.diffTotal, 1908);
    assert.equal(order?.lastTimestamp, 1718102345300);
    assert.equal(topics.find((t) => t.topic === '%RETRY%order_consumer_group')?.diffTotal, 2);
  } finally {
    await h.close();
  }
});

test('topicsOfGroup with addresses on a console not yet identified asks groupList first', async () => {
  const h = await start(fixtures({ '/consumer/queryTopicByConsumer.query': 'consumer-queryTopicByConsumer.query.dashboard-2.1.json' }));
  try {
    const group: GroupConsumeInfo = {
      group: 'order_consumer_group',
      version: 'V4_9_4',
      count: 2,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
      consumeTps: 153,
      diffTotal: 1910,
      address: ['10.0.1.11:10911', '10.0.1.21:10911'],
      subGroupType: 'NORMAL',
    };
    const [first, second] = await Promise.all([h.client.topicsOfGroup(group), h.client.topicsOfGroup(group)]);
    assert.deepEqual(first, second);
    assert.deepEqual(
      h.fake.requests.map((r) => r.path),
      ['/consumer/groupList.query', '/consumer/queryTopicByConsumer.query', '/consumer/queryTopicByConsumer.query'],
    );
    assert.equal(h.client.flavour(), 'dashboard-2.1');
  } finally {
    await h.close();
  }
});

test('older consoles: no address parameter, and the %SYS% marker is stripped from the group name', async () => {
  const h = await start(fixtures());
  try {
    const legacy: GroupConsumeInfo = {
      group: '%SYS%TOOLS_CONSUMER',
      version: null,
      count: 0,
      consumeType: null,
      messageModel: null,
      consumeTps: 0,
      diffTotal: -1,
      address: null,
      subGroupType: null,
    };
    const topics = await h.client.topicsOfGroup(legacy);
    assert.equal(h.fake.requests[0]?.url, '/consumer/queryTopicByConsumer.query?consumerGroup=TOOLS_CONSUMER');
    assert.equal(topics.length, 2);
  } finally {
    await h.close();
  }
});

test('consumerConnection: client ids and message model; dashboards get the addresses', async () => {
  const h = await start(fixtures());
  try {
    const [group] = (await h.client.listGroups()).filter((g) => g.group === 'order_consumer_group');
    assert.ok(group);
    const connection = await h.client.consumerConnection(group);
    assert.deepEqual(connection, {
      clientIds: ['10.0.2.15@5123#2384719283471234', '10.0.2.16@1#1827364518273645'],
      messageModel: 'CLUSTERING',
      consumeType: 'CONSUME_PASSIVELY',
    });
    const seen = h.fake.requests[1];
    assert.equal(seen?.path, '/consumer/consumerConnection.query');
    assert.equal(seen?.query.get('consumerGroup'), 'order_consumer_group');
    assert.equal(seen?.query.get('address'), '10.0.1.11:10911,10.0.1.21:10911');
  } finally {
    await h.close();
  }
});

test('clusterBrokerNames reads cluster and broker names from cluster/list.query', async () => {
  const h = await start(fixtures());
  try {
    assert.deepEqual(await h.client.clusterBrokerNames(), { clusters: ['DefaultCluster'], brokers: ['broker-a', 'broker-b'] });
    assert.equal(h.fake.requests[0]?.url, '/cluster/list.query');
  } finally {
    await h.close();
  }
});

test('a big answer split over many chunks is read whole', async () => {
  const many = Array.from({ length: 5000 }, (_, i) => `topic_${i}`);
  const body = JSON.stringify({ status: 0, data: { topicList: many, brokerAddr: null }, errMsg: null });
  const h = await start((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < body.length; i += 1000) res.write(body.slice(i, i + 1000));
    res.end();
  });
  try {
    const list = await h.client.listTopics();
    assert.deepEqual(list.topics, many);
    assert.ok(consoleFixtureText('topic-list.query.json').length > 0);
  } finally {
    await h.close();
  }
});
