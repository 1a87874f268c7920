// The simulated RocketMQ cluster: brokers, topics, groups and clients, with offsets computed lazily from the clock.

import { retryTopicOf, type Blueprint, type ClientPlan, type GroupPlan, type TopicPlan } from './blueprint.js';
import {
  clientRuntime,
  drawAccessKey,
  drawNano,
  drawPid,
  drawSecretKey,
  expectedLabels,
  formatClientId,
  versionCode,
  type ClientIdParts,
} from './client-ids.js';
import type { Clock } from './clock.js';
import { averageOwners, consumerOffsetAt } from './consumption.js';
import type {
  Broker,
  ClientRef,
  ConsumerClient,
  ConsumerGroup,
  ConsumerTrack,
  GroupKind,
  MessageQueue,
  NewClient,
  NewGroup,
  NewTopic,
  QueueReading,
  RewindOptions,
  Subscription,
  Topic,
} from './entities.js';
import { HEALTHY_RATE_FACTOR } from './generate.js';
import { microPerMs, Production } from './production.js';
import { Prng } from './prng.js';

const MIN_CAP = microPerMs(1);
const UNITS = ['unit-sh', 'unit-bj', 'blue', 'green'];


export class ClusterModel {
  readonly clusterName: string;
  readonly brokers: readonly Broker[];
  /** The name servers the console is pointed at; `switchNameServers` changes them, as a person switching in its UI. */
  nameservers: readonly string[];
  readonly proxies: readonly string[];
  readonly grpcClientInfoNull: boolean;
  /** When the model was built (ms). */
  readonly startedAt: number;
  private readonly topicIndex = new Map<string, Topic>();
  private readonly groupIndex = new Map<string, ConsumerGroup>();
  private readonly brokerIndex = new Map<string, Broker>();
  private readonly clientIndex = new Map<string, ConsumerClient>();
  private readonly issuedSecrets = new Set<string>();
  private readonly prng: Prng;
  private clientSerial = 0;
  private runtimeClients = 0;

  constructor(
    blueprint: Blueprint,
    seed: number,
    readonly clock: Clock,
  ) {
    const now = clock.now();
    this.startedAt = now;
    this.prng = new Prng(seed).fork('model');
    this.clusterName = blueprint.cluster;
    this.nameservers = blueprint.nameservers;
    this.proxies = blueprint.proxies;
    this.grpcClientInfoNull = blueprint.grpcClientInfoNull;
    this.brokers = blueprint.brokers.map((b, index) => ({ name: b.name, index, masterAddr: b.masterAddr, slaveAddrs: b.slaveAddrs }));
    for (const b of this.brokers) this.brokerIndex.set(b.name, b);
    for (const plan of blueprint.topics) this.createTopic(plan, now);
    for (const plan of blueprint.groups) this.createGroup(plan, now);
    this.backlogs.clear();
  }

  // ---- read access

  topics(): Topic[] {
    return [...this.topicIndex.values()];
  }

  topic(name: string): Topic | undefined {
    return this.topicIndex.get(name);
  }

  groups(): ConsumerGroup[] {
    return [...this.groupIndex.values()];
  }

  group(name: string): ConsumerGroup | undefined {
    return this.groupIndex.get(name);
  }

  broker(name: string): Broker | undefined {
    return this.brokerIndex.get(name);
  }

  /** The broker whose master (or a slave) listens on `addr`. */
  brokerByAddr(addr: string): Broker | undefined {
    return this.brokers.find((b) => b.masterAddr === addr || b.slaveAddrs.includes(addr));
  }

  /** Online clients, of one group or of all. */
  clients(group?: string): ConsumerClient[] {
    if (group !== undefined) return [...(this.groupIndex.get(group)?.clients ?? [])];
    return [...this.clientIndex.values()];
  }

  client(ref: ClientRef): ConsumerClient {
    const client = typeof ref === 'string' ? this.clientIndex.get(ref) : ref;
    if (client === undefined || this.clientIndex.get(client.key) !== client) throw new Error(`no online client ${typeof ref === 'string' ? ref : ref.key}`);
    return client;
  }

  /** Every ACL secret key ever put in a clientId: none may reach an exporter's output. */
  secrets(): string[] {
    return [...this.issuedSecrets];
  }

  kindOf(group: ConsumerGroup): GroupKind {
    if (group.messageModel === 'BROADCASTING') return 'broadcast';
    if (!group.committed) return 'never-committed';
    return group.clients.length > 0 ? 'clustering-online' : 'offline';
  }

  /** Whether brokers report the group as consuming: committed offsets, or online clients. */
  isListed(group: ConsumerGroup): boolean {
    return (group.committed && group.messageModel === 'CLUSTERING') || group.clients.length > 0;
  }

  /** Subscriptions of a topic that queryConsumerByTopic reports. */
  listedSubscriptions(topic: Topic): Subscription[] {
    return topic.subscriptions.filter((s) => this.isListed(s.group));
  }

  ownerOf(sub: Subscription, index: number): ConsumerClient | null {
    if (sub.ownersVersion !== sub.group.version) this.allocate(sub);
    return sub.owners[index] ?? null;
  }

  /** Whether `address` (a console request's comma-separated list) names one of the cluster's proxies. */
  namesProxy(address: string | undefined): boolean {
    if (address === undefined || this.proxies.length === 0) return false;
    return address.split(',').some((a) => this.proxies.includes(a.trim()));
  }

  /** Whether the console sees the group's client connections: not behind a proxy, or asked through the proxy. */
  connectionsVisible(group: ConsumerGroup, viaProxy: boolean): boolean {
    return !group.behindProxy || viaProxy;
  }

  clientInfoOf(owner: ConsumerClient | null): string | null {
    if (owner === null || owner.runningInfoFails) return null;
    // The console cannot ask clients behind a proxy, and a POP group owns no queue.
    if (owner.group.behindProxy || owner.group.consumeType === 'CONSUME_POP') return null;
    if (owner.shape === 'grpc' && this.grpcClientInfoNull) return null;
    return owner.clientId;
  }

  /** Reads queue `index` of a subscription at time `now` into `out` (reused to keep the hot path allocation-free). */
  read(sub: Subscription, index: number, now: number, out: QueueReading): QueueReading {
    const queue = sub.topic.queues[index] as MessageQueue;
    const production = queue.production;
    out.brokerOffset = production.offsetAt(now);
    const group = sub.group;
    if (!group.committed || group.messageModel === 'BROADCASTING') {
      out.consumerOffset = 0;
      out.lastTimestamp = 0;
    } else {
      const offset = consumerOffsetAt(sub.tracks[index] as ConsumerTrack, production, now);
      out.consumerOffset = offset;
      out.lastTimestamp = offset > 0 ? production.storeTime(offset - 1, now) : 0;
    }
    out.owner = this.ownerOf(sub, index);
    out.clientInfo = this.clientInfoOf(out.owner);
    return out;
  }

  /** Messages per second the group consumes now (what the console shows as consumeTps). */
  consumeTps(group: ConsumerGroup, now: number): number {
    if (!group.committed || group.messageModel === 'BROADCASTING') return 0;
    let tps = 0;
    for (const sub of group.subscriptions) {
      for (const queue of sub.topic.queues) {
        const track = sub.tracks[queue.index] as ConsumerTrack;
        tps += Math.min(queue.production.microRateAt(now), track.cap) / 1000;
      }
    }
    return Math.floor(tps);
  }

  // ---- controls

  /** The console is pointed at other name servers (another cluster's, say): its home page names them from now on. */
  switchNameServers(addresses: readonly string[]): void {
    this.nameservers = addresses;
  }

  /** Consume capacity as a multiple of the production rate: < 1 falls behind, 0 stalls, >= 1 keeps up (default 4). */
  setClientRate(ref: ClientRef, rateFactor: number): void {
    const client = this.client(ref);
    this.change(client.group, () => {
      client.rateFactor = rateFactor;
    });
  }

  stallClient(ref: ClientRef): void {
    this.setClientRate(ref, 0);
  }

  setGroupRate(name: string, rateFactor: number): void {
    const group = this.requireGroup(name);
    this.change(group, () => {
      for (const client of group.clients) client.rateFactor = rateFactor;
    });
  }

  stallGroup(name: string): void {
    this.setGroupRate(name, 0);
  }

  /** The client goes offline; with `rebalance` (default) the others take its queues, without it they show null until `rebalance`. */
  stopClient(ref: ClientRef, options: { readonly rebalance?: boolean } = {}): void {
    const client = this.client(ref);
    const group = client.group;
    this.change(group, () => {
      for (const sub of group.subscriptions) {
        if (options.rebalance === false) {
          sub.topic.queues.forEach((_, i) => {
            const owner = this.ownerOf(sub, i);
            sub.overrides.set(i, owner === client ? null : owner);
          });
        } else {
          for (const [i, owner] of sub.overrides) if (owner === client) sub.overrides.delete(i);
        }
      }
      group.clients = group.clients.filter((c) => c !== client);
      this.clientIndex.delete(client.key);
    });
  }

  /** A new client joins the group (a rebalance follows). */
  startClient(name: string, spec: NewClient = {}): ConsumerClient {
    const group = this.requireGroup(name);
    let client: ConsumerClient | undefined;
    this.change(group, () => {
      client = this.createClient(group, this.runtimeClientPlan(group, spec), this.clock.now());
      group.clients.push(client);
    });
    return client as ConsumerClient;
  }

  /** Same host, new process: new PID and new nanotime suffix, hence a new clientId. */
  restartClient(ref: ClientRef): ConsumerClient {
    const client = this.client(ref);
    this.change(client.group, () => {
      client.pid = drawPid(this.prng, client.pid);
      client.nano = drawNano(this.prng);
      client.startedAt = this.clock.now();
      this.identify(client);
    });
    return client;
  }

  /** Clears every manual assignment: queues go back to the average allocation. */
  rebalance(name: string): void {
    const group = this.requireGroup(name);
    this.change(group, () => {
      for (const sub of group.subscriptions) sub.overrides.clear();
    });
  }

  /** `to` takes the queue (null: nobody holds it, and it is not consumed). */
  reassignQueue(groupName: string, topicName: string, brokerName: string, queueId: number, to: ClientRef | null): void {
    const group = this.requireGroup(groupName);
    const sub = this.requireSubscription(group, topicName);
    const queue = sub.topic.queues.find((q) => q.broker.name === brokerName && q.queueId === queueId);
    if (queue === undefined) throw new Error(`${topicName} has no queue ${brokerName}/${queueId}`);
    const client = to === null ? null : this.client(to);
    if (client !== null && client.group !== group) throw new Error(`${client.key} is not in ${groupName}`);
    this.change(group, () => {
      sub.overrides.set(queue.index, client);
    });
  }

  /** Moves committed offsets back (they then advance again at the owners' rates). */
  rewindGroup(name: string, options: RewindOptions): void {
    const group = this.requireGroup(name);
    if (options.messages === undefined && options.toTime === undefined) throw new Error('rewind needs messages or toTime');
    this.change(group, () => {
      for (const sub of group.subscriptions) {
        if (options.topic !== undefined && sub.topic.name !== options.topic) continue;
        for (const queue of sub.topic.queues) {
          const track = sub.tracks[queue.index] as ConsumerTrack;
          track.c0 = options.toTime !== undefined ? queue.production.offsetAt(options.toTime) : Math.max(0, track.c0 - (options.messages ?? 0));
        }
      }
    });
  }

  setStatsFailed(name: string, failed: boolean): void {
    this.requireGroup(name).statsFailed = failed;
  }

  setRunningInfoFails(ref: ClientRef, fails: boolean): void {
    this.client(ref).runningInfoFails = fails;
  }

  deleteGroup(name: string): void {
    const group = this.requireGroup(name);
    for (const sub of group.subscriptions) {
      const subs = sub.topic.subscriptions;
      subs.splice(subs.indexOf(sub), 1);
    }
    for (const client of group.clients) this.clientIndex.delete(client.key);
    this.groupIndex.delete(name);
  }

  addGroup(spec: NewGroup): ConsumerGroup {
    if (this.groupIndex.has(spec.name)) throw new Error(`group ${spec.name} exists`);
    for (const t of spec.topics) this.requireTopic(t);
    const kind = spec.kind ?? 'clustering-online';
    const clustering = kind !== 'broadcast';
    const retry = retryTopicOf(spec.name);
    if (!this.topicIndex.has(retry)) {
      this.createTopic(
        { name: retry, kind: 'retry', messageType: 'NORMAL', queues: this.brokers.map((b) => ({ broker: b.name, count: 1 })), ratePerSec: 0, baseOffset: 0 },
        this.clock.now(),
      );
    }
    const specs = spec.clients ?? (kind === 'offline' ? 0 : 2);
    const clients = (typeof specs === 'number' ? Array.from({ length: specs }, (): NewClient => ({})) : specs).map((c) =>
      this.runtimeClientPlan({ name: spec.name }, kind === 'broadcast' ? { ...c, shape: 'broadcast' } : c),
    );
    const group = this.createGroup(
      {
        name: spec.name,
        system: false,
        messageModel: clustering ? 'CLUSTERING' : 'BROADCASTING',
        committed: kind === 'clustering-online' || kind === 'offline',
        brokerInternal: false,
        consumeType: spec.consumeType ?? 'CONSUME_PASSIVELY',
        subGroupType: 'NORMAL',
        behindProxy: false,
        topics: clustering ? [...spec.topics, retry] : spec.topics,
        clients,
        offlineAgeMs: 0,
        statsFailed: false,
        unassigned: [],
      },
      this.clock.now(),
    );
    return group;
  }

  addTopic(spec: NewTopic): Topic {
    if (this.topicIndex.has(spec.name)) throw new Error(`topic ${spec.name} exists`);
    const now = this.clock.now();
    const topic = this.createTopic(
      {
        name: spec.name,
        kind: 'normal',
        messageType: spec.messageType ?? 'NORMAL',
        queues: this.brokers.map((b) => ({ broker: b.name, count: spec.queuesPerBroker ?? 8 })),
        ratePerSec: spec.ratePerSec ?? 10,
        baseOffset: spec.baseOffset ?? 0,
      },
      now,
      true,
    );
    for (const name of spec.groups ?? []) {
      const group = this.requireGroup(name);
      this.change(group, () => {
        this.subscribe(group, topic, now, 0, []);
      });
    }
    return topic;
  }

  deleteTopic(name: string): void {
    const topic = this.requireTopic(name);
    for (const sub of topic.subscriptions) sub.group.subscriptions = sub.group.subscriptions.filter((s) => s !== sub);
    this.topicIndex.delete(name);
  }

  /** Producers of the topic change their rate from now on. */
  setTopicRate(name: string, ratePerSec: number): void {
    const topic = this.requireTopic(name);
    const now = this.clock.now();
    for (const sub of topic.subscriptions) this.freeze(sub, now);
    for (const queue of topic.queues) queue.production.setRate(now, ratePerSec / topic.queues.length);
    for (const sub of topic.subscriptions) this.applyParams(sub, now);
  }

  /** The topic is deleted and created again: broker offsets restart at 0 while committed offsets stay (negative diffs). */
  recreateTopic(name: string): void {
    const topic = this.requireTopic(name);
    const now = this.clock.now();
    for (const sub of topic.subscriptions) this.freeze(sub, now);
    for (const queue of topic.queues) {
      queue.production.restart(now);
      queue.minOffset = 0;
    }
  }

  // ---- building and bookkeeping

  private requireGroup(name: string): ConsumerGroup {
    const group = this.groupIndex.get(name);
    if (group === undefined) throw new Error(`no group ${name}`);
    return group;
  }

  private requireTopic(name: string): Topic {
    const topic = this.topicIndex.get(name);
    if (topic === undefined) throw new Error(`no topic ${name}`);
    return topic;
  }

  private requireSubscription(group: ConsumerGroup, topic: string): Subscription {
    const sub = group.subscriptions.find((s) => s.topic.name === topic);
    if (sub === undefined) throw new Error(`${group.name} does not subscribe to ${topic}`);
    return sub;
  }

  /** Pins every offset line at now, applies a change, then gives each queue its (new) owner's pace. */
  private change(group: ConsumerGroup, mutate: () => void): void {
    const now = this.clock.now();
    for (const sub of group.subscriptions) this.freeze(sub, now);
    mutate();
    group.version++;
    for (const sub of group.subscriptions) this.applyParams(sub, now);
  }

  private freeze(sub: Subscription, now: number): void {
    for (const queue of sub.topic.queues) {
      const track = sub.tracks[queue.index] as ConsumerTrack;
      track.c0 = consumerOffsetAt(track, queue.production, now);
      track.since = now;
    }
  }

  private applyParams(sub: Subscription, now: number): void {
    const group = sub.group;
    for (const queue of sub.topic.queues) {
      const track = sub.tracks[queue.index] as ConsumerTrack;
      const rate = Math.max(queue.production.microRateAt(now), MIN_CAP);
      if (!group.committed || group.messageModel === 'BROADCASTING') {
        track.cap = 0;
      } else if (group.brokerInternal) {
        track.cap = HEALTHY_RATE_FACTOR * rate;
        track.delay = 1000;
      } else {
        const owner = this.ownerOf(sub, queue.index);
        track.cap = owner === null ? 0 : Math.round(owner.rateFactor * rate);
        if (owner !== null) track.delay = owner.delayMs;
      }
    }
  }

  private allocate(sub: Subscription): void {
    const group = sub.group;
    const count = sub.topic.queues.length;
    if (group.clients.length === 0) {
      sub.owners = new Array<ConsumerClient | null>(count).fill(null);
    } else {
      const sorted = [...group.clients].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
      if (group.messageModel === 'BROADCASTING') {
        // Every client holds every queue; the console keeps the last one it asked.
        sub.owners = new Array<ConsumerClient | null>(count).fill(sorted[sorted.length - 1] as ConsumerClient);
      } else {
        sub.owners = averageOwners(count, sorted);
      }
      for (const [i, owner] of sub.overrides) if (i < count && (owner === null || group.clients.includes(owner))) sub.owners[i] = owner;
    }
    sub.ownersVersion = group.version;
  }

  private createTopic(plan: TopicPlan, now: number, fresh = false): Topic {
    const prng = this.prng;
    const queues: MessageQueue[] = [];
    const total = plan.queues.reduce((n, q) => n + q.count, 0);
    const topic: Topic = { name: plan.name, kind: plan.kind, messageType: plan.messageType, queues, subscriptions: [] };
    for (const { broker: brokerName, count } of plan.queues) {
      const broker = this.brokerIndex.get(brokerName);
      if (broker === undefined) throw new Error(`topic ${plan.name} names unknown broker ${brokerName}`);
      for (let queueId = 0; queueId < count; queueId++) {
        const base = fresh ? plan.baseOffset : Math.floor(plan.baseOffset * prng.float(0.9, 1.1));
        // A random fraction, so the last message of each queue was stored at its own time.
        const start = fresh || base === 0 ? base : base + prng.next();
        const rate = plan.ratePerSec === 0 ? 0 : (plan.ratePerSec / total) * (fresh ? 1 : prng.float(0.85, 1.15));
        queues.push({
          topic,
          broker,
          queueId,
          index: queues.length,
          production: new Production(now, start, rate),
          minOffset: fresh ? base : Math.floor(base * prng.float(0.5, 0.9)),
        });
      }
    }
    this.topicIndex.set(plan.name, topic);
    return topic;
  }

  private createGroup(plan: GroupPlan, now: number): ConsumerGroup {
    const group: ConsumerGroup = {
      name: plan.name,
      system: plan.system,
      messageModel: plan.messageModel,
      committed: plan.committed,
      brokerInternal: plan.brokerInternal,
      consumeType: plan.consumeType,
      subGroupType: plan.subGroupType,
      behindProxy: plan.behindProxy,
      clients: [],
      subscriptions: [],
      statsFailed: plan.statsFailed,
      version: 0,
    };
    this.groupIndex.set(plan.name, group);
    group.clients = plan.clients.map((c) => this.createClient(group, c, now));
    for (const name of plan.topics) {
      const topic = this.requireTopic(name);
      const unassigned = plan.unassigned.filter((u) => u.topic === name).map((u) => u.index);
      this.subscribe(group, topic, now, plan.offlineAgeMs, unassigned);
    }
    return group;
  }

  /** Adds a subscription whose committed offsets reflect the group's state at `now`. */
  private subscribe(group: ConsumerGroup, topic: Topic, now: number, offlineAgeMs: number, unassigned: readonly number[]): void {
    const sub: Subscription = {
      group,
      topic,
      subVersion: now - this.prng.int(60_000, 86_400_000),
      overrides: new Map(unassigned.filter((i) => i < topic.queues.length).map((i) => [i, null])),
      tracks: topic.queues.map(() => ({ since: now, c0: 0, cap: 0, delay: 0 })),
      owners: [],
      ownersVersion: -1,
    };
    topic.subscriptions.push(sub);
    group.subscriptions.push(sub);
    if (group.committed && group.messageModel === 'CLUSTERING') {
      for (const queue of topic.queues) {
        const track = sub.tracks[queue.index] as ConsumerTrack;
        const production = queue.production;
        const owner = this.ownerOf(sub, queue.index);
        if (group.brokerInternal) track.c0 = production.offsetAt(now - 1000);
        else if (group.clients.length === 0) track.c0 = production.offsetAt(now - offlineAgeMs);
        else if (owner === null) track.c0 = production.offsetAt(now - 600_000);
        else track.c0 = Math.max(0, production.offsetAt(now - owner.delayMs) - this.initialBacklog(owner));
      }
    }
    this.applyParams(sub, now);
  }

  /** Messages each slow client is behind when the model starts (used while building only). */
  private readonly backlogs = new Map<ConsumerClient, number>();

  private initialBacklog(client: ConsumerClient): number {
    return this.backlogs.get(client) ?? 0;
  }

  private runtimeClientPlan(group: Pick<GroupPlan, 'name'>, spec: NewClient): ClientPlan {
    const n = this.runtimeClients++;
    return {
      shape: spec.shape ?? 'java49',
      ip: spec.ip ?? `10.0.${100 + Math.floor(n / 200)}.${10 + (n % 200)}`,
      hostname: `${group.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${this.prng.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`,
      pid: spec.pid ?? drawPid(this.prng),
      rateFactor: spec.rateFactor ?? HEALTHY_RATE_FACTOR,
      delayMs: spec.delayMs ?? 300,
      backlog: 0,
    };
  }

  private createClient(group: ConsumerGroup, plan: ClientPlan, now: number): ConsumerClient {
    const prng = this.prng;
    const parts: ClientIdParts = {
      shape: plan.shape,
      ip: plan.ip,
      hostname: plan.hostname,
      group: group.name,
      nameserver: this.nameservers[0] ?? '127.0.0.1:9876',
      instanceName: `instance_${prng.int(1, 99)}`,
      unitName: prng.pick(UNITS),
      accessKey: plan.shape === 'acl' ? drawAccessKey(prng) : '',
      secretKey: plan.shape === 'acl' ? drawSecretKey(prng) : '',
      grpcIndex: prng.int(0, 3),
    };
    if (parts.secretKey !== '') this.issuedSecrets.add(parts.secretKey);
    const runtime = clientRuntime(plan.shape);
    const client: ConsumerClient = {
      key: `${group.name}/${this.clientSerial++}`,
      group,
      parts,
      shape: plan.shape,
      ip: plan.ip,
      clientAddr: `${plan.ip}:${prng.int(30000, 65000)}`,
      language: runtime.language,
      versionDesc: runtime.versionDesc,
      versionCode: versionCode(runtime.versionDesc),
      pid: plan.pid,
      nano: drawNano(prng),
      clientId: '',
      labels: { ip: '', pid: '' },
      rateFactor: plan.rateFactor,
      delayMs: plan.delayMs,
      runningInfoFails: false,
      startedAt: now,
    };
    this.identify(client);
    if (plan.backlog > 0) this.backlogs.set(client, plan.backlog);
    this.clientIndex.set(client.key, client);
    return client;
  }

  private identify(client: ConsumerClient): void {
    const identity = { pid: client.pid, nano: client.nano };
    client.clientId = formatClientId(client.parts, identity);
    client.labels = expectedLabels(client.parts, identity);
  }
}
