// One exporter process per measurement, observed from outside: walks (cold scrapes) and warm scrapes.
import { familiesOf, type FamilyStat } from './families.js';
import { median } from './stats.js';
import { get, HealthPoller, PROMETHEUS_HEADERS, sampleOf, seriesOf, textOf } from './http.js';
import { sleep, startExporter, type ExporterProcess, type MemoryMap, type SimProcess } from './processes.js';

export interface WalkMeasures {
  /** Wall time of each walk, as the exporter reports it (rocketmq_exporter_walk_duration_seconds). */
  readonly walkSeconds: readonly number[];
  /** Each cold scrape from outside: the walk it waited for, the render and the transfer. */
  readonly coldScrapeMs: readonly number[];
  /** Exporter CPU (user + system, all threads) per walk and its scrape. */
  readonly cpuSecondsPerWalk: number;
  /** Console requests the simulator received per walk. */
  readonly requestsPerWalk: readonly number[];
  /** /healthz answer times while walking, polled every 10 ms. */
  readonly healthzMs: readonly number[];
  /** Largest rocketmq_exporter_walk_event_loop_delay_max_seconds reported by the scrapes that followed the walks (ms). */
  readonly eventLoopMaxMs: number;
  /** RSS at rest between walks: median of the samples taken just before each measured walk. */
  readonly rssSteadyBytes: number;
  readonly rssPeakBytes: number;
  /** Where the resident memory is, at rest after the last walk. */
  readonly memoryMap: MemoryMap;
  /** V8 heap committed and used, and memory outside it held by JS objects (Buffers), after the last walk. */
  readonly heapTotalBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  /** Walks that were not complete, and failed console calls, over the measured walks. */
  readonly incompleteWalks: number;
  readonly failedCalls: number;
}

export interface ScrapeMeasures {
  /** Warm scrapes as Prometheus sends them (OpenMetrics, gzip accepted). */
  readonly gzipMs: readonly number[];
  readonly gzipWireBytes: number;
  /** Warm scrapes of a client that accepts no compression (curl without --compressed). */
  readonly plainMs: readonly number[];
  readonly plainBytes: number;
  readonly series: number;
  /** Series and bytes of each family, from the last uncompressed scrape. */
  readonly families: readonly FamilyStat[];
  /** Exporter CPU per warm scrape, over both kinds. */
  readonly cpuMsPerScrape: number;
  readonly rssBytes: number;
  /** Exporter CPU while idle after the walk at start (no walk, no scrape), when measured. */
  readonly idle?: IdleMeasures;
}

export interface IdleMeasures {
  /** Length of the idle window measured. */
  readonly windowSeconds: number;
  /** CPU seconds (user + system, all threads) in the window, scaled to 30 s. */
  readonly cpuSecondsPer30s: number;
}

export interface ExporterUnderTest {
  readonly main: string;
  readonly env: Readonly<Record<string, string>>;
  readonly nodeArgs?: readonly string[];
}

const COLD_HEADERS = { ...PROMETHEUS_HEADERS, 'X-Prometheus-Scrape-Timeout-Seconds': '120' };

// Rest between measured walks: back-to-back walks make V8 grow its heap far beyond what a walk every 15 s needs.
const REST_MS = 2000;

/**
 * MIN_REFRESH_INTERVAL=0: every scrape walks the console. One warm-up walk, then `walks` measured ones, each after a
 * rest of REST_MS.
 */
export async function measureWalks(sim: SimProcess, exporter: ExporterUnderTest, walks: number): Promise<WalkMeasures> {
  const proc = await startExporter({
    main: exporter.main,
    nodeArgs: exporter.nodeArgs,
    env: { ROCKETMQ_CONSOLE_URL: sim.url, MIN_REFRESH_INTERVAL: '0', CONSOLE_RPC_BUDGET: '0', CONSOLE_RELAY_BUDGET: '0', SCRAPE_TIMEOUT: '120s', ...exporter.env },
  });
  try {
    // The walk at start is still being rendered when /readyz turns 200: rest first, as between all walks.
    await sleep(REST_MS);
    await get(`${proc.base}/metrics`, COLD_HEADERS);
    const walkSeconds: number[] = [];
    const coldScrapeMs: number[] = [];
    const requestsPerWalk: number[] = [];
    const healthzMs: number[] = [];
    let eventLoopMax = 0;
    let failedCalls = 0;
    let cpu = 0;
    let text = '';
    const rssAtRest: number[] = [];
    for (let i = 0; i < walks; i++) {
      await sleep(REST_MS);
      rssAtRest.push(proc.rssBytes());
      await sim.resetRequests();
      const cpu0 = proc.cpuSeconds();
      const poller = new HealthPoller(proc.base);
      const scrape = await get(`${proc.base}/metrics`, COLD_HEADERS);
      healthzMs.push(...(await poller.stop()));
      cpu += proc.cpuSeconds() - cpu0;
      if (scrape.status !== 200) throw new Error(`a cold scrape answered ${scrape.status}`);
      requestsPerWalk.push((await sim.requests()).total);
      coldScrapeMs.push(scrape.ms);
      text = textOf(scrape);
      walkSeconds.push(sampleOf(text, 'rocketmq_exporter_walk_duration_seconds') ?? NaN);
      eventLoopMax = Math.max(eventLoopMax, (sampleOf(text, 'rocketmq_exporter_walk_event_loop_delay_max_seconds') ?? 0) * 1000);
      for (const m of text.matchAll(/^rocketmq_exporter_walk_failures\{[^}]*\} (\d+)$/gm)) failedCalls += Number(m[1]);
    }
    let incompleteWalks = 0;
    for (const m of text.matchAll(/^rocketmq_exporter_walks_total\{result="(?:partial|failed)"\} (\d+)$/gm)) incompleteWalks += Number(m[1]);
    // Then the process holds one snapshot and its rendered families, idle.
    await sleep(REST_MS);
    rssAtRest.push(proc.rssBytes());
    const sample = (name: string) => sampleOf(text, name) ?? NaN;
    return {
      walkSeconds, coldScrapeMs, requestsPerWalk, healthzMs,
      cpuSecondsPerWalk: cpu / walks,
      eventLoopMaxMs: eventLoopMax,
      rssSteadyBytes: median(rssAtRest),
      rssPeakBytes: proc.peakRssBytes(),
      memoryMap: proc.memoryMap(),
      heapTotalBytes: sample('nodejs_heap_size_total_bytes'),
      heapUsedBytes: sample('nodejs_heap_size_used_bytes'),
      externalBytes: sample('nodejs_external_memory_bytes'),
      incompleteWalks,
      failedCalls,
    };
  } finally {
    await proc.stop();
  }
}

/**
 * One walk at start, then warm scrapes only (MIN_REFRESH_INTERVAL=1h): what every scrape between two walks costs. With
 * `idleMs`, first the CPU the process spends over that long with nothing to do, REST_MS after the first scrape.
 */
export async function measureScrapes(sim: SimProcess, exporter: ExporterUnderTest, scrapes: number, idleMs = 0): Promise<ScrapeMeasures> {
  const proc = await startExporter({
    main: exporter.main,
    nodeArgs: exporter.nodeArgs,
    env: { ROCKETMQ_CONSOLE_URL: sim.url, MIN_REFRESH_INTERVAL: '1h', MAX_SNAPSHOT_AGE: '2h', ...exporter.env },
  });
  try {
    // The first scrape after a walk may still wait for the render: not a warm scrape.
    const first = await get(`${proc.base}/metrics`, PROMETHEUS_HEADERS);
    const series = seriesOf(textOf(first));
    const idle = idleMs > 0 ? await measureIdle(proc, idleMs) : undefined;
    const gzipMs: number[] = [];
    const plainMs: number[] = [];
    let gzipWireBytes = 0;
    let plainBytes = 0;
    let plainBody: Buffer = Buffer.alloc(0);
    const cpu0 = proc.cpuSeconds();
    for (let i = 0; i < scrapes; i++) {
      const zipped = await get(`${proc.base}/metrics`, PROMETHEUS_HEADERS);
      gzipMs.push(zipped.ms);
      gzipWireBytes = zipped.wireBytes;
      const plain = await get(`${proc.base}/metrics`);
      plainMs.push(plain.ms);
      plainBytes = plain.wireBytes;
      plainBody = plain.body;
    }
    const cpuMsPerScrape = ((proc.cpuSeconds() - cpu0) * 1000) / (2 * scrapes);
    const rssBytes = proc.rssBytes();
    return { gzipMs, gzipWireBytes, plainMs, plainBytes, series, families: familiesOf(plainBody), cpuMsPerScrape, rssBytes, idle };
  } finally {
    await proc.stop();
  }
}

/** CPU over `idleMs` of a process left alone, REST_MS after what it was last asked. */
async function measureIdle(proc: ExporterProcess, idleMs: number): Promise<IdleMeasures> {
  await sleep(REST_MS);
  const cpu0 = proc.cpuSeconds();
  await sleep(idleMs);
  return { windowSeconds: idleMs / 1000, cpuSecondsPer30s: ((proc.cpuSeconds() - cpu0) * 30_000) / idleMs };
}
