// What each console call costs the cluster (namesrv RPCs, broker RPCs, consumer relays), per flavour, and what whole walks cost.

import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { costOf, startSimulator, traitsOf, type CallCost, type ClusterModel, type Flavour, type RequestParams, type Simulator } from './index.js';
import { call, data, envelope } from './test-client.js';

const cost = (namesrv: number, broker: number, relays: number): CallCost => ({ namesrv, broker, relays });
const FREE = cost(0, 0, 0);
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The cost table of docs/console-api.md, written out once, from the model's facts. */
function costTable(model: ClusterModel) {
  const B = model.brokers.length;
  const clients = (group: string): number => model.clients(group).length;
  return {
    B,
    clients,
    /** Groups the console lists for a topic (what queryConsumerByTopic answers). */
    groupsOf: (topic: string): string[] => {
      const t = model.topic(topic);
      return t === undefined ? [] : model.listedSubscriptions(t).map((s) => s.group.name);
    },
    topicList: (systemLookup: boolean): CallCost => cost(1 + Number(systemLookup), Number(systemLookup), 0),
    byTopic: (groups: readonly string[]): CallCost => cost(1 + groups.length, 1 + (B + 1) * groups.length, sum(groups.map(clients))),
    /** G groups listed; dashboard 2.0 asks every broker once more per group. */
    groupList: (G: number, addressRound: boolean): CallCost => cost(G, B + (B + 1 + (addressRound ? B : 0)) * G, 0),
    /** `stats` stats RPCs, then `rounds` connection lookups, each relayed to every client of the group. */
    byConsumer: (group: string, stats: number, rounds: number): CallCost => cost(1, stats + rounds, clients(group) * rounds),
    /** An empty offset table stops the console after its stats RPCs. */
    byConsumerEmpty: (stats: number): CallCost => cost(1, stats, 0),
    connection: cost(0, 1, 0),
    groupQuery: cost(1, B + 1, 0),
    topicStats: cost(1, B, 0),
    unknownTopic: cost(1, 0, 0),
    topicConsumerInfo: cost(1, 1, 0),
    clusterList: cost(1, sum(model.brokers.map((b) => 1 + b.slaveAddrs.length)), 0),
  };
}

const endpointOf = (path: string): string => path.split('?')[0] ?? path;
const callCost = (c: CallCost): CallCost => cost(c.namesrv, c.broker, c.relays);

interface Case {
  readonly flavour: Flavour;
  readonly path: string;
  readonly why: string;
  readonly formula: (t: ReturnType<typeof costTable>) => CallCost;
  /** Literal, so that a wrong formula cannot pass on both sides. */
  readonly literal: CallCost;
}

const A = '10.0.1.11:10911';
const BB = '10.0.1.21:10911';
const PAY = 'consumerGroup=payment_group';
const BROADCAST = 'consumerGroup=order_cache_broadcast_group';

// demo: B = 2 (broker-a with one slave, broker-b); order_topic is listed by 4 groups with 2 + 0 + 3 + 1 clients; payment_group has 7 clients.
const CASES: readonly Case[] = [
  { flavour: 'console-1.0', path: 'topic/list.query', why: 'no %SYS% marking, no system topic lookup', formula: (t) => t.topicList(false), literal: cost(1, 0, 0) },
  { flavour: 'console-2019', path: 'topic/list.query', why: 'the system topic lookup adds a namesrv and a broker RPC', formula: (t) => t.topicList(true), literal: cost(2, 1, 0) },
  { flavour: 'dashboard-1.0', path: 'topic/list.query', why: 'the system topic lookup adds a namesrv and a broker RPC', formula: (t) => t.topicList(true), literal: cost(2, 1, 0) },
  { flavour: 'dashboard-1.0', path: 'topic/list.query?skipSysProcess=true', why: 'skipSysProcess skips the lookup', formula: (t) => t.topicList(false), literal: cost(1, 0, 0) },
  { flavour: 'console-1.0', path: 'topic/queryConsumerByTopic.query?topic=order_topic', why: 'every listed group: route, stats, connection, relays', formula: (t) => t.byTopic(t.groupsOf('order_topic')), literal: cost(5, 13, 6) },
  { flavour: 'dashboard-2.1', path: 'topic/queryConsumerByTopic.query?topic=order_topic', why: 'the same in every flavour', formula: (t) => t.byTopic(t.groupsOf('order_topic')), literal: cost(5, 13, 6) },
  { flavour: 'dashboard-1.0', path: 'topic/queryConsumerByTopic.query?topic=%25RETRY%25payment_group', why: 'a retry topic: a second round for its group', formula: (t) => t.byTopic(['payment_group']), literal: cost(2, 4, 7) },
  { flavour: 'console-1.0', path: 'topic/queryConsumerByTopic.query?topic=no_such_topic', why: 'the route lookup fails (status -1)', formula: (t) => t.unknownTopic, literal: cost(1, 0, 0) },
  { flavour: 'console-1.0', path: 'topic/queryConsumerByTopic.query', why: 'a missing topic is refused before any RPC', formula: () => FREE, literal: FREE },
  { flavour: 'console-1.0', path: 'consumer/groupList.query', why: 'every group, system ones included', formula: (t) => t.groupList(15, false), literal: cost(15, 47, 0) },
  { flavour: 'dashboard-1.0', path: 'consumer/groupList.query', why: 'every group, system ones included', formula: (t) => t.groupList(15, false), literal: cost(15, 47, 0) },
  { flavour: 'dashboard-2.0', path: 'consumer/groupList.query', why: 'B more broker RPCs per group for its addresses', formula: (t) => t.groupList(15, true), literal: cost(15, 77, 0) },
  { flavour: 'dashboard-2.0', path: 'consumer/groupList.query?skipSysGroup=true', why: 'skipSysGroup lists (and pays for) the 6 user groups only', formula: (t) => t.groupList(6, true), literal: cost(6, 32, 0) },
  { flavour: 'dashboard-2.1', path: 'consumer/groupList.query', why: 'served from the cache', formula: () => FREE, literal: FREE },
  { flavour: 'console-1.0', path: `consumer/queryTopicByConsumer.query?${PAY}`, why: 'stats from every broker, one connection lookup, a relay per client', formula: (t) => t.byConsumer('payment_group', t.B, 1), literal: cost(1, 3, 7) },
  { flavour: 'dashboard-1.0', path: `consumer/queryTopicByConsumer.query?${PAY}`, why: 'as console 1.0', formula: (t) => t.byConsumer('payment_group', t.B, 1), literal: cost(1, 3, 7) },
  { flavour: 'dashboard-2.0', path: `consumer/queryTopicByConsumer.query?${PAY}&address=${A}`, why: 'one address: 1 + 1', formula: (t) => t.byConsumer('payment_group', 1, 1), literal: cost(1, 2, 7) },
  { flavour: 'dashboard-2.0', path: `consumer/queryTopicByConsumer.query?${PAY}&address=${A},${BB}`, why: 'two addresses: only the first is read', formula: (t) => t.byConsumer('payment_group', 1, 1), literal: cost(1, 2, 7) },
  { flavour: 'dashboard-2.1', path: `consumer/queryTopicByConsumer.query?${PAY}&address=${A},${BB}`, why: 'two addresses: everything twice, relays included', formula: (t) => t.byConsumer('payment_group', 2, 2), literal: cost(1, 4, 14) },
  { flavour: 'dashboard-2.1', path: `consumer/queryTopicByConsumer.query?${PAY}&address=${BB}`, why: 'one address: everything once', formula: (t) => t.byConsumer('payment_group', 1, 1), literal: cost(1, 2, 7) },
  { flavour: 'console-1.0', path: `consumer/queryTopicByConsumer.query?${BROADCAST}`, why: 'offset table empty (status -1): stats RPCs only', formula: (t) => t.byConsumerEmpty(t.B), literal: cost(1, 2, 0) },
  { flavour: 'dashboard-2.1', path: `consumer/queryTopicByConsumer.query?${BROADCAST}&address=${A},${BB}`, why: 'offset table empty ([]): stats RPCs only', formula: (t) => t.byConsumerEmpty(2), literal: cost(1, 2, 0) },
  { flavour: 'dashboard-2.0', path: `consumer/queryTopicByConsumer.query?${PAY}`, why: 'a missing address fails before any RPC', formula: () => FREE, literal: FREE },
  { flavour: 'console-1.0', path: `consumer/consumerConnection.query?${PAY}`, why: 'one broker RPC', formula: (t) => t.connection, literal: cost(0, 1, 0) },
  { flavour: 'dashboard-2.0', path: `consumer/consumerConnection.query?${PAY}&address=${A}`, why: 'one broker RPC', formula: (t) => t.connection, literal: cost(0, 1, 0) },
  { flavour: 'console-1.0', path: `consumer/group.query?${PAY}`, why: 'route, stats from every broker, connection, no relay', formula: (t) => t.groupQuery, literal: cost(1, 3, 0) },
  { flavour: 'console-1.0', path: 'topic/stats.query?topic=payment_topic', why: 'route, then every broker', formula: (t) => t.topicStats, literal: cost(1, 2, 0) },
  { flavour: 'console-1.0', path: 'topic/stats.query?topic=no_such_topic', why: 'the route lookup fails', formula: (t) => t.unknownTopic, literal: cost(1, 0, 0) },
  { flavour: 'dashboard-1.0', path: 'topic/queryTopicConsumerInfo.query?topic=order_topic', why: 'route, then one broker', formula: (t) => t.topicConsumerInfo, literal: cost(1, 1, 0) },
  { flavour: 'console-1.0', path: 'cluster/list.query', why: 'runtime stats from every broker address, the slave included', formula: (t) => t.clusterList, literal: cost(1, 3, 0) },
  { flavour: 'console-1.0', path: 'ops/homePage.query', why: 'console configuration only', formula: () => FREE, literal: FREE },
  { flavour: 'dashboard-1.0', path: 'login/check.query', why: 'session only', formula: () => FREE, literal: FREE },
  { flavour: 'dashboard-1.0', path: 'topic/list.queryTopicType', why: 'not in the table', formula: () => FREE, literal: FREE },
  { flavour: 'dashboard-1.0', path: 'dashboard/broker.query?date=2024-06-11', why: "the console's own collected files", formula: () => FREE, literal: FREE },
  { flavour: 'dashboard-2.0', path: 'proxy/homePage.query', why: 'console configuration only', formula: () => FREE, literal: FREE },
];

const show = (c: CallCost): string => `${c.namesrv} namesrv, ${c.broker} broker, ${c.relays} relays`;

describe('one request of each endpoint (scale demo)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ scale: 'demo' });
  });
  after(async () => {
    await sim.stop();
  });

  for (const c of CASES) {
    test(`${c.flavour} ${c.path} costs ${show(c.literal)}: ${c.why}`, async () => {
      sim.setFlavour(c.flavour);
      sim.resetCost();
      assert.equal((await call(`${sim.url}/${c.path}`)).status, 200);
      const spent = sim.cost();
      assert.deepEqual(callCost(spent), c.literal);
      assert.deepEqual(callCost(spent), c.formula(costTable(sim.model)));
      assert.equal(spent.rpcs, c.literal.namesrv + c.literal.broker + c.literal.relays);
      assert.deepEqual(spent.byEndpoint, { [endpointOf(c.path)]: { requests: 1, ...c.literal } });
    });
  }
});

describe('requests that never reach the work', () => {
  const BY_TOPIC = 'topic/queryConsumerByTopic.query';
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ flavour: 'dashboard-1.0', scale: 'demo', login: { username: 'admin', password: 'secret' }, notLoggedIn: 'status' });
  });
  after(async () => {
    await sim.stop();
  });

  test('a request refused for lack of login costs nothing; the same request logged in costs its table row', async () => {
    sim.resetCost();
    assert.equal(envelope(await call(`${sim.url}/${BY_TOPIC}?topic=order_topic`)).errMsg, 'user not login');
    assert.deepEqual(sim.cost(), { namesrv: 0, broker: 0, relays: 0, rpcs: 0, byEndpoint: {} });
    const cookie = (await call(`${sim.url}/login/login.do`, { form: { username: 'admin', password: 'secret' } })).headers.get('set-cookie')?.split(';')[0] ?? '';
    await data(`${sim.url}/${BY_TOPIC}?topic=order_topic`, { cookie });
    assert.deepEqual(sim.cost(), {
      namesrv: 5,
      broker: 13,
      relays: 6,
      rpcs: 24,
      byEndpoint: { 'login/login.do': { requests: 1, namesrv: 0, broker: 0, relays: 0 }, [BY_TOPIC]: { requests: 1, namesrv: 5, broker: 13, relays: 6 } },
    });
  });

  test('faulted requests (error, http500, reset, hang) and a 404 cost nothing; a body broken after the work still costs it', async () => {
    const cookie = (await call(`${sim.url}/login/login.do`, { form: { username: 'admin', password: 'secret' } })).headers.get('set-cookie')?.split(';')[0] ?? '';
    sim.resetCost();
    for (const kind of ['error', 'http500', 'reset', 'hang'] as const) {
      sim.faults.set(BY_TOPIC, kind, { times: 1 });
      await call(`${sim.url}/${BY_TOPIC}?topic=order_topic`, { cookie, timeoutMs: 300 }).catch(() => undefined);
    }
    assert.equal((await call(`${sim.url}/topic/nothing.query`, { cookie })).status, 404);
    assert.deepEqual(sim.cost(), { namesrv: 0, broker: 0, relays: 0, rpcs: 0, byEndpoint: {} });
    sim.faults.set(BY_TOPIC, 'malformedJson', { times: 1 });
    await call(`${sim.url}/${BY_TOPIC}?topic=order_topic`, { cookie });
    assert.deepEqual(sim.cost().byEndpoint, { [BY_TOPIC]: { requests: 1, namesrv: 5, broker: 13, relays: 6 } });
  });
});

describe('totals and resets', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ flavour: 'dashboard-2.1', scale: 'demo' });
  });
  after(async () => {
    await sim.stop();
  });

  test('a sequence of requests adds up, in total and per endpoint', async () => {
    sim.resetCost();
    await data(`${sim.url}/topic/list.query`);
    await data(`${sim.url}/topic/queryConsumerByTopic.query?topic=order_topic`);
    await data(`${sim.url}/topic/queryConsumerByTopic.query?topic=payment_topic`);
    await data(`${sim.url}/consumer/groupList.query`);
    await data(`${sim.url}/consumer/queryTopicByConsumer.query?${PAY}&address=${A},${BB}`);
    await data(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group&address=${A},${BB}`);
    await data(`${sim.url}/cluster/list.query`);
    // payment_topic: payment_group only (7 clients): 2 namesrv, 4 broker, 7 relays; order_consumer_group (2 clients) on two addresses: 1, 4, 4.
    assert.deepEqual(sim.cost(), {
      namesrv: 2 + 5 + 2 + 0 + 1 + 1 + 1,
      broker: 1 + 13 + 4 + 0 + 4 + 4 + 3,
      relays: 6 + 7 + 14 + 4,
      rpcs: 12 + 29 + 31,
      byEndpoint: {
        'topic/list.query': { requests: 1, namesrv: 2, broker: 1, relays: 0 },
        'topic/queryConsumerByTopic.query': { requests: 2, namesrv: 7, broker: 17, relays: 13 },
        'consumer/groupList.query': { requests: 1, namesrv: 0, broker: 0, relays: 0 },
        'consumer/queryTopicByConsumer.query': { requests: 2, namesrv: 2, broker: 8, relays: 18 },
        'cluster/list.query': { requests: 1, namesrv: 1, broker: 3, relays: 0 },
      },
    });
  });

  test('the cost follows the model: a stopped client is no longer relayed to', async () => {
    sim.resetCost();
    sim.model.stopClient(sim.model.clients('payment_group')[0]?.key ?? '');
    await data(`${sim.url}/topic/queryConsumerByTopic.query?topic=payment_topic`);
    assert.deepEqual(sim.cost().byEndpoint['topic/queryConsumerByTopic.query'], { requests: 1, namesrv: 2, broker: 4, relays: 6 });
  });

  test('resetCost forgets the cost only; resetRequests forgets both', async () => {
    await data(`${sim.url}/topic/list.query`);
    sim.resetCost();
    assert.deepEqual(sim.cost(), { namesrv: 0, broker: 0, relays: 0, rpcs: 0, byEndpoint: {} });
    assert.ok(sim.requests().total > 0);
    await data(`${sim.url}/topic/list.query`);
    sim.resetRequests();
    assert.deepEqual(sim.cost(), { namesrv: 0, broker: 0, relays: 0, rpcs: 0, byEndpoint: {} });
    assert.equal(sim.requests().total, 0);
  });
});

const walker = new Agent({ keepAlive: true, maxSockets: 8 });

/** GET over keep-alive (fetch is several times slower for thousands of small calls); fails unless the console answers status 0. */
function answered(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    request(url, { agent: walker }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 && body.startsWith('{"status":0,') ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode ?? 0} ${body.slice(0, 200)}`))));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** Asks for every URL, 8 in flight. */
async function walk(urls: readonly string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < urls.length) await answered(urls[next++] as string);
    }),
  );
}

describe('walks at scale L-hepyu (the hepyu Go exporter workload: 1000 topics × 4 one-topic groups, 2 clients each)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ flavour: 'console-1.0', scale: 'L-hepyu', clock: 'frozen' });
  });
  after(async () => {
    walker.destroy();
    await sim.stop();
  });

  const userGroups = () => sim.model.groups().filter((g) => !g.system);
  const committedClustering = () => userGroups().filter((g) => g.committed && g.messageModel === 'CLUSTERING');

  test('the topic walk (list, every non-system topic including %RETRY% and %DLQ%, one groupList) on console-1.0 costs 74,682 RPCs, 14,923 relays', async () => {
    sim.setFlavour('console-1.0');
    sim.resetCost();
    const list = await data<{ topicList: string[] }>(`${sim.url}/topic/list.query`);
    const walked = list.topicList.filter((name) => sim.model.topic(name)?.kind !== 'system');
    await walk(walked.map((topic) => `${sim.url}/topic/queryConsumerByTopic.query?topic=${encodeURIComponent(topic)}`));
    await data(`${sim.url}/consumer/groupList.query`);
    const t = costTable(sim.model);
    const byTopic = walked.map((topic) => t.byTopic(t.groupsOf(topic)));
    const steps = [t.topicList(false), ...byTopic, t.groupList(sim.model.groups().length, false)];
    const formula = cost(sum(steps.map((c) => c.namesrv)), sum(steps.map((c) => c.broker)), sum(steps.map((c) => c.relays)));
    const spent = sim.cost();
    assert.equal(walked.length, 1000 + 4000 + 1100);
    assert.deepEqual(callCost(spent), formula);
    assert.deepEqual(callCost(spent), cost(17_990, 41_769, 14_923));
    assert.equal(spent.rpcs, 74_682);
    // 4000 listed groups on the user topics, 3880 clustering groups on their retry topics, none on the 1100 DLQ topics; 4009 groups listed.
    assert.deepEqual(spent.byEndpoint, {
      'topic/list.query': { requests: 1, namesrv: 1, broker: 0, relays: 0 },
      'topic/queryConsumerByTopic.query': { requests: 6100, namesrv: 6100 + 7880, broker: 6100 + 3 * 7880, relays: 14_923 },
      'consumer/groupList.query': { requests: 1, namesrv: 4009, broker: 2 + 3 * 4009, relays: 0 },
    });
  });

  test('the group walk (groupList, then every committed clustering group), summed with costOf, costs 38,438 RPCs on console-1.0 and 33,400 on dashboard-2.1', () => {
    const groups = committedClustering().map((g) => g.name);
    assert.equal(groups.length, 3600 + 200);
    const t = costTable(sim.model);
    const relays = sum(groups.map(t.clients));
    assert.equal(relays, 7200);
    // Summed without HTTP (the per-endpoint tests show the server counts costOf per answered request): 7,600 cold requests take seconds.
    const walkCost = (flavour: Flavour, address: RequestParams): CallCost => {
      const calls: [string, RequestParams][] = [['consumer/groupList.query', {}], ...groups.map((g): [string, RequestParams] => ['consumer/queryTopicByConsumer.query', { consumerGroup: g, ...address }])];
      const costs = calls.map(([endpoint, params]) => costOf(endpoint, params, sim.model, traitsOf(flavour)));
      return cost(sum(costs.map((c) => c.namesrv)), sum(costs.map((c) => c.broker)), sum(costs.map((c) => c.relays)));
    };
    const rpcs = (c: CallCost): number => c.namesrv + c.broker + c.relays;

    const console10 = walkCost('console-1.0', {});
    const gl = t.groupList(sim.model.groups().length, false);
    assert.deepEqual(console10, cost(gl.namesrv + groups.length, gl.broker + (t.B + 1) * groups.length, relays));
    assert.deepEqual(console10, cost(7809, 23_429, 7200));
    assert.equal(rpcs(console10), 38_438);

    // groupList lists every master address for each group; dashboard 2.1 reads them all.
    const dashboard21 = walkCost('dashboard-2.1', { address: sim.model.brokers.map((b) => b.masterAddr).join(',') });
    assert.deepEqual(dashboard21, cost(groups.length, 2 * t.B * groups.length, t.B * relays));
    assert.deepEqual(dashboard21, cost(3800, 15_200, 14_400));
    assert.equal(rpcs(dashboard21), 33_400);
  });
});
