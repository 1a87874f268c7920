// One walk over the console: list what to ask, ask it unit by unit (a group or a topic) within WALK_TIMEOUT, and carry
// the last good observations of every unit whose call failed, so that a failure costs freshness, not truth.
import { rawGroupName } from '../console/names.js';
import type { ClusterBrokerNames, GroupConsumeInfo, TopicList } from '../console/types.js';
import { addCosts, costOf, NO_COST, type ConsoleCall, type ConsoleCost } from './cost.js';
import type { LagFilter } from './filter.js';
import { BROKER_OFFSET, CONSUMER_OFFSET, isOffset, LAST_TIMESTAMP, QUEUE_ID, STRIDE, type QueueBlock } from './queues.js';
import { runInSlices } from '../slices.js';
import { failureOf, WalkFailedError, type LagSource } from './source.js';
import { StoreTimes } from './store-times.js';
import type { Observation, WalkFailure, WalkResult, WalkUnit } from './types.js';
import { groupUnits } from './walk-by-group.js';
import { topicUnits } from './walk-by-topic.js';

export type WalkPlan = 'group' | 'topic';

export interface WalkerOptions {
  readonly plan: WalkPlan;
  readonly source: LagSource;
  readonly filter: LagFilter;
  readonly now: () => number;
  /** WALK_TIMEOUT: past it, calls not answered fail as `deadline` and the walk ends with what it has. */
  readonly walkTimeoutMs: number;
  /** MAX_SNAPSHOT_AGE: observations older than this are no longer carried. */
  readonly maxCarryAgeMs: number;
  /** CONSOLE_CONCURRENCY: units asked at once (a unit of dashboard 2.0 asks once per broker address). */
  readonly concurrency: number;
  /**
   * When a time-lag family is exported, the StoreTimes resolution: the walk then keeps store times and asks
   * topic/stats.query where a time lag needs it; undefined otherwise.
   */
  readonly timeLagResolutionMs: number | undefined;
}

const SEP = '\u0000';

// The group list changes slowly and costs the cluster an RPC per group (dashboard 2.1 serves it from a cache, free).
export const GROUP_LIST_MAX_AGE_MS = 120_000;

interface GroupList {
  readonly groups: readonly GroupConsumeInfo[];
  readonly fetchedAt: number;
}

/** What the walk has asked so far, for the cost model. */
class Calls {
  private readonly list: ConsoleCall[] = [];

  add(call: ConsoleCall): void {
    this.list.push(call);
  }

  /** Brokers: as many as any group has addresses, or as the answers name; the cost of most calls depends on it. */
  cost(source: LagSource, groups: readonly GroupConsumeInfo[] | undefined, observations: readonly Observation[]): ConsoleCost {
    const names = new Set<string>();
    for (const o of observations) for (const broker of o.queues.brokers) names.add(broker);
    let brokers = names.size;
    for (const g of groups ?? []) brokers = Math.max(brokers, g.address?.length ?? 0);
    const flavour = source.flavour();
    return this.list.reduce((sum, call) => addCosts(sum, costOf(call, flavour, brokers)), NO_COST);
  }
}

export class Walker {
  private groupList: GroupList | undefined;
  /** The cluster list (cluster/list.query, B broker RPCs) of the console's name server: read again only when it changes. */
  private clusterList: { readonly nameServer: string | undefined; readonly names: Promise<ClusterBrokerNames | undefined>; at: number } | undefined;
  /** The last good observations of each unit (`scope name`), carried when its call fails. */
  private carry = new Map<string, readonly Observation[]>();
  /** Exact store times of messages, kept across walks for time lag. */
  private readonly storeTimes: StoreTimes | undefined;

  constructor(private readonly options: WalkerOptions) {
    this.storeTimes = options.timeLagResolutionMs === undefined ? undefined : new StoreTimes(options.timeLagResolutionMs);
  }

  async walk(): Promise<WalkResult> {
    const { now, walkTimeoutMs } = this.options;
    const startedAt = now();
    // Every call of the walk waits on this one signal (through one listener: ../console/abort.ts).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), walkTimeoutMs);
    try {
      return await this.walkUntil(startedAt, deadline.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private async walkUntil(startedAt: number, cancel: AbortSignal): Promise<WalkResult> {
    const { plan, source, filter, now } = this.options;
    const failures: WalkFailure[] = [];
    const calls = new Calls();

    const [topics, listed, nameServer] = await Promise.all([
      this.listTopics(cancel, calls, failures), this.listGroups(cancel, calls, failures), this.nameServer(cancel),
    ]);
    // Not asked of a console that answered neither list: the walk fails without it.
    const clusterNames = topics === undefined && listed === undefined ? Promise.resolve(undefined) : this.clusterNames(nameServer, cancel, calls);
    const wanted = listed?.filter((g) => filter.wantsGroup(rawGroupName(g.group), g.subGroupType));
    let units: WalkUnit[];
    if (plan === 'group' && listed !== undefined) {
      units = groupUnits(listed, topics, source, filter, now);
    } else if (topics !== undefined) {
      // Without any group list (dashboards need its broker addresses to ask for a group), topic by topic.
      // Every listed group: their online clients are what queryConsumerByTopic relays to, wanted or not.
      const byName = listed === undefined ? undefined : new Map(listed.map((g) => [rawGroupName(g.group), g]));
      units = topicUnits(topics, extraSystemNames(topics, await clusterNames), byName, source, filter, now);
    } else {
      throw new WalkFailedError(failures.find((f) => f.scope === 'topic_list') ?? failureOf('topic_list', '', undefined));
    }

    const answers = await inTurn(units, this.options.concurrency, (unit) => unit.fetch(cancel).then(
      (answer) => ({ unit, answer, failure: undefined }),
      (error: unknown) => ({ unit, answer: undefined, failure: failureOf(unit.scope, unit.name, error) }),
    ));

    const fresh: Observation[] = [];
    const carried: Observation[] = [];
    const next = new Map<string, readonly Observation[]>();
    let carriedUnits = 0;
    let oldestCarried: number | undefined;
    let succeeded = 0;
    const groupsWithoutOffsets: string[] = [];
    const vanished = new Set<string>();
    const moves: OffsetMoves = { advanced: new Set(), rewound: new Set() };
    for (const { unit, answer, failure } of answers) {
      const key = `${unit.scope} ${unit.name}`;
      if (answer !== undefined) {
        succeeded++;
        calls.add(answer.call);
        if (answer.call.kind === 'topicsOfGroup' && answer.call.empty) {
          // A group that had offsets and has none now was deleted (or reset): the group list is due again.
          if ((this.carry.get(key)?.length ?? 0) > 0) {
            vanished.add(unit.name);
            this.groupList = undefined;
          } else {
            groupsWithoutOffsets.push(unit.name);
          }
        }
        const last = this.carry.get(key);
        if (last !== undefined) offsetMoves(last, answer.observations, moves);
        fresh.push(...answer.observations);
        next.set(key, answer.observations);
        continue;
      }
      failures.push(failure);
      const last = this.carry.get(key);
      const observedAt = last?.[0]?.observedAt;
      if (last === undefined || observedAt === undefined || startedAt - observedAt > this.options.maxCarryAgeMs) continue;
      carried.push(...last);
      next.set(key, last);
      carriedUnits++;
      oldestCarried = Math.min(oldestCarried ?? observedAt, observedAt);
    }
    if (units.length > 0 && succeeded === 0) throw new WalkFailedError(noneSucceeded(failures.slice(-units.length)));
    // The console's name server is global: switched during the walk (a person in its UI), the answers mix two clusters.
    const nameServerAfter = await this.nameServer(cancel);
    if (nameServer !== undefined && nameServerAfter !== undefined && nameServer !== nameServerAfter) {
      throw new WalkFailedError({
        scope: 'walk', name: '', kind: 'namesrv_changed',
        message: `the console's name server changed during the walk (${nameServer} to ${nameServerAfter}), so its answers mix two clusters: walk discarded. `
          + 'Give the exporter a console of its own, or fix the console\'s name server (rocketmq.config.namesrvAddr)',
      });
    }
    this.carry = next;
    const futureStoreTimes = this.storeTimes === undefined ? 0 : await this.learnStoreTimes(this.storeTimes, fresh, carried, cancel, calls);
    const clusters = await clusterNames;

    return {
      startedAt,
      finishedAt: now(),
      observations: carried.length === 0 ? fresh : [...fresh, ...carried],
      // The wanted groups, broadcast ones included (the snapshot tells every one's status), but for those just gone.
      groups: wanted === undefined ? undefined : new Map(wanted.flatMap((g) => (vanished.has(rawGroupName(g.group)) ? [] : [[rawGroupName(g.group), g] as const]))),
      failures,
      flavour: source.flavour(),
      topicsWalked: new Set(fresh.map((o) => o.topic)).size,
      carried: { units: carriedUnits, oldestObservedAt: oldestCarried },
      cost: calls.cost(source, listed, fresh),
      groupsWithoutOffsets,
      advanced: moves.advanced,
      rewound: moves.rewound,
      storeTimes: this.storeTimes,
      futureStoreTimes,
      nameServer: nameServerAfter,
      clusters,
    };
  }

  /**
   * For the queues whose time lag needs points: the store times every group's rows give (message consumerOffset - 1
   * stored at lastTimestamp), carried rows included (topicsWantingStats); then the stats of each topic wanting them
   * (message maxOffset - 1 stored at lastUpdateTimestamp), asked of the fresh rows only. A topic whose stats fail keeps the points it had; its time
   * lag may be unknown this walk. Resolves with the stats' store times later than the exporter's clock when read.
   */
  private async learnStoreTimes(
    storeTimes: StoreTimes, fresh: readonly Observation[], carried: readonly Observation[], cancel: AbortSignal, calls: Calls,
  ): Promise<number> {
    storeTimes.beginWalk();
    // Three passes over every row: in slices, so that probes and scrapes are answered meanwhile.
    const wanted = await runInSlices(topicsWantingStats(storeTimes, fresh, carried));
    let futureStoreTimes = 0;
    if (wanted.size > 0 && !cancel.aborted) {
      const { source, concurrency } = this.options;
      await inTurn([...wanted], concurrency, async (topic) => {
        let queues;
        try {
          queues = await source.topicStats(topic, cancel);
        } catch {
          return; // counted by the client's request metrics; the topic keeps the points it had
        }
        calls.add({ kind: 'topicStats' });
        const readAt = this.options.now();
        for (const q of queues) {
          if (q.lastUpdateTimestamp > readAt) futureStoreTimes++;
          storeTimes.record(topic, q.brokerName, q.queueId, q.maxOffset - 1, q.lastUpdateTimestamp, readAt);
        }
      });
    }
    storeTimes.endWalk();
    return futureStoreTimes;
  }

  /** The console's name servers; undefined when it cannot tell (a failure here fails nothing). */
  private async nameServer(cancel: AbortSignal): Promise<string | undefined> {
    try {
      return (await this.options.source.homePage(cancel)).nameServer;
    } catch {
      return undefined;
    }
  }

  private async listTopics(cancel: AbortSignal, calls: Calls, failures: WalkFailure[]): Promise<TopicList | undefined> {
    try {
      const topics = await this.options.source.listTopics(cancel);
      calls.add({ kind: 'topicList' });
      return topics;
    } catch (error) {
      failures.push(failureOf('topic_list', '', error));
      return undefined;
    }
  }

  /** The group list as last fetched, fetched again when older than GROUP_LIST_MAX_AGE_MS or free; the stale one if that fails. */
  private async listGroups(cancel: AbortSignal, calls: Calls, failures: WalkFailure[]): Promise<readonly GroupConsumeInfo[] | undefined> {
    const { source, now } = this.options;
    const held = this.groupList;
    const free = source.flavour() === 'dashboard-2.1';
    if (held !== undefined && !free && now() - held.fetchedAt < GROUP_LIST_MAX_AGE_MS) return held.groups;
    try {
      const groups = await source.listGroups(cancel);
      calls.add({ kind: 'groupList', groups: groups.length });
      this.groupList = { groups, fetchedAt: now() };
      return groups;
    } catch (error) {
      failures.push(failureOf('group_list', '', error));
      return held?.groups;
    }
  }

  /**
   * The console's cluster and broker names: read again when the name server changes, and every
   * GROUP_LIST_MAX_AGE_MS (brokers come and go; a failed read is not tried again sooner); undefined when unread.
   */
  private clusterNames(nameServer: string | undefined, cancel: AbortSignal, calls: Calls): Promise<ClusterBrokerNames | undefined> {
    const held = this.clusterList;
    const now = this.options.now();
    if (held !== undefined && held.nameServer === nameServer && now - held.at < GROUP_LIST_MAX_AGE_MS) return held.names;
    const kept = held !== undefined && held.nameServer === nameServer ? held.names : Promise.resolve(undefined);
    const names = this.options.source.clusterBrokerNames(cancel).then(
      (read) => {
        calls.add({ kind: 'clusterList', addresses: read.addresses });
        return read;
      },
      // The last good read of the same name server stands meanwhile.
      () => kept,
    );
    this.clusterList = { nameServer, names, at: now };
    return names;
  }
}

// Console 1.0 does not mark system topics: cluster and broker names (and <cluster>_REPLY_TOPIC) are topics too.
function extraSystemNames(topics: TopicList, names: ClusterBrokerNames | undefined): Set<string> {
  if (topics.systemMarked || names === undefined) return new Set();
  const { clusters, brokers } = names;
  return new Set([...clusters, ...clusters.map((c) => c + '_REPLY_TOPIC'), ...brokers]);
}

/**
 * `work` on each item, at most `width` at a time, results in the items' order. Not all at once: thousands of calls
 * waiting for a connection would each hold their state for the whole walk, long enough to be copied by every young
 * generation collection and then promoted.
 */
async function inTurn<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
  return results;
}

/**
 * Marks the queues whose time lag needs points (StoreTimes.needsPoints), records every row's point on them, and
 * returns the topics with such a queue, among the fresh rows, that no known point reaches past its consumer offset.
 * Pauses after each observation (../slices.ts).
 */
function* topicsWantingStats(storeTimes: StoreTimes, fresh: readonly Observation[], carried: readonly Observation[]): Generator<void, Set<string>, undefined> {
  const observations = carried.length === 0 ? fresh : [...fresh, ...carried];
  const topicsBehind = new Set<string>();
  // The fresh rows that need points, the only ones whose stats may be asked.
  const behind: { readonly topic: string; readonly broker: string; readonly queueId: number; readonly consumerOffset: number }[] = [];
  for (let k = 0; k < observations.length; k++) {
    const { topic, queues, observedAt } = observations[k] as Observation;
    const n = queues.numbers;
    for (let i = 0; i < queues.length; i++) {
      const at = i * STRIDE;
      const consumerOffset = n[at + CONSUMER_OFFSET] as number;
      const brokerOffset = n[at + BROKER_OFFSET] as number;
      // A row with an unknown offset has no lag (the snapshot leaves it out): its time lag needs nothing.
      if (!isOffset(consumerOffset) || !isOffset(brokerOffset)) continue;
      if (!storeTimes.needsPoints(consumerOffset, brokerOffset - consumerOffset, n[at + LAST_TIMESTAMP] as number, observedAt)) continue;
      const broker = queues.brokers[i] as string;
      const queueId = n[at + QUEUE_ID] as number;
      storeTimes.need(topic, broker, queueId);
      topicsBehind.add(topic);
      if (k < fresh.length) behind.push({ topic, broker, queueId, consumerOffset });
    }
    yield;
  }
  for (const { topic, queues, observedAt } of observations) {
    if (!topicsBehind.has(topic)) continue;
    const n = queues.numbers;
    for (let i = 0; i < queues.length; i++) {
      const at = i * STRIDE;
      const consumerOffset = n[at + CONSUMER_OFFSET] as number;
      // Only a consumer offset that is one gives a point: message consumerOffset - 1.
      if (!isOffset(consumerOffset)) continue;
      storeTimes.record(topic, queues.brokers[i] as string, n[at + QUEUE_ID] as number, consumerOffset - 1, n[at + LAST_TIMESTAMP] as number, observedAt);
    }
    yield;
  }
  const wanted = new Set<string>();
  for (const { topic, broker, queueId, consumerOffset } of behind) {
    if (!wanted.has(topic) && storeTimes.wantsPointAtOrAfter(topic, broker, queueId, consumerOffset)) wanted.add(topic);
  }
  return wanted;
}

interface OffsetMoves {
  /** Groups one of whose consumer offsets moved on since the unit's previous answer. */
  readonly advanced: Set<string>;
  /** Groups one of whose consumer offsets went back. */
  readonly rewound: Set<string>;
}

/** Adds to `moves` how each group's consumer offsets in `current` moved from `last`, the same unit's previous answer. */
function offsetMoves(last: readonly Observation[], current: readonly Observation[], moves: OffsetMoves): void {
  const before = new Map<string, QueueBlock>();
  for (const o of last) before.set(o.topic + SEP + o.group, o.queues);
  for (const o of current) {
    const was = before.get(o.topic + SEP + o.group);
    if (was === undefined) continue;
    const moved = compareOffsets(was, o.queues);
    if (moved > 0) moves.advanced.add(o.group);
    if (moved < 0 || moved === BOTH) moves.rewound.add(o.group);
    if (moved === BOTH) moves.advanced.add(o.group);
  }
}

const BOTH = 2;

/**
 * How the consumer offsets of `now` moved from `was`, rows matched by broker and queue id: 1 some went forward and
 * none back, -1 some back and none forward, BOTH, or 0 none moved.
 */
function compareOffsets(was: QueueBlock, now: QueueBlock): number {
  let byQueue: Map<string, number> | undefined;
  let forward = false;
  let back = false;
  for (let i = 0; i < now.length; i++) {
    const at = i * STRIDE;
    const broker = now.brokers[i] as string;
    const queueId = now.numbers[at + QUEUE_ID] as number;
    const offset = now.numbers[at + CONSUMER_OFFSET] as number;
    let before: number | undefined;
    // Answers mostly list the queues in the same order each time.
    if (i < was.length && was.brokers[i] === broker && was.numbers[at + QUEUE_ID] === queueId) {
      before = was.numbers[at + CONSUMER_OFFSET];
    } else {
      byQueue ??= queueOffsets(was);
      before = byQueue.get(broker + SEP + queueId);
    }
    // An offset unknown on either side is no move: -1 would read as a rewind, then as an advance (NaN compares false).
    if (before === undefined || !isOffset(before) || !isOffset(offset)) continue;
    if (offset > before) forward = true;
    else if (offset < before) back = true;
  }
  return forward && back ? BOTH : forward ? 1 : back ? -1 : 0;
}

function queueOffsets(block: QueueBlock): Map<string, number> {
  const offsets = new Map<string, number>();
  for (let i = 0; i < block.length; i++) {
    offsets.set((block.brokers[i] as string) + SEP + block.numbers[i * STRIDE + QUEUE_ID], block.numbers[i * STRIDE + CONSUMER_OFFSET] as number);
  }
  return offsets;
}

/** The failure of a walk none of whose calls succeeded: the most frequent kind, with a count and the first message. */
function noneSucceeded(failures: readonly WalkFailure[]): WalkFailure {
  const counts = new Map<WalkFailure['kind'], number>();
  for (const f of failures) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const [kind] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['internal'];
  const first = failures.find((f) => f.kind === kind);
  const scope = first?.scope ?? 'walk';
  return { scope, name: '', kind, message: `none of ${failures.length} ${scope} calls succeeded: ${first?.message ?? ''}` };
}
