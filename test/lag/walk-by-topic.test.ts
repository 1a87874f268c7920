import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { ConsoleStatusError, ConsoleTimeoutError } from '../../src/console/errors/index.js';
import type { ClusterBrokerNames, GroupConsumeInfo, TopicConsumerInfo, TopicList } from '../../src/console/types.js';
import { rawGroupName } from '../../src/console/names.js';
import {
  validateClusterBrokerNames,
  validateConsumersOfTopic,
  validateGroupList,
  validateTopicConsumerInfoList,
  validateTopicList,
} from '../../src/console/validate.js';
import { LagFilter } from '../../src/lag/filter.js';
import type { Observation, UnitAnswer, WalkUnit } from '../../src/lag/types.js';
import { topicUnits } from '../../src/lag/walk-by-topic.js';
import { consoleFixtureData } from '../support/fixtures.js';
import { FakeSource, type Answers } from '../support/lag-source.js';
import { queueBlock } from '../../src/lag/queues.js';

// ---- The recorded console answers (test/fixtures/console/), through the client's own validation. -------------

const fixture = {
  /** Dashboard 1.0 and later, without skipSysProcess: system topics marked %SYS%. */
  topicList: (): TopicList => validateTopicList(consoleFixtureData('topic-list.query.json')),
  /** What console 1.0 lists: raw system topic names. */
  topicListUnmarked: (): TopicList => ({ ...validateTopicList(consoleFixtureData('topic-list.query.skipSysProcess.json')), systemMarked: false }),
  /** order_topic: order_consumer_group, order_audit_group, order_cache_broadcast_group, order_stats_failed_group (no queue rows). */
  consumersOfOrderTopic: (): Map<string, TopicConsumerInfo> => validateConsumersOfTopic(consoleFixtureData('topic-queryConsumerByTopic.query.json')),
  groupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.json')).groups,
  /** order_consumer_group's topics: its retry topic, then order_topic. */
  topicsOfOrderConsumerGroup: (): TopicConsumerInfo[] => validateTopicConsumerInfoList(consoleFixtureData('consumer-queryTopicByConsumer.query.json')),
  clusterNames: (): ClusterBrokerNames => validateClusterBrokerNames(consoleFixtureData('cluster-list.query.json')),
};

const NOW = 1_718_102_400_000;
const now = () => NOW;
const PER_TOPIC = '/topic/queryConsumerByTopic.query';
const NO_EXTRA_NAMES: ReadonlySet<string> = new Set();

function filterOf(env: Readonly<Record<string, string>> = {}): LagFilter {
  return new LagFilter(loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://console:8080', ...env }));
}

/** The group list by raw name, as the walker hands it over. */
function byRawName(groups: readonly GroupConsumeInfo[]): Map<string, GroupConsumeInfo> {
  return new Map(groups.map((g) => [rawGroupName(g.group), g]));
}

/** What the walker makes of console 1.0's cluster names: clusters, their reply topics, brokers. */
function extraSystemNames(names: ClusterBrokerNames): Set<string> {
  return new Set([...names.clusters, ...names.clusters.map((c) => `${c}_REPLY_TOPIC`), ...names.brokers]);
}

function infoOf(answer: ReadonlyMap<string, TopicConsumerInfo>, group: string): TopicConsumerInfo {
  const info = answer.get(group);
  assert.ok(info !== undefined, `${group} in the answer`);
  return info;
}

function observed(topic: string, group: string, info: TopicConsumerInfo, observedAt = NOW): Observation {
  return { topic, group, queues: queueBlock(info.queueStatInfoList), observedAt };
}

const scopesAndNames = (units: readonly WalkUnit[]) => units.map(({ scope, name }) => ({ scope, name }));
const topicScope = (...names: string[]) => names.map((name) => ({ scope: 'topic', name }));

/** Asks every unit, one after another, with one cancel signal. */
async function fetchAll(units: readonly WalkUnit[], cancel: AbortSignal = new AbortController().signal): Promise<UnitAnswer[]> {
  const all: UnitAnswer[] = [];
  for (const unit of units) all.push(await unit.fetch(cancel));
  return all;
}

const pairs = (all: readonly UnitAnswer[]): string[] => all.flatMap((a) => a.observations.map((o) => `${o.topic} ${o.group}`));

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

const DEFAULT_UNITS = ['order_topic', 'config_topic', '%RETRY%order_consumer_group', '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group'];

// ---- Cases ---------------------------------------------------------------------------------------------------

test('one unit per wanted topic, in the list\'s order, scope topic; no call before fetch', () => {
  const source = new FakeSource(fixtureAnswers());
  const units = topicUnits(fixture.topicList(), NO_EXTRA_NAMES, byRawName(fixture.groupList()), source, filterOf(), now);
  assert.deepEqual(scopesAndNames(units), topicScope(...DEFAULT_UNITS));
  assert.deepEqual(source.calls, []);
});

test('each unit asks for its topic and answers every (topic, group) of it, with the call for the cost model', async () => {
  const answers = fixtureAnswers();
  const source = new FakeSource(answers);
  const units = topicUnits(fixture.topicList(), NO_EXTRA_NAMES, byRawName(fixture.groupList()), source, filterOf(), now);
  const { orderTopic, retryInfo } = answers;
  assert.deepEqual(await fetchAll(units), [
    {
      observations: [
        observed('order_topic', 'order_consumer_group', infoOf(orderTopic, 'order_consumer_group')),
        observed('order_topic', 'order_audit_group', infoOf(orderTopic, 'order_audit_group')),
        observed('order_topic', 'order_cache_broadcast_group', infoOf(orderTopic, 'order_cache_broadcast_group')),
        observed('order_topic', 'order_stats_failed_group', infoOf(orderTopic, 'order_stats_failed_group')),
      ],
      // 2 + 0 + 3 online clients by the group list; order_stats_failed_group is not listed.
      call: { kind: 'consumersOfTopic', groups: 4, clients: 5 },
    },
    { observations: [], call: { kind: 'consumersOfTopic', groups: 0, clients: 0 } },
    {
      observations: [observed('%RETRY%order_consumer_group', 'order_consumer_group', retryInfo)],
      call: { kind: 'consumersOfTopic', groups: 1, clients: 2 },
    },
    { observations: [], call: { kind: 'consumersOfTopic', groups: 0, clients: 0 } },
    { observations: [], call: { kind: 'consumersOfTopic', groups: 0, clients: 0 } },
  ] satisfies UnitAnswer[]);
  assert.deepEqual(source.calls, DEFAULT_UNITS.map((t) => `consumersOfTopic ${t}`), 'system and DLQ topics are never asked about');
});

test('observedAt is read after the answer came, not when the call was made', async () => {
  let clock = NOW;
  const answers = fixtureAnswers();
  const source = new FakeSource({
    ...answers,
    consumersOfTopic: {
      order_topic: async () => {
        clock = NOW + 2_500;
        return answers.orderTopic;
      },
    },
  });
  const units = topicUnits({ topics: ['order_topic'], systemMarked: true }, NO_EXTRA_NAMES, undefined, source, filterOf(), () => clock);
  const [only] = await fetchAll(units);
  assert.deepEqual(only?.observations.map((o) => o.observedAt), [NOW + 2_500, NOW + 2_500, NOW + 2_500, NOW + 2_500]);
});

test('the walk\'s cancel signal is what each unit\'s call gets', async () => {
  const source = new FakeSource(fixtureAnswers());
  const deadline = new AbortController();
  await fetchAll(topicUnits(fixture.topicList(), NO_EXTRA_NAMES, undefined, source, filterOf(), now), deadline.signal);
  assert.deepEqual(source.cancels, DEFAULT_UNITS.map(() => deadline.signal));
});

// Which topics become units, per filter setting: decided on the list alone, before any per-topic call.
const filtered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, readonly string[]]> = [
  ['defaults: normal and retry topics', {}, DEFAULT_UNITS],
  ['INCLUDE_SYSTEM_TOPICS=true: system topics too, by their name without %SYS%', { INCLUDE_SYSTEM_TOPICS: 'true' }, [
    ...DEFAULT_UNITS, 'TBW102', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'broker-a', 'broker-b', 'SCHEDULE_TOPIC_XXXX',
    'RMQ_SYS_TRANS_HALF_TOPIC', 'OFFSET_MOVED_EVENT', 'SELF_TEST_TOPIC', 'BenchmarkTest', 'RMQ_SYS_TRACE_TOPIC',
  ]],
  ['INCLUDE_RETRY_TOPICS=false, INCLUDE_DLQ_TOPICS=true', { INCLUDE_RETRY_TOPICS: 'false', INCLUDE_DLQ_TOPICS: 'true' },
    ['order_topic', 'config_topic', '%DLQ%order_consumer_group']],
  ['IGNORED_TOPICS: exact names, retry topics included', { IGNORED_TOPICS: 'order_topic,%RETRY%order_audit_group' },
    ['config_topic', '%RETRY%order_consumer_group', '%RETRY%order_cache_broadcast_group']],
  ['TOPIC_INCLUDE_REGEX: normal topics only; retry topics follow their group', { TOPIC_INCLUDE_REGEX: 'order_.*' },
    ['order_topic', '%RETRY%order_consumer_group', '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group']],
  ['TOPIC_EXCLUDE_REGEX wins over TOPIC_INCLUDE_REGEX', { TOPIC_INCLUDE_REGEX: '.*_topic', TOPIC_EXCLUDE_REGEX: 'config_.*' },
    ['order_topic', '%RETRY%order_consumer_group', '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group']],
  ['GROUP_INCLUDE_REGEX: the retry topics of other groups are not units', { GROUP_INCLUDE_REGEX: 'order_consumer_group' },
    ['order_topic', 'config_topic', '%RETRY%order_consumer_group']],
  ['GROUP_EXCLUDE_REGEX: the excluded groups\' retry topics are not units', { GROUP_EXCLUDE_REGEX: 'order_audit_group|order_cache_broadcast_group' },
    ['order_topic', 'config_topic', '%RETRY%order_consumer_group']],
  ['GROUP_EXCLUDE_REGEX: the excluded group\'s DLQ topic is not a unit either', { GROUP_EXCLUDE_REGEX: 'order_consumer_group', INCLUDE_DLQ_TOPICS: 'true' },
    ['order_topic', 'config_topic', '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group']],
];

for (const [behaviour, env, names] of filtered) {
  test(`filters before any call: ${behaviour}`, async () => {
    const source = new FakeSource(fixtureAnswers());
    const units = topicUnits(fixture.topicList(), NO_EXTRA_NAMES, byRawName(fixture.groupList()), source, filterOf(env), now);
    assert.deepEqual(source.calls, []);
    assert.deepEqual(scopesAndNames(units), topicScope(...names));
    await fetchAll(units);
    assert.deepEqual(source.calls, names.map((t) => `consumersOfTopic ${t}`));
  });
}

// Console 1.0 lists system topics by their raw names; cluster and broker names (and the reply topic) are topics too.
const unmarked: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, () => ReadonlySet<string>, readonly string[]]> = [
  ['the known system topics and the cluster\'s names are left out', {}, () => extraSystemNames(fixture.clusterNames()), DEFAULT_UNITS],
  ['INCLUDE_SYSTEM_TOPICS=true: every raw system topic and cluster name is a unit', { INCLUDE_SYSTEM_TOPICS: 'true' },
    () => extraSystemNames(fixture.clusterNames()), [
      ...DEFAULT_UNITS, 'TBW102', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'broker-a', 'broker-b', 'SCHEDULE_TOPIC_XXXX',
      'RMQ_SYS_TRANS_HALF_TOPIC', 'OFFSET_MOVED_EVENT', 'SELF_TEST_TOPIC', 'BenchmarkTest', 'RMQ_SYS_TRACE_TOPIC',
    ]],
  ['without the cluster\'s names, cluster and broker names cannot be told from topics, and are units', {}, () => NO_EXTRA_NAMES,
    ['order_topic', 'config_topic', '%RETRY%order_consumer_group', '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group',
      'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'broker-a', 'broker-b']],
];

for (const [behaviour, env, extra, names] of unmarked) {
  test(`an unmarked (console 1.0) topic list: ${behaviour}`, () => {
    const units = topicUnits(fixture.topicListUnmarked(), extra(), undefined, new FakeSource(fixtureAnswers()), filterOf(env), now);
    assert.deepEqual(scopesAndNames(units), topicScope(...names));
  });
}

const twice: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, TopicList, readonly string[]]> = [
  ['a topic listed twice', {}, { topics: ['order_topic', 'config_topic', 'order_topic'], systemMarked: true }, ['order_topic', 'config_topic']],
  ['a retry topic listed twice', {}, { topics: ['%RETRY%order_consumer_group', '%RETRY%order_consumer_group'], systemMarked: true },
    ['%RETRY%order_consumer_group']],
  ['a system topic listed marked and unmarked', { INCLUDE_SYSTEM_TOPICS: 'true' }, { topics: ['%SYS%TBW102', 'TBW102'], systemMarked: true }, ['TBW102']],
];

for (const [behaviour, env, list, names] of twice) {
  test(`each topic once: ${behaviour} is one unit, asked once`, async () => {
    const source = new FakeSource(fixtureAnswers());
    const units = topicUnits(list, NO_EXTRA_NAMES, undefined, source, filterOf(env), now);
    assert.deepEqual(scopesAndNames(units), topicScope(...names));
    await fetchAll(units);
    assert.deepEqual(source.calls, names.map((t) => `consumersOfTopic ${t}`));
  });
}

// The answer of a topic names every group consuming it: the group filters apply to it, the call counts them all.
const PROXY_GROUP: GroupConsumeInfo = {
  group: '%SYS%rmq_proxy_group', version: 'V5_1_4', count: 4, consumeType: 'CONSUME_POP', messageModel: 'CLUSTERING', consumeTps: 0, diffTotal: 0,
  address: ['10.0.1.11:10911'], subGroupType: 'SYSTEM',
};

const grouped: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, boolean, readonly string[]]> = [
  ['defaults: every group of the answer, broadcast and unlisted groups included; system groups left out', {}, true,
    ['order_topic order_consumer_group', 'order_topic order_audit_group', 'order_topic order_cache_broadcast_group', 'order_topic order_stats_failed_group']],
  ['GROUP_EXCLUDE_REGEX drops the excluded groups\' answers', { GROUP_EXCLUDE_REGEX: 'order_audit_group|order_cache_broadcast_group' }, true,
    ['order_topic order_consumer_group', 'order_topic order_stats_failed_group']],
  ['GROUP_INCLUDE_REGEX keeps only the included groups\' answers', { GROUP_INCLUDE_REGEX: 'order_consumer_group' }, true,
    ['order_topic order_consumer_group']],
  ['INCLUDE_SYSTEM_TOPICS=true: a known system group and a group listed as SYSTEM are kept', { INCLUDE_SYSTEM_TOPICS: 'true' }, true,
    ['order_topic order_consumer_group', 'order_topic order_audit_group', 'order_topic order_cache_broadcast_group', 'order_topic order_stats_failed_group',
      'order_topic TOOLS_CONSUMER', 'order_topic rmq_proxy_group']],
  ['without the group list, a group is a system group by its name only', {}, false,
    ['order_topic order_consumer_group', 'order_topic order_audit_group', 'order_topic order_cache_broadcast_group', 'order_topic order_stats_failed_group',
      'order_topic rmq_proxy_group']],
];

for (const [behaviour, env, withGroups, expected] of grouped) {
  test(`group filters on the answers: ${behaviour}`, async () => {
    const answers = fixtureAnswers();
    const orderTopic = new Map([...answers.orderTopic, ['TOOLS_CONSUMER', infoOf(answers.orderTopic, 'order_stats_failed_group')],
      ['rmq_proxy_group', infoOf(answers.orderTopic, 'order_stats_failed_group')]]);
    const source = new FakeSource({ ...answers, consumersOfTopic: { order_topic: orderTopic } });
    const groups = withGroups ? byRawName([...fixture.groupList(), PROXY_GROUP]) : undefined;
    const [unit] = topicUnits({ topics: ['order_topic'], systemMarked: true }, NO_EXTRA_NAMES, groups, source, filterOf(env), now);
    assert.ok(unit !== undefined);
    const answer = await unit.fetch(new AbortController().signal);
    assert.deepEqual(pairs([answer]), expected);
    // Whatever the filters keep, the console asked about every group and relayed to every listed client: 2 + 0 + 3 + 0 + 4.
    assert.deepEqual(answer.call, { kind: 'consumersOfTopic', groups: 6, clients: withGroups ? 9 : 0 });
  });
}

test('retry and DLQ topics follow their group\'s filters, not the topic filters', async () => {
  const env = { INCLUDE_DLQ_TOPICS: 'true', TOPIC_INCLUDE_REGEX: 'order_topic', TOPIC_EXCLUDE_REGEX: '%RETRY%.*|%DLQ%.*', GROUP_EXCLUDE_REGEX: 'order_audit_group' };
  const units = topicUnits(fixture.topicList(), NO_EXTRA_NAMES, undefined, new FakeSource(fixtureAnswers()), filterOf(env), now);
  assert.deepEqual(scopesAndNames(units), topicScope('order_topic', '%RETRY%order_consumer_group', '%DLQ%order_consumer_group', '%RETRY%order_cache_broadcast_group'));
});

const failing: ReadonlyArray<readonly [string, Error]> = [
  ['a timeout', new ConsoleTimeoutError(PER_TOPIC, 5000)],
  ['a console error', new ConsoleStatusError(PER_TOPIC, -1, 'CODE: 17  DESC: No topic route info in name server for the topic: config_topic')],
  ['a defect', new TypeError('x is 10.0.2.15@5123')],
];

for (const [behaviour, error] of failing) {
  test(`a failing call (${behaviour}): the unit's fetch rejects with that very error, for the walker to record`, async () => {
    const answers = fixtureAnswers();
    const source = new FakeSource({ ...answers, consumersOfTopic: { ...answers.consumersOfTopic, config_topic: error } });
    const [order, config] = topicUnits(fixture.topicList(), NO_EXTRA_NAMES, undefined, source, filterOf(), now);
    assert.ok(order !== undefined && config !== undefined);
    await assert.rejects(config.fetch(new AbortController().signal), (thrown: unknown) => thrown === error);
    assert.equal((await order.fetch(new AbortController().signal)).observations.length, 4);
  });
}

test('an empty topic list: no unit', () => {
  assert.deepEqual(topicUnits({ topics: [], systemMarked: false }, NO_EXTRA_NAMES, undefined, new FakeSource(fixtureAnswers()), filterOf(), now), []);
});
