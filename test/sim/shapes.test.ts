// Every endpoint of every flavour answers with the exact shape of the real console's recorded responses.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FLAVOURS, startSimulator, type Flavour, type Simulator } from './index.js';
import { shapeProblems, withoutFields } from './shape-compare.js';
import { call, envelope, loginCookie } from './test-client.js';
import { consoleFixture } from '../support/fixtures.js';

const ADDRESSES = 'address=10.0.1.11:10911,10.0.1.21:10911';
const LEGACY: readonly Flavour[] = ['console-1.0', 'console-2019', 'dashboard-1.0'];
const isV2 = (f: Flavour): boolean => f === 'dashboard-2.0' || f === 'dashboard-2.1';

interface Case {
  readonly name: string;
  readonly path: (f: Flavour) => string;
  readonly fixture: (f: Flavour) => string;
  readonly only?: (f: Flavour) => boolean;
  /** Paths of objects keyed by names. */
  readonly maps?: readonly string[];
  /** Fixture fields this flavour does not have. */
  readonly drop?: (f: Flavour) => readonly string[];
}

const CASES: readonly Case[] = [
  { name: 'topic list', path: () => 'topic/list.query', fixture: () => 'topic-list.query.json' },
  { name: 'topic list, raw names', path: () => 'topic/list.query?skipSysProcess=true', fixture: () => 'topic-list.query.skipSysProcess.json' },
  { name: 'topic types', path: () => 'topic/list.queryTopicType', fixture: () => 'topic-list.queryTopicType.json', only: (f) => f.startsWith('dashboard') },
  { name: 'consumers of a topic', path: () => 'topic/queryConsumerByTopic.query?topic=order_topic', fixture: () => 'topic-queryConsumerByTopic.query.json', maps: ['data'] },
  { name: 'groups of a topic', path: () => 'topic/queryTopicConsumerInfo.query?topic=order_topic', fixture: () => 'topic-queryTopicConsumerInfo.query.json' },
  {
    name: 'topic stats',
    path: () => 'topic/stats.query?topic=order_topic',
    fixture: () => 'topic-stats.query.json',
    maps: ['data.offsetTable'],
    drop: (f) => (isV2(f) ? [] : ['data.topicPutTps']),
  },
  {
    name: 'group list',
    path: () => 'consumer/groupList.query',
    fixture: (f) => (isV2(f) ? 'consumer-groupList.query.json' : 'consumer-groupList.query.legacy.json'),
    drop: (f) => (f === 'dashboard-2.0' ? ['data.[].updateTime'] : []),
  },
  {
    name: 'one group',
    path: () => 'consumer/group.query?consumerGroup=order_consumer_group',
    fixture: () => 'consumer-group.query.json',
    drop: (f) => (isV2(f) ? [] : ['data.address', 'data.subGroupType']),
  },
  {
    name: 'topics of a group',
    path: (f) => `consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group${isV2(f) ? `&${ADDRESSES}` : ''}`,
    fixture: (f) => (f === 'dashboard-2.1' ? 'consumer-queryTopicByConsumer.query.dashboard-2.1.json' : 'consumer-queryTopicByConsumer.query.json'),
  },
  {
    name: 'connections of a group',
    path: (f) => `consumer/consumerConnection.query?consumerGroup=order_consumer_group${isV2(f) ? `&${ADDRESSES}` : ''}`,
    fixture: () => 'consumer-consumerConnection.query.json',
    maps: ['data.subscriptionTable'],
  },
  {
    name: 'cluster list',
    path: () => 'cluster/list.query',
    fixture: () => 'cluster-list.query.json',
    maps: ['data.clusterInfo.brokerAddrTable', 'data.clusterInfo.brokerAddrTable.*.brokerAddrs', 'data.clusterInfo.clusterAddrTable', 'data.brokerServer', 'data.brokerServer.*'],
    drop: (f) => (isV2(f) ? [] : ['data.messageTypes', 'data.clusterInfo.brokerAddrTable.*.zoneName', 'data.clusterInfo.brokerAddrTable.*.enableActingMaster']),
  },
  {
    name: 'name servers',
    path: () => 'ops/homePage.query',
    fixture: () => 'ops-homePage.query.json',
    drop: (f) => (f === 'console-1.0' ? ['data.currentNamesrv', 'data.useTLS'] : f === 'console-2019' ? ['data.currentNamesrv'] : []),
  },
  { name: 'proxies', path: () => 'proxy/homePage.query', fixture: () => 'proxy-homePage.query.json', only: isV2 },
  { name: 'broker TPS', path: () => 'dashboard/broker.query?date=2024-06-11', fixture: () => 'dashboard-broker.query.json', maps: ['data'] },
  { name: 'topic TPS', path: () => 'dashboard/topic.query?date=2024-06-11', fixture: () => 'dashboard-topic.query.json', maps: ['data'] },
  { name: 'current topic counts', path: () => 'dashboard/topicCurrent.query', fixture: () => 'dashboard-topicCurrent.query.json' },
  { name: 'login check', path: () => 'login/check.query', fixture: () => 'login-check.query.json', only: (f) => f !== 'console-1.0' },
];

const sims = new Map<Flavour, { sim: Simulator; cookie: string | undefined }>();

before(async () => {
  for (const flavour of FLAVOURS) {
    const login = flavour === 'console-1.0' ? undefined : { username: 'admin', password: 'secret' };
    const sim = await startSimulator({ flavour, scale: 'demo', ...(login === undefined ? {} : { login }) });
    sims.set(flavour, { sim, cookie: login === undefined ? undefined : await loginCookie(sim.url, 'admin', 'secret') });
  }
});

after(async () => {
  for (const { sim } of sims.values()) await sim.stop();
});

function target(flavour: Flavour): { sim: Simulator; cookie: string | undefined } {
  return sims.get(flavour) as { sim: Simulator; cookie: string | undefined };
}

async function get(flavour: Flavour, path: string): Promise<ReturnType<typeof envelope>> {
  const { sim, cookie } = target(flavour);
  const answer = await call(`${sim.url}/${path}`, cookie === undefined ? {} : { cookie });
  assert.equal(answer.headers.get('www-authenticate'), 'Basic realm="rocketmq"');
  assert.equal(answer.headers.get('content-type'), 'application/json;charset=UTF-8');
  return envelope(answer);
}

for (const flavour of FLAVOURS) {
  describe(`${flavour} answers in the fixtures' shapes`, () => {
    for (const c of CASES) {
      if (c.only !== undefined && !c.only(flavour)) continue;
      test(c.name, async () => {
        const actual = await get(flavour, c.path(flavour));
        assert.equal(actual.status, 0, actual.errMsg ?? '');
        const expected = withoutFields(consoleFixture(c.fixture(flavour)), c.drop?.(flavour) ?? []);
        assert.deepEqual(shapeProblems(actual, expected, c.maps), []);
      });
    }

    if (flavour !== 'console-1.0') {
      test('login, wrong password and logout', async () => {
        const { sim } = target(flavour);
        const ok = await call(`${sim.url}/login/login.do`, { form: { username: 'admin', password: 'secret' } });
        const expected = flavour === 'console-2019' ? 'login-login.do.legacy-console.json' : 'login-login.do.json';
        assert.deepEqual(shapeProblems(envelope(ok), consoleFixture(expected)), []);
        assert.deepEqual(envelope(await call(`${sim.url}/login/login.do`, { form: { username: 'admin', password: 'nope' } })), consoleFixture('login-login.do.error.json'));
        assert.deepEqual(envelope(await call(`${sim.url}/login/logout.do`, { method: 'POST' })), consoleFixture('login-logout.do.json'));
      });
    } else {
      test('has no login endpoints', async () => {
        assert.equal((await call(`${target(flavour).sim.url}/login/check.query`)).status, 404);
      });
    }

    test('a broadcast group has no offset table', async () => {
      const address = isV2(flavour) ? `&${ADDRESSES}` : '';
      const answer = await get(flavour, `consumer/queryTopicByConsumer.query?consumerGroup=order_cache_broadcast_group${address}`);
      if (flavour === 'dashboard-2.1') assert.deepEqual(answer, { status: 0, data: [], errMsg: null });
      else assert.deepEqual(answer, consoleFixture('consumer-queryTopicByConsumer.query.error-broadcast.json'));
    });

    test('an offline group is not online', async () => {
      const address = isV2(flavour) ? `&${ADDRESSES}` : '';
      assert.deepEqual(await get(flavour, `consumer/consumerConnection.query?consumerGroup=order_audit_group${address}`), consoleFixture('consumer-consumerConnection.query.error-not-online.json'));
    });

    if (isV2(flavour)) {
      test('queryTopicByConsumer and consumerConnection need an address', async () => {
        const missing = consoleFixture('consumer-queryTopicByConsumer.query.error-missing-address.json');
        assert.deepEqual(await get(flavour, 'consumer/queryTopicByConsumer.query?consumerGroup=order_consumer_group'), missing);
        assert.deepEqual(await get(flavour, 'consumer/consumerConnection.query?consumerGroup=order_consumer_group'), missing);
      });
    } else {
      test('has no proxy page', async () => {
        const { sim, cookie } = target(flavour);
        assert.equal((await call(`${sim.url}/proxy/homePage.query`, cookie === undefined ? {} : { cookie })).status, 404);
      });
    }
  });
}

test('dashboard-2.1 answers "Cache is being built" while its groupList cache builds', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-2.1', scale: 'demo', groupListBuildingAnswers: 1 });
  try {
    assert.deepEqual(envelope(await call(`${sim.url}/consumer/groupList.query`)), consoleFixture('consumer-groupList.query.error-cache-building.json'));
    assert.equal(envelope(await call(`${sim.url}/consumer/groupList.query`)).status, 0);
  } finally {
    await sim.stop();
  }
});

test('without a session, the status answer is the user-not-login fixture', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-1.0', scale: 'demo', login: { username: 'a', password: 'b' }, notLoggedIn: 'status' });
  try {
    assert.deepEqual(envelope(await call(`${sim.url}/topic/list.query`)), consoleFixture('permission-error.user-not-login.json'));
  } finally {
    await sim.stop();
  }
});

test('legacy flavours list groups without address, subGroupType or updateTime', async () => {
  for (const flavour of LEGACY) {
    const list = (await get(flavour, 'consumer/groupList.query')).data as Record<string, unknown>[];
    for (const g of list) for (const key of ['address', 'subGroupType', 'updateTime']) assert.ok(!(key in g), `${flavour} ${key}`);
  }
});

test('the shape comparison notices a missing key, an extra key, a wrong type and a wrong map value', () => {
  const recorded = { status: 0, data: { groups: [{ name: 'g', version: null }, { name: 'h', version: 'V4_9_4' }], table: { a: { n: 1 } } }, errMsg: null };
  const maps = ['data.table'];
  assert.deepEqual(shapeProblems({ status: 0, data: { groups: [{ name: 'x', version: 'V5' }], table: { b: { n: 2 }, c: { n: 3 } } }, errMsg: null }, recorded, maps), []);
  assert.equal(shapeProblems({ status: 0, data: { groups: [{ name: 'x' }], table: {} }, errMsg: null }, recorded, maps).length, 1);
  assert.equal(shapeProblems({ status: 0, data: { groups: [{ name: 'x', version: null, extra: 1 }], table: {} }, errMsg: null }, recorded, maps).length, 1);
  assert.equal(shapeProblems({ status: '0', data: { groups: [], table: {} }, errMsg: null }, recorded, maps).length, 1);
  assert.equal(shapeProblems({ status: 0, data: { groups: [], table: { a: { n: '1' } } }, errMsg: null }, recorded, maps).length, 1);
});
