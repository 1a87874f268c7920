// Renders a snapshot's lag families as Prometheus text, once per snapshot: the hot path of every scrape.
import { GROUP_STATUSES, type LabelledValue, type QueueLag, type Snapshot } from '../lag/types.js';

export interface FamilyDoc {
  readonly name: string;
  readonly labels: readonly string[];
  readonly help: string;
  /** Only rendered when QUEUE_DETAIL is on. */
  readonly perQueue: boolean;
}

const DETAIL = ['topic', 'consumerGroup', 'broker', 'queueId', 'consumerClientIP', 'consumerClientPID'] as const;

/** Every lag-domain family, by suffix after the prefix; the README's metrics table follows this list. */
export const LAG_FAMILIES = {
  detail: { name: 'msg_diff_detail', labels: DETAIL, perQueue: true,
    help: 'Unconsumed messages of one queue for one clustering consumer group, with the client owning the queue (messages).' },
  topic: { name: 'msg_diff_topic', labels: ['topic'], perQueue: false,
    help: 'Unconsumed messages of a topic, summed over its clustering consumer groups and queues (messages).' },
  group: { name: 'msg_diff_consumergroup', labels: ['consumerGroup'], perQueue: false,
    help: 'Unconsumed messages of a consumer group, summed over its topics (retry topics included) and queues (messages).' },
  topicGroup: { name: 'msg_diff_topic_consumergroup', labels: ['topic', 'consumerGroup'], perQueue: false,
    help: 'Unconsumed messages of a consumer group on one topic, summed over queues (messages).' },
  broker: { name: 'msg_diff_broker', labels: ['broker'], perQueue: false,
    help: 'Unconsumed messages on a broker, summed over topics, groups and queues (messages).' },
  queue: { name: 'msg_diff_queue', labels: ['broker', 'queueId'], perQueue: false,
    help: 'Unconsumed messages of one queue id on a broker, summed over topics and groups (messages).' },
  client: { name: 'msg_diff_clientinfo', labels: ['consumerClientIP', 'consumerClientPID'], perQueue: false,
    help: 'Unconsumed messages in the queues owned by one consumer process; empty IP and PID for unowned queues (messages).' },
  queueLagSeconds: { name: 'queue_lag_seconds', labels: ['topic', 'consumerGroup', 'broker', 'queueId'], perQueue: true,
    help: 'Age of the last consumed message of a lagging queue, an upper bound on how far behind the consumer is; 0 when caught up (seconds).' },
  maxLagSeconds: { name: 'consumergroup_topic_max_lag_seconds', labels: ['topic', 'consumerGroup'], perQueue: false,
    help: 'Worst queue_lag_seconds of a consumer group on one topic (seconds).' },
  consumerOffset: { name: 'consumer_offset', labels: ['topic', 'consumerGroup', 'broker', 'queueId'], perQueue: true,
    help: 'Committed consumer offset of one queue for one consumer group; rate() is the consume rate (messages).' },
  brokerOffset: { name: 'broker_offset', labels: ['topic', 'broker', 'queueId'], perQueue: true,
    help: 'Max offset of one queue on its broker; rate() is the produce rate (messages).' },
  groupInfo: { name: 'consumergroup_info', labels: ['consumerGroup', 'messageModel', 'consumeType', 'version'], perQueue: false,
    help: 'Consumer group facts from the console; always 1. UNKNOWN when the console did not say.' },
  groupClients: { name: 'consumergroup_online_clients', labels: ['consumerGroup'], perQueue: false,
    help: 'Consumer processes online in a consumer group (processes).' },
  groupTps: { name: 'consumergroup_consume_tps', labels: ['consumerGroup'], perQueue: false,
    help: 'Consume rate of a consumer group as the console reports it (messages per second).' },
  groupStatus: { name: 'consumergroup_status', labels: ['consumerGroup', 'status'], perQueue: false,
    help: 'Consumer group health, 1 for the current status: ok, stalled (lag and no offset moved since the last walk), offline (no client), broadcast (offsets on clients, no lag), uncommitted (no offset ever committed, no lag), unknown.' },
} as const satisfies Record<string, FamilyDoc>;

export function renderLagFamilies(snapshot: Snapshot, prefix: string, queueDetail: boolean): Buffer[] {
  return Array.from(lagFamilyText(snapshot, prefix, queueDetail), (text) => Buffer.from(text));
}

/**
 * The lag families as Prometheus text, one chunk of about CHUNK_CHARS at a time, so that a caller can give the
 * event loop back between chunks, and encode each into a buffer it reuses.
 */
export function* lagFamilyText(snapshot: Snapshot, prefix: string, queueDetail: boolean): Generator<string, void, undefined> {
  const w = new Writer(prefix);
  const f = LAG_FAMILIES;
  const rows = snapshot.rows;

  if (queueDetail) {
    const heads = new QueueHeads(w, f.detail);
    for (const r of rows) {
      w.text(heads.of(r) + '",consumerClientIP="' + w.escape(r.clientIp) + '",consumerClientPID="' + w.escape(r.clientPid)
        + '"} ' + formatValue(r.lag) + '\n');
      if (w.full) yield w.take();
    }
  }
  yield* w.family(f.topic, snapshot.rollups.byTopic);
  yield* w.family(f.group, snapshot.rollups.byGroup);
  yield* w.family(f.topicGroup, snapshot.rollups.byTopicGroup);
  yield* w.family(f.broker, snapshot.rollups.byBroker);
  yield* w.family(f.queue, snapshot.rollups.byQueue);
  yield* w.family(f.client, snapshot.rollups.byClient);

  if (queueDetail) {
    const heads = new QueueHeads(w, f.queueLagSeconds);
    for (const r of rows) {
      if (r.lagSeconds < 0) continue;
      w.text(heads.of(r) + '"} ' + formatValue(r.lagSeconds) + '\n');
      if (w.full) yield w.take();
    }
  }
  yield* w.family(f.maxLagSeconds, snapshot.rollups.maxLagSecondsByTopicGroup.filter((v) => v.value >= 0));

  if (queueDetail) {
    const heads = new QueueHeads(w, f.consumerOffset);
    for (const r of rows) {
      w.text(heads.of(r) + '"} ' + formatValue(r.consumerOffset) + '\n');
      if (w.full) yield w.take();
    }
    w.header(f.brokerOffset);
    for (const b of snapshot.brokerOffsets) {
      w.sample(f.brokerOffset.name, [b.topic, b.broker, String(b.queueId)], f.brokerOffset.labels, b.offset);
      if (w.full) yield w.take();
    }
  }

  w.header(f.groupInfo);
  for (const g of snapshot.groups) {
    w.sample(f.groupInfo.name, [g.group, g.messageModel, g.consumeType, g.version], f.groupInfo.labels, 1);
  }
  w.header(f.groupClients);
  for (const g of snapshot.groups) w.sample(f.groupClients.name, [g.group], f.groupClients.labels, g.onlineClients);
  w.header(f.groupTps);
  for (const g of snapshot.groups) {
    if (g.consumeTps !== undefined) w.sample(f.groupTps.name, [g.group], f.groupTps.labels, g.consumeTps);
  }
  w.header(f.groupStatus);
  for (const g of snapshot.groups) {
    for (const status of GROUP_STATUSES) {
      w.sample(f.groupStatus.name, [g.group, status], f.groupStatus.labels, status === g.status ? 1 : 0);
    }
    if (w.full) yield w.take();
  }
  if (!w.empty) yield w.take();
}

// About 64 KiB per chunk: few enough chunks to be cheap, small enough to stay out of V8's large-object space.
const CHUNK_CHARS = 64 * 1024;

/** Accumulates exposition text; label values are escaped once and cached, since names repeat a lot. */
class Writer {
  private out = '';
  private readonly escaped = new Map<string, string>();

  constructor(readonly prefix: string) {}

  get full(): boolean {
    return this.out.length >= CHUNK_CHARS;
  }

  get empty(): boolean {
    return this.out === '';
  }

  take(): string {
    const chunk = this.out;
    this.out = '';
    return chunk;
  }

  text(text: string): void {
    this.out += text;
  }

  header(doc: FamilyDoc): void {
    const name = this.prefix + '_' + doc.name;
    this.out += '# HELP ' + name + ' ' + doc.help + '\n# TYPE ' + name + ' gauge\n';
  }

  *family(doc: FamilyDoc, values: readonly LabelledValue[]): Generator<string, void, undefined> {
    this.header(doc);
    for (const v of values) {
      this.sample(doc.name, v.labels, doc.labels, v.value);
      if (this.full) yield this.take();
    }
  }

  sample(name: string, values: readonly string[], labels: readonly string[], value: number): void {
    let line = this.prefix + '_' + name + '{';
    for (let i = 0; i < labels.length; i++) {
      if (i > 0) line += ',';
      line += labels[i] + '="' + this.escape(values[i] ?? '') + '"';
    }
    this.out += line + '} ' + formatValue(value) + '\n';
  }

  escape(value: string): string {
    let e = this.escaped.get(value);
    if (e === undefined) {
      e = NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
      this.escaped.set(value, e);
    }
    return e;
  }
}

/**
 * `name{topic="…",consumerGroup="…",broker="…",queueId="…` of a per-queue family's row. Rows come in runs of one
 * topic and group (one console answer each), so the topic and group part is built once per run.
 */
class QueueHeads {
  private readonly name: string;
  private topic: string | undefined;
  private group: string | undefined;
  private head = '';

  constructor(private readonly w: Writer, doc: FamilyDoc) {
    w.header(doc);
    this.name = w.prefix + '_' + doc.name;
  }

  of(r: QueueLag): string {
    if (r.topic !== this.topic || r.group !== this.group) {
      this.topic = r.topic;
      this.group = r.group;
      this.head = this.name + '{topic="' + this.w.escape(r.topic) + '",consumerGroup="' + this.w.escape(r.group) + '",broker="';
    }
    return this.head + this.w.escape(r.broker) + '",queueId="' + r.queueId;
  }
}

const NEEDS_ESCAPE = /[\\"\n]/;

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return String(Math.round(value * 1000) / 1000);
}
