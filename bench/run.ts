// make bench: the exporter (node dist/main.js) against the console simulator at S, M, L, XL with 0 and 5 ms console
// latency, and at L-hepyu (the Go peer's workload) with 5 ms, measured from outside; writes bench/REPORT.md and
// prints a one-line summary.
// Run: npm run build && node --import tsx bench/run.ts [--scales S,M,L,XL,L-hepyu] [--latencies 0,5] [--quick] [--out FILE]
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BaselineResult } from './baseline.js';
import { measureConsoleCost, type CostResult } from './cost.js';
import { measureScrapes, measureWalks } from './measure.js';
import { measureStart } from './startup.js';
import { walksPerMinute } from './pacing.js';
import { startSim } from './processes.js';
import { renderReport, runLabel, targets, type RunResult, type RunSpec } from './report.js';
import { count, max, median, mb, mib, ms, ratio, seconds } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HELP = `Usage: node --import tsx bench/run.ts [options]   (make bench builds first)

  --scales LIST      scales to run (default S,M,L,XL,L-hepyu)
  --latencies LIST   console latencies in ms (default 0,5); L-hepyu, the Go peer's workload, runs at 5 ms only
  --idle-seconds N   idle window in which the exporter's CPU is measured, once per scale (default 30; reported per 30 s)
  --quick            fewer walks and scrapes per run (a smoke run, not for the report)
  --no-extra         skip the extra runs (a container-sized V8 heap at L and XL)
  --env NAME=VALUE   exporter environment for every run (repeatable), e.g. --env CONSOLE_CONCURRENCY=8
  --cost-scales LIST scales whose console cost is measured on console-1.0, dashboard-2.0 and dashboard-2.1
                     (default S,M,L,XL,L-hepyu; an empty list skips it)
  --cost-minutes N   simulated minutes per cost run (default 2)
  --main FILE        exporter entry point (default dist/main.js)
  --out FILE         report file (default bench/REPORT.md)
`;

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: 'S,M,L,XL,L-hepyu' },
    latencies: { type: 'string', default: '0,5' },
    'idle-seconds': { type: 'string', default: '30' },
    quick: { type: 'boolean', default: false },
    'no-extra': { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    'cost-scales': { type: 'string', default: 'S,M,L,XL,L-hepyu' },
    'cost-minutes': { type: 'string', default: '2' },
    main: { type: 'string', default: 'dist/main.js' },
    out: { type: 'string', default: 'bench/REPORT.md' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const main = values.main.startsWith('/') ? values.main : `${ROOT}${values.main}`;
if (!existsSync(main)) {
  process.stderr.write(`bench: ${values.main} not found: run npm run build first (make bench does)\n`);
  process.exit(2);
}

// Walks and warm scrapes per run: enough for stable medians, few enough for the whole bench to take minutes.
const WALKS: Record<string, number> = { S: 6, M: 5, L: 5, XL: 3, 'L-hepyu': 5 };
const SCRAPES: Record<string, number> = { S: 30, M: 20, L: 20, XL: 10, 'L-hepyu': 20 };
// Starts per scale, timed to the first complete /metrics (default 3).
const STARTS: Record<string, number> = { XL: 2 };
// The Go peer's figures were taken at 5 ms per console call: its workload runs at that latency only.
const SCALE_LATENCIES: Record<string, readonly number[]> = { 'L-hepyu': [5] };
// Settings other than the defaults, each run after the default run of its scale and latency: a V8 heap sized as for a
// container with a memory limit.
const SMALL_HEAP = { NODE_OPTIONS: '--max-semi-space-size=2 --max-old-space-size=256' };
const EXTRAS: readonly RunSpec[] = [
  { scale: 'L', latencyMs: 5, env: SMALL_HEAP, variant: true },
  { scale: 'XL', latencyMs: 5, env: SMALL_HEAP, variant: true },
];

const scales = values.scales.split(',');
const latencies = values.latencies.split(',').map(Number);
const env = Object.fromEntries(values.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
const specs: RunSpec[] = [];
for (const scale of scales) {
  const own = SCALE_LATENCIES[scale] ?? latencies;
  for (const latencyMs of own) {
    // The start and the idle CPU are measured once per scale, at its highest latency.
    specs.push({ scale, latencyMs, env, startup: latencyMs === Math.max(...own) });
    if (values['no-extra']) continue;
    for (const e of EXTRAS) if (e.scale === scale && e.latencyMs === latencyMs) specs.push({ ...e, env: { ...env, ...e.env } });
  }
}

function baseline(url: string): Promise<BaselineResult> {
  const child = fork(fileURLToPath(new URL('./baseline.ts', import.meta.url)), [url], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (result: BaselineResult) => resolve(result));
    child.once('exit', (code) => reject(new Error(`the baseline exited with ${code} before answering`)));
  });
}

const started = performance.now();
const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
const runs: RunResult[] = [];
const baselines = new Map<string, BaselineResult>();
const paced = { one: await walksPerMinute(1, 15_000, 15_000), two: await walksPerMinute(2, 15_000, 15_000) };
for (const spec of specs) {
  const t0 = performance.now();
  process.stderr.write(`bench: ${runLabel(spec)} ...`);
  const sim = await startSim(spec.scale, spec.latencyMs);
  try {
    const exporter = { main, env: spec.env };
    const quick = values.quick ? 2 : 1;
    const walks = await measureWalks(sim, exporter, Math.max(2, Math.ceil((WALKS[spec.scale] ?? 3) / quick)));
    const idleMs = spec.startup === true ? Number(values['idle-seconds']) * 1000 : 0;
    const scrapes = await measureScrapes(sim, exporter, Math.max(3, Math.ceil((SCRAPES[spec.scale] ?? 10) / quick)), idleMs);
    const startSeconds = spec.startup === true ? await measureStart(sim, exporter, Math.max(1, Math.ceil((STARTS[spec.scale] ?? 3) / quick))) : undefined;
    if (spec.latencyMs === 0 && spec.variant !== true) baselines.set(spec.scale, await baseline(sim.url));
    const result: RunResult = { spec, model: sim.model, walks, scrapes, startSeconds, walksPerMinute: paced, seconds: (performance.now() - t0) / 1000 };
    runs.push(result);
    const startup = startSeconds === undefined ? '' : `start ${seconds(median(startSeconds))}, idle ${seconds(scrapes.idle?.cpuSecondsPer30s ?? NaN)} CPU / 30 s, `;
    process.stderr.write(` walk ${seconds(median(walks.walkSeconds))}, warm scrape ${ms(median(scrapes.gzipMs))}, RSS ${mb(walks.rssSteadyBytes)}, `
      + `slowest /healthz ${ms(max(walks.healthzMs))}, ${startup}(${result.seconds.toFixed(0)} s)\n`);
  } finally {
    await sim.stop();
  }
}

const COST_FLAVOURS = ['console-1.0', 'dashboard-2.0', 'dashboard-2.1'] as const;
const costs: CostResult[] = [];
for (const scale of values['cost-scales'].split(',').filter((s) => s !== '')) {
  for (const flavour of COST_FLAVOURS) {
    process.stderr.write(`bench: console cost, ${scale}, ${flavour} ...`);
    const c = await measureConsoleCost(scale, flavour, Number(values['cost-minutes']));
    costs.push(c);
    process.stderr.write(` ${count(c.rpcs / c.minutes)} RPCs and ${count(c.relays / c.minutes)} relays a minute, ${c.walks} walks (${c.seconds.toFixed(0)} s)\n`);
  }
}

const totalSeconds = (performance.now() - started) / 1000;
const notesFile = `${ROOT}bench/NOTES.md`;
const report = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  command: `make bench (node --import tsx bench/run.ts${process.argv.slice(2).map((a) => ` ${a}`).join('')})`,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${type()} ${release()}`,
    node: process.version,
    loadAtStart,
  },
  runs,
  baselines,
  costs,
  notes: existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '',
  totalSeconds,
};
writeFileSync(values.out.startsWith('/') ? values.out : `${ROOT}${values.out}`, renderReport(report));

const met = targets(report);
const missed = met.filter((t) => t.met === false).length;
const l5 = runs.find((r) => r.spec.scale === 'L' && r.spec.latencyMs === 5 && r.spec.variant !== true);
const xl = runs.filter((r) => r.spec.scale === 'XL' && r.spec.variant !== true);
const l = baselines.get('L') ?? [...baselines.values()].at(-1);
const hepyu = runs.find((r) => r.spec.scale === 'L-hepyu' && r.startSeconds !== undefined);
const parts = [
  hepyu === undefined ? undefined : `L-hepyu start → first /metrics ${seconds(median(hepyu.startSeconds ?? []))}, RSS ${mib(hepyu.walks.rssSteadyBytes)} steady`,
  l5 === undefined ? undefined : `L/5ms walk ${seconds(median(l5.walks.walkSeconds))}, warm scrape p50 ${ms(median(l5.scrapes.gzipMs))}, RSS ${mb(l5.walks.rssSteadyBytes)} steady`,
  l5 === undefined ? undefined : `slowest /healthz while walking ${ms(max(l5.walks.healthzMs))}`,
  xl.length === 0 ? undefined : `XL peak RSS ${mb(Math.max(...xl.map((r) => r.walks.rssPeakBytes)))}`,
  l === undefined ? undefined : `render ${ratio((l.naiveSetMs + l.naiveMetricsMs) / l.oursRenderMs)} faster than prom-client Gauges`,
  `${met.length - missed}/${met.length} targets met`,
];
process.stdout.write(`bench: ${parts.filter((p) => p !== undefined).join('; ')}; ${totalSeconds.toFixed(0)} s; ${values.out}\n`);
