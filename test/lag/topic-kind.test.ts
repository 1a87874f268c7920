import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTopic, isSystemGroup, type TopicName } from '../../src/lag/topic-kind.js';

const none: ReadonlySet<string> = new Set();
// What console 1.0's walk passes: cluster/list.query's cluster and broker names, and <cluster>_REPLY_TOPIC.
const clusterNames: ReadonlySet<string> = new Set(['DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'broker-a', 'broker-b']);

const normal = (name: string): TopicName => ({ name, kind: 'normal', group: undefined });
const system = (name: string): TopicName => ({ name, kind: 'system', group: undefined });

const topics: ReadonlyArray<readonly [string, string, ReadonlySet<string>, TopicName]> = [
  ['a user topic is normal', 'order_topic', none, normal('order_topic')],
  ['%RETRY%g is a retry topic of group g, listed name kept', '%RETRY%order_consumer_group', none,
    { name: '%RETRY%order_consumer_group', kind: 'retry', group: 'order_consumer_group' }],
  ['%DLQ%g is a DLQ topic of group g, listed name kept', '%DLQ%order_consumer_group', none,
    { name: '%DLQ%order_consumer_group', kind: 'dlq', group: 'order_consumer_group' }],
  ['%SYS% marks a system topic; the name loses the marker', '%SYS%TBW102', none, system('TBW102')],
  ['%SYS% marks a cluster name without any extra system names', '%SYS%DefaultCluster', none, system('DefaultCluster')],
  ['%SYS% marks a reply topic', '%SYS%DefaultCluster_REPLY_TOPIC', none, system('DefaultCluster_REPLY_TOPIC')],
  ['%SYS% marks a name that is no known system topic', '%SYS%anything', none, system('anything')],
  ['raw TBW102', 'TBW102', none, system('TBW102')],
  ['raw SCHEDULE_TOPIC_XXXX', 'SCHEDULE_TOPIC_XXXX', none, system('SCHEDULE_TOPIC_XXXX')],
  ['raw RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRANS_HALF_TOPIC', none, system('RMQ_SYS_TRANS_HALF_TOPIC')],
  ['raw RMQ_SYS_TRANS_OP_HALF_TOPIC', 'RMQ_SYS_TRANS_OP_HALF_TOPIC', none, system('RMQ_SYS_TRANS_OP_HALF_TOPIC')],
  ['raw TRANS_CHECK_MAX_TIME_TOPIC', 'TRANS_CHECK_MAX_TIME_TOPIC', none, system('TRANS_CHECK_MAX_TIME_TOPIC')],
  ['raw OFFSET_MOVED_EVENT', 'OFFSET_MOVED_EVENT', none, system('OFFSET_MOVED_EVENT')],
  ['raw BenchmarkTest', 'BenchmarkTest', none, system('BenchmarkTest')],
  ['raw SELF_TEST_TOPIC', 'SELF_TEST_TOPIC', none, system('SELF_TEST_TOPIC')],
  ['raw RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRACE_TOPIC', none, system('RMQ_SYS_TRACE_TOPIC')],
  ['rmq_sys_ prefix (5.x timer wheel)', 'rmq_sys_wheel_timer', none, system('rmq_sys_wheel_timer')],
  ['rmq_sys_ prefix (5.x revive log)', 'rmq_sys_REVIVE_LOG_DefaultCluster', none, system('rmq_sys_REVIVE_LOG_DefaultCluster')],
  ['%LMQ% light message queue', '%LMQ%chat_room_42', none, system('%LMQ%chat_room_42')],
  ['a cluster name given as extra system name', 'DefaultCluster', clusterNames, system('DefaultCluster')],
  ['<cluster>_REPLY_TOPIC given as extra system name', 'DefaultCluster_REPLY_TOPIC', clusterNames, system('DefaultCluster_REPLY_TOPIC')],
  ['a broker name given as extra system name', 'broker-a', clusterNames, system('broker-a')],
  ['a cluster name is normal when not given as system name', 'DefaultCluster', none, normal('DefaultCluster')],
  ['a broker name is normal when not given as system name', 'broker-b', none, normal('broker-b')],
  ['system names are case-sensitive', 'tbw102', none, normal('tbw102')],
  ['a known system name inside a longer name is normal', 'order_TBW102', none, normal('order_TBW102')],
  ['RMQ_SYS_ (upper case) is no prefix rule', 'RMQ_SYS_custom', none, normal('RMQ_SYS_custom')],
  ['%RETRY% not at the start is normal', 'order%RETRY%x', none, normal('order%RETRY%x')],
  ['extra system names only match whole names', 'DefaultCluster_topic', clusterNames, normal('DefaultCluster_topic')],
];

for (const [behaviour, listed, extra, expected] of topics) {
  test(`classifyTopic: ${behaviour}`, () => {
    assert.deepEqual(classifyTopic(listed, extra), expected);
  });
}

const groups: ReadonlyArray<readonly [string, string, string | null, boolean]> = [
  ['a normal group (dashboard >= 2.0)', 'order_consumer_group', 'NORMAL', false],
  ['a normal group (console without subGroupType)', 'order_consumer_group', null, false],
  ['a FIFO group', 'order_fifo_group', 'FIFO', false],
  ['subGroupType SYSTEM, whatever the name', 'order_consumer_group', 'SYSTEM', true],
  ['%SYS% marker with subGroupType SYSTEM', '%SYS%TOOLS_CONSUMER', 'SYSTEM', true],
  ['%SYS% marker alone', '%SYS%some_group', null, true],
  ['%SYS% marker wins over subGroupType NORMAL', '%SYS%some_group', 'NORMAL', true],
  ['TOOLS_CONSUMER', 'TOOLS_CONSUMER', null, true],
  ['FILTERSRV_CONSUMER', 'FILTERSRV_CONSUMER', null, true],
  ['SELF_TEST_C_GROUP', 'SELF_TEST_C_GROUP', null, true],
  ['CID_ONS-HTTP-PROXY', 'CID_ONS-HTTP-PROXY', null, true],
  ['CID_ONSAPI_PERMISSION', 'CID_ONSAPI_PERMISSION', null, true],
  ['CID_ONSAPI_OWNER', 'CID_ONSAPI_OWNER', null, true],
  ['CID_ONSAPI_PULL', 'CID_ONSAPI_PULL', null, true],
  ['CID_RMQ_SYS_TRANS', 'CID_RMQ_SYS_TRANS', null, true],
  ['CID_SYS_RMQ_TRANS', 'CID_SYS_RMQ_TRANS', null, true],
  ['a known system name even with subGroupType NORMAL', 'TOOLS_CONSUMER', 'NORMAL', true],
  ['known system names are case-sensitive', 'tools_consumer', null, false],
  ['a known system name inside a longer name is normal', 'TOOLS_CONSUMER_2', null, false],
];

for (const [behaviour, group, subGroupType, expected] of groups) {
  test(`isSystemGroup: ${behaviour} -> ${expected}`, () => {
    assert.equal(isSystemGroup(group, subGroupType), expected);
  });
}

// The group list of a 5.x cluster: a POP group, a push group, and a group whose own name holds an underscore.
const known: ReadonlySet<string> = new Set(['pop_group', 'push_group', 'pop_group_v2']);
const retry = (name: string, group: string, retried?: string): TopicName => ({ name, kind: 'retry', group, ...(retried === undefined ? {} : { retried }) });

const retryTopics: ReadonlyArray<readonly [string, string, ReadonlySet<string> | undefined, TopicName]> = [
  ['a POP retry topic (5.x form) maps to its group and topic', '%RETRY%pop_group_order_topic', known, retry('%RETRY%pop_group_order_topic', 'pop_group', 'order_topic')],
  ['the longest known group wins', '%RETRY%pop_group_v2_order_topic', known, retry('%RETRY%pop_group_v2_order_topic', 'pop_group_v2', 'order_topic')],
  ['a known group\'s own retry topic is no POP retry topic', '%RETRY%pop_group_v2', known, retry('%RETRY%pop_group_v2', 'pop_group_v2')],
  ['the 5.0 form with + needs no group list', '%RETRY%pop_group+order_topic', undefined, retry('%RETRY%pop_group+order_topic', 'pop_group', 'order_topic')],
  ['without a group list, %RETRY%x is the retry topic of group x', '%RETRY%pop_group_order_topic', undefined, retry('%RETRY%pop_group_order_topic', 'pop_group_order_topic')],
  ['no known group before an underscore: the whole name is the group', '%RETRY%other_group_t', known, retry('%RETRY%other_group_t', 'other_group_t')],
  ['a trailing underscore or plus names no topic', '%RETRY%pop_group_', known, retry('%RETRY%pop_group_', 'pop_group_')],
];

for (const [behaviour, listed, groups, expected] of retryTopics) {
  test(`classifyTopic: ${behaviour}`, () => {
    assert.deepEqual(classifyTopic(listed, none, groups), expected);
  });
}
