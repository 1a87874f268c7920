// Builds the immutable Snapshot from one walk's observations: rows, roll-ups, group summaries.
import type { GroupConsumeInfo } from '../console/types.js';
import { parseClientId, type ClientLabels } from './client-id.js';
import type {
  BrokerOffset, GroupStatus, GroupSummary, LabelledValue, Observation, QueueLag, Rollups, Snapshot, WalkResult,
} from './types.js';

const SEP = '\u0000';

interface GroupAccumulator {
  readonly group: string;
  readonly info: GroupConsumeInfo | undefined;
  lag: number;
  offsetSum: number;
  rows: number;
  committedObservations: number;
  uncommittedObservations: number;
  readonly owners: Set<string>;
}

export function buildSnapshot(result: WalkResult, previous: Snapshot | undefined, maxSeries: number): Snapshot {
  const rows: QueueLag[] = [];
  const brokerOffsets = new Map<string, BrokerOffset>();
  const groups = new Map<string, GroupAccumulator>();
  const clientCache = new Map<string, ClientLabels>();
  let anomalies = 0;
  const committed = committedGroups(result.observations);

  for (const obs of result.observations) {
    const info = result.groups?.get(obs.group);
    let acc = groups.get(obs.group);
    if (acc === undefined) {
      acc = { group: obs.group, info, lag: 0, offsetSum: 0, rows: 0, committedObservations: 0, uncommittedObservations: 0, owners: new Set() };
      groups.set(obs.group, acc);
    }
    const queues = obs.info.queueStatInfoList;
    for (const q of queues) recordBrokerOffset(brokerOffsets, obs.topic, q.brokerName, q.queueId, q.brokerOffset);
    if (queues.length === 0) continue;
    if (info?.messageModel === 'BROADCASTING') continue;
    if (!committed.has(obs.group)) {
      acc.uncommittedObservations++;
      continue;
    }
    acc.committedObservations++;
    for (const q of queues) {
      const diff = q.brokerOffset - q.consumerOffset;
      if (diff < 0) anomalies++;
      const lag = diff > 0 ? diff : 0;
      let client: ClientLabels | undefined;
      if (q.clientInfo === null) {
        client = NO_CLIENT;
      } else {
        client = clientCache.get(q.clientInfo);
        if (client === undefined) {
          client = parseClientId(q.clientInfo);
          clientCache.set(q.clientInfo, client);
        }
        acc.owners.add(q.clientInfo);
      }
      rows.push({
        topic: obs.topic,
        group: obs.group,
        broker: q.brokerName,
        queueId: q.queueId,
        brokerOffset: q.brokerOffset,
        consumerOffset: q.consumerOffset,
        lag,
        clientIp: client.ip,
        clientPid: client.pid,
        lagSeconds: lagSeconds(lag, q.lastTimestamp, obs.observedAt),
      });
      acc.lag += lag;
      acc.offsetSum += q.consumerOffset;
      acc.rows++;
    }
  }

  const previousGroups = new Map<string, GroupSummary>();
  for (const g of previous?.groups ?? []) previousGroups.set(g.group, g);
  const summaries: GroupSummary[] = [];
  for (const acc of groups.values()) summaries.push(summarise(acc, previousGroups.get(acc.group)));

  const rowsDropped = Math.max(0, rows.length - maxSeries);
  return {
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    flavour: result.flavour,
    rows: rowsDropped > 0 ? rows.slice(0, maxSeries) : rows,
    rowsDropped,
    brokerOffsets: [...brokerOffsets.values()],
    groups: summaries,
    rollups: rollUp(rows),
    anomalies,
    failures: result.failures,
    topicsWalked: result.topicsWalked,
  };
}

const NO_CLIENT: ClientLabels = { ip: '', pid: '' };

// A group that never committed (or keeps offsets on its clients) reports consumerOffset 0 everywhere: its "lag" is fake.
// Decided per group, not per topic: a committed group's untouched retry topic has offset 0 and real lag.
function committedGroups(observations: readonly Observation[]): Set<string> {
  const committed = new Set<string>();
  for (const obs of observations) {
    if (committed.has(obs.group)) continue;
    for (const q of obs.info.queueStatInfoList) {
      if (q.consumerOffset !== 0 || q.lastTimestamp !== 0) {
        committed.add(obs.group);
        break;
      }
    }
  }
  return committed;
}

function lagSeconds(lag: number, lastTimestamp: number, observedAt: number): number {
  if (lag === 0) return 0;
  if (lastTimestamp <= 0) return -1;
  return Math.max(0, (observedAt - lastTimestamp) / 1000);
}

function recordBrokerOffset(into: Map<string, BrokerOffset>, topic: string, broker: string, queueId: number, offset: number): void {
  const key = topic + SEP + broker + SEP + queueId;
  const seen = into.get(key);
  if (seen === undefined || seen.offset < offset) into.set(key, { topic, broker, queueId, offset });
}

function summarise(acc: GroupAccumulator, previous: GroupSummary | undefined): GroupSummary {
  const info = acc.info;
  const onlineClients = info !== undefined ? info.count : acc.owners.size;
  return {
    group: acc.group,
    messageModel: info?.messageModel ?? 'UNKNOWN',
    consumeType: info?.consumeType ?? 'UNKNOWN',
    version: info?.version ?? '',
    onlineClients,
    consumeTps: info?.consumeTps,
    lag: acc.lag,
    offsetSum: acc.offsetSum,
    status: statusOf(acc, onlineClients, previous),
  };
}

function statusOf(acc: GroupAccumulator, onlineClients: number, previous: GroupSummary | undefined): GroupStatus {
  if (acc.info?.messageModel === 'BROADCASTING') return 'broadcast';
  if (acc.committedObservations === 0) return acc.uncommittedObservations > 0 ? 'uncommitted' : 'unknown';
  if (onlineClients === 0) return 'offline';
  const wasWatched = previous !== undefined && (previous.status === 'ok' || previous.status === 'stalled');
  if (acc.lag > 0 && wasWatched && previous.offsetSum === acc.offsetSum) return 'stalled';
  return 'ok';
}

function rollUp(rows: readonly QueueLag[]): Rollups {
  const byTopic = new Summer();
  const byGroup = new Summer();
  const byTopicGroup = new Summer();
  const byBroker = new Summer();
  const byQueue = new Summer();
  const byClient = new Summer();
  const worst = new Map<string, { labels: [string, string]; value: number }>();
  for (const r of rows) {
    byTopic.add1(r.topic, r.lag);
    byGroup.add1(r.group, r.lag);
    byTopicGroup.add2(r.topic, r.group, r.lag);
    byBroker.add1(r.broker, r.lag);
    byQueue.add2(r.broker, String(r.queueId), r.lag);
    byClient.add2(r.clientIp, r.clientPid, r.lag);
    const key = r.topic + SEP + r.group;
    const w = worst.get(key);
    if (w === undefined) worst.set(key, { labels: [r.topic, r.group], value: r.lagSeconds });
    else if (r.lagSeconds > w.value) w.value = r.lagSeconds;
  }
  return {
    byTopic: byTopic.values(),
    byGroup: byGroup.values(),
    byTopicGroup: byTopicGroup.values(),
    byBroker: byBroker.values(),
    byQueue: byQueue.values(),
    byClient: byClient.values(),
    maxLagSecondsByTopicGroup: [...worst.values()],
  };
}

/** Sums values per label tuple, keeping first-seen order. */
class Summer {
  private readonly sums = new Map<string, { labels: string[]; value: number }>();
  add1(a: string, value: number): void {
    const s = this.sums.get(a);
    if (s === undefined) this.sums.set(a, { labels: [a], value });
    else s.value += value;
  }

  add2(a: string, b: string, value: number): void {
    const key = a + SEP + b;
    const s = this.sums.get(key);
    if (s === undefined) this.sums.set(key, { labels: [a, b], value });
    else s.value += value;
  }

  values(): LabelledValue[] {
    return [...this.sums.values()];
  }
}
