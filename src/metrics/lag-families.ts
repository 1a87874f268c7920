// Renders a snapshot's lag families as Prometheus text, once per snapshot: the hot path of every scrape.
import { GROUP_STATUSES, type LabelledValue, type Snapshot } from '../lag/types.js';

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
  const w = new Writer(prefix);
  const f = LAG_FAMILIES;
  const rows = snapshot.rows;

  if (queueDetail) {
    w.header(f.detail);
    for (const r of rows) {
      w.sample6(f.detail.name, r.topic, r.group, r.broker, String(r.queueId), r.clientIp, r.clientPid, r.lag);
    }
  }
  w.family(f.topic, snapshot.rollups.byTopic);
  w.family(f.group, snapshot.rollups.byGroup);
  w.family(f.topicGroup, snapshot.rollups.byTopicGroup);
  w.family(f.broker, snapshot.rollups.byBroker);
  w.family(f.queue, snapshot.rollups.byQueue);
  w.family(f.client, snapshot.rollups.byClient);

  if (queueDetail) {
    w.header(f.queueLagSeconds);
    for (const r of rows) {
      if (r.lagSeconds >= 0) {
        w.sample(f.queueLagSeconds.name, [r.topic, r.group, r.broker, String(r.queueId)], f.queueLagSeconds.labels, r.lagSeconds);
      }
    }
  }
  w.family(f.maxLagSeconds, snapshot.rollups.maxLagSecondsByTopicGroup.filter((v) => v.value >= 0));

  if (queueDetail) {
    w.header(f.consumerOffset);
    for (const r of rows) {
      w.sample(f.consumerOffset.name, [r.topic, r.group, r.broker, String(r.queueId)], f.consumerOffset.labels, r.consumerOffset);
    }
    w.header(f.brokerOffset);
    for (const b of snapshot.brokerOffsets) {
      w.sample(f.brokerOffset.name, [b.topic, b.broker, String(b.queueId)], f.brokerOffset.labels, b.offset);
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
  }
  return w.finish();
}

// Lines per buffer: one huge string would make V8 flatten a rope of millions of parts, several times slower.
const LINES_PER_CHUNK = 1024;

/** Accumulates exposition text in buffers; label values are escaped once and cached, since names repeat a lot. */
class Writer {
  private out = '';
  private lines = 0;
  private readonly chunks: Buffer[] = [];
  private readonly escaped = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  header(doc: FamilyDoc): void {
    const name = this.prefix + '_' + doc.name;
    this.out += '# HELP ' + name + ' ' + doc.help + '\n# TYPE ' + name + ' gauge\n';
    this.counted();
  }

  family(doc: FamilyDoc, values: readonly LabelledValue[]): void {
    this.header(doc);
    for (const v of values) this.sample(doc.name, v.labels, doc.labels, v.value);
  }

  sample(name: string, values: readonly string[], labels: readonly string[], value: number): void {
    let line = this.prefix + '_' + name + '{';
    for (let i = 0; i < labels.length; i++) {
      if (i > 0) line += ',';
      line += labels[i] + '="' + this.escape(values[i] ?? '') + '"';
    }
    this.out += line + '} ' + formatValue(value) + '\n';
    this.counted();
  }

  // The detail families' six labels, unrolled: this loop runs once per queue row.
  sample6(name: string, topic: string, group: string, broker: string, queueId: string, ip: string, pid: string, value: number): void {
    this.out += this.prefix + '_' + name + '{topic="' + this.escape(topic) + '",consumerGroup="' + this.escape(group)
      + '",broker="' + this.escape(broker) + '",queueId="' + queueId + '",consumerClientIP="' + this.escape(ip)
      + '",consumerClientPID="' + this.escape(pid) + '"} ' + formatValue(value) + '\n';
    this.counted();
  }

  finish(): Buffer[] {
    if (this.out !== '') this.chunks.push(Buffer.from(this.out));
    this.out = '';
    return this.chunks;
  }

  private counted(): void {
    if (++this.lines < LINES_PER_CHUNK) return;
    this.chunks.push(Buffer.from(this.out));
    this.out = '';
    this.lines = 0;
  }

  private escape(value: string): string {
    let e = this.escaped.get(value);
    if (e === undefined) {
      e = NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
      this.escaped.set(value, e);
    }
    return e;
  }
}

const NEEDS_ESCAPE = /[\\"\n]/;

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return String(Math.round(value * 1000) / 1000);
}
