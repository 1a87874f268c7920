// Classifies topic and group names the way the broker names them (retry, DLQ, system).
import { SYS_MARK } from '../console/names.js';

export type TopicKind = 'normal' | 'retry' | 'dlq' | 'system';

export interface TopicName {
  /** The name to query and to export (without the console's %SYS% marker). */
  readonly name: string;
  readonly kind: TopicKind;
  /** The consumer group a retry or DLQ topic belongs to. */
  readonly group: string | undefined;
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

/** `extraSystemNames`: cluster and broker names (and their _REPLY_TOPIC), which are topics too. */
export function classifyTopic(listed: string, extraSystemNames: ReadonlySet<string>): TopicName {
  if (listed.startsWith(SYS_MARK)) return { name: listed.slice(SYS_MARK.length), kind: 'system', group: undefined };
  if (listed.startsWith(RETRY)) return { name: listed, kind: 'retry', group: listed.slice(RETRY.length) };
  if (listed.startsWith(DLQ)) return { name: listed, kind: 'dlq', group: listed.slice(DLQ.length) };
  if (SYSTEM_TOPICS.has(listed) || extraSystemNames.has(listed) || listed.startsWith('rmq_sys_') || listed.startsWith('%LMQ%')) {
    return { name: listed, kind: 'system', group: undefined };
  }
  return { name: listed, kind: 'normal', group: undefined };
}

export function isSystemGroup(group: string, subGroupType: string | null): boolean {
  return subGroupType === 'SYSTEM' || group.startsWith(SYS_MARK) || SYSTEM_GROUPS.has(group);
}

