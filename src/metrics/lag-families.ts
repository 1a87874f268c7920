// Renders a snapshot's lag families as Prometheus text, once per snapshot: the hot path of every scrape.
import type { QueueRows } from '../lag/queue-rows.js';
import type { GroupSummary, LabelledValue, Snapshot } from '../lag/types.js';
import { compatFamilyText } from './compat-families.js';
import { CLIENT_LABELS, LAG_FAMILIES, QUEUE_LABELS, type Family } from './families.js';
import { formatValue, TextWriter } from './text.js';

export function renderLagFamilies(snapshot: Snapshot, prefix: string, families: ReadonlySet<string>, compatOfficial = false): Buffer[] {
  return Array.from(lagFamilyText(snapshot, prefix, families, compatOfficial), (text) => Buffer.from(text));
}

/**
 * The lag families as Prometheus text, one chunk of about CHUNK_CHARS at a time, so that a caller can give the
 * event loop back between chunks, and encode each into a buffer it reuses.
 */
export function* lagFamilyText(
  snapshot: Snapshot, prefix: string, families: ReadonlySet<string>, compatOfficial = false,
): Generator<string, void, undefined> {
  const w = new TextWriter(prefix);
  const f = LAG_FAMILIES;
  const rows = snapshot.rows;
  const on = (family: Family) => families.has(family.name);
  const rollup = function* (family: Family, values: readonly LabelledValue[]) {
    if (on(family)) yield* w.family(family, values);
  };

  if (on(f.detail)) {
    const heads = new QueueHeads(w, f.detail);
    const ipLabel = '",' + CLIENT_LABELS[0] + '="';
    const pidLabel = '",' + CLIENT_LABELS[1] + '="';
    for (let i = 0; i < rows.length; i++) {
      w.text(heads.of(rows, i) + ipLabel + w.escape(rows.clientIp(i)) + pidLabel + w.escape(rows.clientPid(i)) + '"} ' + formatValue(rows.lag(i)) + '\n');
      if (w.full) yield w.take();
    }
  }
  yield* rollup(f.topic, snapshot.rollups.byTopic);
  yield* rollup(f.group, snapshot.rollups.byGroup);
  yield* rollup(f.topicGroup, snapshot.rollups.byTopicGroup);
  yield* rollup(f.broker, snapshot.rollups.byBroker);
  yield* rollup(f.queue, snapshot.rollups.byQueue);
  yield* rollup(f.client, snapshot.rollups.byClient);
  yield* rollup(f.unknown, snapshot.rollups.unknownByTopicGroup);

  if (on(f.queueLagSeconds)) {
    const heads = new QueueHeads(w, f.queueLagSeconds);
    for (let i = 0; i < rows.length; i++) {
      const seconds = rows.lagSeconds(i);
      if (Number.isNaN(seconds)) continue;
      w.text(heads.of(rows, i) + '"} ' + formatValue(seconds) + '\n');
      if (w.full) yield w.take();
    }
  }
  yield* rollup(f.maxLagSeconds, snapshot.rollups.maxLagSecondsByTopicGroup);
  yield* rollup(f.groupMaxLagSeconds, snapshot.rollups.maxLagSecondsByGroup);
  yield* rollup(f.groupTimeLagUnknown, snapshot.rollups.timeLagUnknownByGroup);
  yield* rollup(f.groupMaxLagLowerBound, snapshot.rollups.maxLagSecondsLowerByGroup);
  yield* rollup(f.groupMaxLagUpperBound, snapshot.rollups.maxLagSecondsUpperByGroup);

  if (on(f.consumerOffset)) {
    const heads = new QueueHeads(w, f.consumerOffset);
    for (let i = 0; i < rows.length; i++) {
      w.text(heads.of(rows, i) + '"} ' + formatValue(rows.consumerOffset(i)) + '\n');
      if (w.full) yield w.take();
    }
  }
  if (on(f.brokerOffset)) {
    w.header(f.brokerOffset);
    for (const b of snapshot.brokerOffsets) {
      w.sample(f.brokerOffset, [b.topic, b.broker, String(b.queueId)], b.offset);
      if (w.full) yield w.take();
    }
  }

  const perGroup = function* (family: Family, sample: (g: GroupSummary) => readonly [readonly string[], number] | undefined) {
    if (!on(family)) return;
    w.header(family);
    for (const g of snapshot.groups) {
      const s = sample(g);
      if (s !== undefined) w.sample(family, s[0], s[1]);
      if (w.full) yield w.take();
    }
  };
  yield* perGroup(f.groupInfo, (g) => [[g.group, g.messageModel, g.consumeType, g.version], 1]);
  yield* perGroup(f.groupClients, (g) => (g.onlineClients === undefined ? undefined : [[g.group], g.onlineClients]));
  yield* perGroup(f.groupTps, (g) => (g.consumeTps === undefined ? undefined : [[g.group], g.consumeTps]));
  yield* perGroup(f.groupStatus, (g) => [[g.group, g.status], 1]);
  if (compatOfficial) yield* compatFamilyText(snapshot, w);
  if (!w.empty) yield w.take();
}

/**
 * `name{topic="…",consumerGroup="…",broker="…",queueId="…` of a per-queue family's row (QUEUE_LABELS, which every
 * per-queue family starts with). Rows come in runs of one topic and group (one console answer each), so the topic and
 * group part is built once per run.
 */
class QueueHeads {
  private readonly open: string;
  private readonly groupLabel: string;
  private readonly brokerLabel: string;
  private readonly queueIdLabel: string;
  private topic: string | undefined;
  private group: string | undefined;
  private head = '';

  constructor(private readonly w: TextWriter, f: Family) {
    w.header(f);
    if (QUEUE_LABELS.some((label, i) => f.labels[i] !== label)) {
      throw new Error(`${f.name}: a per-queue family's labels must start with ${QUEUE_LABELS.join(', ')}`);
    }
    const [topic, group, broker, queueId] = QUEUE_LABELS;
    this.open = w.prefix + '_' + f.name + '{' + topic + '="';
    this.groupLabel = '",' + group + '="';
    this.brokerLabel = '",' + broker + '="';
    this.queueIdLabel = '",' + queueId + '="';
  }

  of(rows: QueueRows, i: number): string {
    const topic = rows.topic(i);
    const group = rows.group(i);
    if (topic !== this.topic || group !== this.group) {
      this.topic = topic;
      this.group = group;
      this.head = this.open + this.w.escape(topic) + this.groupLabel + this.w.escape(group) + this.brokerLabel;
    }
    return this.head + this.w.escape(rows.broker(i)) + this.queueIdLabel + rows.queueId(i);
  }
}
