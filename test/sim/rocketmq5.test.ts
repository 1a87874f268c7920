// RocketMQ 5 over HTTP (scale S5): groups behind a proxy and POP groups, as dashboards 2.0 and 2.1 show them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { popRetryTopicOf, retryTopicOf } from './blueprint.js';
import type { ConsumerGroup } from './entities.js';
import { consoleErrors, startSimulator, type Simulator } from './index.js';
import { call, data, envelope, type QueueRow, type TopicConsumerInfo } from './test-client.js';

interface GroupInfo {
  readonly group: string;
  readonly version: string | null;
  readonly count: number;
  readonly consumeType: string | null;
  readonly messageModel: string | null;
  readonly consumeTps: number;
  readonly diffTotal: number;
}

interface Connection {
  readonly connectionSet: readonly { readonly clientId: string }[];
  readonly subscriptionTable: Record<string, unknown>;
  readonly consumeType: string;
  readonly messageModel: string;
}

const FLAVOURS = ['dashboard-2.1', 'dashboard-2.0'] as const;

async function withSim(flavour: (typeof FLAVOURS)[number], run: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ flavour, scale: 'S5' });
  try {
    await run(sim);
  } finally {
    await sim.stop();
  }
}

const q = encodeURIComponent;
const proxyOf = (sim: Simulator): string => sim.model.proxies[0] ?? '';
const brokerAddrs = (sim: Simulator): string[] => sim.model.brokers.map((b) => b.masterAddr);
const proxied = (sim: Simulator): ConsumerGroup[] => sim.model.groups().filter((g) => g.behindProxy);
const popGroups = (sim: Simulator): ConsumerGroup[] => sim.model.groups().filter((g) => g.consumeType === 'CONSUME_POP');
const pick = (info: GroupInfo) => ({
  version: info.version,
  count: info.count,
  consumeType: info.consumeType,
  messageModel: info.messageModel,
  consumeTps: info.consumeTps,
  diffTotal: info.diffTotal,
});

/** What groupList / group.query should say of a group behind the proxy, from the model: unconnected unless `visible`. */
function expectedInfo(sim: Simulator, group: ConsumerGroup, visible: boolean): ReturnType<typeof pick> {
  if (!visible) return { version: null, count: 0, consumeType: null, messageModel: null, consumeTps: 0, diffTotal: -1 };
  const lowest = [...group.clients].sort((a, b) => a.versionCode - b.versionCode)[0];
  return {
    version: lowest?.versionDesc ?? null,
    count: group.clients.length,
    consumeType: group.consumeType,
    messageModel: group.messageModel,
    consumeTps: sim.model.consumeTps(group, sim.clock.now()),
    diffTotal: sim.truth().filter((r) => r.group === group.name).reduce((n, r) => n + r.lag, 0),
  };
}

/** Queues of a group that queryTopicByConsumer returns: every broker on 2.1, the first address only on 2.0. */
async function topicsByConsumer(sim: Simulator, group: string, addresses: readonly string[] = brokerAddrs(sim)): Promise<TopicConsumerInfo[]> {
  return data<TopicConsumerInfo[]>(`${sim.url}/consumer/queryTopicByConsumer.query?consumerGroup=${q(group)}&address=${q(addresses.join(','))}`);
}

const rowKey = (topic: string, r: QueueRow): string => `${topic} ${r.brokerName} ${r.queueId}`;

describe('S5', () => {
  test('has groups behind the proxy, POP among them, and the proxy on its page', async () => {
    await withSim('dashboard-2.1', async (sim) => {
      const behind = proxied(sim);
      const pop = popGroups(sim);
      assert.ok(behind.length - pop.length >= 2 && pop.length >= 2);
      assert.ok(pop.every((g) => g.behindProxy));
      const page = await data<{ proxyAddrList: string[] }>(`${sim.url}/proxy/homePage.query`);
      assert.deepEqual(page.proxyAddrList, [...sim.model.proxies]);
    });
  });
});

for (const flavour of FLAVOURS) {
  describe(flavour, () => {
    test('groupList and group.query show behind-proxy groups unconnected, and as they are through the proxy address', async () => {
      await withSim(flavour, async (sim) => {
        const proxy = proxyOf(sim);
        const list = async (address?: string) =>
          new Map((await data<GroupInfo[]>(`${sim.url}/consumer/groupList.query${address === undefined ? '' : `?address=${q(address)}`}`)).map((g) => [g.group, g]));
        const plain = await list();
        const through = await list(proxy);
        assert.deepEqual(await list(`${brokerAddrs(sim)[0] ?? ''},${proxy}`), through, 'a comma-separated list naming the proxy');
        assert.ok(proxied(sim).length >= 4);
        for (const group of proxied(sim)) {
          const before = plain.get(group.name);
          const after = through.get(group.name);
          assert.ok(before !== undefined && after !== undefined, group.name);
          assert.deepEqual(pick(before), expectedInfo(sim, group, false), group.name);
          assert.deepEqual(pick(after), expectedInfo(sim, group, true), group.name);
          assert.ok(after.count > 0 && after.diffTotal >= 0 && after.version === 'V5_1_4');
          const one = async (address?: string) =>
            pick(await data<GroupInfo>(`${sim.url}/consumer/group.query?consumerGroup=${q(group.name)}${address === undefined ? '' : `&address=${q(address)}`}`));
          assert.deepEqual(await one(), expectedInfo(sim, group, false), group.name);
          assert.deepEqual(await one(proxy), expectedInfo(sim, group, true), group.name);
        }
        assert.ok(popGroups(sim).every((g) => through.get(g.name)?.consumeType === 'CONSUME_POP'));
        for (const group of sim.model.groups().filter((g) => !g.behindProxy && !g.system)) {
          assert.deepEqual(through.get(group.name), plain.get(group.name), `${group.name} is not behind the proxy`);
          assert.equal(plain.get(group.name)?.count, group.clients.length);
        }
      });
    });

    test('consumerConnection answers "not online" for a behind-proxy group, unless the proxy address is given', async () => {
      await withSim(flavour, async (sim) => {
        const proxy = proxyOf(sim);
        const [brokerA] = brokerAddrs(sim) as [string];
        const connection = (group: string, address: string) => call(`${sim.url}/consumer/consumerConnection.query?consumerGroup=${q(group)}&address=${q(address)}`);
        for (const group of proxied(sim)) {
          assert.deepEqual(envelope(await connection(group.name, brokerA)), { status: -1, data: null, errMsg: consoleErrors.notOnline(group.name, brokerA) });
          for (const address of [proxy, `${brokerA},${proxy}`]) {
            const answer = envelope(await connection(group.name, address));
            assert.equal(answer.status, 0, `${group.name} via ${address}`);
            const seen = answer.data as Connection;
            assert.deepEqual(seen.connectionSet.map((c) => c.clientId).sort(), group.clients.map((c) => c.clientId).sort());
            assert.deepEqual(Object.keys(seen.subscriptionTable), group.subscriptions.map((s) => s.topic.name));
            assert.deepEqual([seen.consumeType, seen.messageModel], [group.consumeType, 'CLUSTERING']);
          }
        }
        const ordinary = sim.model.groups().find((g) => !g.behindProxy && sim.model.kindOf(g) === 'clustering-online');
        assert.ok(ordinary !== undefined);
        assert.equal(envelope(await connection(ordinary.name, brokerA)).status, 0, 'groups not behind the proxy are online as before');
      });
    });

    test('every queue row of a POP or behind-proxy group has clientInfo null, in both walks', async () => {
      await withSim(flavour, async (sim) => {
        const truth = sim.truth();
        for (const group of proxied(sim)) {
          const byTopic = new Map<string, QueueRow>();
          for (const sub of group.subscriptions) {
            const byGroup = await data<Record<string, TopicConsumerInfo>>(`${sim.url}/topic/queryConsumerByTopic.query?topic=${q(sub.topic.name)}`);
            for (const row of byGroup[group.name]?.queueStatInfoList ?? []) byTopic.set(rowKey(sub.topic.name, row), row);
          }
          const mine = truth.filter((r) => r.group === group.name);
          assert.equal(byTopic.size, mine.length, group.name);
          assert.ok([...byTopic.values()].every((r) => r.clientInfo === null), group.name);
          const byGroup = (await topicsByConsumer(sim, group.name)).flatMap((info) => info.queueStatInfoList);
          const read = flavour === 'dashboard-2.0' ? mine.filter((r) => r.broker === 'broker-a') : mine;
          assert.equal(byGroup.length, read.length, group.name);
          assert.ok(byGroup.every((r) => r.clientInfo === null), group.name);
        }
        assert.ok(truth.some((r) => !r.behindProxy && r.clientInfo !== null), 'other groups still show their owners');
      });
    });

    test('POP retry topics, in both forms, are listed and read with their group', async () => {
      await withSim(flavour, async (sim) => {
        const listed = new Set((await data<{ topicList: string[] }>(`${sim.url}/topic/list.query?skipSysProcess=true`)).topicList);
        const withoutRetry = new Set((await data<{ topicList: string[] }>(`${sim.url}/topic/list.query?skipSysProcess=true&skipRetryAndDlq=true`)).topicList);
        const forms = new Set<string>();
        for (const group of popGroups(sim)) {
          const normal = group.subscriptions.filter((s) => s.topic.kind === 'normal').map((s) => s.topic.name);
          const form = sim.model.topic(popRetryTopicOf(group.name, normal[0] ?? '', '+')) === undefined ? '_' : '+';
          forms.add(form);
          const retry = normal.map((t) => popRetryTopicOf(group.name, t, form));
          for (const name of retry) {
            assert.ok(listed.has(name), name);
            assert.ok(!withoutRetry.has(name), `${name} is a retry topic`);
          }
          assert.ok(!listed.has(retryTopicOf(group.name)), `${group.name} has no %RETRY%group`);
          const read = new Set((await topicsByConsumer(sim, group.name)).map((info) => info.topic));
          assert.deepEqual([...read].sort(), [...normal, ...retry].sort(), group.name);
        }
        assert.deepEqual([...forms].sort(), ['+', '_']);
      });
    });

    test('a behind-proxy laggard commits offsets that advance with the clock, exactly as the model says', async () => {
      await withSim(flavour, async (sim) => {
        const group = proxied(sim).find((g) => g.consumeType !== 'CONSUME_POP' && g.clients.some((c) => c.rateFactor < 1));
        assert.ok(group !== undefined);
        // The laggard's own queues: it consumes slower than production, so its committed offsets move and its lag grows.
        const slow = group.clients.filter((c) => c.rateFactor < 1);
        const slowQueues = group.subscriptions.flatMap((sub) =>
          sub.topic.queues
            .filter((queue) => {
              const owner = sim.model.ownerOf(sub, queue.index);
              return owner !== null && slow.includes(owner);
            })
            .map((queue) => ({ key: `${sub.topic.name} ${queue.broker.name} ${queue.queueId}`, broker: queue.broker })),
        );
        // Dashboard 2.0 reads the first address only: name the broker of the laggard's queues first.
        const home = slowQueues[0]?.broker;
        assert.ok(home !== undefined, 'the laggard holds queues');
        const addresses = [home.masterAddr, ...brokerAddrs(sim).filter((a) => a !== home.masterAddr)];
        const read = async () => {
          const rows = new Map<string, QueueRow>();
          for (const info of await topicsByConsumer(sim, group.name, addresses)) for (const row of info.queueStatInfoList) rows.set(rowKey(info.topic, row), row);
          return rows;
        };
        const same = (seen: Map<string, QueueRow>) => {
          const truth = sim.truth().filter((r) => r.group === group.name && (flavour === 'dashboard-2.1' || r.broker === home.name));
          const expected = new Map(truth.map((r) => [`${r.topic} ${r.broker} ${r.queueId}`, r]));
          assert.deepEqual([...seen.keys()].sort(), [...expected.keys()].sort());
          for (const [key, row] of seen) {
            const t = expected.get(key);
            assert.deepEqual([row.brokerOffset, row.consumerOffset, row.lastTimestamp, row.clientInfo], [t?.brokerOffset, t?.consumerOffset, t?.lastTimestamp, null], key);
          }
        };
        const before = await read();
        same(before);
        sim.clock.advance(600_000);
        const after = await read();
        same(after);
        const seenSlow = slowQueues.map((s) => s.key).filter((k) => after.has(k));
        assert.ok(seenSlow.length > 0, 'the endpoint returns the laggard\'s queues');
        const total = (rows: Map<string, QueueRow>, f: (r: QueueRow) => number) => seenSlow.reduce((n, k) => n + f(rows.get(k) as QueueRow), 0);
        assert.ok(total(after, (r) => r.consumerOffset) > total(before, (r) => r.consumerOffset), 'offsets advance');
        assert.ok(total(after, (r) => r.brokerOffset - r.consumerOffset) > total(before, (r) => r.brokerOffset - r.consumerOffset), 'lag grows');
      });
    });

    test('the console relays to no client behind the proxy', async () => {
      await withSim(flavour, async (sim) => {
        const group = proxied(sim)[0];
        const topic = group?.subscriptions.find((s) => s.topic.kind === 'normal')?.topic;
        assert.ok(topic !== undefined);
        sim.resetRequests();
        await data(`${sim.url}/topic/queryConsumerByTopic.query?topic=${q(topic.name)}`);
        const relays = sim.model.listedSubscriptions(topic).reduce((n, s) => n + (s.group.behindProxy ? 0 : s.group.clients.length), 0);
        assert.equal(sim.cost().byEndpoint['topic/queryConsumerByTopic.query']?.relays, relays);
      });
    });
  });
}
