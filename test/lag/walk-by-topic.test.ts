import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { ConsoleStatusError, ConsoleTimeoutError, ConsoleUnreachableError } from '../../src/console/errors/index.js';
import type { ClusterBrokerNames, Flavour, GroupConsumeInfo, TopicConsumerInfo, TopicList } from '../../src/console/types.js';
import {
  validateClusterBrokerNames,
  validateConsumersOfTopic,
  validateGroupList,
  validateTopicConsumerInfoList,
  validateTopicList,
} from '../../src/console/validate.js';
import { LagFilter } from '../../src/lag/filter.js';
import { WalkFailedError } from '../../src/lag/source.js';
import type { Observation, WalkFailure, WalkResult } from '../../src/lag/types.js';
import { walkByTopic } from '../../src/lag/walk-by-topic.js';
import { consoleFixtureData } from '../support/fixtures.js';
import { FakeSource, type Answers } from '../support/lag-source.js';

// ---- The recorded console answers (test/fixtures/console/), through the client's own validation. -------------

const fixture = {
  /** Dashboard 1.0 and later, without skipSysProcess: system topics marked %SYS%. */
  topicList: (): TopicList => validateTopicList(consoleFixtureData('topic-list.query.json')),
  /** What console 1.0 lists: raw system topic names. */
  topicListUnmarked: (): TopicList => ({ ...validateTopicList(consoleFixtureData('topic-list.query.skipSysProcess.json')), systemMarked: false }),
  consumersOfOrderTopic: (): Map<string, TopicConsumerInfo> => validateConsumersOfTopic(consoleFixtureData('topic-queryConsumerByTopic.query.json')),
  groupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.json')).groups,
  /** order_consumer_group's topics: its retry topic, then order_topic. */
  topicsOfOrderConsumerGroup: (): TopicConsumerInfo[] => validateTopicConsumerInfoList(consoleFixtureData('consumer-queryTopicByConsumer.query.json')),
  clusterNames: (): ClusterBrokerNames => validateClusterBrokerNames(consoleFixtureData('cluster-list.query.json')),
};

const NOW = 1_718_102_400_000;
const now = () => NOW;
const PER_TOPIC = '/topic/queryConsumerByTopic.query';

function filterOf(env: Readonly<Record<string, string>> = {}): LagFilter {
  return new LagFilter(loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://console:8080', ...env }));
}

function infoOf(answer: ReadonlyMap<string, TopicConsumerInfo>, group: string): TopicConsumerInfo {
  const info = answer.get(group);
  assert.ok(info !== undefined, `${group} in the answer`);
  return info;
}

function observed(topic: string, group: string, info: TopicConsumerInfo, observedAt = NOW): Observation {
  return { topic, group, info, observedAt };
}

/** The walk asks concurrently: observations, failures and calls are compared in a fixed order. */
function ordered(result: WalkResult): WalkResult {
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...result,
    observations: [...result.observations].sort((a, b) => byKey(`${a.topic} ${a.group}`, `${b.topic} ${b.group}`)),
    failures: [...result.failures].sort((a, b) => byKey(`${a.scope} ${a.name}`, `${b.scope} ${b.name}`)),
  };
}

const sortedCalls = (source: FakeSource): string[] => [...source.calls].sort();

function groupsByName(groups: readonly GroupConsumeInfo[], rename: (listed: string) => string): Map<string, GroupConsumeInfo> {
  return new Map(groups.map((g) => [rename(g.group), g]));
}

// The answers of a dashboard 2.1 console for the fixture cluster: order_topic from the recording; the retry topic of
// order_consumer_group as queryConsumerByTopic gives it (the retry entry of queryTopicByConsumer); the others empty.
function fixtureAnswers(): Answers & { readonly orderTopic: Map<string, TopicConsumerInfo>; readonly retryInfo: TopicConsumerInfo } {
  const orderTopic = fixture.consumersOfOrderTopic();
  const retryInfo = fixture.topicsOfOrderConsumerGroup()[0];
  assert.ok(retryInfo !== undefined && retryInfo.topic === '%RETRY%order_consumer_group');
  return {
    topics: fixture.topicList(),
    consumersOfTopic: {
      order_topic: orderTopic,
      config_topic: new Map(),
      '%RETRY%order_consumer_group': new Map([['order_consumer_group', retryInfo]]),
    },
    groups: fixture.groupList(),
    flavour: 'dashboard-2.1',
    orderTopic,
    retryInfo,
  };
}

const DEFAULT_WALK = [
  'consumersOfTopic %RETRY%order_audit_group',
  'consumersOfTopic %RETRY%order_cache_broadcast_group',
  'consumersOfTopic %RETRY%order_consumer_group',
  'consumersOfTopic config_topic',
  'consumersOfTopic order_topic',
  'listGroups',
  'listTopics',
];

// ---- Cases ---------------------------------------------------------------------------------------------------

test('a normal walk: every (topic, group) answer of the wanted topics, groupList by raw name, nothing failed', async () => {
  const answers = fixtureAnswers();
  const source = new FakeSource(answers);
  const result = await walkByTopic(source, filterOf(), now);
  const { orderTopic, retryInfo } = answers;
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      observed('%RETRY%order_consumer_group', 'order_consumer_group', retryInfo),
      observed('order_topic', 'order_audit_group', infoOf(orderTopic, 'order_audit_group')),
      observed('order_topic', 'order_cache_broadcast_group', infoOf(orderTopic, 'order_cache_broadcast_group')),
      observed('order_topic', 'order_consumer_group', infoOf(orderTopic, 'order_consumer_group')),
      observed('order_topic', 'order_stats_failed_group', infoOf(orderTopic, 'order_stats_failed_group')),
    ],
    groups: groupsByName(fixture.groupList(), (listed) => listed.replace(/^%SYS%/, '')),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 5,
  });
  assert.deepEqual(sortedCalls(source), DEFAULT_WALK, 'system and DLQ topics are never asked about; marked topics need no cluster names');
  assert.equal(source.calls[0], 'listTopics');
});

test('the times: startedAt before the first call, observedAt after the answer, finishedAt after the last', async () => {
  const answers = fixtureAnswers();
  const source = new FakeSource(answers);
  // The clock reads the number of calls made so far.
  const result = await walkByTopic(source, filterOf(), () => NOW + source.calls.length);
  assert.equal(result.startedAt, NOW);
  assert.deepEqual([...new Set(result.observations.map((o) => o.observedAt))], [NOW + DEFAULT_WALK.length]);
  assert.equal(result.finishedAt, NOW + DEFAULT_WALK.length);
});

// Which topics are asked about, per filter setting: decided on the list alone, before any per-topic call.
const filtered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, readonly string[]]> = [
  ['defaults: normal and retry topics', {}, ['%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group', '%RETRY%order_consumer_group', 'config_topic', 'order_topic']],
  ['INCLUDE_SYSTEM_TOPICS=true: system topics too, asked by their name without %SYS%', { INCLUDE_SYSTEM_TOPICS: 'true' }, [
    '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group', '%RETRY%order_consumer_group',
    'BenchmarkTest', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'OFFSET_MOVED_EVENT', 'RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRANS_HALF_TOPIC',
    'SCHEDULE_TOPIC_XXXX', 'SELF_TEST_TOPIC', 'TBW102', 'broker-a', 'broker-b', 'config_topic', 'order_topic',
  ]],
  ['INCLUDE_RETRY_TOPICS=false, INCLUDE_DLQ_TOPICS=true', { INCLUDE_RETRY_TOPICS: 'false', INCLUDE_DLQ_TOPICS: 'true' },
    ['%DLQ%order_consumer_group', 'config_topic', 'order_topic']],
  ['IGNORED_TOPICS: exact names, retry topics included', { IGNORED_TOPICS: 'order_topic,%RETRY%order_audit_group' },
    ['%RETRY%order_cache_broadcast_group', '%RETRY%order_consumer_group', 'config_topic']],
  ['TOPIC_INCLUDE_REGEX: normal topics only; retry topics follow their group', { TOPIC_INCLUDE_REGEX: 'order_.*' },
    ['%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group', '%RETRY%order_consumer_group', 'order_topic']],
  ['TOPIC_EXCLUDE_REGEX wins over TOPIC_INCLUDE_REGEX', { TOPIC_INCLUDE_REGEX: '.*_topic', TOPIC_EXCLUDE_REGEX: 'config_.*' },
    ['%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group', '%RETRY%order_consumer_group', 'order_topic']],
  ['GROUP_INCLUDE_REGEX: the retry topics of other groups are not asked', { GROUP_INCLUDE_REGEX: 'order_consumer_group' },
    ['%RETRY%order_consumer_group', 'config_topic', 'order_topic']],
  ['GROUP_EXCLUDE_REGEX: the excluded groups\' retry topics are not asked', { GROUP_EXCLUDE_REGEX: 'order_audit_group|order_cache_broadcast_group' },
    ['%RETRY%order_consumer_group', 'config_topic', 'order_topic']],
];

for (const [behaviour, env, asked] of filtered) {
  test(`filters before any call: ${behaviour}`, async () => {
    const source = new FakeSource(fixtureAnswers());
    const result = await walkByTopic(source, filterOf(env), now);
    assert.deepEqual(sortedCalls(source), [...asked.map((t) => `consumersOfTopic ${t}`), 'listGroups', 'listTopics']);
    assert.equal(result.topicsWalked, asked.length);
  });
}

test('group filters drop other groups\' answers of a wanted topic, and their retry topics are not asked', async () => {
  const answers = fixtureAnswers();
  const source = new FakeSource(answers);
  const result = await walkByTopic(source, filterOf({ GROUP_EXCLUDE_REGEX: 'order_audit_group|order_cache_broadcast_group', TOPIC_EXCLUDE_REGEX: 'config_topic' }), now);
  const { orderTopic, retryInfo } = answers;
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      observed('%RETRY%order_consumer_group', 'order_consumer_group', retryInfo),
      observed('order_topic', 'order_consumer_group', infoOf(orderTopic, 'order_consumer_group')),
      observed('order_topic', 'order_stats_failed_group', infoOf(orderTopic, 'order_stats_failed_group')),
    ],
    groups: groupsByName(fixture.groupList(), (listed) => listed.replace(/^%SYS%/, '')),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 2,
  });
  assert.deepEqual(sortedCalls(source), ['consumersOfTopic %RETRY%order_consumer_group', 'consumersOfTopic order_topic', 'listGroups', 'listTopics']);
});

test('a failing topic call costs only that topic: its failure recorded with scope, name and kind', async () => {
  const answers = fixtureAnswers();
  const timeout = new ConsoleTimeoutError(PER_TOPIC, 5000);
  const source = new FakeSource({ ...answers, consumersOfTopic: { ...answers.consumersOfTopic, order_topic: timeout } });
  const result = await walkByTopic(source, filterOf(), now);
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [observed('%RETRY%order_consumer_group', 'order_consumer_group', answers.retryInfo)],
    groups: groupsByName(fixture.groupList(), (listed) => listed.replace(/^%SYS%/, '')),
    failures: [{ scope: 'topic', name: 'order_topic', kind: 'timeout', message: timeout.message }],
    flavour: 'dashboard-2.1',
    topicsWalked: 5,
  });
  assert.deepEqual(sortedCalls(source), DEFAULT_WALK, 'every other topic is still asked');
});

test('two failing topic calls, one of them a defect: two failures, the defect without its text', async () => {
  const answers = fixtureAnswers();
  const status = new ConsoleStatusError(PER_TOPIC, -1, 'CODE: 17  DESC: No topic route info in name server for the topic: config_topic');
  const source = new FakeSource({
    ...answers,
    consumersOfTopic: { ...answers.consumersOfTopic, config_topic: status, '%RETRY%order_consumer_group': new TypeError('x is 10.0.2.15@5123') },
  });
  const result = await walkByTopic(source, filterOf(), now);
  assert.deepEqual(ordered(result).failures, [
    { scope: 'topic', name: '%RETRY%order_consumer_group', kind: 'internal', message: 'internal error (TypeError)' },
    { scope: 'topic', name: 'config_topic', kind: 'console_error', message: status.message },
  ] satisfies WalkFailure[]);
  assert.deepEqual(ordered(result).observations.map((o) => `${o.topic} ${o.group}`), [
    'order_topic order_audit_group', 'order_topic order_cache_broadcast_group', 'order_topic order_consumer_group', 'order_topic order_stats_failed_group',
  ]);
});

test('a failing topic list fails the walk: WalkFailedError with scope topic_list, nothing else asked', async () => {
  const down = new ConsoleUnreachableError('/topic/list.query', 'connect ECONNREFUSED 10.0.0.5:8080');
  const source = new FakeSource({ topics: down, groups: fixture.groupList() });
  await assert.rejects(walkByTopic(source, filterOf(), now), (error: unknown) => {
    assert.ok(error instanceof WalkFailedError);
    assert.deepEqual(error.failure, { scope: 'topic_list', name: '', kind: 'unreachable', message: down.message });
    return true;
  });
  assert.deepEqual(source.calls, ['listTopics']);
});

test('a topic list failing with a defect fails the walk as an internal error, without its text', async () => {
  const source = new FakeSource({ topics: new RangeError('secret 10.0.2.19@AK|SK|g|1') });
  await assert.rejects(walkByTopic(source, filterOf(), now), (error: unknown) => {
    assert.ok(error instanceof WalkFailedError);
    assert.deepEqual(error.failure, { scope: 'topic_list', name: '', kind: 'internal', message: 'internal error (RangeError)' });
    return true;
  });
});

test('a failing groupList does not fail the topic walk: groups undefined, one group_list failure', async () => {
  const answers = fixtureAnswers();
  const building = new ConsoleStatusError('/consumer/groupList.query', -1, 'Cache is being built, please try again later');
  const source = new FakeSource({ ...answers, groups: building });
  const result = await walkByTopic(source, filterOf(), now);
  const { orderTopic, retryInfo } = answers;
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      observed('%RETRY%order_consumer_group', 'order_consumer_group', retryInfo),
      observed('order_topic', 'order_audit_group', infoOf(orderTopic, 'order_audit_group')),
      observed('order_topic', 'order_cache_broadcast_group', infoOf(orderTopic, 'order_cache_broadcast_group')),
      observed('order_topic', 'order_consumer_group', infoOf(orderTopic, 'order_consumer_group')),
      observed('order_topic', 'order_stats_failed_group', infoOf(orderTopic, 'order_stats_failed_group')),
    ],
    groups: undefined,
    failures: [{ scope: 'group_list', name: '', kind: 'console_error', message: building.message }],
    flavour: 'dashboard-2.1',
    topicsWalked: 5,
  });
});

test('console 1.0 (unmarked system topics): cluster names are asked, and cluster, broker and reply topics are left out', async () => {
  const answers = fixtureAnswers();
  const legacyGroups = validateGroupList(consoleFixtureData('consumer-groupList.query.legacy.json')).groups;
  const source = new FakeSource({ ...answers, topics: fixture.topicListUnmarked(), groups: legacyGroups, cluster: fixture.clusterNames(), flavour: 'console-1.0' });
  const result = await walkByTopic(source, filterOf(), now);
  const { orderTopic, retryInfo } = answers;
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      observed('%RETRY%order_consumer_group', 'order_consumer_group', retryInfo),
      observed('order_topic', 'order_audit_group', infoOf(orderTopic, 'order_audit_group')),
      observed('order_topic', 'order_cache_broadcast_group', infoOf(orderTopic, 'order_cache_broadcast_group')),
      observed('order_topic', 'order_consumer_group', infoOf(orderTopic, 'order_consumer_group')),
      observed('order_topic', 'order_stats_failed_group', infoOf(orderTopic, 'order_stats_failed_group')),
    ],
    groups: groupsByName(legacyGroups, (listed) => listed),
    failures: [],
    flavour: 'console-1.0',
    topicsWalked: 5,
  });
  assert.deepEqual(sortedCalls(source), [...DEFAULT_WALK, 'clusterBrokerNames'].sort());
});

test('console 1.0 with INCLUDE_SYSTEM_TOPICS=true: the raw system topics and cluster names are walked', async () => {
  const source = new FakeSource({ ...fixtureAnswers(), topics: fixture.topicListUnmarked(), cluster: fixture.clusterNames() });
  const result = await walkByTopic(source, filterOf({ INCLUDE_SYSTEM_TOPICS: 'true' }), now);
  assert.equal(result.topicsWalked, 16);
  assert.ok(source.calls.includes('consumersOfTopic DefaultCluster_REPLY_TOPIC') && source.calls.includes('consumersOfTopic TBW102'));
});

test('console 1.0 with cluster/list failing: cluster and broker names cannot be told from topics, and are walked', async () => {
  const source = new FakeSource({
    ...fixtureAnswers(),
    topics: fixture.topicListUnmarked(),
    cluster: new ConsoleTimeoutError('/cluster/list.query', 5000),
  });
  await walkByTopic(source, filterOf(), now);
  assert.deepEqual(sortedCalls(source), [
    ...DEFAULT_WALK,
    'clusterBrokerNames',
    'consumersOfTopic DefaultCluster',
    'consumersOfTopic DefaultCluster_REPLY_TOPIC',
    'consumersOfTopic broker-a',
    'consumersOfTopic broker-b',
  ].sort());
});

test('a marked topic list never asks for cluster names', async () => {
  const source = new FakeSource({ ...fixtureAnswers(), cluster: fixture.clusterNames() });
  await walkByTopic(source, filterOf({ INCLUDE_SYSTEM_TOPICS: 'true' }), now);
  assert.ok(!source.calls.includes('clusterBrokerNames'));
});

test('an empty topic list: an empty walk, still with the groupList', async () => {
  const source = new FakeSource({ topics: { topics: [], systemMarked: false }, groups: fixture.groupList(), cluster: fixture.clusterNames(), flavour: 'console-1.0' });
  const result = await walkByTopic(source, filterOf(), now);
  assert.deepEqual(result, {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [],
    groups: groupsByName(fixture.groupList(), (listed) => listed.replace(/^%SYS%/, '')),
    failures: [],
    flavour: 'console-1.0',
    topicsWalked: 0,
  });
});

test('the flavour is read from the source after the walk (the calls are what tell it)', async () => {
  let flavour: Flavour | undefined;
  const source = new FakeSource(fixtureAnswers());
  source.flavour = () => flavour;
  const realList = source.listTopics.bind(source);
  source.listTopics = async () => {
    const list = await realList();
    flavour = 'dashboard-2.0';
    return list;
  };
  assert.equal((await walkByTopic(source, filterOf(), now)).flavour, 'dashboard-2.0');
});
