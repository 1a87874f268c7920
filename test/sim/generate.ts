// Builds a blueprint of any size from a ScaleSpec and a seed, with every group kind and clientId shape present.

import {
  CLUSTER_NAME,
  dlqTopicOf,
  popRetryTopicOf,
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

/** The RocketMQ 5 roles of groups, by index: behind a proxy, consuming by POP, forced laggards, the older retry form. */
interface Rocketmq5Roles {
  readonly behindProxy: ReadonlySet<number>;
  readonly pop: ReadonlySet<number>;
  /** Groups given one laggard client whatever the draw: the first behind-proxy non-POP group and the first POP group. */
  readonly laggard: ReadonlySet<number>;
  /** The POP group whose retry topics use the older `%RETRY%group+topic` form: the last, when there are two or more (-1: none). */
  readonly plusForm: number;
}

const NO_ROCKETMQ5: Rocketmq5Roles = { behindProxy: new Set(), pop: new Set(), laggard: new Set(), plusForm: -1 };

/**
 * Picks behind-proxy and POP groups among the online ones with a prng of their own, so that a scale without a
 * proxy (proxyShare 0) draws exactly what it drew before RocketMQ 5 was modelled.
 */
function drawRocketmq5Roles(seed: number, kinds: readonly Kind[], spec: ScaleSpec): Rocketmq5Roles {
  const proxyShare = spec.proxyShare ?? 0;
  const popShare = spec.popShare ?? 0;
  if (proxyShare <= 0) return NO_ROCKETMQ5;
  const prng = new Prng(seed).fork('rocketmq5');
  const online = prng.shuffle(kinds.flatMap((kind, i) => (kind === 'online' ? [i] : [])));
  const wantPop = popShare > 0 ? 2 : 0;
  const wantPlain = popShare < 1 ? 2 : 0;
  const proxied = Math.min(online.length, Math.max(Math.round(online.length * proxyShare), wantPop + wantPlain));
  const fewestPop = Math.min(wantPop, proxied);
  const popCount = popShare <= 0 ? 0 : Math.min(Math.max(Math.round(proxied * popShare), fewestPop), Math.max(fewestPop, proxied - wantPlain));
  const pop = online.slice(0, popCount).sort((a, b) => a - b);
  const plain = online.slice(popCount, proxied).sort((a, b) => a - b);
  const laggard = new Set<number>();
  if (plain[0] !== undefined) laggard.add(plain[0]);
  if (pop[0] !== undefined) laggard.add(pop[0]);
  return { behindProxy: new Set([...pop, ...plain]), pop: new Set(pop), laggard, plusForm: pop.length >= 2 ? (pop[pop.length - 1] as number) : -1 };
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
  const rocketmq5 = drawRocketmq5Roles(seed, kinds, spec);
  const [minClients, maxClients] = spec.clientsPerGroup ?? [1, 4];
  let clientCount = 0;
  let laggards = 0;
  let unassignedCount = 0;
  let statsFailed = 0;
  const laggardShare = spec.laggardShare ?? 0.06;
  const unassignedShare = spec.unassignedShare ?? 0.03;

  // gRPC clients of behind-proxy groups take no covering shape: the others still get every shape in turn.
  let proxyClients = 0;

  const newClient = (shape: ClientShape, domain: string, forceSlow = false): ClientPlan => {
    const index = clientCount++;
    const slow = shape !== 'broadcast' && (forceSlow || (laggards === 0 ? index >= 2 : prng.chance(laggardShare)));
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
  const retryPlan = (name: string): TopicPlan => ({
    name,
    kind: 'retry',
    messageType: 'NORMAL',
    queues: brokers.map((b) => ({ broker: b.name, count: 1 })),
    ratePerSec: prng.chance(0.4) ? Math.round(prng.float(0.01, 0.5) * 1000) / 1000 : 0,
    baseOffset: prng.int(0, 2000),
  });
  const groups: GroupPlan[] = topicsOfGroup.map((topics, i) => {
    const kind = kinds[i] as Kind;
    const domain = prng.pick(DOMAINS);
    const name = `${domain}_${prng.pick(ROLES)}_group_${String(i).padStart(4, '0')}`;
    const clustering = kind !== 'broadcast';
    const proxied = rocketmq5.behindProxy.has(i);
    const pop = rocketmq5.pop.has(i);
    // A POP group retries per subscribed topic (%RETRY%group_topic), and has no %RETRY%group.
    const ownRetry = pop ? topics.map((t) => popRetryTopicOf(name, t, rocketmq5.plusForm === i ? '+' : '_')) : [retryTopicOf(name)];
    ownRetry.forEach((retryName, k) => {
      const plan = retryPlan(retryName);
      // Some retries flow on every POP group's first retry topic.
      retryTopics.push(pop && k === 0 && plan.ratePerSec === 0 ? { ...plan, ratePerSec: Math.round(prng.float(0.05, 0.5) * 1000) / 1000 } : plan);
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
    const clients = Array.from({ length: clientTotal }, (_, c) => {
      if (kind === 'broadcast') return newClient('broadcast', domain);
      if (proxied) {
        proxyClients++;
        return newClient('grpc', domain, rocketmq5.laggard.has(i) && c === clientTotal - 1);
      }
      const covering = clientCount - proxyClients;
      const shape = covering < COVERING_SHAPES.length ? (COVERING_SHAPES[covering] as ClientShape) : pickShape(prng);
      return newClient(shape, domain);
    });
    const unassigned: { topic: string; index: number }[] = [];
    // Behind a proxy the console shows no owner anyway: unassigned queues are drawn for the other online groups.
    if (kind === 'online' && !proxied) {
      for (const topic of topics) {
        if (unassignedCount === 0 || prng.chance(unassignedShare)) {
          unassigned.push({ topic, index: prng.int(0, spec.queuesPerTopic - 1) });
          unassignedCount++;
        }
      }
    }
    const failed = kind === 'online' && statsFailed < (spec.statsFailedGroups ?? 0);
    if (failed) statsFailed++;
    const drawnType = prng.chance(0.05) ? 'CONSUME_ACTIVELY' : 'CONSUME_PASSIVELY';
    return {
      name,
      system: false,
      messageModel: clustering ? 'CLUSTERING' : 'BROADCASTING',
      committed: kind === 'online' || kind === 'offline',
      brokerInternal: false,
      consumeType: pop ? 'CONSUME_POP' : drawnType,
      subGroupType: prng.chance(0.05) ? 'FIFO' : 'NORMAL',
      behindProxy: proxied,
      topics: clustering ? [...topics, ...ownRetry] : topics,
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
