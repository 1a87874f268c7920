// The walk's normalised output, independent of the console's wire shapes and of Prometheus.
import type { ConsoleErrorKind } from '../console/errors/index.js';
import type { ClusterBrokerNames, ConsumeType, Flavour, GroupConsumeInfo, MessageModel } from '../console/types.js';
import type { ConsoleCall, ConsoleCost } from './cost.js';
import type { QueueRows } from './queue-rows.js';
import type { QueueBlock } from './queues.js';
import type { GroupStatus } from './status.js';
import type { StoreTimes, TimeLag } from './store-times.js';

/** One (topic, group) answer from the console, as observed at `observedAt` (ms): its queue rows, compactly. */
export interface Observation {
  readonly topic: string;
  readonly group: string;
  readonly queues: QueueBlock;
  readonly observedAt: number;
}

/** What failed: a listing call, one topic's or group's call, or the walk itself (a defect, not a console answer). */
export type FailureScope = 'topic_list' | 'topic' | 'group_list' | 'group' | 'walk';

export interface WalkFailure {
  readonly scope: FailureScope;
  /** Topic or group name; '' for list calls and the walk. */
  readonly name: string;
  /** `namesrv_changed`: the console's name server changed during the walk, which is discarded. */
  readonly kind: ConsoleErrorKind | 'internal' | 'namesrv_changed';
  readonly message: string;
}

/** Observations of topics or groups whose call failed in this walk, carried from the last walk that had them. */
export interface Carried {
  /** Topics or groups carried. */
  readonly units: number;
  /** When the oldest carried observation was made (ms); undefined when nothing is carried. */
  readonly oldestObservedAt: number | undefined;
}

export const NOTHING_CARRIED: Carried = { units: 0, oldestObservedAt: undefined };

/** What one walk gathered, before it is turned into a snapshot. */
export interface WalkResult {
  readonly startedAt: number;
  readonly finishedAt: number;
  /** This walk's observations, then the carried ones. */
  readonly observations: readonly Observation[];
  /** groupList by name, as last fetched; undefined when the console could not give it. */
  readonly groups: ReadonlyMap<string, GroupConsumeInfo> | undefined;
  readonly failures: readonly WalkFailure[];
  readonly flavour: Flavour | undefined;
  /** Distinct topics with an observation made in this walk. */
  readonly topicsWalked: number;
  readonly carried: Carried;
  /** What the walk's calls cost the cluster, by the cost model. */
  readonly cost: ConsoleCost;
  /** Groups the console has no offsets for (asked by group, answered with no topic): never committed. */
  readonly groupsWithoutOffsets: readonly string[];
  /** Groups one of whose consumer offsets moved on since the previous answer of its unit. */
  readonly advanced: ReadonlySet<string>;
  /** Groups one of whose consumer offsets went back since then. */
  readonly rewound: ReadonlySet<string>;
  /** Exact store times known after this walk; undefined when no time-lag family is exported. */
  readonly storeTimes: StoreTimes | undefined;
  /** Store times of this walk's topic stats later than the exporter's clock when read. */
  readonly futureStoreTimes: number;
  /** The name servers the console read from (ops/homePage.query); undefined when it could not tell. */
  readonly nameServer: string | undefined;
  /** The console's clusters and their brokers (cluster/list.query, read once per name server); undefined when it could not tell. */
  readonly clusters: ClusterBrokerNames | undefined;
}

/**
 * One console call of a walk whose observations stand or fall together: a topic (topic plan) or a group (group
 * plan). When its call fails, its last good observations are carried.
 */
export interface WalkUnit {
  readonly scope: 'topic' | 'group';
  readonly name: string;
  fetch(cancel: AbortSignal): Promise<UnitAnswer>;
}

export interface UnitAnswer {
  readonly observations: readonly Observation[];
  /** The call as the cost model sees it. */
  readonly call: ConsoleCall;
}

/**
 * Why a queue row is left out of the lag families and their sums: its lag is unknown (negative_diff, unknown_offset,
 * impossible_number), every row of a (topic, group) answer is missing (failed_stats: the console's stats call for
 * the group failed, counted once per answer), or the queue was already counted (duplicate).
 */
export type AnomalyReason = 'negative_diff' | 'unknown_offset' | 'impossible_number' | 'failed_stats' | 'duplicate';
/** Every reason, in the order exporter_lag_anomalies lists them. */
export const ANOMALY_REASONS: readonly AnomalyReason[] = ['negative_diff', 'unknown_offset', 'impossible_number', 'failed_stats', 'duplicate'];

/** Lag of one queue for one clustering group with committed offsets. */
export interface QueueLag {
  readonly topic: string;
  readonly group: string;
  readonly broker: string;
  readonly queueId: number;
  readonly brokerOffset: number;
  readonly consumerOffset: number;
  /** brokerOffset - consumerOffset, never negative (rows with a negative one are left out). */
  readonly lag: number;
  readonly clientIp: string;
  readonly clientPid: string;
  /** Age of the first unconsumed message, with its bounds (seconds); 0 when caught up, NaN when unknown. */
  readonly timeLag: TimeLag;
}

export interface GroupSummary {
  readonly group: string;
  readonly messageModel: MessageModel | 'UNKNOWN';
  readonly consumeType: ConsumeType | 'UNKNOWN';
  readonly version: string;
  /**
   * Online consumer processes; from groupList, else distinct owners seen in the queues. Undefined (unknown) when the
   * console counts none while the group's offsets moved since the last walk: consumers it cannot see (a 5.x proxy).
   */
  readonly onlineClients: number | undefined;
  /** Console's consume TPS; undefined without groupList. */
  readonly consumeTps: number | undefined;
  readonly lag: number;
  readonly status: GroupStatus;
}

export interface LabelledValue {
  readonly labels: readonly string[];
  readonly value: number;
}

export interface Rollups {
  readonly byTopic: readonly LabelledValue[];
  readonly byGroup: readonly LabelledValue[];
  readonly byTopicGroup: readonly LabelledValue[];
  readonly byBroker: readonly LabelledValue[];
  readonly byQueue: readonly LabelledValue[];
  readonly byClient: readonly LabelledValue[];
  /** Worst time lag (seconds) per topic and group. */
  readonly maxLagSecondsByTopicGroup: readonly LabelledValue[];
  /** Worst time lag (seconds) per group, over its topics. */
  readonly maxLagSecondsByGroup: readonly LabelledValue[];
  /** Bounds of the worst time lag per group: the highest lower bound and the highest upper bound of its queues. */
  readonly maxLagSecondsLowerByGroup: readonly LabelledValue[];
  readonly maxLagSecondsUpperByGroup: readonly LabelledValue[];
  /**
   * Per topic and group with some, the queue rows whose lag is unknown (left out of every sum above); for an answer
   * whose stats failed, the queues of its topic seen in the walk, at least 1.
   */
  readonly unknownByTopicGroup: readonly LabelledValue[];
  /** Per group with some, its lagging queues whose time lag is unknown (left out of maxLagSecondsByGroup). */
  readonly timeLagUnknownByGroup: readonly LabelledValue[];
}

export interface BrokerOffset {
  readonly topic: string;
  readonly broker: string;
  readonly queueId: number;
  readonly offset: number;
}

/** The immutable result of one walk: what every scrape renders until the next walk replaces it. */
export interface Snapshot {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly flavour: Flavour | undefined;
  /** Per-queue rows, capped at MAX_SERIES; roll-ups are computed before the cap. */
  readonly rows: QueueRows;
  readonly rowsDropped: number;
  readonly brokerOffsets: readonly BrokerOffset[];
  readonly groups: readonly GroupSummary[];
  readonly rollups: Rollups;
  /**
   * Queue rows by what was wrong with them, left out of the lag families and sums (a duplicate counted once);
   * failed_stats counts (topic, group) answers without a row.
   */
  readonly anomalies: Readonly<Record<AnomalyReason, number>>;
  /** Store times (queue rows' and topic stats') later than the exporter's clock when read: taken as that time. */
  readonly futureStoreTimes: number;
  readonly nameServer: string | undefined;
  readonly clusters: ClusterBrokerNames | undefined;
  readonly failures: readonly WalkFailure[];
  readonly topicsWalked: number;
  readonly carried: Carried;
  readonly cost: ConsoleCost;
}

/** A snapshot without its per-queue rows and roll-ups: what is kept of it once its lag families are rendered. */
export type SnapshotSummary = Omit<Snapshot, 'rows' | 'rollups' | 'brokerOffsets'>;
