import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { ConsoleStatusError, ConsoleTimeoutError } from '../../src/console/errors/index.js';
import type { GroupConsumeInfo, TopicConsumerInfo } from '../../src/console/types.js';
import { validateGroupList, validateTopicConsumerInfoList } from '../../src/console/validate.js';
import { LagFilter } from '../../src/lag/filter.js';
import { WalkFailedError } from '../../src/lag/source.js';
import type { Observation, WalkFailure, WalkResult } from '../../src/lag/types.js';
import { walkByGroup } from '../../src/lag/walk-by-group.js';
import { consoleFixtureData } from '../support/fixtures.js';
import { FakeSource, type Answers } from '../support/lag-source.js';

// ---- The recorded console answers (test/fixtures/console/), through the client's own validation. -------------

const fixture = {
  /** Dashboard 2.1: broadcast, clustering, offline and %SYS%TOOLS_CONSUMER (subGroupType SYSTEM). */
  groupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.json')).groups,
  /** Console 2019 / dashboard 1.0: no address, no subGroupType, TOOLS_CONSUMER unmarked. */
  legacyGroupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.legacy.json')).groups,
  /** order_consumer_group's topics: its retry topic, then order_topic. */
  topicsOfOrderConsumerGroup: (): TopicConsumerInfo[] => validateTopicConsumerInfoList(consoleFixtureData('consumer-queryTopicByConsumer.query.json')),
};

// Hand-made: the offline audit group's own topics (it shares none with order_consumer_group).
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

// Hand-made: what a system group consumes (asked only with INCLUDE_SYSTEM_TOPICS=true).
const TOOLS_TOPICS: readonly TopicConsumerInfo[] = [
  { topic: 'tools_probe_topic', diffTotal: 0, lastTimestamp: 0, queueStatInfoList: [] },
];

const NOW = 1_718_102_400_000;
const now = () => NOW;
const PER_GROUP = '/consumer/queryTopicByConsumer.query';

function filterOf(env: Readonly<Record<string, string>> = {}): LagFilter {
  return new LagFilter(loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://console:8080', ...env }));
}

function answers(overrides: Partial<Answers> = {}): Answers & { readonly ordered: TopicConsumerInfo[] } {
  const ordered = fixture.topicsOfOrderConsumerGroup();
  return {
    groups: fixture.groupList(),
    topicsOfGroup: { order_consumer_group: ordered, order_audit_group: AUDIT_TOPICS, '%SYS%TOOLS_CONSUMER': TOOLS_TOPICS },
    flavour: 'dashboard-2.1',
    ...overrides,
    ordered,
  };
}

function topicOf(infos: readonly TopicConsumerInfo[], topic: string): TopicConsumerInfo {
  const info = infos.find((i) => i.topic === topic);
  assert.ok(info !== undefined, `${topic} in the answer`);
  return info;
}

function observed(topic: string, group: string, info: TopicConsumerInfo): Observation {
  return { topic, group, info, observedAt: NOW };
}

/** The walk asks concurrently: observations and failures are compared in a fixed order. */
function ordered(result: WalkResult): WalkResult {
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...result,
    observations: [...result.observations].sort((a, b) => byKey(`${a.topic} ${a.group}`, `${b.topic} ${b.group}`)),
    failures: [...result.failures].sort((a, b) => byKey(`${a.scope} ${a.name}`, `${b.scope} ${b.name}`)),
  };
}

const sortedCalls = (source: FakeSource): string[] => [...source.calls].sort();

/** The listed groups the walk keeps, by raw name. */
function kept(groups: readonly GroupConsumeInfo[], ...listed: string[]): Map<string, GroupConsumeInfo> {
  const byListed = new Map(groups.map((g) => [g.group, g]));
  return new Map(listed.map((name) => {
    const g = byListed.get(name);
    assert.ok(g !== undefined, `${name} listed`);
    return [name.replace(/^%SYS%/, ''), g];
  }));
}

// ---- Cases ---------------------------------------------------------------------------------------------------

test('a normal walk: one call per clustering group, its topics as observations, groups by raw name', async () => {
  const a = answers();
  const source = new FakeSource(a);
  const result = await walkByGroup(source, filterOf(), now);
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      observed('%RETRY%order_audit_group', 'order_audit_group', topicOf(AUDIT_TOPICS, '%RETRY%order_audit_group')),
      observed('%RETRY%order_consumer_group', 'order_consumer_group', topicOf(a.ordered, '%RETRY%order_consumer_group')),
      observed('audit_log_topic', 'order_audit_group', topicOf(AUDIT_TOPICS, 'audit_log_topic')),
      observed('order_topic', 'order_consumer_group', topicOf(a.ordered, 'order_topic')),
    ],
    groups: kept(fixture.groupList(), 'order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group'),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 4,
  });
  assert.deepEqual(sortedCalls(source), ['listGroups', 'topicsOfGroup order_audit_group', 'topicsOfGroup order_consumer_group']);
  assert.equal(source.calls[0], 'listGroups');
});

test('broadcast groups are not asked for (no offsets on the broker), yet kept in the groups map', async () => {
  const source = new FakeSource(answers({ topicsOfGroup: { order_cache_broadcast_group: new Error('must not be asked') } }));
  const result = await walkByGroup(source, filterOf(), now);
  assert.ok(!source.calls.includes('topicsOfGroup order_cache_broadcast_group'));
  assert.deepEqual(result.failures, []);
  assert.equal(result.groups?.get('order_cache_broadcast_group')?.messageModel, 'BROADCASTING');
});

test('a group whose message model is unknown (offline, or a 5.x group) is asked for', async () => {
  const source = new FakeSource(answers());
  await walkByGroup(source, filterOf(), now);
  assert.equal(fixture.groupList().find((g) => g.group === 'order_audit_group')?.messageModel, null);
  assert.ok(source.calls.includes('topicsOfGroup order_audit_group'));
});

test('the times: startedAt before the first call, observedAt after the answers, finishedAt after the last', async () => {
  const source = new FakeSource(answers());
  const result = await walkByGroup(source, filterOf(), () => NOW + source.calls.length);
  assert.equal(result.startedAt, NOW);
  assert.deepEqual([...new Set(result.observations.map((o) => o.observedAt))], [NOW + 3]);
  assert.equal(result.finishedAt, NOW + 3);
});

// Which groups are asked for, per setting, and which stay in the groups map: decided on groupList alone.
const filtered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, () => GroupConsumeInfo[], readonly string[], readonly string[]]> = [
  ['defaults: the %SYS% SYSTEM group is left out', {}, fixture.groupList,
    ['order_audit_group', 'order_consumer_group'], ['order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group']],
  ['INCLUDE_SYSTEM_TOPICS=true: the system group is asked, by its listed name, kept by its raw name', { INCLUDE_SYSTEM_TOPICS: 'true' }, fixture.groupList,
    ['%SYS%TOOLS_CONSUMER', 'order_audit_group', 'order_consumer_group'],
    ['order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group', '%SYS%TOOLS_CONSUMER']],
  ['legacy groupList: the unmarked known system group TOOLS_CONSUMER is left out', {}, fixture.legacyGroupList,
    ['order_audit_group', 'order_consumer_group'], ['order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group']],
  ['GROUP_EXCLUDE_REGEX: the excluded group is neither asked nor kept', { GROUP_EXCLUDE_REGEX: 'order_audit_group' }, fixture.groupList,
    ['order_consumer_group'], ['order_cache_broadcast_group', 'order_consumer_group']],
  ['GROUP_INCLUDE_REGEX: whole-name match', { GROUP_INCLUDE_REGEX: 'order_(consumer|cache)_.*' }, fixture.groupList,
    ['order_consumer_group'], ['order_cache_broadcast_group', 'order_consumer_group']],
  ['GROUP_INCLUDE_REGEX matching a system group does not bring it in without INCLUDE_SYSTEM_TOPICS', { GROUP_INCLUDE_REGEX: 'TOOLS_CONSUMER|order_consumer_group' },
    fixture.groupList, ['order_consumer_group'], ['order_consumer_group']],
  ['INCLUDE_SYSTEM_TOPICS=true: GROUP_EXCLUDE_REGEX applies to the raw name of a system group', { INCLUDE_SYSTEM_TOPICS: 'true', GROUP_EXCLUDE_REGEX: 'TOOLS_CONSUMER' },
    fixture.groupList, ['order_audit_group', 'order_consumer_group'], ['order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group']],
  ['topic filters do not decide which groups are asked', { TOPIC_INCLUDE_REGEX: 'nothing', IGNORED_TOPICS: 'order_topic' }, fixture.groupList,
    ['order_audit_group', 'order_consumer_group'], ['order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group']],
];

for (const [behaviour, env, groupList, asked, keptGroups] of filtered) {
  test(`filters before any call: ${behaviour}`, async () => {
    const source = new FakeSource(answers({ groups: groupList() }));
    const result = await walkByGroup(source, filterOf(env), now);
    assert.deepEqual(sortedCalls(source), ['listGroups', ...asked.map((g) => `topicsOfGroup ${g}`)]);
    assert.deepEqual(result.groups, kept(groupList(), ...keptGroups));
  });
}

// Topics come with the group's answer: the topic filters apply to the answer (no call to save).
const topicFiltered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, readonly string[]]> = [
  ['defaults: normal and retry topics', {},
    ['%RETRY%order_audit_group order_audit_group', '%RETRY%order_consumer_group order_consumer_group', 'audit_log_topic order_audit_group', 'order_topic order_consumer_group']],
  ['INCLUDE_RETRY_TOPICS=false drops the retry topics', { INCLUDE_RETRY_TOPICS: 'false' },
    ['audit_log_topic order_audit_group', 'order_topic order_consumer_group']],
  ['TOPIC_EXCLUDE_REGEX drops a topic, not the retry topics', { TOPIC_EXCLUDE_REGEX: 'order_topic|%RETRY%.*' },
    ['%RETRY%order_audit_group order_audit_group', '%RETRY%order_consumer_group order_consumer_group', 'audit_log_topic order_audit_group']],
  ['TOPIC_INCLUDE_REGEX keeps matching topics and every wanted group\'s retry topic', { TOPIC_INCLUDE_REGEX: 'order_.*' },
    ['%RETRY%order_audit_group order_audit_group', '%RETRY%order_consumer_group order_consumer_group', 'order_topic order_consumer_group']],
  ['IGNORED_TOPICS drops exact names', { IGNORED_TOPICS: 'audit_log_topic,%RETRY%order_consumer_group' },
    ['%RETRY%order_audit_group order_audit_group', 'order_topic order_consumer_group']],
];

for (const [behaviour, env, expected] of topicFiltered) {
  test(`topic filters on the answers: ${behaviour}`, async () => {
    const result = await walkByGroup(new FakeSource(answers()), filterOf(env), now);
    assert.deepEqual(ordered(result).observations.map((o) => `${o.topic} ${o.group}`), expected);
    assert.equal(result.topicsWalked, expected.length);
  });
}

test('a system group walked with INCLUDE_SYSTEM_TOPICS=true: its observations carry the raw name', async () => {
  const result = await walkByGroup(new FakeSource(answers()), filterOf({ INCLUDE_SYSTEM_TOPICS: 'true', GROUP_INCLUDE_REGEX: 'TOOLS_CONSUMER' }), now);
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [observed('tools_probe_topic', 'TOOLS_CONSUMER', topicOf(TOOLS_TOPICS, 'tools_probe_topic'))],
    groups: kept(fixture.groupList(), '%SYS%TOOLS_CONSUMER'),
    failures: [],
    flavour: 'dashboard-2.1',
    topicsWalked: 1,
  });
});

test('a failing group call costs only that group: its failure recorded with scope, name and kind', async () => {
  const timeout = new ConsoleTimeoutError(PER_GROUP, 5000);
  const a = answers();
  const source = new FakeSource({ ...a, topicsOfGroup: { ...a.topicsOfGroup, order_audit_group: timeout } });
  const result = await walkByGroup(source, filterOf(), now);
  assert.deepEqual(ordered(result), {
    startedAt: NOW,
    finishedAt: NOW,
    observations: [
      observed('%RETRY%order_consumer_group', 'order_consumer_group', topicOf(a.ordered, '%RETRY%order_consumer_group')),
      observed('order_topic', 'order_consumer_group', topicOf(a.ordered, 'order_topic')),
    ],
    groups: kept(fixture.groupList(), 'order_cache_broadcast_group', 'order_consumer_group', 'order_audit_group'),
    failures: [{ scope: 'group', name: 'order_audit_group', kind: 'timeout', message: timeout.message }],
    flavour: 'dashboard-2.1',
    topicsWalked: 2,
  });
});

test('failing calls of a system group and of a defect: failures by raw name, the defect without its text', async () => {
  const status = new ConsoleStatusError(PER_GROUP, -1, 'CODE: 206  DESC: the consumer group not online');
  const a = answers();
  const source = new FakeSource({
    ...a,
    topicsOfGroup: { ...a.topicsOfGroup, '%SYS%TOOLS_CONSUMER': status, order_consumer_group: new TypeError('10.0.2.15@5123 undefined') },
  });
  const result = await walkByGroup(source, filterOf({ INCLUDE_SYSTEM_TOPICS: 'true' }), now);
  assert.deepEqual(ordered(result).failures, [
    { scope: 'group', name: 'TOOLS_CONSUMER', kind: 'console_error', message: status.message },
    { scope: 'group', name: 'order_consumer_group', kind: 'internal', message: 'internal error (TypeError)' },
  ] satisfies WalkFailure[]);
  assert.deepEqual(ordered(result).observations.map((o) => `${o.topic} ${o.group}`), [
    '%RETRY%order_audit_group order_audit_group', 'audit_log_topic order_audit_group',
  ]);
});

test('a failing groupList fails the walk: WalkFailedError with scope group_list, nothing else asked', async () => {
  const building = new ConsoleStatusError('/consumer/groupList.query', -1, 'Cache is being built, please try again later');
  const source = new FakeSource(answers({ groups: building }));
  await assert.rejects(walkByGroup(source, filterOf(), now), (error: unknown) => {
    assert.ok(error instanceof WalkFailedError);
    assert.deepEqual(error.failure, { scope: 'group_list', name: '', kind: 'console_error', message: building.message });
    return true;
  });
  assert.deepEqual(source.calls, ['listGroups']);
});

test('the group walk never lists topics and never asks cluster names, whatever the console', async () => {
  const source = new FakeSource(answers({ groups: fixture.legacyGroupList(), flavour: 'console-1.0' }));
  const result = await walkByGroup(source, filterOf({ INCLUDE_SYSTEM_TOPICS: 'true' }), now);
  assert.deepEqual(sortedCalls(source), ['listGroups', 'topicsOfGroup TOOLS_CONSUMER', 'topicsOfGroup order_audit_group', 'topicsOfGroup order_consumer_group']);
  assert.equal(result.flavour, 'console-1.0');
});

test('an empty groupList: an empty walk, an empty groups map', async () => {
  const result = await walkByGroup(new FakeSource(answers({ groups: [] })), filterOf(), now);
  assert.deepEqual(result, {
    startedAt: NOW, finishedAt: NOW, observations: [], groups: new Map(), failures: [], flavour: 'dashboard-2.1', topicsWalked: 0,
  });
});

test('a group answering no topics (no committed offsets): no observation, no failure', async () => {
  const a = answers();
  const source = new FakeSource({ ...a, topicsOfGroup: { ...a.topicsOfGroup, order_audit_group: [] } });
  const result = await walkByGroup(source, filterOf(), now);
  assert.deepEqual(ordered(result).observations.map((o) => `${o.topic} ${o.group}`), [
    '%RETRY%order_consumer_group order_consumer_group', 'order_topic order_consumer_group',
  ]);
  assert.deepEqual(result.failures, []);
});
