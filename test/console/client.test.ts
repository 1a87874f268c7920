import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleClient, ConsoleClientOptions } from '../../src/console/client.js';
import { ConsoleMalformedResponseError, ConsoleStatusError } from '../../src/console/errors/index.js';
import type { GroupConsumeInfo, TopicConsumerInfo } from '../../src/console/types.js';
import {
  delay, described, recordingClient, rejection, sendFixture, sendJson, startFakeConsole, type ClientHarness, type FakeConsole, type Handler,
} from '../support/console-fake-server.js';
import { consoleFixture, consoleFixtureText } from '../support/fixtures.js';
import { freePort } from '../support/net.js';

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

function group(name: string, address: readonly string[] | null = null): GroupConsumeInfo {
  return {
    group: name,
    version: null,
    count: 0,
    consumeType: null,
    messageModel: null,
    consumeTps: 0,
    diffTotal: -1,
    address,
    subGroupType: null,
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

test('requests reuse kept-alive connections: 20 calls, in a row then at once, over `concurrency` (2) connections', async () => {
  const h = await start(
    async (req, res) => {
      await delay(10);
      fixtures()(req, res);
    },
    { concurrency: 2 },
  );
  try {
    for (let i = 0; i < 10; i++) await h.client.consumersOfTopic('order_topic');
    await Promise.all(Array.from({ length: 10 }, () => h.client.consumersOfTopic('order_topic')));
    assert.equal(h.fake.connections(), 2);
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
    assert.deepEqual(h.events.map((e) => e.outcome), ['success', 'success', 'success', 'success']);
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

test('with a proxy address, listGroups passes it as the dashboards\' address parameter', async () => {
  const h = await start(fixtures(), { proxyAddress: 'rmq-proxy:8081' });
  try {
    await h.client.listGroups();
    assert.equal(h.fake.requests[0]?.url, '/consumer/groupList.query?skipSysGroup=false&address=rmq-proxy%3A8081');
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
    const found = groups.find((g) => g.group === 'order_consumer_group');
    assert.ok(found);
    const topics = await h.client.topicsOfGroup(found);
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
    const found = groups.find((g) => g.group === 'order_consumer_group');
    assert.ok(found);
    const topics = await h.client.topicsOfGroup(found);
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
    const listed: GroupConsumeInfo = {
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
    const [first, second] = await Promise.all([h.client.topicsOfGroup(listed), h.client.topicsOfGroup(listed)]);
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
    const topics = await h.client.topicsOfGroup(group('%SYS%TOOLS_CONSUMER'));
    assert.equal(h.fake.requests[0]?.url, '/consumer/queryTopicByConsumer.query?consumerGroup=TOOLS_CONSUMER');
    assert.equal(topics.length, 2);
  } finally {
    await h.close();
  }
});

test('"offset table is empty" (a group without offsets, console 1.x and 2.0) is an empty answer, as on 2.1', async () => {
  const h = await start((_req, res) => sendFixture(res, 'consumer-queryTopicByConsumer.query.error-broadcast.json'));
  try {
    assert.deepEqual(await h.client.topicsOfGroup(group('order_cache_broadcast_group')), []);
    // An answer, not a failure: reported as a success.
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [['/consumer/queryTopicByConsumer.query', 'success']]);
  } finally {
    await h.close();
  }
});

test('clusterBrokerNames reads cluster and broker names from cluster/list.query', async () => {
  const h = await start(fixtures());
  try {
    assert.deepEqual(await h.client.clusterBrokerNames(), {
      clusters: ['DefaultCluster'], brokers: ['broker-a', 'broker-b'], addresses: 3, clusterOf: new Map([['broker-a', 'DefaultCluster'], ['broker-b', 'DefaultCluster']]),
    });
    assert.equal(h.fake.requests[0]?.url, '/cluster/list.query');
  } finally {
    await h.close();
  }
});

test('a body of the wrong shape is ConsoleMalformedResponseError naming the exact field path', async () => {
  const broken = JSON.parse(consoleFixtureText('topic-queryConsumerByTopic.query.json')) as {
    data: { order_consumer_group: { queueStatInfoList: Record<string, unknown>[] } };
  };
  const row = broken.data.order_consumer_group.queueStatInfoList[3];
  assert.ok(row);
  row.brokerOffset = 'lots';
  const h = await start((_req, res) => sendJson(res, broken));
  try {
    const error = await rejection(h.client.consumersOfTopic('order_topic'));
    assert.ok(error instanceof ConsoleMalformedResponseError);
    assert.equal(error.problem, 'data.order_consumer_group.queueStatInfoList[3].brokerOffset: expected a number, got a string');
    assert.equal(h.events[0]?.outcome, 'malformed');
  } finally {
    await h.close();
  }
});

test('the configured password and ACL secret keys are masked in a console error message, which is capped to its first line', async () => {
  const password = 'Pa55-w0rd-xyz';
  const errMsg = `failed for 10.0.2.19@RocketMQ|${'S'.repeat(12)}9|order_group|3131 with ${password} ${'x'.repeat(600)}\nsecond line`;
  const h = await start(
    (req, res) => {
      // No login on this console: the check answers 404, as on console 1.0.
      if (req.path === '/login/check.query') {
        res.writeHead(404).end();
        return;
      }
      sendJson(res, { status: -1, data: null, errMsg });
    },
    { username: 'admin', password },
  );
  try {
    const error = await rejection(h.client.clusterBrokerNames());
    assert.ok(error instanceof ConsoleStatusError);
    const consoleMessage = `${`failed for 10.0.2.19@[redacted] with [redacted] ${'x'.repeat(600)}`.slice(0, 300)}…`;
    assert.deepEqual(described(error), {
      name: 'ConsoleStatusError',
      kind: 'console_error',
      endpoint: '/cluster/list.query',
      status: -1,
      consoleMessage,
      message: `the RocketMQ console failed to serve /cluster/list.query (status -1): ${consoleMessage}`,
    });
    assert.ok(!error.message.includes(password));
    assert.ok(!error.message.includes('SSSSSSSSSSSS9'));
    assert.doesNotMatch(error.message, /second line/);
  } finally {
    await h.close();
  }
});

interface FailedCall {
  readonly what: string;
  /** How the console answers; `nobody` when nothing listens at the URL. */
  readonly console: Handler | 'nobody';
  readonly options?: Partial<ConsoleClientOptions>;
  readonly call: (client: ConsoleClient) => Promise<unknown>;
  readonly error: string;
  readonly event: readonly [endpoint: string, outcome: string];
  /** The reported duration is at least this: time spent on the request, not only the bookkeeping. */
  readonly minSeconds?: number;
}

const failedCalls: readonly FailedCall[] = [
  {
    what: 'a refused connection',
    console: 'nobody',
    call: (c) => c.listTopics(),
    error: 'ConsoleUnreachableError',
    event: ['/topic/list.query', 'unreachable'],
  },
  {
    what: 'a console that never answers',
    console: () => undefined,
    options: { timeoutMs: 150 },
    call: (c) => c.consumersOfTopic('order_topic'),
    error: 'ConsoleTimeoutError',
    event: ['/topic/queryConsumerByTopic.query', 'timeout'],
    minSeconds: 0.14,
  },
  {
    what: 'HTTP 500',
    console: (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html>Whitelabel Error Page</html>');
    },
    call: (c) => c.listTopics(),
    error: 'ConsoleHttpStatusError',
    event: ['/topic/list.query', 'http_status'],
  },
  {
    what: 'status -1',
    console: (_req, res) => sendFixture(res, 'consumer-consumerConnection.query.error-not-online.json'),
    call: (c) => c.listGroups(),
    error: 'ConsoleStatusError',
    event: ['/consumer/groupList.query', 'console_error'],
  },
  {
    what: 'a body over the cap',
    console: (_req, res) => sendFixture(res, 'topic-list.query.json'),
    options: { maxResponseBytes: 64 },
    call: (c) => c.listTopics(),
    error: 'ConsoleResponseTooLargeError',
    event: ['/topic/list.query', 'too_large'],
  },
  {
    what: 'a body that is not JSON',
    console: (_req, res) => sendJson(res, '{"status":0,"data":{"topicList":["a",'),
    call: (c) => c.listTopics(),
    error: 'ConsoleMalformedResponseError',
    event: ['/topic/list.query', 'malformed'],
  },
];

for (const failed of failedCalls) {
  test(`onRequest reports ${failed.what} once, with outcome ${failed.event[1]}, and the call fails with ${failed.error}`, async () => {
    const h = failed.console === 'nobody'
      ? recordingClient(`http://127.0.0.1:${await freePort()}`, failed.options)
      : await start(failed.console, failed.options);
    try {
      const error = await rejection(failed.call(h.client));
      assert.equal(error.name, failed.error);
      assert.equal(error.kind, failed.event[1]);
      assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [failed.event]);
      assert.ok((h.events[0]?.durationSeconds ?? -1) >= (failed.minSeconds ?? 0), `${h.events[0]?.durationSeconds} s`);
    } finally {
      await h.close();
    }
  });
}

test('an onRequest observer that throws does not fail the call', async () => {
  const h = await start((_req, res) => sendFixture(res, 'topic-list.query.json'), {
    onRequest: () => {
      throw new Error('observer bug');
    },
  });
  try {
    const list = await h.client.listTopics();
    assert.equal(list.topics.length, 17);
  } finally {
    await h.close();
  }
});

test('RocketMQ Studio at the URL: one error naming it, after one probe of its /api/', async () => {
  const h = await start((req, res) => {
    if (req.path.startsWith('/api/')) sendJson(res, { code: 0, message: 'success', data: [] });
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<html><title>RocketMQ Studio</title></html>');
  });
  try {
    const error = await rejection(h.client.listTopics());
    assert.deepEqual(described(error), {
      name: 'ConsoleNotAConsoleError',
      kind: 'not_console',
      endpoint: '/topic/list.query',
      found: 'a REST API answering {code, message, data} at /api/topic/list (RocketMQ Studio, or another service), which this exporter does not read',
      message: 'ROCKETMQ_CONSOLE_URL does not answer /topic/list.query as a RocketMQ console or dashboard does: found a REST API answering {code, message, data} at /api/topic/list (RocketMQ Studio, or another service), which this exporter does not read; set it to the URL of a rocketmq-console or rocketmq-dashboard, with its context path',
    });
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [['/topic/list.query', 'http_status'], ['/api/topic/list', 'success']]);
  } finally {
    await h.close();
  }
});

test('a web server at the URL: the error names the page it found; JSON of another kind and bare 404s are named too', async () => {
  const page = '<html><head><title>Welcome to nginx!</title></head></html>';
  const pages: Record<string, (res: import('node:http').ServerResponse) => void> = {
    '/topic/list.query': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page),
    '/consumer/groupList.query': (res) => sendJson(res, { ok: true }),
  };
  const h = await start((req, res) => (pages[req.path] ?? ((r) => r.writeHead(404).end()))(res));
  try {
    const found = async (call: Promise<unknown>) => (described(await rejection(call)) as { found?: string }).found;
    assert.equal(await found(h.client.listTopics()), `an answer of another kind: (body): an HTML page titled "Welcome to nginx!", not JSON (a login page or a proxy error?), ${page.length} bytes`);
    assert.equal(await found(h.client.listGroups()), 'an answer of another kind: status: expected a number, got nothing (field missing)');
    assert.equal(await found(h.client.clusterBrokerNames()), 'HTTP 404, no console API at this URL');
  } finally {
    await h.close();
  }
});

test('once the console has answered, a 404 or a page is the console\'s failure, not a wrong URL: no probe', async () => {
  let broken = false;
  const h = await start((req, res) => {
    if (broken) res.writeHead(404).end();
    else fixtures()(req, res);
  });
  try {
    await h.client.listTopics();
    broken = true;
    const error = await rejection(h.client.listTopics());
    assert.deepEqual([error.name, error.kind], ['ConsoleHttpStatusError', 'http_status']);
    assert.equal(h.fake.requests.some((r) => r.path.startsWith('/api/')), false);
  } finally {
    await h.close();
  }
});

test('a form login refused with 403 where no CSRF token is to be had: the 403 is the error', async () => {
  const h = await start((req, res) => {
    if (req.path === '/login/check.query') sendJson(res, { status: 0, data: { loginRequired: true, logined: false }, errMsg: null });
    else if (req.path === '/login/login.do') res.writeHead(403).end();
    else res.writeHead(404).end();
  }, { username: 'admin', password: 'Secr3t-pass' });
  try {
    const error = await rejection(h.client.listTopics());
    assert.deepEqual([error.name, error.endpoint, (error as unknown as { status: number }).status], ['ConsoleHttpStatusError', '/login/login.do', 403]);
    assert.deepEqual(h.fake.requests.map((r) => `${r.method} ${r.path}`), ['GET /login/check.query', 'POST /login/login.do', 'GET /rocketmq-dashboard/csrf-token']);
  } finally {
    await h.close();
  }
});
