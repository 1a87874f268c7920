// The entities of the simulated cluster, as the model exposes them (read them; change them through the model's controls).

import type { ConsumeType, MessageModel, MessageType, SubGroupType, TopicKind } from './blueprint.js';
import type { ClientIdParts, ClientLabels, ClientShape } from './client-ids.js';
import type { Production } from './production.js';

export type GroupKind = 'clustering-online' | 'broadcast' | 'offline' | 'never-committed';

export interface Broker {
  readonly name: string;
  readonly index: number;
  readonly masterAddr: string;
  readonly slaveAddrs: readonly string[];
}

export interface MessageQueue {
  readonly topic: Topic;
  readonly broker: Broker;
  readonly queueId: number;
  /** Position in `topic.queues` (broker order, then queueId). */
  readonly index: number;
  readonly production: Production;
  minOffset: number;
}

export interface Topic {
  readonly name: string;
  readonly kind: TopicKind;
  readonly messageType: MessageType;
  readonly queues: readonly MessageQueue[];
  /** Groups that consume it, in subscription order. */
  readonly subscriptions: Subscription[];
}

/** Where one consumer queue's offset line starts; changed only by controls. */
export interface ConsumerTrack {
  /** Time (ms) the current line starts. */
  since: number;
  /** Consumer offset at `since`. */
  c0: number;
  /** Consume capacity in micro-messages per ms; 0 = stalled. */
  cap: number;
  /** A keeping-up consumer reads the head as it was `delay` ms ago. */
  delay: number;
}

export interface Subscription {
  readonly group: ConsumerGroup;
  readonly topic: Topic;
  /** subVersion of the subscription data (ms). */
  readonly subVersion: number;
  /** Queue index -> owner, overriding the average allocation (null = nobody holds it). */
  readonly overrides: Map<number, ConsumerClient | null>;
  readonly tracks: ConsumerTrack[];
  owners: (ConsumerClient | null)[];
  ownersVersion: number;
}

export interface ConsumerClient {
  /** Stable handle for controls; the clientId changes on restart. */
  readonly key: string;
  readonly group: ConsumerGroup;
  readonly parts: ClientIdParts;
  readonly shape: ClientShape;
  readonly ip: string;
  readonly clientAddr: string;
  readonly language: string;
  readonly versionDesc: string;
  readonly versionCode: number;
  pid: number;
  nano: string;
  clientId: string;
  /** The consumerClientIP / consumerClientPID an exporter should export for this client. */
  labels: ClientLabels;
  rateFactor: number;
  delayMs: number;
  /** The console's getConsumerRunningInfo RPC to it fails: its queues show clientInfo null. */
  runningInfoFails: boolean;
  startedAt: number;
}

export interface ConsumerGroup {
  readonly name: string;
  readonly system: boolean;
  readonly messageModel: MessageModel;
  readonly committed: boolean;
  readonly brokerInternal: boolean;
  readonly consumeType: ConsumeType;
  readonly subGroupType: SubGroupType;
  /** RocketMQ 5 gRPC clients behind a proxy: the console sees their connections only when asked with the proxy's address. */
  readonly behindProxy: boolean;
  clients: ConsumerClient[];
  subscriptions: Subscription[];
  statsFailed: boolean;
  /** Bumped whenever ownership of queues may have changed. */
  version: number;
}

/** One queue of one subscription, as read at a point in time. */
export interface QueueReading {
  brokerOffset: number;
  consumerOffset: number;
  lastTimestamp: number;
  /** The client whose pace moves the queue (for a POP group: the one it is handed to, though it owns none). */
  owner: ConsumerClient | null;
  /** What the console shows as clientInfo: null for unassigned queues, POP groups and groups behind a proxy. */
  clientInfo: string | null;
}

export type ClientRef = string | ConsumerClient;

export interface NewClient {
  readonly shape?: ClientShape;
  readonly ip?: string;
  readonly pid?: number;
  readonly rateFactor?: number;
  readonly delayMs?: number;
}

export interface NewGroup {
  readonly name: string;
  /** Default clustering-online. */
  readonly kind?: GroupKind;
  readonly topics: readonly string[];
  /** A count of default clients, or their specs; default 2 (0 for offline). */
  readonly clients?: number | readonly NewClient[];
  readonly consumeType?: ConsumeType;
}

export interface NewTopic {
  readonly name: string;
  /** Default 8 on every broker. */
  readonly queuesPerBroker?: number;
  /** Messages per second over the topic; default 10. */
  readonly ratePerSec?: number;
  readonly messageType?: MessageType;
  /** Broker offset of every queue at creation; default 0. */
  readonly baseOffset?: number;
  /** Existing groups that subscribe to it. */
  readonly groups?: readonly string[];
}

export interface RewindOptions {
  /** Move back this many messages per queue. */
  readonly messages?: number;
  /** Or move to the broker offset at this time (ms), like resetOffsetByTime. */
  readonly toTime?: number;
  /** Only this topic; default every subscribed topic. */
  readonly topic?: string;
}
