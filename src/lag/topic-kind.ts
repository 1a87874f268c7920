// Classifies topic and group names the way the broker names them (retry, DLQ, system).
import { SYS_MARK } from '../console/names.js';

export type TopicKind = 'normal' | 'retry' | 'dlq' | 'system';

export interface TopicName {
  /** The name to query and to export (without the console's %SYS% marker). */
  readonly name: string;
  readonly kind: TopicKind;
  /** The consumer group a retry or DLQ topic belongs to. */
  readonly group: string | undefined;
  /** The topic a POP retry topic (`%RETRY%group_topic`, `%RETRY%group+topic`) retries; absent for every other topic. */
  readonly retried?: string;
}

const RETRY = '%RETRY%';
const DLQ = '%DLQ%';

// Topics every broker creates for itself; the console marks them %SYS% since 2019, console 1.0 does not.
const SYSTEM_TOPICS = new Set([
  'TBW102', 'SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRANS_OP_HALF_TOPIC', 'TRANS_CHECK_MAX_TIME_TOPIC',
  'OFFSET_MOVED_EVENT', 'BenchmarkTest', 'SELF_TEST_TOPIC', 'RMQ_SYS_TRACE_TOPIC',
]);

const SYSTEM_GROUPS = new Set([
  'TOOLS_CONSUMER', 'FILTERSRV_CONSUMER', '__MONITOR_CONSUMER', 'SELF_TEST_C_GROUP', 'CID_ONS-HTTP-PROXY', 'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER', 'CID_ONSAPI_PULL', 'CID_RMQ_SYS_TRANS', 'CID_SYS_RMQ_TRANS',
]);

/**
 * `extraSystemNames`: cluster and broker names (and their _REPLY_TOPIC), which are topics too. `groups`: the consumer
 * groups known (the group list), which tell a POP retry topic `%RETRY%group_topic` from the retry topic of a group
 * named `group_topic`; without them, `%RETRY%x` is the retry topic of group x.
 */
export function classifyTopic(listed: string, extraSystemNames: ReadonlySet<string>, groups?: ReadonlySet<string>): TopicName {
  if (listed.startsWith(SYS_MARK)) return { name: listed.slice(SYS_MARK.length), kind: 'system', group: undefined };
  if (listed.startsWith(RETRY)) return { name: listed, kind: 'retry', ...retryOf(listed.slice(RETRY.length), groups) };
  if (listed.startsWith(DLQ)) return { name: listed, kind: 'dlq', group: listed.slice(DLQ.length) };
  if (SYSTEM_TOPICS.has(listed) || extraSystemNames.has(listed) || listed.startsWith('rmq_sys_') || listed.startsWith('%LMQ%')) {
    return { name: listed, kind: 'system', group: undefined };
  }
  return { name: listed, kind: 'normal', group: undefined };
}

/**
 * Whose retries `rest` (after `%RETRY%`) holds: a group (4.x, and 5.x push consumers), or a group and a topic (5.x POP
 * consumers). `+` is in no group or topic name (the 5.0 form); `_` is, so the 5.x form is read as the longest known group
 * followed by `_`, and only when `rest` is no known group itself.
 */
function retryOf(rest: string, groups: ReadonlySet<string> | undefined): { group: string; retried?: string } {
  const plus = rest.indexOf('+');
  if (plus > 0 && plus < rest.length - 1) return { group: rest.slice(0, plus), retried: rest.slice(plus + 1) };
  if (groups === undefined || groups.has(rest)) return { group: rest };
  for (let at = rest.lastIndexOf('_'); at > 0; at = rest.lastIndexOf('_', at - 1)) {
    const group = rest.slice(0, at);
    if (groups.has(group) && at < rest.length - 1) return { group, retried: rest.slice(at + 1) };
  }
  return { group: rest };
}

export function isSystemGroup(group: string, subGroupType: string | null): boolean {
  return subGroupType === 'SYSTEM' || group.startsWith(SYS_MARK) || SYSTEM_GROUPS.has(group);
}

