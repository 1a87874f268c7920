import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { LagFilter, shardOf } from '../../src/lag/filter.js';
import type { TopicName } from '../../src/lag/topic-kind.js';

// Options come from loadConfig, so the regexes are compiled as the exporter compiles them (whole-name match).
function filterOf(env: Readonly<Record<string, string>>): LagFilter {
  return new LagFilter(loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://console:8080', ...env }));
}

const normal = (name: string): TopicName => ({ name, kind: 'normal', group: undefined });
const system = (name: string): TopicName => ({ name, kind: 'system', group: undefined });
const retry = (group: string): TopicName => ({ name: `%RETRY%${group}`, kind: 'retry', group });
const dlq = (group: string): TopicName => ({ name: `%DLQ%${group}`, kind: 'dlq', group });
const popRetry = (group: string, retried: string): TopicName => ({ name: `%RETRY%${group}_${retried}`, kind: 'retry', group, retried });

type Env = Readonly<Record<string, string>>;

const topicCases: ReadonlyArray<readonly [string, Env, TopicName, boolean]> = [
  // Defaults: normal and retry topics, no system or DLQ topics.
  ['defaults: a normal topic is walked', {}, normal('order_topic'), true],
  ['defaults: a system topic is not', {}, system('TBW102'), false],
  ['defaults: a retry topic is walked', {}, retry('order_consumer_group'), true],
  ['defaults: a DLQ topic is not', {}, dlq('order_consumer_group'), false],

  // A POP retry topic retries one topic of its group: wanted when both are.
  ['a POP retry topic is walked by default', {}, popRetry('pop_group', 'order_topic'), true],
  ['TOPIC_EXCLUDE_REGEX leaves out the POP retry topic of an excluded topic', { TOPIC_EXCLUDE_REGEX: 'order_.*' }, popRetry('pop_group', 'order_topic'), false],
  ['TOPIC_INCLUDE_REGEX keeps the POP retry topic of an included topic', { TOPIC_INCLUDE_REGEX: 'order_.*' }, popRetry('pop_group', 'order_topic'), true],
  ['IGNORED_TOPICS of a topic leaves out its POP retry topics', { IGNORED_TOPICS: 'order_topic' }, popRetry('pop_group', 'order_topic'), false],
  ['GROUP_EXCLUDE_REGEX leaves out a POP retry topic of the group', { GROUP_EXCLUDE_REGEX: 'pop_.*' }, popRetry('pop_group', 'order_topic'), false],
  ['a topic filter leaves a group\'s own retry topic alone', { TOPIC_EXCLUDE_REGEX: 'order_.*' }, retry('order_consumer_group'), true],

  // IGNORED_TOPICS: exact names, before anything else.
  ['IGNORED_TOPICS leaves out a listed topic', { IGNORED_TOPICS: 'order_topic,TBW102' }, normal('order_topic'), false],
  ['IGNORED_TOPICS takes exact names, not prefixes', { IGNORED_TOPICS: 'order_topic' }, normal('order_topic_v2'), true],
  ['IGNORED_TOPICS names are trimmed', { IGNORED_TOPICS: ' config_topic , order_topic ' }, normal('order_topic'), false],
  ['IGNORED_TOPICS wins over INCLUDE_SYSTEM_TOPICS', { IGNORED_TOPICS: 'TBW102', INCLUDE_SYSTEM_TOPICS: 'true' }, system('TBW102'), false],
  ['IGNORED_TOPICS wins over TOPIC_INCLUDE_REGEX', { IGNORED_TOPICS: 'order_topic', TOPIC_INCLUDE_REGEX: '.*' }, normal('order_topic'), false],
  ['IGNORED_TOPICS leaves out a retry topic by its full name', { IGNORED_TOPICS: '%RETRY%order_audit_group' }, retry('order_audit_group'), false],
  ['IGNORED_TOPICS of one retry topic keeps the others', { IGNORED_TOPICS: '%RETRY%order_audit_group' }, retry('order_consumer_group'), true],
  ['IGNORED_TOPICS leaves out a DLQ topic by its full name', { IGNORED_TOPICS: '%DLQ%order_consumer_group', INCLUDE_DLQ_TOPICS: 'true' },
    dlq('order_consumer_group'), false],

  // Topic include / exclude: whole-name match, exclude wins.
  ['TOPIC_INCLUDE_REGEX keeps a matching topic', { TOPIC_INCLUDE_REGEX: 'order_.*' }, normal('order_topic'), true],
  ['TOPIC_INCLUDE_REGEX leaves out a topic that does not match', { TOPIC_INCLUDE_REGEX: 'order_.*' }, normal('config_topic'), false],
  ['TOPIC_INCLUDE_REGEX matches the whole name, not a substring', { TOPIC_INCLUDE_REGEX: 'order_.*' }, normal('my_order_topic'), false],
  ['TOPIC_INCLUDE_REGEX matches the whole name, not a prefix', { TOPIC_INCLUDE_REGEX: 'order' }, normal('order_topic'), false],
  ['TOPIC_INCLUDE_REGEX with an alternation is anchored as a whole', { TOPIC_INCLUDE_REGEX: 'order|config' }, normal('order_config'), false],
  ['TOPIC_INCLUDE_REGEX alternation: one alternative', { TOPIC_INCLUDE_REGEX: 'order|config' }, normal('config'), true],
  ['TOPIC_EXCLUDE_REGEX leaves out a matching topic', { TOPIC_EXCLUDE_REGEX: '.*_test' }, normal('order_test'), false],
  ['TOPIC_EXCLUDE_REGEX matches the whole name only', { TOPIC_EXCLUDE_REGEX: '.*_test' }, normal('order_test_topic'), true],
  ['exclude wins over include', { TOPIC_INCLUDE_REGEX: 'order_.*', TOPIC_EXCLUDE_REGEX: 'order_test' }, normal('order_test'), false],
  ['include and exclude: a topic only included is walked', { TOPIC_INCLUDE_REGEX: 'order_.*', TOPIC_EXCLUDE_REGEX: 'order_test' },
    normal('order_topic'), true],
  ['group filters do not decide for a normal topic', { GROUP_EXCLUDE_REGEX: '.*' }, normal('order_topic'), true],

  // System topics: only with INCLUDE_SYSTEM_TOPICS, then under the topic filters.
  ['INCLUDE_SYSTEM_TOPICS=true walks a system topic', { INCLUDE_SYSTEM_TOPICS: 'true' }, system('TBW102'), true],
  ['INCLUDE_SYSTEM_TOPICS=true: TOPIC_EXCLUDE_REGEX still applies', { INCLUDE_SYSTEM_TOPICS: 'true', TOPIC_EXCLUDE_REGEX: 'TBW102' },
    system('TBW102'), false],
  ['INCLUDE_SYSTEM_TOPICS=true: TOPIC_INCLUDE_REGEX still applies', { INCLUDE_SYSTEM_TOPICS: 'true', TOPIC_INCLUDE_REGEX: 'order_.*' },
    system('TBW102'), false],
  ['INCLUDE_SYSTEM_TOPICS=false: an include regex matching it does not bring a system topic in', { TOPIC_INCLUDE_REGEX: 'TBW.*' },
    system('TBW102'), false],

  // Retry and DLQ topics: their group's filters and their own switches, never the topic filters.
  ['a retry topic ignores TOPIC_INCLUDE_REGEX', { TOPIC_INCLUDE_REGEX: 'order_topic' }, retry('order_consumer_group'), true],
  ['a retry topic ignores TOPIC_EXCLUDE_REGEX, even one naming it', { TOPIC_EXCLUDE_REGEX: '%RETRY%.*' }, retry('order_consumer_group'), true],
  ['a retry topic follows GROUP_EXCLUDE_REGEX', { GROUP_EXCLUDE_REGEX: 'order_consumer_group' }, retry('order_consumer_group'), false],
  ['a retry topic follows GROUP_INCLUDE_REGEX (kept)', { GROUP_INCLUDE_REGEX: 'order_.*' }, retry('order_consumer_group'), true],
  ['a retry topic follows GROUP_INCLUDE_REGEX (left out)', { GROUP_INCLUDE_REGEX: 'order_.*' }, retry('config_watch_group'), false],
  ['a retry topic: the group regex matches the group name, not the topic name', { GROUP_INCLUDE_REGEX: '%RETRY%.*' },
    retry('order_consumer_group'), false],
  ['INCLUDE_RETRY_TOPICS=false leaves out retry topics', { INCLUDE_RETRY_TOPICS: 'false' }, retry('order_consumer_group'), false],
  ['INCLUDE_RETRY_TOPICS=false does not touch DLQ topics', { INCLUDE_RETRY_TOPICS: 'false', INCLUDE_DLQ_TOPICS: 'true' },
    dlq('order_consumer_group'), true],
  ['INCLUDE_DLQ_TOPICS=true walks DLQ topics', { INCLUDE_DLQ_TOPICS: 'true' }, dlq('order_consumer_group'), true],
  ['a DLQ topic ignores the topic filters', { INCLUDE_DLQ_TOPICS: 'true', TOPIC_INCLUDE_REGEX: 'order_topic', TOPIC_EXCLUDE_REGEX: '%DLQ%.*' },
    dlq('order_consumer_group'), true],
  ['a DLQ topic follows GROUP_EXCLUDE_REGEX', { INCLUDE_DLQ_TOPICS: 'true', GROUP_EXCLUDE_REGEX: 'order_consumer_group' },
    dlq('order_consumer_group'), false],
  ['a DLQ topic follows GROUP_INCLUDE_REGEX', { INCLUDE_DLQ_TOPICS: 'true', GROUP_INCLUDE_REGEX: 'billing_.*' }, dlq('order_consumer_group'), false],
  ['a retry topic of a system group is left out by default', {}, retry('TOOLS_CONSUMER'), false],
  ['a retry topic of a system group is walked with INCLUDE_SYSTEM_TOPICS=true', { INCLUDE_SYSTEM_TOPICS: 'true' }, retry('TOOLS_CONSUMER'), true],
  ['a DLQ topic of a system group is left out by default, even with INCLUDE_DLQ_TOPICS', { INCLUDE_DLQ_TOPICS: 'true' }, dlq('TOOLS_CONSUMER'), false],
  ['a DLQ topic of a system group with INCLUDE_DLQ_TOPICS and INCLUDE_SYSTEM_TOPICS', { INCLUDE_DLQ_TOPICS: 'true', INCLUDE_SYSTEM_TOPICS: 'true' },
    dlq('TOOLS_CONSUMER'), true],
  ['a DLQ topic of a wanted group is still left out without INCLUDE_DLQ_TOPICS', { GROUP_INCLUDE_REGEX: 'order_.*' },
    dlq('order_consumer_group'), false],
];

for (const [behaviour, env, topic, expected] of topicCases) {
  test(`wantsTopic: ${behaviour}`, () => {
    assert.equal(filterOf(env).wantsTopic(topic), expected);
  });
}

// subGroupType: as groupList gives it (dashboard >= 2.0), null when the console does not say; undefined: not passed.
const groupCases: ReadonlyArray<readonly [string, Env, string, string | null | undefined, boolean]> = [
  ['defaults: every user group', {}, 'order_consumer_group', undefined, true],
  ['defaults: a user group of subGroupType NORMAL', {}, 'order_consumer_group', 'NORMAL', true],
  ['defaults: a user group of subGroupType FIFO', {}, 'order_fifo_group', 'FIFO', true],

  // System groups: left out unless INCLUDE_SYSTEM_TOPICS, whether the name or groupList's subGroupType tells it.
  ['defaults: a known system group name is left out', {}, 'TOOLS_CONSUMER', undefined, false],
  ['defaults: a known system group name is left out whatever subGroupType says', {}, 'TOOLS_CONSUMER', 'NORMAL', false],
  ['defaults: FILTERSRV_CONSUMER is a system group', {}, 'FILTERSRV_CONSUMER', null, false],
  ['defaults: SELF_TEST_C_GROUP is a system group', {}, 'SELF_TEST_C_GROUP', null, false],
  ['defaults: CID_RMQ_SYS_TRANS is a system group', {}, 'CID_RMQ_SYS_TRANS', null, false],
  ['defaults: CID_ONSAPI_OWNER is a system group', {}, 'CID_ONSAPI_OWNER', null, false],
  ['defaults: __MONITOR_CONSUMER is a system group', {}, '__MONITOR_CONSUMER', null, false],
  ['defaults: any name of subGroupType SYSTEM is left out', {}, 'rmq_proxy_group', 'SYSTEM', false],
  ['defaults: a %SYS%-marked name is a system group', {}, '%SYS%order_consumer_group', null, false],
  ['defaults: a name only resembling a system group is a user group', {}, 'TOOLS_CONSUMER_2', null, true],
  ['GROUP_INCLUDE_REGEX matching a system group does not bring it in', { GROUP_INCLUDE_REGEX: 'TOOLS_.*' }, 'TOOLS_CONSUMER', null, false],
  ['GROUP_INCLUDE_REGEX matching a SYSTEM group does not bring it in', { GROUP_INCLUDE_REGEX: 'rmq_.*' }, 'rmq_proxy_group', 'SYSTEM', false],
  ['INCLUDE_SYSTEM_TOPICS=true keeps a known system group', { INCLUDE_SYSTEM_TOPICS: 'true' }, 'TOOLS_CONSUMER', undefined, true],
  ['INCLUDE_SYSTEM_TOPICS=true keeps a group of subGroupType SYSTEM', { INCLUDE_SYSTEM_TOPICS: 'true' }, 'rmq_proxy_group', 'SYSTEM', true],
  ['INCLUDE_SYSTEM_TOPICS=false leaves out a system group', { INCLUDE_SYSTEM_TOPICS: 'false' }, 'TOOLS_CONSUMER', null, false],
  ['INCLUDE_SYSTEM_TOPICS=true: GROUP_EXCLUDE_REGEX still applies to a system group', { INCLUDE_SYSTEM_TOPICS: 'true', GROUP_EXCLUDE_REGEX: 'TOOLS_CONSUMER' },
    'TOOLS_CONSUMER', null, false],
  ['INCLUDE_SYSTEM_TOPICS=true: GROUP_INCLUDE_REGEX still applies to a system group', { INCLUDE_SYSTEM_TOPICS: 'true', GROUP_INCLUDE_REGEX: 'order_.*' },
    'TOOLS_CONSUMER', null, false],
  ['INCLUDE_SYSTEM_TOPICS=true does not touch user groups', { INCLUDE_SYSTEM_TOPICS: 'true' }, 'order_consumer_group', null, true],

  // Include / exclude: whole-name match, exclude wins.
  ['GROUP_INCLUDE_REGEX keeps a matching group', { GROUP_INCLUDE_REGEX: 'order_.*' }, 'order_consumer_group', null, true],
  ['GROUP_INCLUDE_REGEX leaves out another group', { GROUP_INCLUDE_REGEX: 'order_.*' }, 'config_watch_group', null, false],
  ['GROUP_INCLUDE_REGEX matches the whole name, not a substring', { GROUP_INCLUDE_REGEX: 'order_.*' }, 'my_order_group', null, false],
  ['GROUP_INCLUDE_REGEX matches the whole name, not a prefix', { GROUP_INCLUDE_REGEX: 'order' }, 'order_consumer_group', null, false],
  ['GROUP_EXCLUDE_REGEX leaves out a matching group', { GROUP_EXCLUDE_REGEX: '.*-canary' }, 'order-canary', null, false],
  ['GROUP_EXCLUDE_REGEX matches the whole name only', { GROUP_EXCLUDE_REGEX: '.*-canary' }, 'order-canary-2', null, true],
  ['group exclude wins over group include', { GROUP_INCLUDE_REGEX: 'order_.*', GROUP_EXCLUDE_REGEX: 'order_audit_group' }, 'order_audit_group', null, false],
  ['group include and exclude: a group only included is kept', { GROUP_INCLUDE_REGEX: 'order_.*', GROUP_EXCLUDE_REGEX: 'order_audit_group' },
    'order_consumer_group', null, true],
  ['topic filters do not decide for groups', { TOPIC_INCLUDE_REGEX: 'nothing', TOPIC_EXCLUDE_REGEX: '.*', IGNORED_TOPICS: 'order_consumer_group' },
    'order_consumer_group', null, true],
];

for (const [behaviour, env, group, subGroupType, expected] of groupCases) {
  test(`wantsGroup: ${behaviour}`, () => {
    const filter = filterOf(env);
    assert.equal(subGroupType === undefined ? filter.wantsGroup(group) : filter.wantsGroup(group, subGroupType), expected);
  });
}

test('the filter gives the same answer when asked twice (no regex state between calls)', () => {
  const filter = filterOf({ TOPIC_INCLUDE_REGEX: 'order_.*', GROUP_EXCLUDE_REGEX: 'order_audit_group' });
  const answers = [0, 1, 2].map(() => [filter.wantsTopic(normal('order_topic')), filter.wantsGroup('order_audit_group')]);
  assert.deepEqual(answers, [[true, false], [true, false], [true, false]]);
});

test('SHARD: each group is wanted by exactly one of n shards, by a stable hash of its name; its retry topic follows it', () => {
  const shards = [0, 1, 2].map((i) => filterOf({ SHARD: `${i}/3` }));
  const names = Array.from({ length: 300 }, (_, i) => `group_${i}`);
  const owners = names.map((name) => shards.flatMap((f, i) => (f.wantsGroup(name) ? [i] : [])));
  assert.ok(owners.every((o) => o.length === 1), 'exactly one shard per group');
  const sizes = [0, 1, 2].map((i) => owners.filter((o) => o[0] === i).length);
  assert.ok(sizes.every((n) => n > 70), `balanced: ${sizes.join(', ')}`);
  // FNV-1a (32 bits) of the name, modulo n: the published test vectors, so that a group stays on its replica across versions.
  assert.deepEqual([shardOf('', 2 ** 32), shardOf('a', 2 ** 32), shardOf('foobar', 2 ** 32)], [0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  assert.equal(shardOf('foobar', 3), 0xbf9cf968 % 3);
  for (const name of names) assert.equal(shards[shardOf(name, 3)]?.wantsTopic(retry(name)), true);
});
