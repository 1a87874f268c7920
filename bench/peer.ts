// The Go peer (the hepyu exporter) beside ours: its figures, the goals they set, and the report's side-by-side table.
import type { Report, RunResult, TargetRow } from './report.js';
import { count, mb, median, mib, ms, seconds, verdict } from './stats.js';

/**
 * The hepyu Go exporter, measured once side by side with ours on its own L workload (the simulator's L-hepyu: 1000
 * topics × 4 consumer groups, 2 brokers × 8 queues), 5 ms per console call, medians of 5 runs, on a 2-core machine.
 * Reference constants: make bench does not run the peer.
 */
export const GO_PEER = {
  firstMetricsSeconds: 7.43,
  cpuSecondsPerWalk: 2.02,
  rssSteadyMiB: 152,
  rssPeakMiB: 157,
  rssSteadyAtSMiB: 15,
  seriesPerScrape: 76_579,
  expositionBytes: 12.3e6,
  /** What a minute of one Prometheus scraping every 15 s costs the cluster, retry topics skipped (docs/design.md, "Console cost"). */
  consolePerMinute: { rpcs: 100_800, relays: 28_800 },
} as const;

const MIB = 2 ** 20;

interface Goal {
  readonly figure: string;
  readonly peer: string;
  readonly goal: string;
  /** The scale the goal is judged at; none: reported at every scale, no verdict. */
  readonly at?: string;
  /** Measured at this scale only. */
  readonly only?: string;
  readonly measured: (r: RunResult) => string;
  readonly met?: (r: RunResult) => boolean;
}

const start = (r: RunResult) => median(r.startSeconds ?? []);
const rss = (r: RunResult) => `${mib(r.walks.rssSteadyBytes)} / ${mib(r.walks.rssPeakBytes)}`;
const rssWithin = (steadyMiB: number, peakMiB: number) => (r: RunResult) =>
  r.walks.rssSteadyBytes <= steadyMiB * MIB && r.walks.rssPeakBytes <= peakMiB * MIB;

/** The goals of the side-by-side table, in its order; figure, peer and goal as first agreed. */
const GOALS: readonly Goal[] = [
  {
    figure: 'start → first complete /metrics', peer: `${GO_PEER.firstMetricsSeconds} s`, goal: '≤ 1.5 s (L-hepyu, 5 ms)', at: 'L-hepyu',
    measured: (r) => (r.startSeconds === undefined ? 'not measured' : seconds(start(r))), met: (r) => r.spec.latencyMs === 5 && start(r) <= 1.5,
  },
  {
    figure: 'CPU s per walk', peer: String(GO_PEER.cpuSecondsPerWalk), goal: '≤ 1.0', at: 'L-hepyu',
    measured: (r) => seconds(r.walks.cpuSecondsPerWalk), met: (r) => r.walks.cpuSecondsPerWalk <= 1,
  },
  {
    figure: 'RSS steady / peak (MiB)', peer: `${GO_PEER.rssSteadyMiB} / ${GO_PEER.rssPeakMiB}`, goal: '≤ 120 / ≤ 160', at: 'L-hepyu',
    measured: rss, met: rssWithin(120, 160),
  },
  {
    figure: 'RSS steady at S', peer: `${GO_PEER.rssSteadyAtSMiB} MiB`, goal: '≤ 60', at: 'S', only: 'S',
    measured: (r) => mib(r.walks.rssSteadyBytes), met: (r) => r.walks.rssSteadyBytes <= 60 * MIB,
  },
  { figure: 'RSS at XL steady / peak', peer: '–', goal: '≤ 220 / ≤ 300', at: 'XL', only: 'XL', measured: rss, met: rssWithin(220, 300) },
  {
    figure: 'series per scrape', peer: count(GO_PEER.seriesPerScrape), goal: '≤ 107,000 by default', at: 'L-hepyu',
    measured: (r) => count(r.scrapes.series), met: (r) => r.scrapes.series <= 107_000,
  },
  {
    figure: 'exposition bytes (plain)', peer: mb(GO_PEER.expositionBytes), goal: '≤ 15 MB by default', at: 'L-hepyu',
    measured: (r) => mb(r.scrapes.plainBytes), met: (r) => r.scrapes.plainBytes <= 15e6,
  },
  {
    figure: 'warm scrape gzip p50', peer: '–', goal: '≤ 10 ms', at: 'L-hepyu',
    measured: (r) => ms(median(r.scrapes.gzipMs)), met: (r) => median(r.scrapes.gzipMs) <= 10,
  },
  {
    figure: 'idle CPU between walks', peer: '–', goal: '≈ 0 (report CPU seconds per 30 s idle)',
    measured: (r) => (r.scrapes.idle === undefined ? 'not measured' : `${r.scrapes.idle.cpuSecondsPer30s.toFixed(2)} s`),
  },
];

/**
 * One run per scale, in the order the scales ran: its default run that measured the start and idle CPU, else its
 * default run at the highest console latency.
 */
export function columnRuns(runs: readonly RunResult[]): RunResult[] {
  const byScale = new Map<string, RunResult>();
  for (const r of runs.filter((v) => v.spec.variant !== true)) {
    const seen = byScale.get(r.spec.scale);
    const better = seen === undefined || (seen.spec.startup !== true && (r.spec.startup === true || r.spec.latencyMs > seen.spec.latencyMs));
    if (better) byScale.set(r.spec.scale, r);
  }
  return [...byScale.values()];
}

/** The goals judged at a scale that ran, as rows of the report's targets. */
export function peerTargets(report: Pick<Report, 'runs'>): TargetRow[] {
  const columns = columnRuns(report.runs);
  return GOALS.flatMap((g) => {
    const r = columns.find((c) => c.spec.scale === g.at);
    if (r === undefined || g.met === undefined) return [];
    return [{ target: `${g.at}, ${r.spec.latencyMs} ms: ${g.figure} ${g.goal} (Go peer: ${g.peer})`, measured: g.measured(r), met: g.met(r) }];
  });
}

/** Figures × (Go peer, goal, one column per scale, verdict at the goal's scale). */
export function sideBySideTable(report: Pick<Report, 'runs'>): string {
  const columns = columnRuns(report.runs);
  const lines = [
    `| figure | Go peer (hepyu exporter, its own L workload) | goal | ${columns.map((r) => `${r.spec.scale}, ${r.spec.latencyMs} ms`).join(' | ')} | goal at its scale |`,
    `|---|---|---|${columns.map(() => '---|').join('')}---|`,
  ];
  for (const g of GOALS) {
    const cells = columns.map((r) => (g.only === undefined || g.only === r.spec.scale ? g.measured(r) : ''));
    const judged = columns.find((c) => c.spec.scale === g.at);
    const result = g.at === undefined || g.met === undefined ? 'reported' : judged === undefined ? `${g.at} not run` : verdict(g.met(judged));
    lines.push(`| ${g.figure} | ${g.peer} | ${g.goal} | ${cells.join(' | ')} | ${result} |`);
  }
  return lines.join('\n');
}
