// The official apache/rocketmq-exporter's families (COMPAT_OFFICIAL), from the snapshot's known rows: rendered once per
// walk, after the lag families.
import { Summer } from '../lag/snapshot.js';
import type { LabelledValue, Snapshot } from '../lag/types.js';
import { COMPAT_FAMILIES, type Family } from './families.js';
import type { TextWriter } from './text.js';

const SEP = '\u0000';
const RETRY = '%RETRY%';
const DLQ = '%DLQ%';
// The official exporter labels msgModel with MessageModel's ordinal: CLUSTERING is 1 (only clustering groups have lag).
const CLUSTERING = '1';

/** A table's samples, those whose value is unknown (NaN) left out. */
function* writeKnown(w: TextWriter, f: Family, table: Summer): Generator<string, void, undefined> {
  yield* w.family(f, table.values().filter((v) => !Number.isNaN(v.value)));
}

export function* compatFamilyText(snapshot: Snapshot, w: TextWriter): Generator<string, void, undefined> {
  const f = COMPAT_FAMILIES;
  const clusterOf = (broker: string): string => snapshot.clusters?.clusterOf.get(broker) ?? '';
  // A topic and group with an unknown row: any sum of it would be a smaller number in disguise.
  const unknown = new Set(snapshot.rollups.unknownByTopicGroup.map((u) => u.labels.join(SEP)));
  const online = new Map(snapshot.groups.map((g) => [g.group, g.onlineClients === undefined ? '' : String(g.onlineClients)]));

  const diff: LabelledValue[] = [];
  const retryDiff: LabelledValue[] = [];
  // The lag of each topic and group, summed once already for msg_diff_topic_consumergroup.
  for (const { labels: [topic = '', group = ''], value } of snapshot.rollups.byTopicGroup) {
    if (topic.startsWith(DLQ) || unknown.has(topic + SEP + group)) continue;
    (topic.startsWith(RETRY) ? retryDiff : diff).push({ labels: [group, topic, online.get(group) ?? '', CLUSTERING], value });
  }
  const consumerOffset = new Summer();
  const latency = new Summer();
  const accumulation = new Summer();
  const rows = snapshot.rows;
  // Every row, those MAX_SERIES leaves out of the per-queue families included.
  for (let i = 0; i < rows.total; i++) {
    const topic = rows.topic(i);
    const group = rows.group(i);
    if (unknown.has(topic + SEP + group)) continue;
    const broker = rows.broker(i);
    const cluster = clusterOf(broker);
    const perBroker = [cluster, broker, topic, group];
    const key = perBroker.join(SEP);
    consumerOffset.entry(key, 0, perBroker).value += rows.consumerOffset(i);
    // The worst queue; NaN (unknown) stays once it is in.
    const worst = latency.entry(key, 0, perBroker);
    const ms = Math.round(rows.lagSeconds(i) * 1000);
    if (Number.isNaN(ms) || ms > worst.value) worst.value = ms;
    accumulation.entry([cluster, group, topic].join(SEP), 0, [cluster, group, topic]).value += rows.lag(i);
    if (i % 4096 === 4095 && w.full) yield w.take();
  }
  const producerOffset = new Summer();
  for (const b of snapshot.brokerOffsets) {
    const labels = [clusterOf(b.broker), b.broker, b.topic];
    producerOffset.entry(labels.join(SEP), 0, labels).value += b.offset;
  }

  yield* w.family(f.groupDiff, diff);
  yield* w.family(f.groupRetryDiff, retryDiff);
  yield* writeKnown(w, f.consumerOffset, consumerOffset);
  yield* writeKnown(w, f.producerOffset, producerOffset);
  yield* writeKnown(w, f.latencyByStoreTime, latency);
  yield* writeKnown(w, f.messageAccumulation, accumulation);
}
