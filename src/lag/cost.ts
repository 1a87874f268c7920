// What the walk costs the cluster: each console call becomes RPCs to the name server, to the brokers, and relays to
// consumer processes (docs/console-api.md, "What one call costs the cluster"). Used to pace walks within a budget and
// exported, so that operators see the exporter's load on their cluster.
import type { Flavour } from '../console/types.js';

/** One console call of a walk, with what its cost depends on. */
export type ConsoleCall =
  | { readonly kind: 'topicList' }
  /** Max offsets of one topic's queues: a route lookup and one RPC per broker. */
  | { readonly kind: 'topicStats' }
  /** `addresses`: broker addresses, masters and slaves. */
  | { readonly kind: 'clusterList'; readonly addresses: number }
  /** `groups`: entries in the answer. */
  | { readonly kind: 'groupList'; readonly groups: number }
  /** `groups`: groups in the answer; `clients`: their online clients, summed. */
  | { readonly kind: 'consumersOfTopic'; readonly groups: number; readonly clients: number }
  /**
   * `addresses`: broker addresses given (dashboard >= 2.0), 0 before; `clients`: the group's online clients; `empty`:
   * no topic in the answer (no offset table: the console stops after the stats RPCs).
   */
  | { readonly kind: 'topicsOfGroup'; readonly addresses: number; readonly clients: number; readonly empty: boolean };

export interface ConsoleCost {
  readonly namesrv: number;
  readonly broker: number;
  /** GET_CONSUMER_RUNNING_INFO relayed to consumer processes: the costliest, it lands on production consumers. */
  readonly relays: number;
}

export const NO_COST: ConsoleCost = { namesrv: 0, broker: 0, relays: 0 };

/** RPCs of every kind, relays included, as the peers' figures count them. */
export function rpcsOf(cost: ConsoleCost): number {
  return cost.namesrv + cost.broker + cost.relays;
}

export function addCosts(a: ConsoleCost, b: ConsoleCost): ConsoleCost {
  return { namesrv: a.namesrv + b.namesrv, broker: a.broker + b.broker, relays: a.relays + b.relays };
}

/** The cost of one call on a console of `flavour` (undefined: not yet known) with `brokers` brokers. */
export function costOf(call: ConsoleCall, flavour: Flavour | undefined, brokers: number): ConsoleCost {
  const b = brokers;
  switch (call.kind) {
    // Sent without skipSysProcess, so that consoles since 2019 mark system topics, for one more RPC of each.
    case 'topicList':
      return flavour === 'console-1.0' ? { namesrv: 1, broker: 0, relays: 0 } : { namesrv: 2, broker: 1, relays: 0 };
    case 'topicStats':
      return { namesrv: 1, broker: b, relays: 0 };
    case 'clusterList':
      return { namesrv: 1, broker: call.addresses, relays: 0 };
    case 'groupList': {
      if (flavour === 'dashboard-2.1') return NO_COST; // served from the dashboard's cache
      const g = call.groups;
      return { namesrv: g, broker: b + (b + 1) * g + (flavour === 'dashboard-2.0' ? b * g : 0), relays: 0 };
    }
    case 'consumersOfTopic':
      return { namesrv: 1 + call.groups, broker: 1 + (b + 1) * call.groups, relays: call.clients };
    case 'topicsOfGroup': {
      // Stats from each broker read, then (unless the offset table is empty) a connection lookup and the relays.
      const { addresses: n, clients, empty } = call;
      const c = empty ? 0 : clients;
      const lookup = empty ? 0 : 1;
      // 2.1 reads every address given, in one call; 2.0 reads only the first, so the client asks once per address.
      if (n > 0 && flavour === 'dashboard-2.1') return { namesrv: 1, broker: n + lookup * n, relays: c * n };
      if (n > 0) return { namesrv: n, broker: n + lookup * n, relays: c * n };
      return { namesrv: 1, broker: b + lookup, relays: c };
    }
  }
}

/** Console budgets per minute, in modelled RPCs (relays included) and in relays. */
export interface ConsoleBudget {
  readonly rpcsPerMinute: number;
  readonly relaysPerMinute: number;
}

/**
 * How long from the start of a walk that cost `cost` to the next, so that walks stay within the budget on average:
 * a walk that cost half a minute's budget waits half a minute. A budget of 0 is no budget.
 */
export function budgetIntervalMs(cost: ConsoleCost, budget: ConsoleBudget): number {
  const share = (spent: number, perMinute: number): number => (perMinute > 0 ? spent / perMinute : 0);
  return 60_000 * Math.max(share(rpcsOf(cost), budget.rpcsPerMinute), share(cost.relays, budget.relaysPerMinute));
}
