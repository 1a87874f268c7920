// The walk's normalised output, independent of the console's wire shapes and of Prometheus.
import type { ConsoleErrorKind } from '../console/errors/index.js';
import type { ConsumeType, Flavour, GroupConsumeInfo, MessageModel, TopicConsumerInfo } from '../console/types.js';

/** One (topic, group) answer from the console, as observed at `observedAt` (ms). */
export interface Observation {
  readonly topic: string;
  readonly group: string;
  readonly info: TopicConsumerInfo;
  readonly observedAt: number;
}

/** What failed: a listing call, one topic's or group's call, or the walk itself (a defect, not a console answer). */
export type FailureScope = 'topic_list' | 'topic' | 'group_list' | 'group' | 'walk';

export interface WalkFailure {
  readonly scope: FailureScope;
  /** Topic or group name; '' for list calls. */
  readonly name: string;
  readonly kind: ConsoleErrorKind | 'internal';
  readonly message: string;
}

/** What one walk gathered, before it is turned into a snapshot. */
export interface WalkResult {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly observations: readonly Observation[];
  /** groupList by name; undefined when the console could not give it this walk. */
  readonly groups: ReadonlyMap<string, GroupConsumeInfo> | undefined;
  readonly failures: readonly WalkFailure[];
  readonly flavour: Flavour | undefined;
  /** Topics the walk asked about after filtering. */
  readonly topicsWalked: number;
}

/** Lag of one queue for one clustering group with committed offsets. */
export interface QueueLag {
  readonly topic: string;
  readonly group: string;
  readonly broker: string;
  readonly queueId: number;
  readonly brokerOffset: number;
  readonly consumerOffset: number;
  /** brokerOffset - consumerOffset, never negative. */
  readonly lag: number;
  readonly clientIp: string;
  readonly clientPid: string;
  /** Seconds since the last consumed message was stored, when lag > 0 and the console knows it; 0 when caught up; -1 when unknown. */
  readonly lagSeconds: number;
}

export type GroupStatus = 'ok' | 'stalled' | 'offline' | 'broadcast' | 'uncommitted' | 'unknown';
export const GROUP_STATUSES: readonly GroupStatus[] = ['ok', 'stalled', 'offline', 'broadcast', 'uncommitted', 'unknown'];

export interface GroupSummary {
  readonly group: string;
  readonly messageModel: MessageModel | 'UNKNOWN';
  readonly consumeType: ConsumeType | 'UNKNOWN';
  readonly version: string;
  /** Online consumer processes; from groupList, else distinct owners seen in the queues. */
  readonly onlineClients: number;
  /** Console's consume TPS; undefined without groupList. */
  readonly consumeTps: number | undefined;
  readonly lag: number;
  /** Sum of the group's consumer offsets, to tell a stalled group from a slow one between walks. */
  readonly offsetSum: number;
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
  readonly rows: readonly QueueLag[];
  readonly rowsDropped: number;
  readonly brokerOffsets: readonly BrokerOffset[];
  readonly groups: readonly GroupSummary[];
  readonly rollups: Rollups;
  /** Queues whose consumer offset was ahead of the broker offset (not exported as lag). */
  readonly anomalies: number;
  readonly failures: readonly WalkFailure[];
  readonly topicsWalked: number;
}

/** A snapshot without its per-queue rows and roll-ups: what is kept of it once its lag families are rendered. */
export type SnapshotSummary = Omit<Snapshot, 'rows' | 'rollups' | 'brokerOffsets'>;
