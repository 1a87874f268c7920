// Builds the immutable Snapshot from one walk's observations: rows, roll-ups, group summaries.
import { UNKNOWN_OFFSET, type GroupConsumeInfo } from '../console/types.js';
import { runToEnd } from '../slices.js';
import { parseClientId, type ClientLabels } from './client-id.js';
import { QueueRows } from './queue-rows.js';
import { BROKER_OFFSET, CONSUMER_OFFSET, LAST_TIMESTAMP, QUEUE_ID, QueueMap, STRIDE, type QueueBlock } from './queues.js';
import { GroupHistory, type GroupStatus } from './status.js';
import { CAUGHT_UP, UNKNOWN_TIME_LAG, type MutableTimeLag } from './store-times.js';
import { ANOMALY_REASONS, type AnomalyReason, type BrokerOffset, type GroupSummary, type LabelledValue, type Observation, type Rollups, type Snapshot, type WalkResult } from './types.js';

const SEP = '\u0000';

interface GroupAccumulator {
  readonly group: string;
  readonly info: GroupConsumeInfo | undefined;
  lag: number;
  committedObservations: number;
  uncommittedObservations: number;
  readonly owners: Set<string>;
  /** Rows whose lag is known: none, with committed observations, and the group's lag is unknown. */
  knownRows: number;
  /** Rows (or answers, for failed stats) of this walk whose lag is unknown: the group's lag is then only partly known. */
  unknownParts: number;
  /** When the group's newest observation made in this walk was made; undefined when all of them are carried. */
  freshAt: number | undefined;
}

/** `history`: the groups' history over the last walks, which the status is decided from (a new one when undefined). */
export function buildSnapshot(result: WalkResult, history: GroupHistory | undefined, maxSeries: number): Snapshot {
  return runToEnd(snapshotSteps(result, history ?? new GroupHistory(0), maxSeries));
}

/** buildSnapshot a step at a time (see ../slices.ts): it pauses after each observation and each run of rows it sums. */
export function* snapshotSteps(result: WalkResult, history: GroupHistory, maxSeries: number): Generator<void, Snapshot, undefined> {
  const brokerOffsets = new BrokerOffsets();
  const groups = new Map<string, GroupAccumulator>();
  const clientCache = new Map<string, ClientLabels>();
  const anomalies = Object.fromEntries(ANOMALY_REASONS.map((reason) => [reason, 0])) as Record<AnomalyReason, number>;
  const storeTimes = result.storeTimes;
  let futureStoreTimes = result.futureStoreTimes;
  const usable = new UsableQueues(anomalies);
  // Each row's time lag, copied into the rows at once.
  const scratch: MutableTimeLag = { seconds: NaN, lower: NaN, upper: NaN };
  const seenPairs = new Set<string>();
  const observations: (Usable & { obs: Observation })[] = [];
  for (const obs of result.observations) {
    const pair = obs.topic + SEP + obs.group;
    // A topic listed twice, or a group answered twice: counted once.
    if (seenPairs.has(pair)) {
      anomalies.duplicate += obs.queues.length;
      continue;
    }
    seenPairs.add(pair);
    observations.push({ obs, ...usable.of(obs.queues) });
  }
  const committed = committedGroups(observations);
  // Room for every usable row, so that each column is allocated once; broadcast and uncommitted groups add none.
  const rows = new QueueRows(observations.reduce((n, o) => n + o.queues.length, 0), maxSeries);

  // Rows of each topic and group whose lag is unknown, left out of every lag family and sum.
  const unknown = new Summer();
  const unknownOf = (obs: Observation): Sum => unknown.entry(obs.topic + SEP + obs.group, 0, [obs.topic, obs.group]);
  // Answers whose stats failed, and their sum in `unknown`: how many queues they hide is known once every row is recorded.
  const failedStats: { readonly topic: string; readonly unknown: Sum }[] = [];
  for (const { obs, queues, unknownRows: leftOut } of observations) {
    const info = result.groups?.get(obs.group);
    let acc = groups.get(obs.group);
    if (acc === undefined) {
      acc = {
        group: obs.group, info, lag: 0, knownRows: 0, unknownParts: 0, committedObservations: 0, uncommittedObservations: 0, owners: new Set(),
        freshAt: undefined,
      };
      groups.set(obs.group, acc);
    }
    if (obs.observedAt >= result.startedAt) acc.freshAt = Math.max(acc.freshAt ?? obs.observedAt, obs.observedAt);
    brokerOffsets.record(obs.topic, queues);
    if (info?.messageModel === 'BROADCASTING') continue;
    if (obs.queues.length === 0) {
      // The console answers a group whose stats failed with no row: its lag there is unknown, not absent.
      anomalies.failed_stats++;
      acc.unknownParts++;
      failedStats.push({ topic: obs.topic, unknown: unknownOf(obs) });
      continue;
    }
    if (queues.length === 0) {
      // Every row left out (impossible numbers, unknown offsets): unknown for the group, whether it committed or not,
      // which no row of this answer tells.
      unknownOf(obs).value += leftOut;
      acc.unknownParts += leftOut;
      continue;
    }
    if (!committed.has(obs.group)) {
      acc.uncommittedObservations++;
      continue;
    }
    acc.committedObservations++;
    let unknownRows = leftOut;
    let lastOwner: string | null = null;
    const numbers = queues.numbers;
    for (let i = 0; i < queues.length; i++) {
      const at = i * STRIDE;
      const brokerOffset = numbers[at + BROKER_OFFSET] as number;
      const consumerOffset = numbers[at + CONSUMER_OFFSET] as number;
      const lag = brokerOffset - consumerOffset;
      const clientInfo = queues.clients[i] ?? null;
      let client: ClientLabels | undefined;
      if (clientInfo === null) {
        client = NO_CLIENT;
      } else {
        client = clientCache.get(clientInfo);
        if (client === undefined) {
          client = parseClientId(clientInfo);
          clientCache.set(clientInfo, client);
        }
        // Neighbouring queues mostly share their owner: one Set insert per run of them.
        if (clientInfo !== lastOwner) acc.owners.add(clientInfo);
        lastOwner = clientInfo;
      }
      // A consumer offset ahead of the broker's (a re-created topic, a reset): the lag is unknown, not 0.
      if (lag < 0) {
        anomalies.negative_diff++;
        unknownRows++;
        continue;
      }
      const broker = queues.brokers[i] as string;
      const queueId = numbers[at + QUEUE_ID] as number;
      const timeLag = lag === 0 ? CAUGHT_UP : storeTimes?.timeLag(obs.topic, broker, queueId, consumerOffset, lag, numbers[at + LAST_TIMESTAMP] as number, obs.observedAt, scratch) ?? UNKNOWN_TIME_LAG;
      if ((numbers[at + LAST_TIMESTAMP] as number) > obs.observedAt) futureStoreTimes++;
      rows.add(obs.topic, obs.group, broker, queueId, brokerOffset, consumerOffset, lag, client.ip, client.pid, timeLag);
      acc.lag += lag;
      acc.knownRows++;
    }
    if (unknownRows > 0) unknownOf(obs).value += unknownRows;
    acc.unknownParts += unknownRows;
    yield;
  }
  // A failed answer hides every queue of its topic: as many as the other groups' rows show in this walk, at least one.
  for (const failed of failedStats) failed.unknown.value += Math.max(1, brokerOffsets.queuesOf(failed.topic));

  // Groups without a row still have a status: broadcast ones (never asked), and those the console has no offsets for.
  const withoutOffsets = new Set(result.groupsWithoutOffsets);
  for (const [group, info] of result.groups ?? []) {
    if (groups.has(group) || (info.messageModel !== 'BROADCASTING' && !withoutOffsets.has(group))) continue;
    groups.set(group, {
      group, info, lag: 0, knownRows: 0, unknownParts: 0, committedObservations: 0, uncommittedObservations: 1, owners: new Set(), freshAt: undefined,
    });
  }

  history.startWalk();
  const summaries: GroupSummary[] = [];
  for (const acc of groups.values()) summaries.push(summarise(acc, history, result));

  const rowsDropped = rows.total - rows.length;
  const rollups = { ...(yield* rollUp(rows)), unknownByTopicGroup: unknown.values() };
  return {
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    flavour: result.flavour,
    rows,
    rowsDropped,
    brokerOffsets: brokerOffsets.values(),
    groups: summaries,
    rollups,
    anomalies,
    futureStoreTimes,
    nameServer: result.nameServer,
    clusters: result.clusters,
    failures: result.failures,
    topicsWalked: result.topicsWalked,
    carried: result.carried,
    cost: result.cost,
  };
}

/** An answer's rows that can be trusted, and how many of the others have an unknown lag (duplicates aside). */
interface Usable {
  readonly queues: QueueBlock;
  readonly unknownRows: number;
}

/**
 * The rows of an answer that can be trusted: each queue (broker, queue id) once, no impossible number (NaN from the
 * validator) and no unknown offset (-1). The rest is counted by reason and left out of every family and sum, and of
 * everything else that reads offsets (broker offsets, committed groups).
 */
class UsableQueues {
  private readonly brokerIndex = new Map<string, number>();
  private readonly seen = new Set<number>();

  constructor(private readonly anomalies: Record<AnomalyReason, number>) {}

  of(queues: QueueBlock): Usable {
    let kept: number[] | undefined;
    let unknownRows = 0;
    this.seen.clear();
    for (let i = 0; i < queues.length; i++) {
      const reason = this.problemOf(queues, i);
      if (reason !== undefined) {
        this.anomalies[reason]++;
        if (reason !== 'duplicate') unknownRows++;
        kept ??= Array.from({ length: i }, (_, k) => k);
      } else if (kept !== undefined) {
        kept.push(i);
      }
    }
    return { queues: kept === undefined ? queues : rowsOf(queues, kept), unknownRows };
  }

  private problemOf(queues: QueueBlock, i: number): AnomalyReason | undefined {
    const at = i * STRIDE;
    const n = queues.numbers;
    const queueId = n[at + QUEUE_ID] as number;
    if (Number.isNaN(queueId)) return 'impossible_number';
    const name = queues.brokers[i] as string;
    let broker = this.brokerIndex.get(name);
    if (broker === undefined) {
      broker = this.brokerIndex.size;
      this.brokerIndex.set(name, broker);
    }
    // One number per (broker, queue id): queue ids are safe integers well below 2^32. A repeat counts once, whatever
    // its offsets say.
    const key = broker * 2 ** 32 + queueId;
    if (this.seen.has(key)) return 'duplicate';
    this.seen.add(key);
    const brokerOffset = n[at + BROKER_OFFSET] as number;
    const consumerOffset = n[at + CONSUMER_OFFSET] as number;
    if (Number.isNaN(brokerOffset) || Number.isNaN(consumerOffset)) return 'impossible_number';
    if (brokerOffset === UNKNOWN_OFFSET || consumerOffset === UNKNOWN_OFFSET) return 'unknown_offset';
    return undefined;
  }

}

/** The rows `kept` of `queues`, in order. */
function rowsOf(queues: QueueBlock, kept: readonly number[]): QueueBlock {
  const numbers = new Float64Array(kept.length * STRIDE);
  kept.forEach((i, k) => numbers.set(queues.numbers.subarray(i * STRIDE, (i + 1) * STRIDE), k * STRIDE));
  return { length: kept.length, brokers: kept.map((i) => queues.brokers[i] as string), clients: kept.map((i) => queues.clients[i] ?? null), numbers };
}

const NO_CLIENT: ClientLabels = { ip: '', pid: '' };

// A group that never committed (or keeps offsets on its clients) reports consumerOffset 0 everywhere: its "lag" is fake.
// Decided per group, not per topic: a committed group's untouched retry topic has offset 0 and real lag.
function committedGroups(observations: readonly { obs: Observation; queues: QueueBlock }[]): Set<string> {
  const committed = new Set<string>();
  for (const { obs, queues } of observations) {
    if (committed.has(obs.group)) continue;
    for (let at = 0; at < queues.numbers.length; at += STRIDE) {
      if (queues.numbers[at + CONSUMER_OFFSET] !== 0 || queues.numbers[at + LAST_TIMESTAMP] !== 0) {
        committed.add(obs.group);
        break;
      }
    }
  }
  return committed;
}

/** The highest broker offset seen per (topic, broker, queueId), in first-seen order; of usable rows only (no -1, no NaN). */
class BrokerOffsets {
  private readonly list: { topic: string; broker: string; queueId: number; offset: number }[] = [];
  private readonly byQueue = new QueueMap<{ offset: number }>();

  record(topic: string, queues: QueueBlock): void {
    for (let i = 0; i < queues.length; i++) {
      const broker = queues.brokers[i] as string;
      const queueId = queues.numbers[i * STRIDE + QUEUE_ID] as number;
      const offset = queues.numbers[i * STRIDE + BROKER_OFFSET] as number;
      const seen = this.byQueue.get(topic, broker, queueId);
      if (seen === undefined) {
        const entry = { topic, broker, queueId, offset };
        this.byQueue.set(topic, broker, queueId, entry);
        this.list.push(entry);
      } else if (seen.offset < offset) {
        seen.offset = offset;
      }
    }
  }

  values(): BrokerOffset[] {
    return this.list;
  }

  /** The queues of `topic` recorded so far. */
  queuesOf(topic: string): number {
    return this.byQueue.queuesOf(topic);
  }
}

function summarise(acc: GroupAccumulator, history: GroupHistory, result: WalkResult): GroupSummary {
  const info = acc.info;
  const status = statusOf(acc, history, result);
  // The console's count, or the owners the rows name where it counts fewer (dashboard 2.1's stale cache).
  const counted = Math.max(info?.count ?? 0, acc.owners.size);
  // The console counts none of the consumers behind a RocketMQ 5 proxy (gRPC clients), while they move the offsets:
  // how many there are is unknown, not 0, as long as the offsets moved within STATUS_WINDOW (or since the last walk).
  const unseen = counted === 0 && (result.advanced.has(acc.group) || history.movedWithinWindow(acc.group));
  return {
    group: acc.group,
    messageModel: info?.messageModel ?? 'UNKNOWN',
    consumeType: info?.consumeType ?? 'UNKNOWN',
    version: info?.version ?? '',
    onlineClients: unseen ? undefined : counted,
    consumeTps: info?.consumeTps,
    lag: acc.lag,
    status,
  };
}

function statusOf(acc: GroupAccumulator, history: GroupHistory, result: WalkResult): GroupStatus {
  if (acc.info?.messageModel === 'BROADCASTING') return 'broadcast';
  if (acc.committedObservations === 0) return acc.uncommittedObservations > 0 ? 'uncommitted' : 'unknown';
  if (acc.freshAt === undefined) return history.carried(acc.group);
  // Part of the lag unknown (unknown rows, failed stats): neither caught up nor a trend; unknown this walk.
  return history.observe(acc.group, {
    at: acc.freshAt, lag: acc.knownRows === 0 || acc.unknownParts > 0 ? NaN : acc.lag, advanced: result.advanced.has(acc.group), rewound: result.rewound.has(acc.group), consuming: consuming(acc, result),
  });
}

/**
 * Whether a consumer of the group is online: one holds a queue in this walk's rows (the console asked the consumers in
 * that very call), or the group list counts one and is fresh. Dashboard 2.1's group list is a cache it never
 * refreshes, so its count is taken only for POP consumers, which hold no queue.
 */
function consuming(acc: GroupAccumulator, result: WalkResult): boolean {
  if (acc.owners.size > 0) return true;
  const count = acc.info?.count ?? 0;
  return count > 0 && (result.flavour !== 'dashboard-2.1' || acc.info?.consumeType === 'CONSUME_POP');
}

function* rollUp(rows: QueueRows): Generator<void, Omit<Rollups, 'unknownByTopicGroup'>, undefined> {
  const byTopic = new Summer();
  const byGroup = new Summer();
  const byTopicGroup = new Summer();
  const byBroker = new Summer();
  const byQueue = new PairSummer<number>();
  const byClient = new PairSummer<string>();
  // The worst time lag of each topic and group, and its bounds: the highest of each; -1 while none is known.
  const worst = [new Summer(), new Summer(), new Summer()] as const;
  const unknownByGroup = new Summer();
  // Rows come in runs of one topic and group (one console answer each): their sums are looked up once per run.
  let run: {
    readonly topic: string; readonly group: string; readonly topicSum: Sum; readonly groupSum: Sum; readonly pairSum: Sum;
    readonly seconds: Sum; readonly lower: Sum; readonly upper: Sum;
  } | undefined;
  let lastBroker = '';
  let brokerSum: Sum | undefined;
  let lastIp = '';
  let lastPid = '';
  let clientSum: Sum | undefined;
  // Every row, those MAX_SERIES leaves out of the per-queue families included. No iterator and no destructuring per
  // row: in this generator each would be an object per row.
  for (let i = 0; i < rows.total; i++) {
    const topic = rows.topic(i);
    const group = rows.group(i);
    const lag = rows.lag(i);
    if (run === undefined || topic !== run.topic || group !== run.group) {
      yield;
      const key = topic + SEP + group;
      const labels = [topic, group];
      run = {
        topic,
        group,
        topicSum: byTopic.entry(topic),
        groupSum: byGroup.entry(group),
        pairSum: byTopicGroup.entry(key, 0, labels),
        seconds: worst[0].entry(key, UNKNOWN, labels),
        lower: worst[1].entry(key, UNKNOWN, labels),
        upper: worst[2].entry(key, UNKNOWN, labels),
      };
    }
    run.topicSum.value += lag;
    run.groupSum.value += lag;
    run.pairSum.value += lag;
    const { seconds, lower, upper } = run;
    // The worst known time lag, and the unknown ones counted; the highest lower bound known (still a lower bound of
    // the worst); the highest upper bound, unknown (NaN, which stays) as soon as one queue's is.
    const s = rows.lagSeconds(i);
    if (s > seconds.value) seconds.value = s;
    else if (Number.isNaN(s)) unknownByGroup.entry(group).value++;
    if (rows.lagSecondsLower(i) > lower.value) lower.value = rows.lagSecondsLower(i);
    const u = rows.lagSecondsUpper(i);
    if (Number.isNaN(u)) upper.value = NaN;
    else if (u > upper.value) upper.value = u;
    const broker = rows.broker(i);
    // Neighbouring rows mostly share their broker and owner: looked up again only when they change.
    if (broker !== lastBroker || brokerSum === undefined) {
      lastBroker = broker;
      brokerSum = byBroker.entry(broker);
    }
    brokerSum.value += lag;
    byQueue.entry(broker, rows.queueId(i)).value += lag;
    const ip = rows.clientIp(i);
    const pid = rows.clientPid(i);
    if (ip !== lastIp || pid !== lastPid || clientSum === undefined) {
      lastIp = ip;
      lastPid = pid;
      clientSum = byClient.entry(ip, pid);
    }
    clientSum.value += lag;
  }
  return {
    byTopic: byTopic.values(),
    byGroup: byGroup.values(),
    byTopicGroup: byTopicGroup.values(),
    byBroker: byBroker.values(),
    byQueue: byQueue.values(),
    byClient: byClient.values(),
    maxLagSecondsByTopicGroup: known(worst[0].values()),
    maxLagSecondsByGroup: worstByGroup(worst[0].values()),
    maxLagSecondsLowerByGroup: worstByGroup(worst[1].values()),
    maxLagSecondsUpperByGroup: worstByGroup(worst[2].values()),
    timeLagUnknownByGroup: unknownByGroup.values(),
  };
}

const UNKNOWN = -1;

function known(values: LabelledValue[]): LabelledValue[] {
  return values.filter((v) => v.value !== UNKNOWN && !Number.isNaN(v.value));
}

/** The worst of each group's topics; none when none is known, or when one is NaN (an unknown that poisons the worst). */
function worstByGroup(byTopicGroup: readonly LabelledValue[]): LabelledValue[] {
  const byGroup = new Summer();
  for (const { labels, value } of byTopicGroup) {
    const sum = byGroup.entry(labels[1] ?? '', UNKNOWN);
    if (Number.isNaN(value)) sum.value = NaN;
    else if (value > sum.value) sum.value = value;
  }
  return known(byGroup.values());
}

interface Sum {
  readonly labels: string[];
  value: number;
}

/** Sums per key, keeping first-seen order. */
/** Sums (or any one figure) per key, in first-seen order, each with its labels. */
export class Summer {
  private readonly sums = new Map<string, Sum>();

  /**
   * The sum for `key`, created at `initial` with `labels` (default: the key itself) when first seen. Called per row:
   * a row's call passes no array (a rest parameter would make one per call).
   */
  entry(key: string, initial = 0, labels?: string[]): Sum {
    let s = this.sums.get(key);
    if (s === undefined) {
      s = { labels: labels ?? [key], value: initial };
      this.sums.set(key, s);
    }
    return s;
  }

  values(): LabelledValue[] {
    return [...this.sums.values()];
  }
}

/** Sums per pair of labels, keeping first-seen order; nested maps, so no key string is built per row. */
class PairSummer<B extends string | number> {
  private readonly list: Sum[] = [];
  private readonly byFirst = new Map<string, Map<B, Sum>>();

  entry(a: string, b: B): Sum {
    let inner = this.byFirst.get(a);
    if (inner === undefined) {
      inner = new Map();
      this.byFirst.set(a, inner);
    }
    let s = inner.get(b);
    if (s === undefined) {
      s = { labels: [a, String(b)], value: 0 };
      inner.set(b, s);
      this.list.push(s);
    }
    return s;
  }

  values(): LabelledValue[] {
    return this.list;
  }
}
