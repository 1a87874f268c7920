// What each console call costs the cluster (docs/console-api.md "What one call costs the cluster"), computed from the model.

import type { RequestParams } from './faults.js';
import type { FlavourTraits } from './flavours.js';
import type { ClusterModel } from './model.js';
import type { ConsumerGroup } from './entities.js';

/** RPCs one console call makes: to the name server, to brokers, and relayed to consumer processes (GET_CONSUMER_RUNNING_INFO). */
export interface CallCost {
  readonly namesrv: number;
  readonly broker: number;
  readonly relays: number;
}

export interface EndpointCost extends CallCost {
  /** Requests its handler answered (faulted, refused and unknown requests are not counted). */
  readonly requests: number;
}

export interface ConsoleCost extends CallCost {
  /** namesrv + broker + relays. */
  readonly rpcs: number;
  /** Endpoint path (e.g. `topic/list.query`) -> what its answered requests cost. */
  readonly byEndpoint: Record<string, EndpointCost>;
}

const FREE: CallCost = Object.freeze({ namesrv: 0, broker: 0, relays: 0 });

interface Call {
  readonly params: RequestParams;
  readonly model: ClusterModel;
  readonly traits: FlavourTraits;
}

const cost = (namesrv: number, broker: number, relays: number): CallCost => ({ namesrv, broker, relays });

/** Consumer processes the console relays to: none for a group behind a proxy, whose connections the brokers do not know. */
const clientsOf = (group: ConsumerGroup | undefined): number => (group === undefined || group.behindProxy ? 0 : group.clients.length);

/** Broker addresses given in `address`, or undefined when the parameter is missing. */
function addressCount(params: RequestParams): number | undefined {
  return params['address']?.split(',').length;
}

function topicList({ params, traits }: Call): CallCost {
  // Console 1.0 has no %SYS% marking, so it never asks for the system topic list (namesrv, then one broker).
  const lookup = traits.markSystemTopics && params['skipSysProcess'] !== 'true' ? 1 : 0;
  return cost(1 + lookup, lookup, 0);
}

function queryConsumerByTopic({ params, model }: Call): CallCost {
  const name = params['topic'];
  if (name === undefined) return FREE; // Spring refuses a missing parameter before the controller runs.
  const topic = model.topic(name);
  if (topic === undefined) return cost(1, 0, 0); // The route lookup at the name server is what fails.
  const subs = model.listedSubscriptions(topic);
  const relays = subs.reduce((n, s) => n + clientsOf(s.group), 0);
  return cost(1 + subs.length, 1 + (model.brokers.length + 1) * subs.length, relays);
}

function queryTopicConsumerInfo({ params, model }: Call): CallCost {
  const name = params['topic'];
  if (name === undefined) return FREE;
  // queryTopicConsumeByWho: the topic's route, then one broker.
  return model.topic(name) === undefined ? cost(1, 0, 0) : cost(1, 1, 0);
}

function groupList({ params, model, traits }: Call): CallCost {
  if (traits.groupListCache) return FREE; // Dashboard 2.1 answers from its cache; building it is not counted.
  const skipSystem = traits.v2 && params['skipSysGroup'] === 'true';
  const groups = model.groups().filter((g) => !(skipSystem && g.system)).length;
  const b = model.brokers.length;
  // Dashboard 2.0 asks every broker once more per group, for the group's address list.
  const perGroup = b + 1 + (traits.v2 ? b : 0);
  return cost(groups, b + perGroup * groups, 0);
}

/** Whether the console finds no offset table (or the stats RPC fails) and stops before the connection lookup. */
function stopsAfterStats(group: ConsumerGroup | undefined): boolean {
  return group === undefined || !group.committed || group.messageModel === 'BROADCASTING' || group.subscriptions.length === 0 || group.statsFailed;
}

function queryTopicByConsumer({ params, model, traits }: Call): CallCost {
  if (params['consumerGroup'] === undefined) return FREE;
  const addresses = addressCount(params);
  if (traits.requiresAddress && addresses === undefined) return FREE; // Fails on the missing address before any RPC.
  // Stats RPCs: every broker, or the addresses read (2.0 reads only the first; an unknown one still costs its attempt);
  // 2.x repeats the connection lookup per address read.
  const stats = !traits.requiresAddress ? model.brokers.length : traits.everyAddress ? (addresses ?? 0) : 1;
  const rounds = traits.requiresAddress ? stats : 1;
  const group = model.group(params['consumerGroup']);
  // An empty offset table (or failing stats) ends the call after the stats RPCs: no connection lookup, no relays.
  if (stopsAfterStats(group)) return cost(1, stats, 0);
  return cost(1, stats + rounds, clientsOf(group) * rounds);
}

function consumerConnection({ params, traits }: Call): CallCost {
  if (params['consumerGroup'] === undefined) return FREE;
  if (traits.requiresAddress && params['address'] === undefined) return FREE;
  return cost(0, 1, 0);
}

function groupQuery({ params, model }: Call): CallCost {
  if (params['consumerGroup'] === undefined) return FREE;
  return cost(1, model.brokers.length + 1, 0);
}

function topicStats({ params, model }: Call): CallCost {
  const name = params['topic'];
  if (name === undefined) return FREE;
  return model.topic(name) === undefined ? cost(1, 0, 0) : cost(1, model.brokers.length, 0);
}

function clusterList({ model }: Call): CallCost {
  // ClusterServiceImpl.list fetches runtime stats from every address of every broker, slaves included.
  return cost(1, model.brokers.reduce((n, b) => n + 1 + b.slaveAddrs.length, 0), 0);
}

const COSTS: ReadonlyMap<string, (call: Call) => CallCost> = new Map([
  ['topic/list.query', topicList],
  ['topic/queryConsumerByTopic.query', queryConsumerByTopic],
  ['topic/queryTopicConsumerInfo.query', queryTopicConsumerInfo],
  ['topic/stats.query', topicStats],
  ['consumer/groupList.query', groupList],
  ['consumer/group.query', groupQuery],
  ['consumer/queryTopicByConsumer.query', queryTopicByConsumer],
  ['consumer/consumerConnection.query', consumerConnection],
  ['cluster/list.query', clusterList],
]);

/** What the real console's answer to one call costs the cluster; every endpoint not listed (login, homePage, dashboard/*, proxy/*, queryTopicType) is free. */
export function costOf(endpoint: string, params: RequestParams, model: ClusterModel, traits: FlavourTraits): CallCost {
  return COSTS.get(endpoint)?.({ params, model, traits }) ?? FREE;
}

/** Adds up the cost of answered requests, in total and per endpoint. */
export class CostLedger {
  private byEndpoint = new Map<string, EndpointCost>();

  add(endpoint: string, call: CallCost): void {
    const seen = this.byEndpoint.get(endpoint) ?? { requests: 0, namesrv: 0, broker: 0, relays: 0 };
    this.byEndpoint.set(endpoint, {
      requests: seen.requests + 1,
      namesrv: seen.namesrv + call.namesrv,
      broker: seen.broker + call.broker,
      relays: seen.relays + call.relays,
    });
  }

  snapshot(): ConsoleCost {
    let namesrv = 0;
    let broker = 0;
    let relays = 0;
    for (const c of this.byEndpoint.values()) {
      namesrv += c.namesrv;
      broker += c.broker;
      relays += c.relays;
    }
    return { namesrv, broker, relays, rpcs: namesrv + broker + relays, byEndpoint: Object.fromEntries(this.byEndpoint) };
  }

  reset(): void {
    this.byEndpoint = new Map();
  }
}
