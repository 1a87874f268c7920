// The naive baseline, in a process of its own: the same snapshot rendered by our render path and by plain
// prom-client Gauges (labels().set() for every row, then registry.metrics()), timed and weighed in one run.
// Run by run.ts with the simulator's URL; answers one JSON object over IPC.
import { Gauge, Registry } from 'prom-client';
import { GroupHistory } from '../src/lag/status.js';
import { buildSnapshot } from '../src/lag/snapshot.js';
import type { QueueLag, Snapshot } from '../src/lag/types.js';
import { helpOf, LAG_FAMILIES, LAG_FAMILY_NAMES, type Family } from '../src/metrics/families.js';
import { renderLagFamilies } from '../src/metrics/lag-families.js';
import { inProcessWalk } from './in-process.js';

export interface BaselineResult {
  readonly rows: number;
  readonly series: number;
  /** Our render of the lag families from a snapshot (ms, median). */
  readonly oursRenderMs: number;
  readonly oursBytes: number;
  /** buildSnapshot from the walk's observations (ms, median). */
  readonly snapshotMs: number;
  /** Naive, per walk: reset, then labels().set() for every row (ms, median). */
  readonly naiveSetMs: number;
  /** Naive, per scrape: registry.metrics() (ms, median). */
  readonly naiveMetricsMs: number;
  readonly naiveBytes: number;
  readonly naiveSeries: number;
  /** Heap the populated naive registry holds, after a full GC (bytes). */
  readonly naiveHeapBytes: number;
}

type Row = readonly [labels: readonly string[], value: number];

const PREFIX = 'rocketmq';
const REPEAT = 5;

/** Every lag family's samples as label values and value, in the order renderLagFamilies writes them. */
function familyRows(s: Snapshot): [Family, Row[]][] {
  const f = LAG_FAMILIES;
  const queue = (r: QueueLag) => [r.topic, r.group, r.broker, String(r.queueId)];
  const rows = [...s.rows];
  const rolled = (values: Snapshot['rollups']['byTopic']): Row[] => values.map((v) => [v.labels, v.value]);
  return [
    [f.detail, rows.map((r) => [[...queue(r), r.clientIp, r.clientPid], r.lag])],
    [f.topic, rolled(s.rollups.byTopic)],
    [f.group, rolled(s.rollups.byGroup)],
    [f.topicGroup, rolled(s.rollups.byTopicGroup)],
    [f.broker, rolled(s.rollups.byBroker)],
    [f.queue, rolled(s.rollups.byQueue)],
    [f.client, rolled(s.rollups.byClient)],
    [f.unknown, rolled(s.rollups.unknownByTopicGroup)],
    [f.queueLagSeconds, rows.filter((r) => !Number.isNaN(r.timeLag.seconds)).map((r) => [queue(r), r.timeLag.seconds])],
    [f.maxLagSeconds, rolled(s.rollups.maxLagSecondsByTopicGroup)],
    [f.groupMaxLagSeconds, rolled(s.rollups.maxLagSecondsByGroup)],
    [f.groupTimeLagUnknown, rolled(s.rollups.timeLagUnknownByGroup)],
    [f.groupMaxLagLowerBound, rolled(s.rollups.maxLagSecondsLowerByGroup)],
    [f.groupMaxLagUpperBound, rolled(s.rollups.maxLagSecondsUpperByGroup)],
    [f.consumerOffset, rows.map((r) => [queue(r), r.consumerOffset])],
    [f.brokerOffset, s.brokerOffsets.map((b) => [[b.topic, b.broker, String(b.queueId)], b.offset])],
    [f.groupInfo, s.groups.map((g) => [[g.group, g.messageModel, g.consumeType, g.version], 1])],
    [f.groupClients, s.groups.flatMap((g): Row[] => (g.onlineClients === undefined ? [] : [[[g.group], g.onlineClients]]))],
    [f.groupTps, s.groups.filter((g) => g.consumeTps !== undefined).map((g) => [[g.group], g.consumeTps ?? 0])],
    [f.groupStatus, s.groups.map((g): Row => [[g.group, g.status], 1])],
  ];
}

function naiveGauges(families: [Family, Row[]][]): { registry: Registry; gauges: [Gauge, Row[]][] } {
  const registry = new Registry();
  const gauges = families.map(([doc, rows]): [Gauge, Row[]] => [
    new Gauge({ name: `${PREFIX}_${doc.name}`, help: helpOf(doc), labelNames: [...doc.labels], registers: [registry] }),
    rows,
  ]);
  return { registry, gauges };
}

function setAll(gauges: [Gauge, Row[]][]): void {
  for (const [gauge, rows] of gauges) {
    // A naive exporter resets first, or vanished series would live on.
    gauge.reset();
    for (const [labels, value] of rows) gauge.labels(...labels).set(value);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timed(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function measureBaseline(consoleUrl: string): Promise<BaselineResult> {
  const { config, client, walker } = inProcessWalk(consoleUrl);
  const walk = await walker.walk();
  await client.close();
  const history = new GroupHistory(config.statusWindowMs);
  let snapshot = buildSnapshot(walk, history, config.maxSeries);
  const snapshotMs = median(Array.from({ length: REPEAT }, () => timed(() => {
    snapshot = buildSnapshot(walk, history, config.maxSeries);
  })));

  let ours: Buffer[] = [];
  const oursRenderMs = median(Array.from({ length: REPEAT }, () => timed(() => {
    ours = renderLagFamilies(snapshot, PREFIX, new Set(LAG_FAMILY_NAMES));
  })));
  const oursText = Buffer.concat(ours).toString();

  const families = familyRows(snapshot);
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const { registry, gauges } = naiveGauges(families);
  const setMs: number[] = [];
  const metricsMs: number[] = [];
  let naiveText = '';
  for (let i = 0; i < REPEAT; i++) {
    setMs.push(timed(() => setAll(gauges)));
    const t0 = performance.now();
    naiveText = await registry.metrics();
    metricsMs.push(performance.now() - t0);
  }
  collect();
  const naiveHeapBytes = process.memoryUsage().heapUsed - heapBefore;
  // Read after the measurement, so that the registry was alive while it was weighed.
  const naiveFamilies = registry.getMetricsAsArray().length;
  const samples = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  return {
    rows: snapshot.rows.length,
    series: samples(oursText),
    oursRenderMs,
    oursBytes: Buffer.byteLength(oursText),
    snapshotMs,
    naiveSetMs: median(setMs),
    naiveMetricsMs: median(metricsMs),
    naiveBytes: Buffer.byteLength(naiveText),
    naiveSeries: samples(naiveText),
    naiveHeapBytes: naiveFamilies > 0 ? naiveHeapBytes : NaN,
  };
}

if (process.send !== undefined) {
  const url = process.argv[2];
  if (url === undefined) throw new Error('usage: baseline.ts <console url>');
  const result = await measureBaseline(url);
  process.send(result, () => process.exit(0));
}
