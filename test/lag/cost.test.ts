import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Flavour } from '../../src/console/types.js';
import { addCosts, budgetIntervalMs, costOf, NO_COST, rpcsOf, type ConsoleBudget, type ConsoleCall, type ConsoleCost } from '../../src/lag/cost.js';

// The expected costs are literal, and agree with docs/console-api.md ("What one call costs the cluster") and with the
// simulator's independent model (test/sim/cost.ts); rows marked "sim:" are the simulator's own literal cases
// (test/sim/cost.test.ts, scale demo: B = 2).

const cost = (namesrv: number, broker: number, relays: number): ConsoleCost => ({ namesrv, broker, relays });
const FREE = cost(0, 0, 0);

/** Every flavour the client can tell, then undefined: not yet known. */
const FLAVOURS: readonly (Flavour | undefined)[] = ['console-1.0', 'console-2019', 'dashboard-1.0', 'dashboard-2.0', 'dashboard-2.1', undefined];

/** Expected costs in the order of FLAVOURS. */
type PerFlavour = readonly [ConsoleCost, ConsoleCost, ConsoleCost, ConsoleCost, ConsoleCost, ConsoleCost];

const everywhere = (c: ConsoleCost): PerFlavour => [c, c, c, c, c, c];

const cases: ReadonlyArray<readonly [string, ConsoleCall, number, PerFlavour]> = [
  // topic/list.query, sent without skipSysProcess: consoles that mark system topics look them up (sim: 1,0,0 and 2,1,0).
  ['topicList: one namesrv RPC on console 1.0, the %SYS% lookup (+1 namesrv, +1 broker) on every later console and when unknown',
    { kind: 'topicList' }, 2, [cost(1, 0, 0), cost(2, 1, 0), cost(2, 1, 0), cost(2, 1, 0), cost(2, 1, 0), cost(2, 1, 0)]],
  ['topicList: the broker count does not matter', { kind: 'topicList' }, 7,
    [cost(1, 0, 0), cost(2, 1, 0), cost(2, 1, 0), cost(2, 1, 0), cost(2, 1, 0), cost(2, 1, 0)]],

  // cluster/list.query: 1 namesrv, one runtime-stats RPC per broker.
  ['clusterList: one namesrv RPC and one per broker address, slaves included, on every console', { kind: 'clusterList', addresses: 3 }, 2, everywhere(cost(1, 3, 0))],
  ['clusterList with 5 brokers and no slave', { kind: 'clusterList', addresses: 5 }, 5, everywhere(cost(1, 5, 0))],

  // consumer/groupList.query: one namesrv RPC per group, B + (B + 1) per group; 2.0 B more per group; 2.1 a cache.
  ['groupList of 15 groups on 2 brokers: 15 namesrv, 2 + 3 × 15 broker; 2.0 + 2 × 15 more; 2.1 free (sim: 15,47,0; 15,77,0; free)',
    { kind: 'groupList', groups: 15 }, 2, [cost(15, 47, 0), cost(15, 47, 0), cost(15, 47, 0), cost(15, 77, 0), FREE, cost(15, 47, 0)]],
  ['groupList of 6 groups on 2 brokers (sim on 2.0: 6,32,0)', { kind: 'groupList', groups: 6 }, 2,
    [cost(6, 20, 0), cost(6, 20, 0), cost(6, 20, 0), cost(6, 32, 0), FREE, cost(6, 20, 0)]],
  ['groupList of 4 groups on 3 brokers: 3 + 4 × 4 broker; 2.0 + 3 × 4 more', { kind: 'groupList', groups: 4 }, 3,
    [cost(4, 19, 0), cost(4, 19, 0), cost(4, 19, 0), cost(4, 31, 0), FREE, cost(4, 19, 0)]],
  ['an empty groupList still reads every broker', { kind: 'groupList', groups: 0 }, 2,
    [cost(0, 2, 0), cost(0, 2, 0), cost(0, 2, 0), cost(0, 2, 0), FREE, cost(0, 2, 0)]],

  // topic/queryConsumerByTopic.query: the same on every console.
  ['consumersOfTopic answering 4 groups with 6 clients on 2 brokers: 1 + 4 namesrv, 1 + 3 × 4 broker, 6 relays (sim: 5,13,6)',
    { kind: 'consumersOfTopic', groups: 4, clients: 6 }, 2, everywhere(cost(5, 13, 6))],
  ['consumersOfTopic of a retry topic: one group, a second round for it (sim: 2,4,7)',
    { kind: 'consumersOfTopic', groups: 1, clients: 7 }, 2, everywhere(cost(2, 4, 7))],
  ['consumersOfTopic answering no group: the route and one broker', { kind: 'consumersOfTopic', groups: 0, clients: 0 }, 2, everywhere(cost(1, 1, 0))],
  ['consumersOfTopic answering 4 groups with 6 clients on 3 brokers', { kind: 'consumersOfTopic', groups: 4, clients: 6 }, 3, everywhere(cost(5, 17, 6))],

  // consumer/queryTopicByConsumer.query: without addresses (console 1.x), stats from every broker, a connection lookup, relays.
  ['topicsOfGroup without addresses, 7 clients, 2 brokers: 1 namesrv, 2 + 1 broker, 7 relays (sim: 1,3,7)',
    { kind: 'topicsOfGroup', addresses: 0, clients: 7, empty: false }, 2, everywhere(cost(1, 3, 7))],
  ['topicsOfGroup without addresses answering nothing: the stats RPCs only (sim: 1,2,0)',
    { kind: 'topicsOfGroup', addresses: 0, clients: 7, empty: true }, 2, everywhere(cost(1, 2, 0))],
  ['topicsOfGroup without addresses, 2 clients, 3 brokers', { kind: 'topicsOfGroup', addresses: 0, clients: 2, empty: false }, 3, everywhere(cost(1, 4, 2))],
  // With addresses: 2.1 reads them all in one call (2 broker RPCs and the relays per address); elsewhere the client
  // asks once per address (2.0 reads only the first), each call 1 namesrv, 1 + 1 broker and the relays.
  ['topicsOfGroup with one address, 7 clients (sim on 2.0 and 2.1: 1,2,7)',
    { kind: 'topicsOfGroup', addresses: 1, clients: 7, empty: false }, 2, everywhere(cost(1, 2, 7))],
  ['topicsOfGroup with two addresses, 7 clients: one call on 2.1 (sim: 1,4,14), two calls elsewhere',
    { kind: 'topicsOfGroup', addresses: 2, clients: 7, empty: false }, 2,
    [cost(2, 4, 14), cost(2, 4, 14), cost(2, 4, 14), cost(2, 4, 14), cost(1, 4, 14), cost(2, 4, 14)]],
  ['topicsOfGroup with two addresses answering nothing: the stats RPCs only (sim on 2.1: 1,2,0)',
    { kind: 'topicsOfGroup', addresses: 2, clients: 7, empty: true }, 2,
    [cost(2, 2, 0), cost(2, 2, 0), cost(2, 2, 0), cost(2, 2, 0), cost(1, 2, 0), cost(2, 2, 0)]],
  ['topicsOfGroup with three addresses and no client: the broker count does not matter',
    { kind: 'topicsOfGroup', addresses: 3, clients: 0, empty: false }, 2,
    [cost(3, 6, 0), cost(3, 6, 0), cost(3, 6, 0), cost(3, 6, 0), cost(1, 6, 0), cost(3, 6, 0)]],
];

for (const [behaviour, call, brokers, expected] of cases) {
  test(`costOf ${behaviour}`, () => {
    assert.deepEqual(FLAVOURS.map((flavour) => costOf(call, flavour, brokers)), expected);
  });
}

test('rpcsOf counts every RPC, relays included', () => {
  assert.deepEqual([rpcsOf(cost(1, 2, 3)), rpcsOf(cost(15, 77, 0)), rpcsOf(NO_COST)], [6, 92, 0]);
});

const sums: ReadonlyArray<readonly [string, ConsoleCost, ConsoleCost, ConsoleCost]> = [
  ['adds each part on its own', cost(1, 2, 3), cost(10, 20, 30), cost(11, 22, 33)],
  ['NO_COST adds nothing', cost(5, 13, 6), NO_COST, cost(5, 13, 6)],
  ['NO_COST is zero everywhere', NO_COST, NO_COST, FREE],
];

for (const [behaviour, a, b, expected] of sums) {
  test(`addCosts ${behaviour}, in either order`, () => {
    assert.deepEqual([addCosts(a, b), addCosts(b, a)], [expected, expected]);
  });
}

// A walk that cost 30,000 RPCs, 6,000 of them relays.
const WALK = cost(8_000, 16_000, 6_000);

const intervals: ReadonlyArray<readonly [string, ConsoleCost, ConsoleBudget, number]> = [
  ['half a minute\'s RPC budget (a quarter of the relay budget) waits half a minute', WALK, { rpcsPerMinute: 60_000, relaysPerMinute: 24_000 }, 30_000],
  ['the relay budget binds when it is the tighter: a whole minute\'s relays waits a minute', WALK, { rpcsPerMinute: 60_000, relaysPerMinute: 6_000 }, 60_000],
  ['a zero RPC budget is no budget: the relay budget alone', WALK, { rpcsPerMinute: 0, relaysPerMinute: 24_000 }, 15_000],
  ['a zero relay budget is no budget: the RPC budget alone', WALK, { rpcsPerMinute: 60_000, relaysPerMinute: 0 }, 30_000],
  ['no budget at all: no wait', WALK, { rpcsPerMinute: 0, relaysPerMinute: 0 }, 0],
  ['a walk costing twice the budget waits two minutes', WALK, { rpcsPerMinute: 15_000, relaysPerMinute: 0 }, 120_000],
  ['relays count against the RPC budget too', cost(0, 0, 6_000), { rpcsPerMinute: 12_000, relaysPerMinute: 0 }, 30_000],
  ['a walk without relays is never held by the relay budget', cost(1_000, 2_000, 0), { rpcsPerMinute: 60_000, relaysPerMinute: 1 }, 3_000],
  ['a walk that cost nothing: no wait', NO_COST, { rpcsPerMinute: 60_000, relaysPerMinute: 24_000 }, 0],
];

for (const [behaviour, spent, budget, expected] of intervals) {
  test(`budgetIntervalMs: ${behaviour}`, () => {
    assert.equal(budgetIntervalMs(spent, budget), expected);
  });
}
