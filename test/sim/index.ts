// The RocketMQ console simulator: a model cluster with known lag, served through the console's HTTP API.

import { LiveClock, ManualClock, type AdjustableClock } from './clock.js';
import { Faults } from './faults.js';
import { traitsOf, type Flavour } from './flavours.js';
import type { ConsoleCost } from './cost.js';
import { ClusterModel } from './model.js';
import { blueprintFor, type ScaleName, type ScaleSpec } from './scales.js';
import { ConsoleServer, type NotLoggedInAnswer, type RequestCounts } from './server.js';
import { Sessions, type Credentials } from './sessions.js';
import { expectedRollups, truthRows, type Rollups, type RowFilter, type TruthRow } from './truth.js';

export { popRetryTopicOf, retryTopicOf, type ConsumeType, type PopRetryForm } from './blueprint.js';
export { DEFAULT_EPOCH_MS, LiveClock, ManualClock, type AdjustableClock, type Clock } from './clock.js';
export type { ClientLabels, ClientShape } from './client-ids.js';
export { CLIENT_SHAPES } from './client-ids.js';
export { costOf, type CallCost, type ConsoleCost, type EndpointCost } from './cost.js';
export type { Fault, FaultKind, FaultOptions, Faults, RequestParams, SimpleFaultKind } from './faults.js';
export { ALL_FLAVOURS, FLAVOURS, isFlavour, SECURE_FLAVOUR, traitsOf, type Flavour, type FlavourTraits } from './flavours.js';
export { consoleErrors } from './messages.js';
export type { ClusterModel } from './model.js';
export type {
  Broker,
  ClientRef,
  ConsumerClient,
  ConsumerGroup,
  GroupKind,
  MessageQueue,
  NewClient,
  NewGroup,
  NewTopic,
  RewindOptions,
  Subscription,
  Topic,
} from './entities.js';
export { ENDPOINTS } from './routes.js';
export { SCALES, SCALE_NAMES, isScaleName, type ScaleName, type ScaleSpec } from './scales.js';
export type { NotLoggedInAnswer, RequestCounts } from './server.js';
export type { Credentials } from './sessions.js';
export { expectedRollups, rollupKey, topicFilters, truthRows, type Rollups, type RowFilter, type TruthRow } from './truth.js';

export interface SimulatorOptions {
  /** Default 'dashboard-1.0'. */
  readonly flavour?: Flavour;
  /** Default 'S'. */
  readonly scale?: ScaleName | ScaleSpec;
  /** Default 1. */
  readonly seed?: number;
  /** 'frozen' (default: a ManualClock at DEFAULT_EPOCH_MS), 'live', or a clock of your own. */
  readonly clock?: 'frozen' | 'live' | AdjustableClock;
  /** Default 0 (any free port); always on 127.0.0.1. */
  readonly port?: number;
  /** Session login with these credentials (console-2019 and later). */
  readonly login?: Credentials;
  /** Answer of a guarded endpoint without a session: HTTP 302 (default) or status -1 "user not login". */
  readonly notLoggedIn?: NotLoggedInAnswer;
  /** Servlet context path, e.g. "/console". */
  readonly contextPath?: string;
  /** Delay every answer by this many ms. */
  readonly latencyMs?: number;
  /** Dashboard 2.1: how many groupList requests, from the first, answer "Cache is being built"; default 0. */
  readonly groupListBuildingAnswers?: number;
  /** Serve HTTPS with this key and certificate (PEM): a console behind TLS. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export interface Simulator {
  /** Base URL including the context path, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly flavour: Flavour;
  readonly model: ClusterModel;
  readonly clock: AdjustableClock;
  readonly faults: Faults;
  /** Every lag row the console reports, at the clock's current time. */
  truth(): TruthRow[];
  /** The exporter's expected roll-ups of `rows` (default: truth()). */
  expectedRollups(rows?: readonly TruthRow[], filter?: RowFilter): Rollups;
  requests(): RequestCounts;
  /** Forgets the request counts and the cost (both account for the same traffic). */
  resetRequests(): void;
  /** RPCs the real console would have made for the requests answered so far (docs/console-api.md, test/sim/cost.ts). */
  cost(): ConsoleCost;
  /** Forgets the cost only. */
  resetCost(): void;
  /** Successful logins so far. */
  logins(): number;
  /** Failed login attempts so far. */
  failedLogins(): number;
  /** Drops every session, as a console restart does. */
  expireSessions(): void;
  /** Forgets dashboard 2.1's groupList cache (it is rebuilt on the next request). */
  resetGroupListCache(): void;
  /** Turns the console into another version (sessions stay, the groupList cache goes). */
  setFlavour(flavour: Flavour): void;
  /** Closes every connection, hung ones included. */
  stop(): Promise<void>;
}

function normaliseContextPath(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return '';
  return `/${path.replace(/^\/+|\/+$/g, '')}`;
}

function resolveClock(clock: SimulatorOptions['clock']): AdjustableClock {
  if (clock === undefined || clock === 'frozen') return new ManualClock();
  if (clock === 'live') return new LiveClock();
  return clock;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  let flavour = options.flavour ?? 'dashboard-1.0';
  const traits = traitsOf(flavour);
  if (options.login !== undefined && !traits.supportsLogin) throw new Error(`${flavour} has no login`);
  const seed = options.seed ?? 1;
  const clock = resolveClock(options.clock);
  const model = new ClusterModel(blueprintFor(options.scale ?? 'S', seed), seed, clock);
  const faults = new Faults(seed);
  const sessions = new Sessions(clock, options.login ?? null);
  const contextPath = normaliseContextPath(options.contextPath);
  const server = new ConsoleServer({
    model,
    clock,
    flavour,
    sessions,
    faults,
    contextPath,
    notLoggedIn: options.notLoggedIn ?? 'redirect',
    latencyMs: options.latencyMs ?? 0,
    groupListBuildingAnswers: options.groupListBuildingAnswers ?? 0,
    tls: options.tls,
  });
  const port = await server.listen(options.port ?? 0);
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}${contextPath}`,
    port,
    get flavour() {
      return flavour;
    },
    model,
    clock,
    faults,
    truth: () => truthRows(model),
    expectedRollups: (rows, filter) => expectedRollups(rows ?? truthRows(model), filter),
    requests: () => server.requests(),
    resetRequests: () => {
      server.resetRequests();
      server.resetCost();
    },
    cost: () => server.cost(),
    resetCost: () => server.resetCost(),
    logins: () => sessions.counts().succeeded,
    failedLogins: () => sessions.counts().failed,
    expireSessions: () => sessions.expireAll(),
    resetGroupListCache: () => server.groupListCache.reset(),
    setFlavour: (next) => {
      flavour = next;
      server.setFlavour(next);
    },
    stop: () => server.stop(),
  };
}

/** One line describing a model, for logs and the CLI. */
export function describeModel(model: ClusterModel): string {
  const topics = model.topics();
  const byKind = (kind: string) => topics.filter((t) => t.kind === kind).length;
  const groups = model.groups().filter((g) => !g.system);
  const kinds = new Map<string, number>();
  for (const g of groups) kinds.set(model.kindOf(g), (kinds.get(model.kindOf(g)) ?? 0) + 1);
  const rows = topics.reduce((n, t) => n + model.listedSubscriptions(t).length * t.queues.length, 0);
  const proxied = groups.filter((g) => g.behindProxy).length;
  const pop = groups.filter((g) => g.consumeType === 'CONSUME_POP').length;
  // RocketMQ 5 roles are named only where there are some, so the other scales' line is what it was.
  const rocketmq5 = proxied + pop === 0 ? '' : `; ${proxied} behind a proxy, ${pop} POP`;
  const kindText = `${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}${rocketmq5}`;
  return (
    `${model.brokers.length} brokers, ${byKind('normal')} topics (+${byKind('retry')} retry, ${byKind('dlq')} DLQ, ${byKind('system')} system), ` +
    `${groups.length} groups (${kindText}), ${model.clients().length} clients, ${rows} lag rows`
  );
}
