// Ground truth: the lag rows the console should report, and the roll-ups an exporter must compute from them.

import type { ConsumeType, TopicKind } from './blueprint.js';
import type { GroupKind, QueueReading } from './entities.js';
import type { ClusterModel } from './model.js';

export interface TruthRow {
  readonly topic: string;
  readonly topicKind: TopicKind;
  readonly group: string;
  readonly groupKind: GroupKind;
  readonly broker: string;
  readonly queueId: number;
  readonly brokerOffset: number;
  readonly consumerOffset: number;
  /** brokerOffset - consumerOffset; negative after a topic was re-created. */
  readonly lag: number;
  /** Labels an exporter should give the row; empty when the console shows clientInfo null. */
  readonly clientIp: string;
  readonly clientPid: string;
  /** The raw clientInfo the console shows (may hold an ACL secret). */
  readonly clientInfo: string | null;
  readonly messageModel: 'CLUSTERING' | 'BROADCASTING';
  /** False for broadcast groups and groups that never committed: their consumerOffset 0 is not a real offset. */
  readonly committed: boolean;
  readonly lastTimestamp: number;
  /** The console returns this group with an empty queueStatInfoList: the row is real but invisible to an exporter. */
  readonly statsFailed: boolean;
  /** RocketMQ 5 gRPC clients behind a proxy: real lag, but clientInfo null, and no connections seen without the proxy address. */
  readonly behindProxy: boolean;
  /** CONSUME_POP: no client owns a queue, clientInfo is null. */
  readonly consumeType: ConsumeType;
}

export type RowFilter = (row: TruthRow) => boolean;

/** Sums keyed by `rollupKey(...)` of the labels, in the exporter's label order. */
export interface Rollups {
  readonly total: number;
  readonly byTopic: Record<string, number>;
  readonly byGroup: Record<string, number>;
  /** Key rollupKey(topic, group). */
  readonly byTopicGroup: Record<string, number>;
  readonly byBroker: Record<string, number>;
  /** Key rollupKey(broker, queueId). */
  readonly byQueue: Record<string, number>;
  /** Key rollupKey(ip, pid); unassigned queues sum under rollupKey('', ''). */
  readonly byClient: Record<string, number>;
  /** Rows counted (one per exported detail series). */
  readonly rows: number;
}

/** Joins label values with a space, which no topic, group, broker, IP or PID contains. */
export function rollupKey(...parts: readonly (string | number)[]): string {
  return parts.join(' ');
}

/** Every (topic, group, broker, queueId) the console reports, read at the model clock's current time. */
export function truthRows(model: ClusterModel, now: number = model.clock.now()): TruthRow[] {
  const rows: TruthRow[] = [];
  const reading: QueueReading = { brokerOffset: 0, consumerOffset: 0, lastTimestamp: 0, owner: null, clientInfo: null };
  for (const topic of model.topics()) {
    for (const sub of model.listedSubscriptions(topic)) {
      const group = sub.group;
      const groupKind = model.kindOf(group);
      const committed = group.committed && group.messageModel === 'CLUSTERING';
      for (const queue of topic.queues) {
        model.read(sub, queue.index, now, reading);
        const labels = reading.clientInfo === null || reading.owner === null ? { ip: '', pid: '' } : reading.owner.labels;
        rows.push({
          topic: topic.name,
          topicKind: topic.kind,
          group: group.name,
          groupKind,
          broker: queue.broker.name,
          queueId: queue.queueId,
          brokerOffset: reading.brokerOffset,
          consumerOffset: reading.consumerOffset,
          lag: reading.brokerOffset - reading.consumerOffset,
          clientIp: labels.ip,
          clientPid: labels.pid,
          clientInfo: reading.clientInfo,
          messageModel: group.messageModel,
          committed,
          lastTimestamp: reading.lastTimestamp,
          statsFailed: group.statsFailed,
          behindProxy: group.behindProxy,
          consumeType: group.consumeType,
        });
      }
    }
  }
  return rows;
}

function add(table: Record<string, number>, key: string, value: number): void {
  table[key] = (table[key] ?? 0) + value;
}

/**
 * The exporter's roll-ups: only CLUSTERING rows with committed offsets that the console reports; a row with a
 * negative diff has an unknown lag and is left out. `filter` applies the exporter's topic filters on top.
 */
export function expectedRollups(rows: readonly TruthRow[], filter?: RowFilter): Rollups {
  const result = { total: 0, byTopic: {}, byGroup: {}, byTopicGroup: {}, byBroker: {}, byQueue: {}, byClient: {}, rows: 0 };
  for (const row of rows) {
    if (row.messageModel !== 'CLUSTERING' || !row.committed || row.statsFailed) continue;
    if (filter !== undefined && !filter(row)) continue;
    if (row.lag < 0) continue;
    const lag = row.lag;
    result.total += lag;
    result.rows++;
    add(result.byTopic, row.topic, lag);
    add(result.byGroup, row.group, lag);
    add(result.byTopicGroup, rollupKey(row.topic, row.group), lag);
    add(result.byBroker, row.broker, lag);
    add(result.byQueue, rollupKey(row.broker, row.queueId), lag);
    add(result.byClient, rollupKey(row.clientIp, row.clientPid), lag);
  }
  return result;
}

/** Filters matching common exporter settings. */
export const topicFilters = {
  /** Normal and retry topics: no system, no DLQ. */
  normalAndRetry: (row: TruthRow): boolean => row.topicKind === 'normal' || row.topicKind === 'retry',
  normalOnly: (row: TruthRow): boolean => row.topicKind === 'normal',
  all: (): boolean => true,
};
