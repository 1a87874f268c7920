// The plan of a cluster (what exists, at what rates), from which the model builds its live state.

import type { ClientShape } from './client-ids.js';

export type TopicKind = 'normal' | 'retry' | 'dlq' | 'system';
export type MessageType = 'NORMAL' | 'FIFO' | 'DELAY' | 'TRANSACTION' | 'UNSPECIFIED';
export type MessageModel = 'CLUSTERING' | 'BROADCASTING';
export type ConsumeType = 'CONSUME_PASSIVELY' | 'CONSUME_ACTIVELY' | 'CONSUME_POP';
export type SubGroupType = 'NORMAL' | 'FIFO' | 'SYSTEM';

export interface BrokerPlan {
  readonly name: string;
  readonly masterAddr: string;
  readonly slaveAddrs: readonly string[];
}

export interface TopicPlan {
  readonly name: string;
  readonly kind: TopicKind;
  readonly messageType: MessageType;
  /** Queue count on each named broker, in broker order. */
  readonly queues: readonly { readonly broker: string; readonly count: number }[];
  /** Messages per second over the whole topic. */
  readonly ratePerSec: number;
  /** Typical broker offset of a queue when the model starts. */
  readonly baseOffset: number;
}

export interface ClientPlan {
  readonly shape: ClientShape;
  readonly ip: string;
  readonly hostname: string;
  readonly pid: number;
  /** Consume capacity as a multiple of the production rate: >= 1 keeps up, < 1 falls behind, 0 stalls. */
  readonly rateFactor: number;
  /** How far behind the head a keeping-up consumer reads (ms). */
  readonly delayMs: number;
  /** Messages per queue it is behind when the model starts. */
  readonly backlog: number;
}

export interface GroupPlan {
  readonly name: string;
  readonly system: boolean;
  readonly messageModel: MessageModel;
  /** False for a group that subscribed but never committed an offset. */
  readonly committed: boolean;
  /** Consumed inside the broker (no client connection), keeping up. */
  readonly brokerInternal: boolean;
  /** CONSUME_POP: no client owns a queue (clientInfo null everywhere); its retry topics are `popRetryTopicOf` each subscribed topic. */
  readonly consumeType: ConsumeType;
  readonly subGroupType: SubGroupType;
  /**
   * RocketMQ 5 gRPC clients connected through a proxy: the console sees no connection (count 0, diffTotal -1, "not
   * online", clientInfo null) unless it is asked with the proxy's address; the committed offsets move as usual.
   */
  readonly behindProxy: boolean;
  /** Subscribed topics, the group's own %RETRY% topic(s) included when it has them. */
  readonly topics: readonly string[];
  readonly clients: readonly ClientPlan[];
  /** For a committed group without clients: how long ago it stopped consuming (ms). */
  readonly offlineAgeMs: number;
  readonly statsFailed: boolean;
  /** Queues (topic, queue index) no client holds. */
  readonly unassigned: readonly { readonly topic: string; readonly index: number }[];
}

export interface Blueprint {
  readonly cluster: string;
  readonly brokers: readonly BrokerPlan[];
  readonly nameservers: readonly string[];
  readonly proxies: readonly string[];
  readonly topics: readonly TopicPlan[];
  readonly groups: readonly GroupPlan[];
  /** Render gRPC clients as null clientInfo, as the console does for them; default shows their clientId. */
  readonly grpcClientInfoNull: boolean;
}

export const CLUSTER_NAME = 'DefaultCluster';

export const SYSTEM_TOPIC_NAMES: readonly string[] = [
  'TBW102',
  'SCHEDULE_TOPIC_XXXX',
  'RMQ_SYS_TRANS_HALF_TOPIC',
  'OFFSET_MOVED_EVENT',
  'BenchmarkTest',
  'SELF_TEST_TOPIC',
  'RMQ_SYS_TRACE_TOPIC',
];

export const SYSTEM_GROUP_NAMES: readonly string[] = [
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  '__MONITOR_CONSUMER',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
  'CID_ONSAPI_PULL',
  'CID_RMQ_SYS_TRANS',
];

export const retryTopicOf = (group: string): string => `%RETRY%${group}`;

/** How a POP retry topic joins group and topic: `_` since RocketMQ 5 (`%RETRY%group_topic`), `+` in the older form. */
export type PopRetryForm = '_' | '+';

/** The retry topic of a POP group for one subscribed topic: `%RETRY%group_topic` (5.x) or `%RETRY%group+topic`. */
export const popRetryTopicOf = (group: string, topic: string, form: PopRetryForm = '_'): string => `%RETRY%${group}${form}${topic}`;
export const dlqTopicOf = (group: string): string => `%DLQ%${group}`;

/** The topics every cluster has: system topics, the cluster's own, and one per broker. */
export function systemTopicPlans(brokers: readonly BrokerPlan[]): TopicPlan[] {
  const everywhere = (count: number) => brokers.map((b) => ({ broker: b.name, count }));
  const plan = (name: string, queues: TopicPlan['queues'], ratePerSec: number, baseOffset: number): TopicPlan => ({
    name,
    kind: 'system',
    messageType: 'NORMAL',
    queues,
    ratePerSec,
    baseOffset,
  });
  return [
    plan('TBW102', everywhere(8), 0, 0),
    plan(CLUSTER_NAME, everywhere(16), 0, 0),
    plan(`${CLUSTER_NAME}_REPLY_TOPIC`, everywhere(1), 0, 0),
    ...brokers.map((b) => plan(b.name, [{ broker: b.name, count: 1 }], 0, 0)),
    plan('SCHEDULE_TOPIC_XXXX', everywhere(18), 0.5, 4000),
    plan('RMQ_SYS_TRANS_HALF_TOPIC', everywhere(1), 0.2, 12000),
    plan('OFFSET_MOVED_EVENT', everywhere(1), 0, 3),
    plan('SELF_TEST_TOPIC', everywhere(1), 0, 0),
    plan('BenchmarkTest', everywhere(8), 0, 0),
    plan('RMQ_SYS_TRACE_TOPIC', everywhere(1), 0.1, 2500),
  ];
}

/** System groups: all idle, except the broker's own consumer of transaction half messages. */
export function systemGroupPlans(): GroupPlan[] {
  return SYSTEM_GROUP_NAMES.map((name) => {
    const internal = name === 'CID_RMQ_SYS_TRANS';
    return {
      name,
      system: true,
      messageModel: 'CLUSTERING',
      committed: internal,
      brokerInternal: internal,
      consumeType: 'CONSUME_PASSIVELY',
      subGroupType: 'SYSTEM',
      behindProxy: false,
      topics: internal ? ['RMQ_SYS_TRANS_HALF_TOPIC'] : [],
      clients: [],
      offlineAgeMs: 0,
      statsFailed: false,
      unassigned: [],
    };
  });
}
