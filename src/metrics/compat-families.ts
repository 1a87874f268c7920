// The official apache/rocketmq-exporter's families (COMPAT_OFFICIAL), from the snapshot's known rows: rendered once per
// walk, after the lag families.
import type { Snapshot } from '../lag/types.js';
import { COMPAT_FAMILIES, type Family } from './families.js';
import type { TextWriter } from './text.js';

const SEP = '\u0000';
const RETRY = '%RETRY%';
const DLQ = '%DLQ%';
// The official exporter labels msgModel with MessageModel's ordinal: CLUSTERING is 1 (only clustering groups have lag).
const CLUSTERING = '1';

interface Sum {
  readonly labels: readonly string[];
  value: number;
}

/** Sums (or maxima) keyed by their labels, in first-seen order. */
class Table {
  private readonly entries = new Map<string, Sum>();

  add(labels: readonly string[], value: number): void {
    this.entry(labels).value += value;
  }

  max(labels: readonly string[], value: number): void {
    const e = this.entry(labels);
    // NaN (unknown) stays once it is in.
    if (Number.isNaN(value) || value > e.value) e.value = value;
  }

  *write(w: TextWriter, f: Family): Generator<string, void, undefined> {
    w.header(f);
    for (const { labels, value } of this.entries.values()) {
      if (Number.isNaN(value)) continue;
      w.sample(f, labels, value);
      if (w.full) yield w.take();
    }
  }

  private entry(labels: readonly string[]): Sum {
    const key = labels.join(SEP);
    let e = this.entries.get(key);
    if (e === undefined) {
      e = { labels, value: 0 };
      this.entries.set(key, e);
    }
    return e;
  }
}

export function* compatFamilyText(snapshot: Snapshot, w: TextWriter): Generator<string, void, undefined> {
  const f = COMPAT_FAMILIES;
  const clusterOf = (broker: string): string => snapshot.clusters?.clusterOf.get(broker) ?? '';
  // A topic and group with an unknown row: any sum of it would be a smaller number in disguise.
  const unknown = new Set(snapshot.rollups.unknownByTopicGroup.map((u) => u.labels.join(SEP)));
  const online = new Map(snapshot.groups.map((g) => [g.group, g.onlineClients === undefined ? '' : String(g.onlineClients)]));

  const diff = new Table();
  const retryDiff = new Table();
  const consumerOffset = new Table();
  const latency = new Table();
  const accumulation = new Table();
  const rows = snapshot.rows;
  // Every row, those MAX_SERIES leaves out of the per-queue families included.
  for (let i = 0; i < rows.total; i++) {
    const topic = rows.topic(i);
    const group = rows.group(i);
    if (unknown.has(topic + SEP + group)) continue;
    const broker = rows.broker(i);
    const cluster = clusterOf(broker);
    const lag = rows.lag(i);
    if (!topic.startsWith(DLQ)) (topic.startsWith(RETRY) ? retryDiff : diff).add([group, topic, online.get(group) ?? '', CLUSTERING], lag);
    consumerOffset.add([cluster, broker, topic, group], rows.consumerOffset(i));
    latency.max([cluster, broker, topic, group], Math.round(rows.lagSeconds(i) * 1000));
    accumulation.add([cluster, group, topic], lag);
    if (i % 4096 === 4095 && w.full) yield w.take();
  }
  const producerOffset = new Table();
  for (const b of snapshot.brokerOffsets) producerOffset.add([clusterOf(b.broker), b.broker, b.topic], b.offset);

  yield* diff.write(w, f.groupDiff);
  yield* retryDiff.write(w, f.groupRetryDiff);
  yield* consumerOffset.write(w, f.consumerOffset);
  yield* producerOffset.write(w, f.producerOffset);
  yield* latency.write(w, f.latencyByStoreTime);
  yield* accumulation.write(w, f.messageAccumulation);
}
