// Named workload sizes (DESIGN.md "Targets") and how a scale becomes a blueprint.

import type { Blueprint } from './blueprint.js';
import { demoBlueprint } from './demo.js';
import { generateBlueprint } from './generate.js';

export type ScaleName = 'demo' | 'S' | 'S5' | 'M' | 'L' | 'XL' | 'L-hepyu';

/** A generated cluster: `topics` user topics, each subscribed by `groupsPerTopic` groups, each with `queuesPerTopic` queues. */
export interface ScaleSpec {
  readonly topics: number;
  readonly groupsPerTopic: number;
  readonly queuesPerTopic: number;
  /** Default 2 (broker-a, broker-b); queues are spread over them. */
  readonly brokers?: number;
  /** Slaves per broker; default 1. */
  readonly slavesPerBroker?: number;
  /** Topics each group subscribes to; default 10, so there are about topics × groupsPerTopic / 10 groups. */
  readonly topicsPerGroup?: number;
  /** Clients of an online clustering group, inclusive range; default [1, 4]. */
  readonly clientsPerGroup?: readonly [number, number];
  /** Shares of the groups that are broadcast / offline / never committed; each kind gets at least one group. */
  readonly broadcastShare?: number;
  readonly offlineShare?: number;
  readonly neverCommittedShare?: number;
  /** Share of online clients that consume slower than production; default 0.06 (at least one). */
  readonly laggardShare?: number;
  /** Share of subscriptions with one queue no client holds; default 0.03 (at least one). */
  readonly unassignedShare?: number;
  /** Online groups whose consume stats fail (empty queueStatInfoList); default 0. */
  readonly statsFailedGroups?: number;
  /** Share of clustering groups with a %DLQ% topic; default 0.3. */
  readonly dlqShare?: number;
  /** Show gRPC clients' queues with null clientInfo, as the real console does; default false (shows the clientId). */
  readonly grpcClientInfoNull?: boolean;
  /**
   * RocketMQ 5: share of the online clustering groups whose (gRPC) clients connect through a proxy; default 0. When > 0,
   * at least 2 such groups do not consume by POP (while popShare < 1) and one of them has a laggard.
   */
  readonly proxyShare?: number;
  /**
   * Share of the behind-proxy groups that consume by POP; default 0. When > 0, at least 2 of them (while there are as
   * many), one with a laggard, and one (when there are two or more) with retry topics of the older `%RETRY%group+topic` form.
   */
  readonly popShare?: number;
}

export const SCALES: Readonly<Record<Exclude<ScaleName, 'demo'>, ScaleSpec>> = {
  S: { topics: 20, groupsPerTopic: 2, queuesPerTopic: 16, topicsPerGroup: 4 },
  // S as a RocketMQ 5.x cluster: half the online groups behind a proxy (gRPC clients), half of those consuming by POP.
  S5: { topics: 20, groupsPerTopic: 2, queuesPerTopic: 16, topicsPerGroup: 4, proxyShare: 0.5, popShare: 0.5 },
  M: { topics: 300, groupsPerTopic: 3, queuesPerTopic: 16 },
  L: { topics: 1000, groupsPerTopic: 4, queuesPerTopic: 16 },
  XL: { topics: 2000, groupsPerTopic: 5, queuesPerTopic: 16 },
  // The hepyu Go exporter's own workload, to compare against it: 4000 one-topic groups, 2 clients each, 8 queues per broker.
  'L-hepyu': { topics: 1000, groupsPerTopic: 4, queuesPerTopic: 16, brokers: 2, topicsPerGroup: 1, clientsPerGroup: [2, 2] },
};

/** Every scale name, for help texts. */
export const SCALE_NAMES: readonly ScaleName[] = ['demo', ...(Object.keys(SCALES) as Exclude<ScaleName, 'demo'>[])];

export function isScaleName(value: string): value is ScaleName {
  return value === 'demo' || Object.hasOwn(SCALES, value);
}

export function blueprintFor(scale: ScaleName | ScaleSpec, seed: number): Blueprint {
  if (scale === 'demo') return demoBlueprint();
  return generateBlueprint(typeof scale === 'string' ? SCALES[scale] : scale, seed);
}
