// A small hand-made cluster shaped like the fixtures of API.md, with every group kind and clientId shape.

import { CLUSTER_NAME, dlqTopicOf, retryTopicOf, systemGroupPlans, systemTopicPlans, type Blueprint, type BrokerPlan, type ClientPlan, type GroupPlan, type TopicPlan } from './blueprint.js';
import type { ClientShape } from './client-ids.js';
import { HEALTHY_RATE_FACTOR } from './generate.js';

const BROKERS: readonly BrokerPlan[] = [
  { name: 'broker-a', masterAddr: '10.0.1.11:10911', slaveAddrs: ['10.0.1.12:10911'] },
  { name: 'broker-b', masterAddr: '10.0.1.21:10911', slaveAddrs: [] },
];

const onBoth = (count: number): TopicPlan['queues'] => BROKERS.map((b) => ({ broker: b.name, count }));

function topic(name: string, kind: TopicPlan['kind'], queues: TopicPlan['queues'], ratePerSec: number, baseOffset: number): TopicPlan {
  return { name, kind, messageType: name === 'config_topic' ? 'UNSPECIFIED' : 'NORMAL', queues, ratePerSec, baseOffset };
}

function client(shape: ClientShape, ip: string, pid: number, extra: Partial<ClientPlan> = {}): ClientPlan {
  return { shape, ip, hostname: `payment-svc-7d9f8c6b5-${ip.split('.').pop() ?? '0'}x2k`, pid, rateFactor: HEALTHY_RATE_FACTOR, delayMs: 400, backlog: 0, ...extra };
}

function group(name: string, topics: readonly string[], clients: readonly ClientPlan[], extra: Partial<GroupPlan> = {}): GroupPlan {
  return {
    name,
    system: false,
    messageModel: 'CLUSTERING',
    committed: true,
    brokerInternal: false,
    consumeType: 'CONSUME_PASSIVELY',
    subGroupType: 'NORMAL',
    behindProxy: false,
    topics,
    clients,
    offlineAgeMs: 0,
    statsFailed: false,
    unassigned: [],
    ...extra,
  };
}

export function demoBlueprint(): Blueprint {
  const groups: GroupPlan[] = [
    group('order_consumer_group', ['order_topic', retryTopicOf('order_consumer_group')], [client('java49', '10.0.2.15', 5123), client('java49', '10.0.2.16', 1)]),
    group('order_audit_group', ['order_topic', retryTopicOf('order_audit_group')], [], { offlineAgeMs: 2 * 3_600_000 }),
    group('order_cache_broadcast_group', ['order_topic'], [client('broadcast', '10.0.2.13', 0), client('broadcast', '10.0.2.14', 0), client('broadcast', '10.0.2.17', 0)], {
      messageModel: 'BROADCASTING',
      committed: false,
    }),
    group('order_stats_failed_group', ['order_topic', retryTopicOf('order_stats_failed_group')], [client('java48', '10.0.2.20', 2231)], { statsFailed: true }),
    group(
      'payment_group',
      ['payment_topic', 'config_topic', retryTopicOf('payment_group')],
      [
        client('cpp', '10.0.3.4', 2231),
        client('unit', '10.0.3.5', 6),
        client('spring', '10.0.3.6', 4410),
        client('spring-nano', '10.0.3.7', 1),
        client('acl', '10.0.3.8', 7781, { rateFactor: 0.5, backlog: 5000 }),
        client('grpc', '10.0.3.9', 1),
        client('java48', '10.0.3.10', 3310),
      ],
      { unassigned: [{ topic: 'payment_topic', index: 5 }] },
    ),
    group('config_watch_group', ['config_topic', retryTopicOf('config_watch_group')], [client('java49', '10.0.2.30', 1)], { committed: false }),
  ];
  const retryRates: Record<string, [number, number]> = { order_consumer_group: [0.05, 37], payment_group: [0.02, 120] };
  return {
    cluster: CLUSTER_NAME,
    brokers: BROKERS,
    nameservers: ['10.0.0.5:9876', '10.0.0.6:9876'],
    proxies: ['10.0.0.9:8080'],
    topics: [
      topic('order_topic', 'normal', onBoth(4), 150, 1_400_000),
      topic('config_topic', 'normal', onBoth(2), 0.01, 1_200),
      topic('payment_topic', 'normal', onBoth(8), 40, 250_000),
      ...groups.map((g) => {
        const [rate, base] = retryRates[g.name] ?? [0, 0];
        return topic(retryTopicOf(g.name), 'retry', onBoth(1), rate, base);
      }),
      topic(dlqTopicOf('order_consumer_group'), 'dlq', [{ broker: 'broker-a', count: 1 }], 0, 12),
      ...systemTopicPlans(BROKERS),
    ],
    groups: [...groups, ...systemGroupPlans()],
    grpcClientInfoNull: false,
  };
}
