import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { ConsoleStatusError, ConsoleTimeoutError } from '../../src/console/errors/index.js';
import type { GroupConsumeInfo, TopicConsumerInfo, TopicList } from '../../src/console/types.js';
import { validateGroupList, validateTopicConsumerInfoList, validateTopicList } from '../../src/console/validate.js';
import type { ConsoleCall } from '../../src/lag/cost.js';
import { LagFilter } from '../../src/lag/filter.js';
import type { Observation, UnitAnswer, WalkUnit } from '../../src/lag/types.js';
import { groupUnits } from '../../src/lag/walk-by-group.js';
import { consoleFixtureData } from '../support/fixtures.js';
import { FakeSource, type Answers } from '../support/lag-source.js';
import { queueBlock } from '../../src/lag/queues.js';

// ---- The recorded console answers (test/fixtures/console/), through the client's own validation. -------------

const fixture = {
  /** Dashboard 2.1: broadcast, clustering, offline and %SYS%TOOLS_CONSUMER (subGroupType SYSTEM), each at both brokers. */
  groupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.json')).groups,
  /** Console 2019 / dashboard 1.0: no address, no subGroupType, TOOLS_CONSUMER unmarked. */
  legacyGroupList: (): GroupConsumeInfo[] => validateGroupList(consoleFixtureData('consumer-groupList.query.legacy.json')).groups,
  /** The retry topics of the three listed user groups, a DLQ topic, system topics marked %SYS%. */
  topicList: (): TopicList => validateTopicList(consoleFixtureData('topic-list.query.json')),
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

// Hand-made: a group the group list does not name, known only by its retry topic.
const PAYMENT_TOPICS: readonly TopicConsumerInfo[] = [
  { topic: 'payment_topic', diffTotal: 0, lastTimestamp: 1_718_100_000_000, queueStatInfoList: [] },
  { topic: '%RETRY%payment_group', diffTotal: 0, lastTimestamp: 0, queueStatInfoList: [] },
];

// Hand-made: a DLQ topic the group also reads.
const DLQ_TOPIC: TopicConsumerInfo = { topic: '%DLQ%order_consumer_group', diffTotal: 3, lastTimestamp: 1_718_090_000_000, queueStatInfoList: [] };

const NOW = 1_718_102_400_000;
const now = () => NOW;
const PER_GROUP = '/consumer/queryTopicByConsumer.query';
const ADDRESSES = ['10.0.1.11:10911', '10.0.1.21:10911'];

function filterOf(env: Readonly<Record<string, string>> = {}): LagFilter {
  return new LagFilter(loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://console:8080', ...env }));
}

function answers(overrides: Partial<Answers> = {}): Answers & { readonly ordered: TopicConsumerInfo[] } {
  const ordered = fixture.topicsOfOrderConsumerGroup();
  return {
    groups: fixture.groupList(),
    topicsOfGroup: {
      order_consumer_group: ordered, order_audit_group: AUDIT_TOPICS, '%SYS%TOOLS_CONSUMER': TOOLS_TOPICS, TOOLS_CONSUMER: TOOLS_TOPICS,
      payment_group: PAYMENT_TOPICS,
    },
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

function observed(topic: string, group: string, info: TopicConsumerInfo, observedAt = NOW): Observation {
  return { topic, group, queues: queueBlock(info.queueStatInfoList), observedAt };
}

function listedGroup(groups: readonly GroupConsumeInfo[], listed: string): GroupConsumeInfo {
  const g = groups.find((x) => x.group === listed);
  assert.ok(g !== undefined, `${listed} listed`);
  return g;
}

const scopesAndNames = (units: readonly WalkUnit[]) => units.map(({ scope, name }) => ({ scope, name }));
const groupScope = (...names: string[]) => names.map((name) => ({ scope: 'group', name }));

/** Asks every unit, one after another, with one cancel signal. */
async function fetchAll(units: readonly WalkUnit[], cancel: AbortSignal = new AbortController().signal): Promise<UnitAnswer[]> {
  const all: UnitAnswer[] = [];
  for (const unit of units) all.push(await unit.fetch(cancel));
  return all;
}

const pairs = (all: readonly UnitAnswer[]): string[] => all.flatMap((a) => a.observations.map((o) => `${o.topic} ${o.group}`));

function unlisted(name: string, address: readonly string[] | null): GroupConsumeInfo {
  return {
    group: name, version: null, count: 0, consumeType: null, messageModel: null, consumeTps: 0, diffTotal: -1, address, subGroupType: null,
  };
}

// ---- Cases ---------------------------------------------------------------------------------------------------

test('one unit per wanted clustering group, in the list\'s order, scope group, named by raw name; no call before fetch', () => {
  const source = new FakeSource(answers());
  const units = groupUnits(fixture.groupList(), fixture.topicList(), source, filterOf(), now);
  assert.deepEqual(scopesAndNames(units), groupScope('order_consumer_group', 'order_audit_group'));
  assert.deepEqual(source.calls, []);
});

test('each unit asks for its group as listed, and answers its topics as observations with the call for the cost model', async () => {
  const a = answers();
  const source = new FakeSource(a);
  const listed = fixture.groupList();
  const units = groupUnits(listed, fixture.topicList(), source, filterOf(), now);
  assert.deepEqual(await fetchAll(units), [
    {
      observations: [
        observed('%RETRY%order_consumer_group', 'order_consumer_group', topicOf(a.ordered, '%RETRY%order_consumer_group')),
        observed('order_topic', 'order_consumer_group', topicOf(a.ordered, 'order_topic')),
      ],
      call: { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: false },
    },
    {
      observations: [
        observed('audit_log_topic', 'order_audit_group', topicOf(AUDIT_TOPICS, 'audit_log_topic')),
        observed('%RETRY%order_audit_group', 'order_audit_group', topicOf(AUDIT_TOPICS, '%RETRY%order_audit_group')),
      ],
      call: { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false },
    },
  ] satisfies UnitAnswer[]);
  assert.deepEqual(source.calls, ['topicsOfGroup order_consumer_group', 'topicsOfGroup order_audit_group']);
  assert.deepEqual(source.groupsAsked, [listedGroup(listed, 'order_consumer_group'), listedGroup(listed, 'order_audit_group')]);
});

test('broadcast groups are not asked for (no offsets on the broker), not even through their listed %RETRY% topic', async () => {
  const source = new FakeSource(answers({ topicsOfGroup: { order_cache_broadcast_group: new Error('must not be asked') } }));
  const units = groupUnits(fixture.groupList(), fixture.topicList(), source, filterOf(), now);
  assert.ok(fixture.topicList().topics.includes('%RETRY%order_cache_broadcast_group'));
  assert.ok(!units.some((u) => u.name === 'order_cache_broadcast_group'));
  await fetchAll(units);
  assert.ok(!source.calls.includes('topicsOfGroup order_cache_broadcast_group'));
});

test('a group whose message model is unknown (offline, or a 5.x group) is asked for', () => {
  assert.equal(listedGroup(fixture.groupList(), 'order_audit_group').messageModel, null);
  const units = groupUnits(fixture.groupList(), undefined, new FakeSource(answers()), filterOf(), now);
  assert.ok(units.some((u) => u.name === 'order_audit_group'));
});

test('observedAt is read after the answer came, not when the call was made', async () => {
  let clock = NOW;
  const a = answers();
  const source = new FakeSource({
    ...a,
    topicsOfGroup: {
      order_consumer_group: async () => {
        clock = NOW + 1_500;
        return a.ordered;
      },
    },
  });
  const units = groupUnits(fixture.groupList(), undefined, source, filterOf({ GROUP_INCLUDE_REGEX: 'order_consumer_group' }), () => clock);
  const [only] = await fetchAll(units);
  assert.deepEqual(only?.observations.map((o) => o.observedAt), [NOW + 1_500, NOW + 1_500]);
});

test('the walk\'s cancel signal is what each unit\'s call gets', async () => {
  const source = new FakeSource(answers());
  const deadline = new AbortController();
  await fetchAll(groupUnits(fixture.groupList(), undefined, source, filterOf(), now), deadline.signal);
  assert.deepEqual(source.cancels, [deadline.signal, deadline.signal]);
});

// Which groups become units, per setting, and by which listed name each is asked: decided on the lists alone.
const filtered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, () => GroupConsumeInfo[], readonly string[], readonly string[]]> = [
  ['defaults: the %SYS% SYSTEM group is left out', {}, fixture.groupList,
    ['order_consumer_group', 'order_audit_group'], ['order_consumer_group', 'order_audit_group']],
  ['INCLUDE_SYSTEM_TOPICS=true: the system group is a unit by its raw name, asked by its listed name', { INCLUDE_SYSTEM_TOPICS: 'true' }, fixture.groupList,
    ['order_consumer_group', 'order_audit_group', 'TOOLS_CONSUMER'], ['order_consumer_group', 'order_audit_group', '%SYS%TOOLS_CONSUMER']],
  ['legacy groupList: the unmarked known system group TOOLS_CONSUMER is left out', {}, fixture.legacyGroupList,
    ['order_consumer_group', 'order_audit_group'], ['order_consumer_group', 'order_audit_group']],
  ['legacy groupList with INCLUDE_SYSTEM_TOPICS=true: TOOLS_CONSUMER asked by its only name', { INCLUDE_SYSTEM_TOPICS: 'true' }, fixture.legacyGroupList,
    ['order_consumer_group', 'order_audit_group', 'TOOLS_CONSUMER'], ['order_consumer_group', 'order_audit_group', 'TOOLS_CONSUMER']],
  ['GROUP_EXCLUDE_REGEX: the excluded group is not a unit, nor brought back by its %RETRY% topic', { GROUP_EXCLUDE_REGEX: 'order_audit_group' },
    fixture.groupList, ['order_consumer_group'], ['order_consumer_group']],
  ['GROUP_INCLUDE_REGEX: whole-name match', { GROUP_INCLUDE_REGEX: 'order_(consumer|cache)_.*' }, fixture.groupList,
    ['order_consumer_group'], ['order_consumer_group']],
  ['GROUP_INCLUDE_REGEX matching a system group does not bring it in without INCLUDE_SYSTEM_TOPICS', { GROUP_INCLUDE_REGEX: 'TOOLS_CONSUMER|order_consumer_group' },
    fixture.groupList, ['order_consumer_group'], ['order_consumer_group']],
  ['INCLUDE_SYSTEM_TOPICS=true: GROUP_EXCLUDE_REGEX applies to the raw name of a system group', { INCLUDE_SYSTEM_TOPICS: 'true', GROUP_EXCLUDE_REGEX: 'TOOLS_CONSUMER' },
    fixture.groupList, ['order_consumer_group', 'order_audit_group'], ['order_consumer_group', 'order_audit_group']],
  ['topic filters do not decide which groups are asked', { TOPIC_INCLUDE_REGEX: 'nothing', IGNORED_TOPICS: 'order_topic' }, fixture.groupList,
    ['order_consumer_group', 'order_audit_group'], ['order_consumer_group', 'order_audit_group']],
];

for (const [behaviour, env, groupList, names, asked] of filtered) {
  test(`filters before any call: ${behaviour}`, async () => {
    const source = new FakeSource(answers({ groups: groupList() }));
    const units = groupUnits(groupList(), fixture.topicList(), source, filterOf(env), now);
    assert.deepEqual(source.calls, []);
    assert.deepEqual(scopesAndNames(units), groupScope(...names));
    await fetchAll(units);
    assert.deepEqual(source.calls, asked.map((g) => `topicsOfGroup ${g}`));
  });
}

// Topics come with the group's answer: the topic filters apply to the answer (no call to save); retry and DLQ topics
// follow their group, which is wanted.
const topicFiltered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, readonly string[]]> = [
  ['defaults: normal and retry topics, no DLQ topic', {},
    ['%RETRY%order_consumer_group order_consumer_group', 'order_topic order_consumer_group', 'audit_log_topic order_audit_group', '%RETRY%order_audit_group order_audit_group']],
  ['INCLUDE_RETRY_TOPICS=false drops the retry topics', { INCLUDE_RETRY_TOPICS: 'false' },
    ['order_topic order_consumer_group', 'audit_log_topic order_audit_group']],
  ['INCLUDE_DLQ_TOPICS=true keeps the group\'s DLQ topic', { INCLUDE_DLQ_TOPICS: 'true' },
    ['%RETRY%order_consumer_group order_consumer_group', 'order_topic order_consumer_group', '%DLQ%order_consumer_group order_consumer_group',
      'audit_log_topic order_audit_group', '%RETRY%order_audit_group order_audit_group']],
  ['TOPIC_EXCLUDE_REGEX drops a topic, not the retry or DLQ topics', { TOPIC_EXCLUDE_REGEX: 'order_topic|%RETRY%.*|%DLQ%.*', INCLUDE_DLQ_TOPICS: 'true' },
    ['%RETRY%order_consumer_group order_consumer_group', '%DLQ%order_consumer_group order_consumer_group',
      'audit_log_topic order_audit_group', '%RETRY%order_audit_group order_audit_group']],
  ['TOPIC_INCLUDE_REGEX keeps matching topics and every wanted group\'s retry topic', { TOPIC_INCLUDE_REGEX: 'order_.*' },
    ['%RETRY%order_consumer_group order_consumer_group', 'order_topic order_consumer_group', '%RETRY%order_audit_group order_audit_group']],
  ['IGNORED_TOPICS drops exact names', { IGNORED_TOPICS: 'audit_log_topic,%RETRY%order_consumer_group' },
    ['order_topic order_consumer_group', '%RETRY%order_audit_group order_audit_group']],
];

for (const [behaviour, env, expected] of topicFiltered) {
  test(`topic filters on the answers: ${behaviour}`, async () => {
    const a = answers();
    const source = new FakeSource({ ...a, topicsOfGroup: { ...a.topicsOfGroup, order_consumer_group: [...a.ordered, DLQ_TOPIC] } });
    const all = await fetchAll(groupUnits(fixture.groupList(), undefined, source, filterOf(env), now));
    assert.deepEqual(pairs(all), expected);
  });
}

test('a system group asked with INCLUDE_SYSTEM_TOPICS=true: its observations carry the raw name', async () => {
  const source = new FakeSource(answers());
  const units = groupUnits(fixture.groupList(), fixture.topicList(), source, filterOf({ INCLUDE_SYSTEM_TOPICS: 'true', GROUP_INCLUDE_REGEX: 'TOOLS_CONSUMER' }), now);
  assert.deepEqual(scopesAndNames(units), groupScope('TOOLS_CONSUMER'));
  assert.deepEqual(await fetchAll(units), [{
    observations: [observed('tools_probe_topic', 'TOOLS_CONSUMER', topicOf(TOOLS_TOPICS, 'tools_probe_topic'))],
    call: { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false },
  }] satisfies UnitAnswer[]);
  assert.deepEqual(source.calls, ['topicsOfGroup %SYS%TOOLS_CONSUMER']);
});

const failing: ReadonlyArray<readonly [string, Error]> = [
  ['a timeout', new ConsoleTimeoutError(PER_GROUP, 5000)],
  ['a console error', new ConsoleStatusError(PER_GROUP, -1, 'CODE: 206  DESC: the consumer group not online')],
  ['a defect', new TypeError('10.0.2.15@5123 undefined')],
];

for (const [behaviour, error] of failing) {
  test(`a failing call (${behaviour}): the unit's fetch rejects with that very error, for the walker to record`, async () => {
    const a = answers();
    const source = new FakeSource({ ...a, topicsOfGroup: { ...a.topicsOfGroup, order_audit_group: error } });
    const [consumer, audit] = groupUnits(fixture.groupList(), undefined, source, filterOf(), now);
    assert.ok(consumer !== undefined && audit !== undefined);
    await assert.rejects(audit.fetch(new AbortController().signal), (thrown: unknown) => thrown === error);
    assert.equal((await consumer.fetch(new AbortController().signal)).observations.length, 2);
  });
}

// What each unit reports of its call, for the cost model: addresses given, online clients, and whether the answer was empty.
interface CallCase {
  readonly env?: Readonly<Record<string, string>>;
  readonly groups?: () => GroupConsumeInfo[];
  readonly topics?: TopicList;
  readonly topicsOfGroup?: Answers['topicsOfGroup'];
  readonly unit: string;
  readonly call: ConsoleCall;
  readonly observations: number;
}

const calls: ReadonlyArray<readonly [string, CallCase]> = [
  ['a dashboard group at two addresses with two clients',
    { unit: 'order_consumer_group', call: { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: false }, observations: 2 }],
  ['an offline group: no client',
    { unit: 'order_audit_group', call: { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false }, observations: 2 }],
  ['a group of a console without addresses', {
    groups: fixture.legacyGroupList, unit: 'order_consumer_group', call: { kind: 'topicsOfGroup', addresses: 0, clients: 2, empty: false }, observations: 2,
  }],
  ['a group answering no topics (no committed offsets): empty, no observation', {
    topicsOfGroup: { order_consumer_group: [] }, unit: 'order_consumer_group',
    call: { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: true }, observations: 0,
  }],
  ['a group whose every topic is filtered out: not empty (the console did the work), no observation', {
    env: { IGNORED_TOPICS: 'order_topic,%RETRY%order_consumer_group' }, unit: 'order_consumer_group',
    call: { kind: 'topicsOfGroup', addresses: 2, clients: 2, empty: false }, observations: 0,
  }],
  ['a group known only by its %RETRY% topic: the listed addresses, no client known', {
    topics: { topics: ['%RETRY%payment_group'], systemMarked: true }, unit: 'payment_group',
    call: { kind: 'topicsOfGroup', addresses: 2, clients: 0, empty: false }, observations: 2,
  }],
];

for (const [behaviour, c] of calls) {
  test(`the call reported for the cost model: ${behaviour}`, async () => {
    const a = answers();
    const source = new FakeSource({ ...a, topicsOfGroup: { ...a.topicsOfGroup, ...c.topicsOfGroup } });
    const unit = groupUnits((c.groups ?? fixture.groupList)(), c.topics, source, filterOf(c.env), now).find((u) => u.name === c.unit);
    assert.ok(unit !== undefined, `${c.unit} is a unit`);
    const answer = await unit.fetch(new AbortController().signal);
    assert.deepEqual(answer.call, c.call);
    assert.equal(answer.observations.length, c.observations);
  });
}

// ---- Groups found only through a %RETRY% topic of the topic list ----------------------------------------------

const marked = (...topics: string[]): TopicList => ({ topics, systemMarked: true });

const discovered: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, TopicList | undefined, readonly string[]]> = [
  ['a retry topic of a group the list does not name: a unit after the listed groups', {}, marked('order_topic', '%RETRY%payment_group'),
    ['order_consumer_group', 'order_audit_group', 'payment_group']],
  ['in the order of the topic list', {}, marked('%RETRY%zeta_group', '%RETRY%payment_group'),
    ['order_consumer_group', 'order_audit_group', 'zeta_group', 'payment_group']],
  ['a retry topic listed twice: one unit', {}, marked('%RETRY%payment_group', '%RETRY%payment_group'),
    ['order_consumer_group', 'order_audit_group', 'payment_group']],
  ['the retry topics of listed groups (wanted, broadcast or system) add nothing', { INCLUDE_SYSTEM_TOPICS: 'true' },
    marked('%RETRY%order_consumer_group', '%RETRY%order_audit_group', '%RETRY%order_cache_broadcast_group', '%RETRY%TOOLS_CONSUMER'),
    ['order_consumer_group', 'order_audit_group', 'TOOLS_CONSUMER']],
  ['the retry topic of a listed group filtered out does not bring it back', { GROUP_EXCLUDE_REGEX: 'order_audit_group' },
    marked('%RETRY%order_audit_group'), ['order_consumer_group']],
  ['GROUP_EXCLUDE_REGEX applies to a group found by its retry topic', { GROUP_EXCLUDE_REGEX: 'payment_.*' }, marked('%RETRY%payment_group'),
    ['order_consumer_group', 'order_audit_group']],
  ['GROUP_INCLUDE_REGEX applies to a group found by its retry topic', { GROUP_INCLUDE_REGEX: 'order_.*' }, marked('%RETRY%payment_group'),
    ['order_consumer_group', 'order_audit_group']],
  ['a system group found by its retry topic is left out by default', {}, marked('%RETRY%SELF_TEST_C_GROUP'),
    ['order_consumer_group', 'order_audit_group']],
  ['a system group found by its retry topic with INCLUDE_SYSTEM_TOPICS=true', { INCLUDE_SYSTEM_TOPICS: 'true' }, marked('%RETRY%SELF_TEST_C_GROUP'),
    ['order_consumer_group', 'order_audit_group', 'TOOLS_CONSUMER', 'SELF_TEST_C_GROUP']],
  ['INCLUDE_RETRY_TOPICS=false: the group is still found (its other topics are wanted)', { INCLUDE_RETRY_TOPICS: 'false' }, marked('%RETRY%payment_group'),
    ['order_consumer_group', 'order_audit_group', 'payment_group']],
  ['a DLQ topic finds no group', { INCLUDE_DLQ_TOPICS: 'true' }, marked('%DLQ%payment_group'), ['order_consumer_group', 'order_audit_group']],
  ['no topic list (it failed): the listed groups only', {}, undefined, ['order_consumer_group', 'order_audit_group']],
];

for (const [behaviour, env, topics, names] of discovered) {
  test(`groups found through %RETRY% topics: ${behaviour}`, () => {
    const source = new FakeSource(answers());
    assert.deepEqual(scopesAndNames(groupUnits(fixture.groupList(), topics, source, filterOf(env), now)), groupScope(...names));
    assert.deepEqual(source.calls, []);
  });
}

test('a group found by its retry topic is asked at every address the listed groups have, nothing else known of it', async () => {
  const at = (group: string, address: readonly string[] | null): GroupConsumeInfo => ({ ...unlisted(group, address), messageModel: 'CLUSTERING', count: 1 });
  // Broadcast and filtered-out groups' addresses count too: they are the cluster's brokers.
  const listed = [at('a_group', ['10.0.1.11:10911']), at('b_group', ['10.0.1.11:10911', '10.0.1.21:10911']),
    { ...at('c_group', ['10.0.1.31:10911']), messageModel: 'BROADCASTING' as const }, at('d_group', ['10.0.1.41:10911'])];
  const source = new FakeSource(answers());
  const units = groupUnits(listed, marked('%RETRY%payment_group'), source, filterOf({ GROUP_EXCLUDE_REGEX: 'd_group' }), now);
  assert.deepEqual(scopesAndNames(units), groupScope('a_group', 'b_group', 'payment_group'));
  const all = await fetchAll(units);
  assert.deepEqual(source.groupsAsked.at(-1), unlisted('payment_group', ['10.0.1.11:10911', '10.0.1.21:10911', '10.0.1.31:10911', '10.0.1.41:10911']));
  assert.deepEqual(all.at(-1), {
    observations: [
      observed('payment_topic', 'payment_group', topicOf(PAYMENT_TOPICS, 'payment_topic')),
      observed('%RETRY%payment_group', 'payment_group', topicOf(PAYMENT_TOPICS, '%RETRY%payment_group')),
    ],
    call: { kind: 'topicsOfGroup', addresses: 4, clients: 0, empty: false },
  } satisfies UnitAnswer);
});

const addressed: ReadonlyArray<readonly [string, () => GroupConsumeInfo[], readonly string[] | null]> = [
  ['the dashboard list: both brokers', fixture.groupList, ADDRESSES],
  ['a console without addresses: none', fixture.legacyGroupList, null],
  ['an empty group list: none', () => [], null],
];

for (const [behaviour, groupList, address] of addressed) {
  test(`the addresses a group found by its retry topic is asked at: ${behaviour}`, async () => {
    const source = new FakeSource(answers());
    const units = groupUnits(groupList(), marked('%RETRY%payment_group'), source, filterOf({ GROUP_INCLUDE_REGEX: 'payment_group' }), now);
    await fetchAll(units);
    assert.deepEqual(source.calls, ['topicsOfGroup payment_group']);
    assert.deepEqual(source.groupsAsked, [unlisted('payment_group', address)]);
  });
}

test('a group listed twice is one unit, asked as first listed', async () => {
  const listed = fixture.groupList();
  const first = listedGroup(listed, 'order_consumer_group');
  const source = new FakeSource(answers());
  const units = groupUnits([first, { ...first, count: 9 }], undefined, source, filterOf(), now);
  assert.deepEqual(scopesAndNames(units), groupScope('order_consumer_group'));
  await fetchAll(units);
  assert.deepEqual(source.groupsAsked, [first]);
});

test('an empty group list and no retry topic: no unit', () => {
  assert.deepEqual(groupUnits([], marked('order_topic', '%DLQ%x'), new FakeSource(answers()), filterOf(), now), []);
});
