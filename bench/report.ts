// bench/REPORT.md from the measurements: the Go peer side by side, targets, a summary row per run, console cost, the
// naive baseline, series and bytes per family, a table per run.
import type { BaselineResult } from './baseline.js';
import type { CostResult } from './cost.js';
import { areaTotalsTable, familyTable } from './families.js';
import type { ScrapeMeasures, WalkMeasures } from './measure.js';
import { columnRuns, GO_PEER, peerTargets, sideBySideTable } from './peer.js';
import { count, max, median, mb, ms, percentile, ratio, seconds, verdict } from './stats.js';

export interface RunSpec {
  readonly scale: string;
  readonly latencyMs: number;
  /** Exporter environment on top of the simulator's URL. */
  readonly env: Readonly<Record<string, string>>;
  /** An extra run that tries a setting other than the default: not held against the targets. */
  readonly variant?: boolean;
  /** Also measures the start (to the first complete /metrics) and the idle CPU: one default run per scale. */
  readonly startup?: boolean;
}

export interface RunResult {
  readonly spec: RunSpec;
  readonly model: string;
  readonly walks: WalkMeasures;
  readonly scrapes: ScrapeMeasures;
  /** From spawn to the first /metrics holding a complete walk, one per start (startup runs). */
  readonly startSeconds?: readonly number[];
  /** Walks per minute with one and with two scrapers at a 15 s interval (default MIN_REFRESH_INTERVAL). */
  readonly walksPerMinute: { readonly one: number; readonly two: number };
  readonly seconds: number;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
  readonly node: string;
  readonly loadAtStart: string;
}

export interface Report {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly runs: readonly RunResult[];
  readonly baselines: ReadonlyMap<string, BaselineResult>;
  readonly costs: readonly CostResult[];
  readonly notes: string;
  readonly totalSeconds: number;
}

export function runLabel(spec: RunSpec): string {
  const extra = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${spec.scale}, ${spec.latencyMs} ms${extra === '' ? '' : `, ${extra}`}`;
}

const isDefault = (r: RunResult) => r.spec.variant !== true;

export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

const PEER_PER_MINUTE = GO_PEER.consolePerMinute;

export function targets(report: Pick<Report, 'runs' | 'costs'>): TargetRow[] {
  const find = (scale: string, latency?: number) =>
    report.runs.filter((r) => isDefault(r) && r.spec.scale === scale && (latency === undefined || r.spec.latencyMs === latency));
  // A run with a setting other than the default, quoted beside the target for what it shows.
  const variant = (scale: string, name: string, what: (r: RunResult) => string) => {
    const r = report.runs.find((v) => v.spec.variant === true && v.spec.scale === scale && name in v.spec.env);
    return r === undefined ? '' : `; ${what(r)} with ${name}=${r.spec.env[name] ?? ''} (${r.spec.scale}, ${r.spec.latencyMs} ms)`;
  };
  const rows: TargetRow[] = [];
  const l5 = find('L', 5)[0];
  if (l5 !== undefined) {
    const walk = median(l5.walks.walkSeconds);
    rows.push({
      target: 'L, 5 ms: full walk under 1 s (default settings)',
      measured: `${seconds(walk)} (median)`,
      met: walk < 1,
    });
  }
  const l = find('L');
  if (l.length > 0) {
    const gzip = Math.max(...l.map((r) => median(r.scrapes.gzipMs)));
    const plain = Math.max(...l.map((r) => median(r.scrapes.plainMs)));
    rows.push({ target: 'L: warm scrape under 100 ms p50', measured: `${ms(gzip)} as Prometheus (gzip), ${ms(plain)} uncompressed`, met: Math.max(gzip, plain) < 100 });
    const rss = Math.max(...l.map((r) => r.walks.rssSteadyBytes));
    rows.push({
      target: 'L: steady RSS under 120 MB',
      measured: `${mb(rss)} at rest between walks${variant('L', 'NODE_OPTIONS', (r) => mb(r.walks.rssSteadyBytes))}`,
      met: rss < 120 * 1e6,
    });
    const healthz = Math.max(...l.map((r) => max(r.walks.healthzMs)));
    const loop = Math.max(...l.map((r) => r.walks.eventLoopMaxMs));
    rows.push({
      target: 'L: no event-loop stall above 50 ms during a walk; /healthz answers',
      measured: `slowest /healthz ${ms(healthz)}; event-loop delay max ${ms(loop)} (past its 10 ms sampling period)`,
      met: healthz < 50,
    });
  }
  const xl = find('XL');
  if (xl.length > 0) {
    const errors = xl.reduce((n, r) => n + r.walks.incompleteWalks + r.walks.failedCalls, 0);
    const peak = Math.max(...xl.map((r) => r.walks.rssPeakBytes));
    const rest = Math.max(...xl.map((r) => r.walks.rssSteadyBytes));
    rows.push({
      target: 'XL: completes with no error, RSS under 250 MB',
      measured: `${errors} incomplete walks or failed calls; RSS ${mb(rest)} at rest, ${mb(peak)} peak`
        + variant('XL', 'NODE_OPTIONS', (r) => `${mb(r.walks.rssSteadyBytes)} at rest, ${mb(r.walks.rssPeakBytes)} peak`),
      met: errors === 0 && peak < 250 * 1e6,
    });
  }
  const paced = report.runs.filter(isDefault);
  if (paced.length > 0) {
    const independent = paced.every((r) => r.walksPerMinute.one === r.walksPerMinute.two);
    rows.push({
      target: 'Console requests per minute independent of the number of scrapers',
      measured: paced.map((r) => `${r.spec.scale}: ${count(r.walksPerMinute.two * median(r.walks.requestsPerWalk))}/min`).filter((v, i, a) => a.indexOf(v) === i).join(', '),
      met: independent,
    });
  }
  for (const c of report.costs.filter((r) => r.scale === 'L-hepyu' && r.flavour !== 'dashboard-2.0')) {
    const rpcs = c.rpcs / c.minutes;
    const relays = c.relays / c.minutes;
    rows.push({
      target: `L (hepyu peer's workload), ${c.flavour}: a minute of scrapes every 15 s costs the cluster less than the peer (${count(PEER_PER_MINUTE.rpcs)} RPCs, ${count(PEER_PER_MINUTE.relays)} relays)`,
      measured: `${count(rpcs)} RPCs, ${count(relays)} relays a minute (${ratio(PEER_PER_MINUTE.rpcs / rpcs)} and ${ratio(PEER_PER_MINUTE.relays / relays)} less)`,
      met: rpcs < PEER_PER_MINUTE.rpcs && relays < PEER_PER_MINUTE.relays,
    });
  }
  return [...rows, ...peerTargets(report)];
}

function costTable(costs: readonly CostResult[]): string {
  const lines = [
    '| scale | console | walks a minute | requests a walk | RPCs a walk (name server / broker / relays) | requests a minute | RPCs a minute | relays a minute |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of costs) {
    const perWalk = (n: number) => count(n / c.walks);
    const perMinute = (n: number) => count(n / c.minutes);
    lines.push(`| ${c.scale} | ${c.flavour} | ${(c.walks / c.minutes).toFixed(1)} | ${perWalk(c.requests)} | ${perWalk(c.rpcs)} (${perWalk(c.namesrv)} / ${perWalk(c.broker)} / ${perWalk(c.relays)}) `
      + `| ${perMinute(c.requests)} | ${perMinute(c.rpcs)} | ${perMinute(c.relays)} |`);
  }
  return lines.join('\n');
}

function summaryTable(runs: readonly RunResult[]): string {
  const lines = [
    '| run | walk (median) | CPU / walk | warm scrape p50 (gzip / plain) | exposition | series | RSS steady / peak | slowest /healthz | requests / walk |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of runs) {
    const w = r.walks;
    const s = r.scrapes;
    lines.push(`| ${runLabel(r.spec)} | ${seconds(median(w.walkSeconds))} | ${seconds(w.cpuSecondsPerWalk)} | ${ms(median(s.gzipMs))} / ${ms(median(s.plainMs))} `
      + `| ${mb(s.plainBytes)} (${mb(s.gzipWireBytes)} gzip) | ${count(s.series)} | ${mb(w.rssSteadyBytes)} / ${mb(w.rssPeakBytes)} `
      + `| ${ms(max(w.healthzMs))} | ${count(median(w.requestsPerWalk))} |`);
  }
  return lines.join('\n');
}

function runTable(r: RunResult): string {
  const w = r.walks;
  const s = r.scrapes;
  const perWalk = median(w.requestsPerWalk);
  const rows: [string, string][] = [
    ['simulated console', r.model],
    ['walks measured', `${w.walkSeconds.length} (after one warm-up walk), 2 s apart, MIN_REFRESH_INTERVAL=0, one cold scrape each`],
    ['full walk, wall (exporter_walk_duration_seconds)', `${seconds(median(w.walkSeconds))} median, ${seconds(Math.min(...w.walkSeconds))} – ${seconds(max(w.walkSeconds))}`],
    ['cold scrape from outside (walk + render + transfer)', `${ms(median(w.coldScrapeMs))} median, ${ms(max(w.coldScrapeMs))} max`],
    ['exporter CPU per walk (/proc, user + system, with its scrape)', seconds(w.cpuSecondsPerWalk)],
    ['console requests per walk', count(perWalk)],
    ['console requests per minute, 1 / 2 scrapers every 15 s (computed)', `${count(r.walksPerMinute.one * perWalk)} / ${count(r.walksPerMinute.two * perWalk)} (${r.walksPerMinute.one} / ${r.walksPerMinute.two} walks)`],
    ['warm scrape as Prometheus (OpenMetrics, gzip) p50 / p95', `${ms(median(s.gzipMs))} / ${ms(percentile(s.gzipMs, 95))} (${s.gzipMs.length} scrapes)`],
    ['warm scrape uncompressed (text/plain) p50 / p95', `${ms(median(s.plainMs))} / ${ms(percentile(s.plainMs, 95))} (${s.plainMs.length} scrapes)`],
    ['exporter CPU per warm scrape (gzip and uncompressed alternately)', ms(s.cpuMsPerScrape)],
    ['exposition bytes, uncompressed / gzip on the wire', `${count(s.plainBytes)} / ${count(s.gzipWireBytes)}`],
    ['series', count(s.series)],
    ['RSS at rest between walks (median, 2 s after each) / peak (VmHWM)', `${mb(w.rssSteadyBytes)} / ${mb(w.rssPeakBytes)}`],
    ['where the RSS is at rest (/proc smaps)', `V8 heap pages ${mb(w.memoryMap.v8PagesBytes)}, malloc heap ${mb(w.memoryMap.mallocBytes)}, `
      + `node binary and libraries ${mb(w.memoryMap.fileBytes)}, other ${mb(w.memoryMap.otherBytes)}`],
    ['V8 heap committed / used, external (after the last walk)', `${mb(w.heapTotalBytes)} / ${mb(w.heapUsedBytes)}, ${mb(w.externalBytes)}`],
    ['RSS after the warm scrapes (one walk)', mb(s.rssBytes)],
    ...startupRows(r),
    ['/healthz while walking: p50 / p99 / max', `${ms(median(w.healthzMs))} / ${ms(percentile(w.healthzMs, 99))} / ${ms(max(w.healthzMs))} (${w.healthzMs.length} probes)`],
    ['exporter_walk_event_loop_delay_max_seconds over the walks (perf_hooks, past its 10 ms sampling)', ms(w.eventLoopMaxMs)],
    ['incomplete walks / failed console calls', `${w.incompleteWalks} / ${w.failedCalls}`],
    ['run time', `${r.seconds.toFixed(0)} s`],
  ];
  return ['| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** The start and idle rows of a run table, for the runs that measured them. */
function startupRows(r: RunResult): [string, string][] {
  const rows: [string, string][] = [];
  const starts = r.startSeconds ?? [];
  if (starts.length > 0) {
    rows.push(['start → first complete /metrics, default settings (median; each start)', `${seconds(median(starts))}; ${starts.map(seconds).join(', ')}`]);
  }
  const idle = r.scrapes.idle;
  if (idle !== undefined) {
    rows.push(['exporter CPU idle after the walk at start, per 30 s', `${seconds(idle.cpuSecondsPer30s)} (over ${idle.windowSeconds.toFixed(0)} s, scaled to 30 s)`]);
  }
  return rows;
}

/** How many starts each scale's start figure is the median of, e.g. "S 3, XL 2". */
function startsPerScale(runs: readonly RunResult[]): string {
  return columnRuns(runs).filter((r) => r.startSeconds !== undefined).map((r) => `${r.spec.scale} ${r.startSeconds?.length ?? 0}`).join(', ');
}

/** The per-family table of the L-hepyu run (the Go peer's workload), else of the largest scale that ran. */
function familySection(runs: readonly RunResult[]): string {
  const columns = columnRuns(runs);
  const shown = columns.find((r) => r.spec.scale === 'L-hepyu') ?? columns.at(-1);
  if (shown === undefined) return '';
  return `From one uncompressed (text/plain 0.0.4) warm scrape: the samples and bytes of each family (a histogram's
\`_bucket\`, \`_sum\` and \`_count\` under its name, HELP and TYPE lines counted with their family's bytes); lag
families, the exporter's own health families, and the process's runtime families (\`nodejs_*\`, \`process_*\`).
Totals, one run per scale:

${areaTotalsTable(columns.map((r) => [runLabel(r.spec), r.scrapes.families]))}

Every family, ${runLabel(shown.spec)}:

${familyTable(shown.scrapes.families)}`;
}

function baselineTable(baselines: ReadonlyMap<string, BaselineResult>): string {
  const lines = [
    '| scale | series | ours: render once per snapshot | prom-client: labels().set() every row | prom-client: registry.metrics() per scrape | render ratio (set + metrics) / ours | bytes ours / prom-client | heap held by the prom-client registry | buildSnapshot |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [scale, b] of baselines) {
    lines.push(`| ${scale} | ${count(b.series)}${b.series === b.naiveSeries ? '' : ` (prom-client: ${count(b.naiveSeries)})`} | ${ms(b.oursRenderMs)} | ${ms(b.naiveSetMs)} | ${ms(b.naiveMetricsMs)} `
      + `| ${ratio((b.naiveSetMs + b.naiveMetricsMs) / b.oursRenderMs)} | ${mb(b.oursBytes)} / ${mb(b.naiveBytes)} | ${mb(b.naiveHeapBytes)} | ${ms(b.snapshotMs)} |`);
  }
  return lines.join('\n');
}

export function renderReport(report: Report): string {
  const m = report.machine;
  const targetRows = targets(report).map((t) => `| ${t.target} | ${t.measured} | ${verdict(t.met)} |`);
  const idle = report.runs.find((r) => r.scrapes.idle !== undefined)?.scrapes.idle;
  return `# Benchmark report

Generated by \`${report.command}\` on ${report.date}, in ${report.totalSeconds.toFixed(0)} s. Do not edit: run \`make bench\` again.

Machine: ${m.cpu}, ${m.cores} cores, ${m.memory} RAM, ${m.os}, Node.js ${m.node}; load average at start ${m.loadAtStart}.

How: the console simulator (\`test/sim\`, frozen clock, dashboard-1.0) runs in its own process at each scale, with 0 and
5 ms added to every console answer; the exporter runs as \`node dist/main.js\` in its own process with default settings
unless the run says otherwise, and is measured from outside: HTTP timings, \`/proc/<pid>\` for CPU and RSS, the
simulator's request counts, \`/healthz\` polled every 10 ms while walking, and the exporter's own
\`exporter_walk_event_loop_delay_max_seconds\` (\`perf_hooks.monitorEventLoopDelay\`, on during walks only). Walks are measured with
\`MIN_REFRESH_INTERVAL=0\` (each scrape walks; the scrape waits for the walk), 2 s apart, warm scrapes in a second exporter process
with \`MIN_REFRESH_INTERVAL=1h\` (every scrape served from the snapshot of the walk at start). The machine's cores are
shared by the simulator, the exporter and this harness.

## Side by side with the Go peer

The Go peer's column is constant: the hepyu Go exporter measured once side by side with ours on its own L workload
(L-hepyu), 5 ms per console call, medians of 5 runs, on a 2-core machine (\`bench/peer.ts\`); make bench does not run it.
Ours: one default run per scale (L-hepyu runs at 5 ms only, the peer's latency). Start: the exporter spawned with
default settings (only the console URL, listen address and log level set), GET /metrics as Prometheus every 25 ms
from the spawn until an answer holds a complete walk (\`rocketmq_exporter_walks_total{result="complete"}\`) and the
lag families; wall time from spawn to that answer, the median of the starts (${startsPerScale(report.runs)}). Idle CPU: in the warm-scrape process
(\`MIN_REFRESH_INTERVAL=1h\`), 2 s after the first scrape, the exporter's CPU over ${idle === undefined ? 'a window' : `${idle.windowSeconds.toFixed(0)} s`} with no scrape and no walk,
scaled to 30 s (\`/proc\` counts CPU in 10 ms ticks). RSS in MiB (2^20 bytes), as the peer's figures; the other
figures as in the tables below.

${sideBySideTable(report)}

## Targets (DESIGN.md)

| target | measured | |
|---|---|---|
${targetRows.join('\n')}

## All runs

${summaryTable(report.runs)}

## Console cost at default settings

What the exporter costs the cluster with one Prometheus scraping every 15 s, over ${report.costs[0]?.minutes ?? 0} simulated minutes:
the simulator (frozen, its clock moved 15 s per scrape) and the exporter in one process, with default settings; the
simulator counts the requests it answers and the RPCs the real console would make for each (name server, broker, and
relays to consumer processes: docs/console-api.md, "What one call costs the cluster"). Walks are spaced by
MIN_REFRESH_INTERVAL and the console budgets (CONSOLE_RPC_BUDGET, CONSOLE_RELAY_BUDGET); the group list is fetched
every two minutes (dashboard 2.1: from its cache, free). L-hepyu is the hepyu peer's own workload (1000 topics, each
group subscribed to one of them: 4000 groups and as many retry topics, 2 clients per group); the peer costs it
about ${count(PEER_PER_MINUTE.rpcs)} RPCs and ${count(PEER_PER_MINUTE.relays)} relays a minute, skipping retry topics.

${costTable(report.costs)}

## Our render path against plain prom-client Gauges

The same snapshot (one in-process walk against the simulator, 0 ms) rendered by \`renderLagFamilies\` and by one
prom-client \`Gauge\` per lag family with \`labels(...).set(value)\` for every row (after \`reset()\`, as a naive exporter
must do each walk to drop vanished series), then \`registry.metrics()\`. Medians of 5, same process, same run.

${baselineTable(report.baselines)}

## Series and bytes per family

${familySection(report.runs)}

## Runs

${report.runs.map((r) => `### ${runLabel(r.spec)}\n\n${runTable(r)}`).join('\n\n')}

${report.notes.trim()}
`;
}
