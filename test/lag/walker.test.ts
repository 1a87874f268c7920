import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { ConsoleDeadlineError, ConsoleStatusError, ConsoleTimeoutError, ConsoleUnreachableError } from '../../src/console/errors/index.js';
import { rawGroupName } from '../../src/console/names.js';
import type { ClusterBrokerNames, Flavour, GroupConsumeInfo, TopicConsumerInfo, TopicList } from '../../src/console/types.js';
import {
  validateClusterBrokerNames,
  validateConsumersOfTopic,
  validateGroupList,
  validateTopicConsumerInfoList,
  validateTopicList,
  validateTopicStats,
} from '../../src/console/validate.js';
import { addCosts, costOf, NO_COST, type ConsoleCall, type ConsoleCost } from '../../src/lag/cost.js';
import { LagFilter } from '../../src/lag/filter.js';
import { WalkFailedError } from '../../src/lag/source.js';
import { NOTHING_CARRIED, type Observation, type WalkFailure, type WalkResult } from '../../src/lag/types.js';
import { GROUP_LIST_MAX_AGE_MS, Walker, type WalkPlan } from '../../src/lag/walker.js';
import { consoleFixtureData } from '../support/fixtures.js';
import { FakeSource, untilCancelled, type Answers } from '../support/lag-source.js';
import { queueBlock } from '../../src/lag/queues.js';

// ---- The recorded console answers (test/fixtures/console/), through the client's own validation. -------------

const fixture = {
  /** Dashboard 2.1: broadcast, clustering (2 clients), offline and %SYS%TOOLS_CONSUMER, each at both brokers' addresses. */
  groupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.json')).groups,
  /** Console 1.0 to dashboard 1.0: the same groups without addresses; TOOLS_CONSUMER unmarked. */
  legacyGroupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.legacy.json')).groups,
  /** System topics marked %SYS%; the retry topics of the three listed user groups; a DLQ topic. */
  topicList: (): TopicList => validateTopicList(consoleFixtureData('topic-list.query.json')),
  /** What console 1.0 lists: raw system topic names, cluster and broker names among them. */
  topicListUnmarked: (): TopicList => ({ ...validateTopicList(consoleFixtureData('topic-list.query.skipSysProcess.json')), systemMarked: false }),
  /** order_topic: order_consumer_group, order_audit_group, order_cache_broadcast_group, order_stats_failed_group. */
  consumersOfOrderTopic: (): Map<string, TopicConsumerInfo> => validateConsumersOfTopic(consoleFixtureData('topic-queryConsumerByTopic.query.json')),
  /** order_consumer_group's topics: its retry topic, then order_topic, on broker-a and broker-b. */
  topicsOfOrderConsumerGroup: (): TopicConsumerInfo[] => validateTopicConsumerInfoList(consoleFixtureData('consumer-queryTopicByConsumer.query.json')),
  clusterNames: (): ClusterBrokerNames => validateClusterBrokerNames(consoleFixtureData('cluster-list.query.json')),
};

// Hand-made: the offline audit group's own topics.
const AUDIT_TOPICS: readonly TopicConsumerInfo[] = [
  {
    topic: 'audit_log_topic', diffTotal: 22_390, lastTimestamp: 1_718_095_000_210,
    queueStatInfoList: [
      { brokerName: 'broker-a', queueId: 0, brokerOffset: 528_390, consumerOffset: 517_000, clientInfo: null, lastTimestamp: 1_718_095_000_000 },
      { brokerName: 'broker-b', queueId: 0, brokerOffset: 203_311, consumerOffset: 192_311, clientInfo: null, lastTimestamp: 1_718_095_000_210 },
    ],
  },
  {
    topic: '%RETRY%order_audit_group', diffTotal: 0, lastTimestamp: 1_718_094_000_000,
    queueStatInfoList: [
      { brokerName: 'broker-a', queueId: 0, brokerOffset: 4, consumerOffset: 4, clientInfo: null, lastTimestamp: 1_718_094_000_000 },
    ],
  },
];

// Hand-made: what the system group consumes (a unit only with INCLUDE_SYSTEM_TOPICS=true).
const TOOLS_TOPICS: readonly TopicConsumerInfo[] = [
  { topic: 'tools_probe_topic', diffTotal: 0, lastTimestamp: 0, queueStatInfoList: [] },
];

const NOW = 1_718_102_400_000;
const PER_GROUP = '/consumer/queryTopicByConsumer.query';
const PER_TOPIC = '/topic/queryConsumerByTopic.query';
const GROUP_LIST = '/consumer/groupList.query';
const TOPIC_LIST = '/topic/list.query';

function filterOf(env: Readonly<Record<string, string>> = {}): LagFilter {
  return new LagFilter(loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://console:8080', ...env }));
}

const cost = (namesrv: number, broker: number, relays: number): ConsoleCost => ({ namesrv, broker, relays });

/** The listed groups named (as listed), by raw name: what a WalkResult holds of the group list. */
function groupsOf(groups: readonly GroupConsumeInfo[], ...listed: string[]): Map<string, GroupConsumeInfo> {
  return new Map(listed.map((name) => {
    const g = groups.find((x) => x.group === name);
    assert.ok(g !== undefined, `${name} listed`);
    return [rawGroupName(name), g];
  }));
}

/** The wanted groups of the fixture list by default: broadcast included, the system group left out. */
const WANTED = ['order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group'];

function at(index: number, infos: readonly TopicConsumerInfo[]): TopicConsumerInfo {
  const info = infos[index];
  assert.ok(info !== undefined);
  return info;
}

function infoOf(answer: ReadonlyMap<string, TopicConsumerInfo>, group: string): TopicConsumerInfo {
  const info = answer.get(group);
  assert.ok(info !== undefined, `${group} in the answer`);
  return info;
}

const ORDERED = fixture.topicsOfOrderConsumerGroup();

/** order_consumer_group's observations, as made at `observedAt`. */
const consumerSeen = (observedAt: number): Observation[] => [
  { topic: '%RETRY%order_consumer_group', group: 'order_consumer_group', queues: queueBlock(at(0, ORDERED).queueStatInfoList), observedAt },
  { topic: 'order_topic', group: 'order_consumer_group', queues: queueBlock(at(1, ORDERED).queueStatInfoList), observedAt },
];

/** order_audit_group's observations, as made at `observedAt`. */
const auditSeen = (observedAt: number): Observation[] => [
  { topic: 'audit_log_topic', group: 'order_audit_group', queues: queueBlock(at(0, AUDIT_TOPICS).queueStatInfoList), observedAt },
  { topic: '%RETRY%order_audit_group', group: 'order_audit_group', queues: queueBlock(at(1, AUDIT_TOPICS).queueStatInfoList), observedAt },
];

const toolsSeen = (observedAt: number): Observation[] => [
  { topic: 'tools_probe_topic', group: 'TOOLS_CONSUMER', queues: queueBlock(at(0, TOOLS_TOPICS).queueStatInfoList), observedAt },
];

/** A dashboard 2.1 console over the fixture cluster, for the group plan. */
function groupAnswers(overrides: Partial<Answers> = {}): Answers {
  return {
    topics: fixture.topicList(),
    groups: fixture.groupList(),
    topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: AUDIT_TOPICS, '%SYS%TOOLS_CONSUMER': TOOLS_TOPICS, TOOLS_CONSUMER: TOOLS_TOPICS },
    flavour: 'dashboard-2.1',
    ...overrides,
  };
}

/** The same console for the topic plan: order_topic as recorded, order_consumer_group's retry topic, the others empty. */
function topicAnswers(overrides: Partial<Answers> = {}): Answers {
  const retry = at(0, ORDERED);
  return {
    ...groupAnswers(),
    consumersOfTopic: {
      order_topic: fixture.consumersOfOrderTopic(),
      config_topic: new Map(),
      '%RETRY%order_consumer_group': new Map([['order_consumer_group', retry]]),
    },
    ...overrides,
  };
}

interface Setup {
  readonly plan?: WalkPlan;
  readonly env?: Readonly<Record<string, string>>;
  readonly walkTimeoutMs?: number;
  readonly maxCarryAgeMs?: number;
  readonly concurrency?: number;
  readonly timeLagResolutionMs?: number;
}

interface Harness {
  readonly source: FakeSource;
  /** Walks with the clock standing at `time` all along. */
  walk(time: number): Promise<WalkResult>;
  /** The calls the last walk made, in order. */
  calls(): string[];
}

function harness(answers: Answers, setup: Setup = {}): Harness {
  let clock = NOW;
  let mark = 0;
  const source = new FakeSource(answers);
  const walker = new Walker({
    plan: setup.plan ?? 'group', source, filter: filterOf(setup.env), now: () => clock,
    walkTimeoutMs: setup.walkTimeoutMs ?? 10_000, maxCarryAgeMs: setup.maxCarryAgeMs ?? 60_000,
    concurrency: setup.concurrency ?? 4, timeLagResolutionMs: setup.timeLagResolutionMs,
  });
  return {
    source,
    walk(time) {
      clock = time;
      mark = source.calls.length;
      return walker.walk();
    },
    calls: () => source.calls.slice(mark),
  };
}

async function walkFailure(walk: Promise<WalkResult>): Promise<WalkFailure> {
  try {
    await walk;
  } catch (error) {
    assert.ok(error instanceof WalkFailedError, `a WalkFailedError, not ${String(error)}`);
    assert.equal(error.message, error.failure.message);
    return error.failure;
  }
  assert.fail('the walk did not fail');
}

const DEFAULT_TOPIC_CALLS = [
  'consumersOfTopic order_topic', 'consumersOfTopic config_topic', 'consumersOfTopic %RETRY%order_consumer_group',
  'consumersOfTopic %RETRY%order_audit_group', 'consumersOfTopic %RETRY%order_cache_broadcast_group',
];

const GROUP_WALK_CALLS = ['listTopics', 'listGroups', 'topicsOfGroup order_consumer_group', 'topicsOfGroup order_audit_group'];

// ---- A normal walk -------------------------------------------------------------------------------------------

test('a group walk: the lists, one call per wanted group, their observations in unit order, the groups by raw name, its cost', async () => {
  const h = harness(groupAnswers());
  assert.deepEqual(await h.walk(NOW), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [...consumerSeen(NOW), ...auditSeen(NOW)],
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 4,
    carried: { units: 0, oldestObservedAt: undefined },
    // topic list 2, 1, 0; group list free on 2.1; two groups at two addresses, 2 and 0 clients: 1, 4, 4 and 1, 4, 0.
    cost: { namesrv: 4, broker: 9, relays: 4 },
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  assert.deepEqual(h.calls(), GROUP_WALK_CALLS);
});

test('a topic walk: one call per wanted topic; topicsWalked counts the distinct topics observed, not the calls or the answers', async () => {
  const h = harness(topicAnswers(), { plan: 'topic' });
  const orderTopic = fixture.consumersOfOrderTopic();
  assert.deepEqual(await h.walk(NOW), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      { topic: 'order_topic', group: 'order_consumer_group', queues: queueBlock(infoOf(orderTopic, 'order_consumer_group').queueStatInfoList), observedAt: NOW },
      { topic: 'order_topic', group: 'order_audit_group', queues: queueBlock(infoOf(orderTopic, 'order_audit_group').queueStatInfoList), observedAt: NOW },
      { topic: 'order_topic', group: 'order_cache_broadcast_group', queues: queueBlock(infoOf(orderTopic, 'order_cache_broadcast_group').queueStatInfoList), observedAt: NOW },
      { topic: 'order_topic', group: 'order_stats_failed_group', queues: queueBlock(infoOf(orderTopic, 'order_stats_failed_group').queueStatInfoList), observedAt: NOW },
      { topic: '%RETRY%order_consumer_group', group: 'order_consumer_group', queues: queueBlock(at(0, ORDERED).queueStatInfoList), observedAt: NOW },
    ],
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 2,
    carried: NOTHING_CARRIED,
    // topic list 2, 1, 0; order_topic 4 groups with 5 clients: 5, 13, 5; the retry topic 1 group, 2 clients: 2, 4, 2;
    // three topics without groups: 1, 1, 0 each.
    cost: { namesrv: 12, broker: 21, relays: 7 },
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  assert.deepEqual(h.calls(), [
    'listTopics', 'listGroups', 'consumersOfTopic order_topic', 'consumersOfTopic config_topic', 'consumersOfTopic %RETRY%order_consumer_group',
    'consumersOfTopic %RETRY%order_audit_group', 'consumersOfTopic %RETRY%order_cache_broadcast_group',
  ]);
});

test('an empty cluster: an empty walk, not a failed one', async () => {
  const h = harness(groupAnswers({ topics: { topics: [], systemMarked: true }, groups: [] }));
  assert.deepEqual(await h.walk(NOW), {
    startedAt: NOW, finishedAt: NOW, observations: [], groups: new Map(), failures: [], flavour: 'dashboard-2.1', topicsWalked: 0,
    carried: NOTHING_CARRIED, cost: cost(2, 1, 0),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
});

// ---- The cost -------------------------------------------------------------------------------------------------

// The same group walk on each console: the cost is the sum of costOf over the calls made, with the brokers the answers
// name (2), written out literally.
const costs: ReadonlyArray<readonly [string, Flavour | undefined, () => GroupConsumeInfo[], () => TopicList, readonly ConsoleCall[], ConsoleCost]> = [
  ['dashboard 2.1: group list free, both addresses read in one call', 'dashboard-2.1', fixture.groupList, fixture.topicList, [
    { kind: 'topicList' }, { kind: 'groupList', groups: 4 },
    { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: false }, { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false },
  ], cost(4, 9, 4)],
  ['dashboard 2.0: the group list with its address round, one call per address', 'dashboard-2.0', fixture.groupList, fixture.topicList, [
    { kind: 'topicList' }, { kind: 'groupList', groups: 4 },
    { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: false }, { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false },
  ], cost(10, 31, 4)],
  ['console 1.0: no addresses, the brokers from the answers', 'console-1.0', fixture.legacyGroupList, fixture.topicListUnmarked, [
    { kind: 'topicList' }, { kind: 'groupList', groups: 4 },
    { kind: 'topicsOfGroup', addresses: 0, clients: 2, empty: false }, { kind: 'topicsOfGroup', addresses: 0, clients: 0, empty: false },
  ], cost(7, 20, 2)],
  ['a console not yet told apart', undefined, fixture.groupList, fixture.topicList, [
    { kind: 'topicList' }, { kind: 'groupList', groups: 4 },
    { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: false }, { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false },
  ], cost(10, 23, 4)],
];

for (const [behaviour, flavour, groups, topics, calls, expected] of costs) {
  test(`the walk's cost is the sum of costOf over its calls: ${behaviour}`, async () => {
    const h = harness(groupAnswers({ groups: groups(), topics: topics(), flavour }));
    const result = await h.walk(NOW);
    assert.deepEqual(result.cost, expected);
    assert.deepEqual(result.cost, calls.reduce((sum, call) => addCosts(sum, costOf(call, flavour, 2)), NO_COST));
    assert.deepEqual(h.calls(), GROUP_WALK_CALLS, 'never cluster names in the group plan');
  });
}

// ---- The group list -------------------------------------------------------------------------------------------

test(`the group list is fetched once and reused for ${GROUP_LIST_MAX_AGE_MS} ms, stale as it may be, then fetched again`, async () => {
  const h = harness(groupAnswers({ flavour: 'dashboard-2.0' }));
  const first = await h.walk(NOW);
  assert.deepEqual(h.calls(), GROUP_WALK_CALLS);
  assert.deepEqual(first.cost, cost(10, 31, 4));

  // The console no longer lists the audit group: the held list still does.
  const withoutAudit = fixture.groupList().filter((g) => g.group !== 'order_audit_group');
  h.source.answers = { ...h.source.answers, groups: withoutAudit };
  const reused = await h.walk(NOW + GROUP_LIST_MAX_AGE_MS - 1);
  assert.deepEqual(h.calls(), ['listTopics', 'topicsOfGroup order_consumer_group', 'topicsOfGroup order_audit_group']);
  assert.deepEqual(reused.groups, groupsOf(fixture.groupList(), ...WANTED));
  assert.deepEqual(reused.cost, cost(6, 9, 4), 'no group list to pay for');

  const fetched = await h.walk(NOW + GROUP_LIST_MAX_AGE_MS);
  assert.deepEqual(h.calls(), ['listTopics', 'listGroups', 'topicsOfGroup order_consumer_group', 'topicsOfGroup order_audit_group'],
    'the audit group is still asked: its %RETRY% topic is listed');
  assert.deepEqual(fetched.groups, groupsOf(withoutAudit, 'order_cache_broadcast_group', 'order_consumer_group'));
});

test('on dashboard 2.1 the group list is free: fetched on every walk', async () => {
  const h = harness(groupAnswers());
  const calls: string[][] = [];
  for (const time of [NOW, NOW + 1, NOW + 2]) {
    await h.walk(time);
    calls.push(h.calls());
  }
  assert.deepEqual(calls, [GROUP_WALK_CALLS, GROUP_WALK_CALLS, GROUP_WALK_CALLS]);
});

test('a failing group list falls back to the last one (the failure recorded), and is asked again on the next walk', async () => {
  const h = harness(groupAnswers({ flavour: 'dashboard-2.0' }));
  await h.walk(NOW);
  const timeout = new ConsoleTimeoutError(GROUP_LIST, 5000);
  h.source.answers = { ...h.source.answers, groups: timeout };
  const later = NOW + GROUP_LIST_MAX_AGE_MS;
  assert.deepEqual(await h.walk(later), {
    startedAt: later,
    finishedAt: later,
    observations: [...consumerSeen(later), ...auditSeen(later)],
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [{ scope: 'group_list', name: '', kind: 'timeout', message: timeout.message }],
    flavour: 'dashboard-2.0',
    topicsWalked: 4,
    carried: NOTHING_CARRIED,
    cost: cost(6, 9, 4),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  assert.deepEqual(h.calls(), GROUP_WALK_CALLS);
  await h.walk(later + 1);
  assert.deepEqual(h.calls(), GROUP_WALK_CALLS, 'the held list is as old as before');
});

test('the group plan without any group list (failing, none held) walks topic by topic, the failure recorded', async () => {
  const building = new ConsoleStatusError(GROUP_LIST, -1, 'Cache is being built, please try again later');
  const h = harness(topicAnswers({ groups: building, flavour: 'dashboard-2.0' }));
  const orderTopic = fixture.consumersOfOrderTopic();
  assert.deepEqual(await h.walk(NOW), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      { topic: 'order_topic', group: 'order_consumer_group', queues: queueBlock(infoOf(orderTopic, 'order_consumer_group').queueStatInfoList), observedAt: NOW },
      { topic: 'order_topic', group: 'order_audit_group', queues: queueBlock(infoOf(orderTopic, 'order_audit_group').queueStatInfoList), observedAt: NOW },
      { topic: 'order_topic', group: 'order_cache_broadcast_group', queues: queueBlock(infoOf(orderTopic, 'order_cache_broadcast_group').queueStatInfoList), observedAt: NOW },
      { topic: 'order_topic', group: 'order_stats_failed_group', queues: queueBlock(infoOf(orderTopic, 'order_stats_failed_group').queueStatInfoList), observedAt: NOW },
      { topic: '%RETRY%order_consumer_group', group: 'order_consumer_group', queues: queueBlock(at(0, ORDERED).queueStatInfoList), observedAt: NOW },
    ],
    groups: undefined,
    failures: [{ scope: 'group_list', name: '', kind: 'console_error', message: building.message }],
    flavour: 'dashboard-2.0',
    topicsWalked: 2,
    carried: NOTHING_CARRIED,
    // topic list 2, 1, 0; the five topics 10, 20, 0 (no client known without the group list).
    cost: cost(12, 21, 0),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  assert.deepEqual(h.calls(), ['listTopics', 'listGroups', ...DEFAULT_TOPIC_CALLS]);
});

// ---- The lists failing ----------------------------------------------------------------------------------------

const down = new ConsoleUnreachableError(TOPIC_LIST, 'connect ECONNREFUSED 10.0.0.5:8080');
const building = new ConsoleStatusError(GROUP_LIST, -1, 'Cache is being built, please try again later');

const listFailures: ReadonlyArray<readonly [string, WalkPlan, Partial<Answers>, WalkFailure]> = [
  ['the topic plan cannot walk without the topic list', 'topic', { topics: down },
    { scope: 'topic_list', name: '', kind: 'unreachable', message: down.message }],
  ['the topic plan: a topic list failing with a defect, reported without its text', 'topic', { topics: new RangeError('secret 10.0.2.19@AK|SK|g|1') },
    { scope: 'topic_list', name: '', kind: 'internal', message: 'internal error (RangeError)' }],
  ['the group plan cannot walk when neither list comes: the topic list\'s failure', 'group', { topics: down, groups: building },
    { scope: 'topic_list', name: '', kind: 'unreachable', message: down.message }],
];

for (const [behaviour, plan, overrides, failure] of listFailures) {
  test(`WalkFailedError: ${behaviour}`, async () => {
    const h = harness(topicAnswers(overrides), { plan });
    assert.deepEqual(await walkFailure(h.walk(NOW)), failure);
    assert.deepEqual(h.calls(), ['listTopics', 'listGroups']);
  });
}

test('the group plan without the topic list: the listed groups are walked, the topic list\'s failure recorded', async () => {
  const h = harness(groupAnswers({ topics: down }));
  assert.deepEqual(await h.walk(NOW), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [...consumerSeen(NOW), ...auditSeen(NOW)],
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [{ scope: 'topic_list', name: '', kind: 'unreachable', message: down.message }],
    flavour: 'dashboard-2.1',
    topicsWalked: 4,
    carried: NOTHING_CARRIED,
    cost: cost(2, 8, 4),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
});

test('the topic plan without the group list: no client counts, groups undefined, the failure recorded', async () => {
  const h = harness(topicAnswers({ groups: building }), { plan: 'topic' });
  const result = await h.walk(NOW);
  assert.deepEqual([result.groups, result.failures, result.topicsWalked, result.cost], [
    undefined, [{ scope: 'group_list', name: '', kind: 'console_error', message: building.message }], 2, cost(12, 21, 0),
  ]);
});

// ---- Console 1.0's topic list ---------------------------------------------------------------------------------


test('the topic plan on an unmarked (console 1.0) list asks the cluster names, and leaves cluster, broker and reply topics out', async () => {
  const h = harness(topicAnswers({ topics: fixture.topicListUnmarked(), groups: fixture.legacyGroupList(), cluster: fixture.clusterNames(), flavour: 'console-1.0' }),
    { plan: 'topic' });
  const result = await h.walk(NOW);
  assert.deepEqual([h.calls(), h.source.clusterReads, result.clusters], [['listTopics', 'listGroups', ...DEFAULT_TOPIC_CALLS], 1, fixture.clusterNames()]);
  // topic list 1, 0, 0; group list of 4 on 2 brokers 4, 14, 0; cluster list of 3 addresses 1, 3, 0; the topics 10, 20, 7.
  assert.deepEqual([result.failures, result.topicsWalked, result.cost], [[], 2, cost(16, 37, 7)]);
});

test('the topic plan on an unmarked list whose cluster names fail: cluster and broker names are walked as topics, no failure', async () => {
  const h = harness(topicAnswers({ topics: fixture.topicListUnmarked(), cluster: new ConsoleTimeoutError('/cluster/list.query', 5000) }), { plan: 'topic' });
  const result = await h.walk(NOW);
  assert.equal(h.source.clusterReads, 1);
  assert.deepEqual(h.calls(), [
    'listTopics', 'listGroups', ...DEFAULT_TOPIC_CALLS,
    'consumersOfTopic DefaultCluster', 'consumersOfTopic DefaultCluster_REPLY_TOPIC', 'consumersOfTopic broker-a', 'consumersOfTopic broker-b',
  ]);
  assert.deepEqual(result.failures, []);
});

test('the cluster names: read once per name server and every two minutes, again when it changes; a failed read waits as long, the last good one standing', async () => {
  const h = harness(topicAnswers({ cluster: new ConsoleTimeoutError('/cluster/list.query', 5000), nameServers: ['10.0.0.5:9876'] }), { plan: 'topic', env: { INCLUDE_SYSTEM_TOPICS: 'true' } });
  const walks: [number, readonly string[] | undefined][] = [];
  const walk = async (time: number) => {
    const before = h.source.clusterReads;
    const result = await h.walk(time);
    walks.push([h.source.clusterReads - before, result.clusters?.clusters]);
  };
  await walk(NOW);
  h.source.answers = { ...h.source.answers, cluster: fixture.clusterNames() };
  await walk(NOW + 15_000);
  await walk(NOW + GROUP_LIST_MAX_AGE_MS);
  await walk(NOW + GROUP_LIST_MAX_AGE_MS + 15_000);
  h.source.answers = { ...h.source.answers, cluster: new ConsoleTimeoutError('/cluster/list.query', 5000) };
  await walk(NOW + 2 * GROUP_LIST_MAX_AGE_MS);
  h.source.answers = { ...h.source.answers, nameServers: ['10.0.0.7:9876'], cluster: fixture.clusterNames() };
  h.source.homePageReads = 0;
  await walk(NOW + 2 * GROUP_LIST_MAX_AGE_MS + 15_000);
  assert.deepEqual(walks, [
    [1, undefined], [0, undefined], [1, ['DefaultCluster']], [0, ['DefaultCluster']], [1, ['DefaultCluster']], [1, ['DefaultCluster']],
  ]);
});

// ---- A failing unit: its failure recorded, its last good observations carried -----------------------------------

const auditTimeout = new ConsoleTimeoutError(PER_GROUP, 5000);

test('a failing group: its failure recorded (scope, name, kind), its last good observations carried with their own observedAt', async () => {
  const h = harness(groupAnswers());
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: auditTimeout } });
  const later = NOW + 15_000;
  assert.deepEqual(await h.walk(later), {
    startedAt: later,
    finishedAt: later,
    observations: [...consumerSeen(later), ...auditSeen(NOW)],
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [{ scope: 'group', name: 'order_audit_group', kind: 'timeout', message: auditTimeout.message }],
    flavour: 'dashboard-2.1',
    topicsWalked: 2,
    carried: { units: 1, oldestObservedAt: NOW },
    // Only the calls that were answered: the topic list 2, 1, 0 and order_consumer_group 1, 4, 4.
    cost: cost(3, 5, 4),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
});

test('a failing topic: its failure recorded, its last observations carried', async () => {
  const h = harness(topicAnswers(), { plan: 'topic' });
  const first = await h.walk(NOW);
  const status = new ConsoleStatusError(PER_TOPIC, -1, 'CODE: 17  DESC: No topic route info in name server for the topic: order_topic');
  const answers = topicAnswers();
  h.source.answers = { ...answers, consumersOfTopic: { ...answers.consumersOfTopic, order_topic: status } };
  const result = await h.walk(NOW + 30_000);
  const orderTopicSeen = first.observations.filter((o) => o.topic === 'order_topic');
  assert.equal(orderTopicSeen.length, 4);
  assert.deepEqual([result.observations, result.failures, result.topicsWalked, result.carried], [
    [{ topic: '%RETRY%order_consumer_group', group: 'order_consumer_group', queues: queueBlock(at(0, ORDERED).queueStatInfoList), observedAt: NOW + 30_000 }, ...orderTopicSeen],
    [{ scope: 'topic', name: 'order_topic', kind: 'console_error', message: status.message }],
    1,
    { units: 1, oldestObservedAt: NOW },
  ]);
});

test('several units carried: counted, the oldest observation named, carried ones after the fresh ones in unit order', async () => {
  const h = harness(groupAnswers(), { env: { INCLUDE_SYSTEM_TOPICS: 'true' } });
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: auditTimeout, order_audit_group: AUDIT_TOPICS, '%SYS%TOOLS_CONSUMER': TOOLS_TOPICS } });
  await h.walk(NOW + 10_000);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: auditTimeout, order_audit_group: auditTimeout, '%SYS%TOOLS_CONSUMER': TOOLS_TOPICS } });
  const result = await h.walk(NOW + 20_000);
  assert.deepEqual([result.observations, result.failures.map((f) => f.name), result.topicsWalked, result.carried], [
    [...toolsSeen(NOW + 20_000), ...consumerSeen(NOW), ...auditSeen(NOW + 10_000)],
    ['order_consumer_group', 'order_audit_group'],
    1,
    { units: 2, oldestObservedAt: NOW },
  ]);
});

test('carried data is kept up to maxCarryAgeMs after it was observed, then dropped for good', async () => {
  const h = harness(groupAnswers(), { maxCarryAgeMs: 60_000 });
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: auditTimeout } });
  const seen: unknown[] = [];
  for (const time of [NOW + 30_000, NOW + 60_000, NOW + 60_001, NOW + 61_000]) {
    const result = await h.walk(time);
    seen.push([time - NOW, result.observations, result.carried, result.failures.length]);
  }
  assert.deepEqual(seen, [
    [30_000, [...consumerSeen(NOW + 30_000), ...auditSeen(NOW)], { units: 1, oldestObservedAt: NOW }, 1],
    [60_000, [...consumerSeen(NOW + 60_000), ...auditSeen(NOW)], { units: 1, oldestObservedAt: NOW }, 1],
    [60_001, consumerSeen(NOW + 60_001), NOTHING_CARRIED, 1],
    [61_000, consumerSeen(NOW + 61_000), NOTHING_CARRIED, 1],
  ]);
});

test('a unit that answers again replaces what was carried: carried next time from its new answer', async () => {
  const h = harness(groupAnswers());
  const failing = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: auditTimeout } });
  await h.walk(NOW);
  h.source.answers = failing;
  await h.walk(NOW + 10_000);
  h.source.answers = groupAnswers();
  await h.walk(NOW + 20_000);
  h.source.answers = failing;
  const result = await h.walk(NOW + 30_000);
  assert.deepEqual([result.observations, result.carried], [[...consumerSeen(NOW + 30_000), ...auditSeen(NOW + 20_000)], { units: 1, oldestObservedAt: NOW + 20_000 }]);
});

test('a unit that vanished from the listing is not carried, nor remembered when it comes back failing', async () => {
  const h = harness(groupAnswers());
  await h.walk(NOW);
  const withoutAudit = {
    topics: { topics: fixture.topicList().topics.filter((t) => t !== '%RETRY%order_audit_group'), systemMarked: true },
    groups: fixture.groupList().filter((g) => g.group !== 'order_audit_group'),
  };
  h.source.answers = groupAnswers(withoutAudit);
  const vanished = await h.walk(NOW + 10_000);
  assert.deepEqual(h.calls(), ['listTopics', 'listGroups', 'topicsOfGroup order_consumer_group']);
  assert.deepEqual([vanished.observations, vanished.failures, vanished.carried], [consumerSeen(NOW + 10_000), [], NOTHING_CARRIED]);

  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: auditTimeout } });
  const back = await h.walk(NOW + 20_000);
  assert.deepEqual([back.observations, back.failures.map((f) => f.name), back.carried], [consumerSeen(NOW + 20_000), ['order_audit_group'], NOTHING_CARRIED]);
});

test('a unit whose last answer had no observation has nothing to carry', async () => {
  const h = harness(groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: [] } }));
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: auditTimeout } });
  const result = await h.walk(NOW + 10_000);
  assert.deepEqual([result.observations, result.carried], [consumerSeen(NOW + 10_000), NOTHING_CARRIED]);
});

// ---- Groups without offsets, and groups gone -------------------------------------------------------------------

test('a group answering no topic (never committed): named in groupsWithoutOffsets, not a failure, walk after walk', async () => {
  const h = harness(groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: [] } }));
  const results = [await h.walk(NOW), await h.walk(NOW + 10_000)];
  assert.deepEqual(results[0], {
    startedAt: NOW,
    finishedAt: NOW,
    observations: consumerSeen(NOW),
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 2,
    carried: NOTHING_CARRIED,
    // The empty answer costs its stats RPCs only: 1, 2, 0.
    cost: cost(4, 7, 4),
    groupsWithoutOffsets: ['order_audit_group'],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  assert.deepEqual(results[1]?.groupsWithoutOffsets, ['order_audit_group']);
});

test('a group that had offsets and answers none is gone: out of the groups map, and the group list is fetched again', async () => {
  const h = harness(groupAnswers({ flavour: 'dashboard-2.0' }));
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: [] }, flavour: 'dashboard-2.0' });
  const gone = await h.walk(NOW + 10_000);
  assert.deepEqual(h.calls(), ['listTopics', 'topicsOfGroup order_consumer_group', 'topicsOfGroup order_audit_group']);
  assert.deepEqual(gone, {
    startedAt: NOW + 10_000,
    finishedAt: NOW + 10_000,
    observations: consumerSeen(NOW + 10_000),
    groups: groupsOf(fixture.groupList(), 'order_cache_broadcast_group', 'order_consumer_group'),
    failures: [],
    flavour: 'dashboard-2.0',
    topicsWalked: 2,
    carried: NOTHING_CARRIED,
    cost: cost(6, 7, 4),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  const next = await h.walk(NOW + 20_000);
  assert.deepEqual(h.calls(), GROUP_WALK_CALLS, 'the group list is due again, well within its age');
  assert.deepEqual([next.groups, next.groupsWithoutOffsets], [groupsOf(fixture.groupList(), ...WANTED), ['order_audit_group']]);
});

// ---- Every unit failing ----------------------------------------------------------------------------------------

const status206 = new ConsoleStatusError(PER_GROUP, -1, 'CODE: 206  DESC: the consumer group not online');
const timeout7 = new ConsoleTimeoutError(PER_GROUP, 7000);

// Three units with INCLUDE_SYSTEM_TOPICS=true: order_consumer_group, order_audit_group, TOOLS_CONSUMER.
const allFailing: ReadonlyArray<readonly [string, readonly [Error, Error, Error], WalkFailure]> = [
  ['every call timing out: kind timeout, the first message', [auditTimeout, timeout7, timeout7],
    { scope: 'group', name: '', kind: 'timeout', message: `none of 3 group calls succeeded: ${auditTimeout.message}` }],
  ['the most frequent kind, with the first message of that kind', [status206, auditTimeout, timeout7],
    { scope: 'group', name: '', kind: 'timeout', message: `none of 3 group calls succeeded: ${auditTimeout.message}` }],
  ['a tie: the kind seen first', [status206, auditTimeout, new TypeError('x')],
    { scope: 'group', name: '', kind: 'console_error', message: `none of 3 group calls succeeded: ${status206.message}` }],
  ['defects: internal, without their text', [new TypeError('10.0.2.15@AK|SK'), new RangeError('y'), status206],
    { scope: 'group', name: '', kind: 'internal', message: 'none of 3 group calls succeeded: internal error (TypeError)' }],
];

for (const [behaviour, [first, second, third], failure] of allFailing) {
  test(`WalkFailedError when no unit succeeded: ${behaviour}`, async () => {
    const h = harness(groupAnswers({ topicsOfGroup: { order_consumer_group: first, order_audit_group: second, '%SYS%TOOLS_CONSUMER': third } }),
      { env: { INCLUDE_SYSTEM_TOPICS: 'true' } });
    assert.deepEqual(await walkFailure(h.walk(NOW)), failure);
  });
}

test('WalkFailedError when no topic succeeded: the topic scope, N the topics asked', async () => {
  const timeout = new ConsoleTimeoutError(PER_TOPIC, 5000);
  const h = harness(topicAnswers({
    consumersOfTopic: {
      order_topic: timeout, config_topic: timeout, '%RETRY%order_consumer_group': timeout, '%RETRY%order_audit_group': timeout,
      '%RETRY%order_cache_broadcast_group': status206,
    },
  }), { plan: 'topic' });
  assert.deepEqual(await walkFailure(h.walk(NOW)), { scope: 'topic', name: '', kind: 'timeout', message: `none of 5 topic calls succeeded: ${timeout.message}` });
});

test('every unit failing after a failed list: N counts the units only, the kind is theirs', async () => {
  const h = harness(groupAnswers({ flavour: 'dashboard-2.0' }));
  await h.walk(NOW);
  h.source.answers = groupAnswers({ groups: building, topicsOfGroup: { order_consumer_group: auditTimeout, order_audit_group: auditTimeout }, flavour: 'dashboard-2.0' });
  assert.deepEqual(await walkFailure(h.walk(NOW + GROUP_LIST_MAX_AGE_MS)),
    { scope: 'group', name: '', kind: 'timeout', message: `none of 2 group calls succeeded: ${auditTimeout.message}` });
});

test('a walk that failed whole keeps the memory of the last good walk for the next', async () => {
  const h = harness(groupAnswers());
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: auditTimeout, order_audit_group: auditTimeout } });
  await walkFailure(h.walk(NOW + 10_000));
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: auditTimeout } });
  const result = await h.walk(NOW + 20_000);
  assert.deepEqual([result.observations, result.carried], [[...consumerSeen(NOW + 20_000), ...auditSeen(NOW)], { units: 1, oldestObservedAt: NOW }]);
});

// ---- Concurrency --------------------------------------------------------------------------------------------------

for (const concurrency of [1, 2]) {
  test(`units are asked ${concurrency} at a time (CONSOLE_CONCURRENCY), their observations kept in the units' order`, async () => {
    let inFlight = 0;
    let most = 0;
    // Each group's call answers after 15 ms, the first group's last: the order of the answers is not the order kept.
    const slow = (answer: readonly TopicConsumerInfo[], ms: number) => async () => {
      most = Math.max(most, ++inFlight);
      await sleep(ms);
      inFlight--;
      return answer;
    };
    const h = harness(groupAnswers({ topicsOfGroup: { order_consumer_group: slow(ORDERED, 25), order_audit_group: slow(AUDIT_TOPICS, 5) } }), { concurrency });
    const result = await h.walk(NOW);
    assert.equal(most, concurrency);
    assert.deepEqual(result.observations, [...consumerSeen(NOW), ...auditSeen(NOW)]);
  });
}

// ---- The deadline (WALK_TIMEOUT) ------------------------------------------------------------------------------

test('the deadline: a call never answered fails as deadline at WALK_TIMEOUT and is carried; the others are kept', async () => {
  const walkTimeoutMs = 60;
  const h = harness(groupAnswers(), { walkTimeoutMs });
  await h.walk(NOW);
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: ORDERED, order_audit_group: untilCancelled(PER_GROUP) } });
  const later = NOW + 15_000;
  const started = performance.now();
  const result = await h.walk(later);
  const tookMs = performance.now() - started;
  assert.ok(tookMs >= walkTimeoutMs - 5 && tookMs < walkTimeoutMs + 1_000, `the walk took ${tookMs} ms`);
  assert.deepEqual(result, {
    startedAt: later,
    finishedAt: later,
    observations: [...consumerSeen(later), ...auditSeen(NOW)],
    groups: groupsOf(fixture.groupList(), ...WANTED),
    failures: [{ scope: 'group', name: 'order_audit_group', kind: 'deadline', message: new ConsoleDeadlineError(PER_GROUP).message }],
    flavour: 'dashboard-2.1',
    topicsWalked: 2,
    carried: { units: 1, oldestObservedAt: NOW },
    cost: cost(3, 5, 4),
    groupsWithoutOffsets: [],
    advanced: new Set(),
    rewound: new Set(),
    storeTimes: undefined,
    futureStoreTimes: 0,
    nameServer: '10.0.0.5:9876',
    clusters: undefined,
  } satisfies WalkResult);
  // Every call of the walk was given the same deadline, which fired.
  const cancels = h.source.cancels.slice(-GROUP_WALK_CALLS.length);
  assert.equal(new Set(cancels).size, 1);
  assert.equal(cancels[0]?.aborted, true);
});

test('a walk that ends in time clears its deadline: the signal its calls got never fires', async () => {
  const h = harness(groupAnswers(), { walkTimeoutMs: 20 });
  await h.walk(NOW);
  await sleep(60);
  assert.equal(h.source.cancels.length, GROUP_WALK_CALLS.length);
  assert.ok(h.source.cancels.every((c) => c !== undefined && c === h.source.cancels[0] && !c.aborted));
});

test('each walk has a deadline of its own', async () => {
  const h = harness(groupAnswers());
  await h.walk(NOW);
  await h.walk(NOW + 1);
  const [first, second] = [h.source.cancels[0], h.source.cancels[GROUP_WALK_CALLS.length]];
  assert.ok(first !== undefined && second !== undefined && first !== second);
});

// ---- Store times and rewinds ---------------------------------------------------------------------------------

test('time lag: after the lag calls, the stats of each topic with a queue behind that no known store time reaches; their cost counted, a failing one fails nothing', async () => {
  const orderStats = validateTopicStats(consoleFixtureData('topic-stats.query.json'));
  const h = harness(groupAnswers({
    topicStats: {
      // broker-b's clock is ahead: its last message "stored" 5 s after the exporter read it.
      '%RETRY%order_consumer_group': [
        { brokerName: 'broker-a', queueId: 0, maxOffset: 37, lastUpdateTimestamp: 1_718_102_300_000 },
        { brokerName: 'broker-b', queueId: 0, maxOffset: 12, lastUpdateTimestamp: NOW + 5000 },
      ],
      order_topic: orderStats,
      audit_log_topic: new ConsoleTimeoutError(PER_GROUP, 1000),
    },
  }), { timeLagResolutionMs: 15_000 });
  const first = await h.walk(NOW);
  // Every row behind consumed its last message more than 15 s ago; %RETRY%order_audit_group is caught up.
  assert.deepEqual(h.calls(), [...GROUP_WALK_CALLS, 'topicStats %RETRY%order_consumer_group', 'topicStats order_topic', 'topicStats audit_log_topic']);
  assert.deepEqual(first.failures, []);
  assert.equal(first.futureStoreTimes, 1, 'a store time later than the clock that read it');
  // Two stats answered at two brokers: a name server and two broker RPCs each.
  assert.deepEqual(first.cost, cost(4 + 2, 9 + 4, 4));
  // Message 34 (the last consumed) stored at its row's lastTimestamp, message 36 (the last stored) at the stats' time.
  const stored = 1_718_102_290_411 + (1_718_102_300_000 - 1_718_102_290_411) / 2;
  assert.deepEqual(first.storeTimes?.timeLag('%RETRY%order_consumer_group', 'broker-a', 0, 35, 2, 1_718_102_290_411, NOW),
    { seconds: (NOW - stored) / 1000, lower: 100, upper: (NOW - 1_718_102_290_411) / 1000 });
  assert.equal(Number.isNaN(first.storeTimes?.timeLag('audit_log_topic', 'broker-a', 0, 517_000, 11_390, 1_718_095_000_000, NOW).seconds), true, 'its stats failed');

  // The same offsets a second later: the points known still reach past them; only the failed topic is asked again.
  await h.walk(NOW + 1000);
  assert.deepEqual(h.calls(), [...GROUP_WALK_CALLS, 'topicStats audit_log_topic']);
});

test('no time-lag family exported: no stats asked, no store times kept', async () => {
  const h = harness(groupAnswers());
  assert.equal((await h.walk(NOW)).storeTimes, undefined);
  assert.deepEqual(h.calls(), GROUP_WALK_CALLS);
});

test('a consumer offset lower than in the unit\'s previous answer: its group is named as rewound, once', async () => {
  const h = harness(groupAnswers());
  assert.deepEqual((await h.walk(NOW)).rewound, new Set());
  const back = ORDERED.map((info) => info.topic !== 'order_topic' ? info : {
    ...info, queueStatInfoList: info.queueStatInfoList.map((q, i) => (i === 3 ? { ...q, consumerOffset: q.consumerOffset - 500 } : q)),
  });
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: back, order_audit_group: AUDIT_TOPICS } });
  assert.deepEqual((await h.walk(NOW + 15_000)).rewound, new Set(['order_consumer_group']));
  // The same offsets again: nothing went back since.
  assert.deepEqual((await h.walk(NOW + 30_000)).rewound, new Set());
});

test('an unknown consumer offset (-1) is no move: no rewind when it comes, no advance when the offset comes back', async () => {
  const h = harness(groupAnswers());
  await h.walk(NOW);
  const unknownAt3 = ORDERED.map((info) => info.topic !== 'order_topic' ? info : {
    ...info, queueStatInfoList: info.queueStatInfoList.map((q, i) => (i === 3 ? { ...q, consumerOffset: -1 } : q)),
  });
  h.source.answers = groupAnswers({ topicsOfGroup: { order_consumer_group: unknownAt3, order_audit_group: AUDIT_TOPICS } });
  const unknown = await h.walk(NOW + 15_000);
  assert.deepEqual([unknown.rewound, unknown.advanced], [new Set(), new Set()]);
  h.source.answers = groupAnswers();
  const known = await h.walk(NOW + 30_000);
  assert.deepEqual([known.rewound, known.advanced], [new Set(), new Set()]);
});

// ---- The console's name server -------------------------------------------------------------------------------

test('the name server read at the start and at the end of the walk: named in the result; changed in between, the walk is discarded', async () => {
  const h = harness(groupAnswers({ nameServers: ['10.0.0.5:9876', '10.0.0.5:9876', '10.0.0.5:9876', '10.9.9.9:9876'] }));
  const first = await h.walk(NOW);
  assert.equal(first.nameServer, '10.0.0.5:9876');
  const failure = await walkFailure(h.walk(NOW + 15_000));
  assert.deepEqual([failure.scope, failure.kind], ['walk', 'namesrv_changed']);
  assert.equal(failure.message, "the console's name server changed during the walk (10.0.0.5:9876 to 10.9.9.9:9876), so its answers mix two clusters: "
    + "walk discarded. Give the exporter a console of its own, or fix the console's name server (rocketmq.config.namesrvAddr)");
  assert.equal((await h.walk(NOW + 30_000)).nameServer, '10.9.9.9:9876', 'the next walk reads the new one throughout');
  assert.equal(h.source.homePageReads, 6);
});
