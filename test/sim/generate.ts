// Builds a blueprint of any size from a ScaleSpec and a seed, with every group kind and clientId shape present.

import {
  CLUSTER_NAME,
  dlqTopicOf,
  retryTopicOf,
  systemGroupPlans,
  systemTopicPlans,
  type Blueprint,
  type BrokerPlan,
  type ClientPlan,
  type GroupPlan,
  type MessageType,
  type TopicPlan,
} from './blueprint.js';
import { drawPid, type ClientShape } from './client-ids.js';
import { Prng } from './prng.js';
import type { ScaleSpec } from './scales.js';

export const HEALTHY_RATE_FACTOR = 4;

const DOMAINS = ['order', 'payment', 'inventory', 'user', 'shipping', 'invoice', 'audit', 'search', 'notify', 'coupon', 'cart', 'review', 'stock', 'price', 'refund', 'ledger'];
const EVENTS = ['created', 'updated', 'events', 'sync', 'changelog', 'commands', 'status', 'snapshot'];
const ROLES = ['consumer', 'indexer', 'sync', 'settle', 'archiver', 'notifier', 'projector', 'worker'];

type Kind = 'online' | 'broadcast' | 'offline' | 'never-committed';

/** Shapes handed out first, so every scale has each of them at least once. */
const COVERING_SHAPES: readonly ClientShape[] = ['java49', 'java48', 'cpp', 'unit', 'spring', 'spring-nano', 'acl', 'grpc'];
const SHAPE_WEIGHTS: readonly (readonly [ClientShape, number])[] = [
  ['java49', 0.55],
  ['java48', 0.12],
  ['cpp', 0.05],
  ['unit', 0.05],
  ['spring', 0.06],
  ['spring-nano', 0.05],
  ['acl', 0.06],
  ['grpc', 0.06],
];

function pickShape(prng: Prng): ClientShape {
  let roll = prng.next();
  for (const [shape, weight] of SHAPE_WEIGHTS) {
    if (roll < weight) return shape;
    roll -= weight;
  }
  return 'java49';
}

function brokerPlans(count: number, slaves: number): BrokerPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `broker-${String.fromCharCode(97 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`;
    const base = (i + 1) * 10 + 1;
    return {
      name,
      masterAddr: `10.0.1.${base}:10911`,
      slaveAddrs: Array.from({ length: slaves }, (_, s) => `10.0.1.${base + s + 1}:10911`),
    };
  });
}

function spread(brokers: readonly BrokerPlan[], total: number): TopicPlan['queues'] {
  const base = Math.floor(total / brokers.length);
  const extra = total % brokers.length;
  return brokers.map((b, i) => ({ broker: b.name, count: base + (i < extra ? 1 : 0) }));
}

function drawMessageType(prng: Prng): MessageType {
  const roll = prng.next();
  return roll < 0.8 ? 'NORMAL' : roll < 0.9 ? 'UNSPECIFIED' : roll < 0.95 ? 'FIFO' : roll < 0.98 ? 'DELAY' : 'TRANSACTION';
}

function drawTopicRate(prng: Prng): number {
  const roll = prng.next();
  const rate = roll < 0.6 ? prng.float(0.1, 5) : roll < 0.9 ? prng.float(5, 50) : prng.float(50, 300);
  return Math.round(rate * 1000) / 1000;
}

/** Group kinds by index: at least one of each non-online kind while the group count allows, the rest online. */
function drawKinds(prng: Prng, count: number, spec: ScaleSpec): Kind[] {
  const kinds: Kind[] = Array.from({ length: count }, () => 'online');
  const wanted: [Kind, number][] = [
    ['broadcast', spec.broadcastShare ?? 0.03],
    ['offline', spec.offlineShare ?? 0.05],
    ['never-committed', spec.neverCommittedShare ?? 0.02],
  ];
  const order = prng.shuffle(Array.from({ length: count }, (_, i) => i));
  let next = 0;
  for (const [kind, share] of wanted) {
    const n = Math.max(1, Math.round(count * share));
    for (let k = 0; k < n && next < count - 1; k++) kinds[order[next++] as number] = kind;
  }
  return kinds;
}

export function generateBlueprint(spec: ScaleSpec, seed: number): Blueprint {
  if (spec.topics < 1 || spec.groupsPerTopic < 1 || spec.queuesPerTopic < 1) throw new RangeError('a scale needs at least one topic, group per topic and queue');
  const prng = new Prng(seed).fork('blueprint');
  const brokers = brokerPlans(spec.brokers ?? 2, spec.slavesPerBroker ?? 1);
  const n = spec.groupsPerTopic;
  const groupCount = Math.max(n, Math.ceil((spec.topics * n) / (spec.topicsPerGroup ?? 10)));

  const userTopics: TopicPlan[] = Array.from({ length: spec.topics }, (_, i) => ({
    name: `${prng.pick(DOMAINS)}_${prng.pick(EVENTS)}_${String(i).padStart(4, '0')}`,
    kind: 'normal',
    messageType: drawMessageType(prng),
    queues: spread(brokers, spec.queuesPerTopic),
    ratePerSec: drawTopicRate(prng),
    baseOffset: prng.int(10_000, 3_000_000),
  }));

  // Each topic gets n distinct groups; consecutive slots modulo the group count spread topics evenly over groups.
  const groupOrder = prng.shuffle(Array.from({ length: groupCount }, (_, i) => i));
  const topicsOfGroup: string[][] = Array.from({ length: groupCount }, () => []);
  userTopics.forEach((topic, i) => {
    for (let k = 0; k < n; k++) (topicsOfGroup[groupOrder[(i * n + k) % groupCount] as number] as string[]).push(topic.name);
  });

  const kinds = drawKinds(prng, groupCount, spec);
  const [minClients, maxClients] = spec.clientsPerGroup ?? [1, 4];
  let clientCount = 0;
  let laggards = 0;
  let unassignedCount = 0;
  let statsFailed = 0;
  const laggardShare = spec.laggardShare ?? 0.06;
  const unassignedShare = spec.unassignedShare ?? 0.03;

  const newClient = (shape: ClientShape, domain: string): ClientPlan => {
    const index = clientCount++;
    const slow = shape !== 'broadcast' && (laggards === 0 ? index >= 2 : prng.chance(laggardShare));
    if (slow) laggards++;
    return {
      shape,
      ip: `10.0.${2 + Math.floor(index / 200)}.${10 + (index % 200)}`,
      hostname: `${domain}-svc-${prng.chars(9, '0123456789abcdef')}-${prng.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`,
      pid: drawPid(prng),
      rateFactor: slow ? Math.round(prng.float(0.3, 0.9) * 100) / 100 : HEALTHY_RATE_FACTOR,
      delayMs: prng.int(50, 1500),
      backlog: slow ? prng.int(500, 50_000) : 0,
    };
  };

  const retryTopics: TopicPlan[] = [];
  const dlqTopics: TopicPlan[] = [];
  const groups: GroupPlan[] = topicsOfGroup.map((topics, i) => {
    const kind = kinds[i] as Kind;
    const domain = prng.pick(DOMAINS);
    const name = `${domain}_${prng.pick(ROLES)}_group_${String(i).padStart(4, '0')}`;
    const clustering = kind !== 'broadcast';
    retryTopics.push({
      name: retryTopicOf(name),
      kind: 'retry',
      messageType: 'NORMAL',
      queues: brokers.map((b) => ({ broker: b.name, count: 1 })),
      ratePerSec: prng.chance(0.4) ? Math.round(prng.float(0.01, 0.5) * 1000) / 1000 : 0,
      baseOffset: prng.int(0, 2000),
    });
    if (clustering && prng.chance(spec.dlqShare ?? 0.3)) {
      dlqTopics.push({
        name: dlqTopicOf(name),
        kind: 'dlq',
        messageType: 'NORMAL',
        queues: [{ broker: (brokers[0] as BrokerPlan).name, count: 1 }],
        ratePerSec: prng.chance(0.5) ? 0.001 : 0,
        baseOffset: prng.int(1, 300),
      });
    }
    const clientTotal =
      kind === 'online' ? prng.int(minClients, maxClients) : kind === 'broadcast' ? prng.int(2, 3) : kind === 'never-committed' ? prng.int(1, 2) : 0;
    const clients = Array.from({ length: clientTotal }, () => {
      if (kind === 'broadcast') return newClient('broadcast', domain);
      const shape = clientCount < COVERING_SHAPES.length ? (COVERING_SHAPES[clientCount] as ClientShape) : pickShape(prng);
      return newClient(shape, domain);
    });
    const unassigned: { topic: string; index: number }[] = [];
    if (kind === 'online') {
      for (const topic of topics) {
        if (unassignedCount === 0 || prng.chance(unassignedShare)) {
          unassigned.push({ topic, index: prng.int(0, spec.queuesPerTopic - 1) });
          unassignedCount++;
        }
      }
    }
    const failed = kind === 'online' && statsFailed < (spec.statsFailedGroups ?? 0);
    if (failed) statsFailed++;
    return {
      name,
      system: false,
      messageModel: clustering ? 'CLUSTERING' : 'BROADCASTING',
      committed: kind === 'online' || kind === 'offline',
      brokerInternal: false,
      consumeType: prng.chance(0.05) ? 'CONSUME_ACTIVELY' : 'CONSUME_PASSIVELY',
      subGroupType: prng.chance(0.05) ? 'FIFO' : 'NORMAL',
      topics: clustering ? [...topics, retryTopicOf(name)] : topics,
      clients,
      offlineAgeMs: kind === 'offline' ? prng.int(3_600_000, 48 * 3_600_000) : 0,
      statsFailed: failed,
      unassigned,
    };
  });

  return {
    cluster: CLUSTER_NAME,
    brokers,
    nameservers: ['10.0.0.5:9876', '10.0.0.6:9876'],
    proxies: ['10.0.0.9:8080'],
    topics: [...userTopics, ...retryTopics, ...dlqTopics, ...systemTopicPlans(brokers)],
    groups: [...groups, ...systemGroupPlans()],
    grpcClientInfoNull: spec.grpcClientInfoNull ?? false,
  };
}
