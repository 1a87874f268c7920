// Where a walk's garbage comes from: V8's sampling heap profiler, collected objects included, over whole walks in
// this process (console calls, snapshot, render), then bytes per walk by phase and by function (functions V8 inlined
// count in their caller). Garbage is what the collector's share of the CPU is paid for.
// Run: node --import tsx bench/allocations.ts [--scale L-hepyu] [--latency 5] [--walks 2] [--top 20]
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { GroupHistory } from '../src/lag/status.js';
import { snapshotSteps } from '../src/lag/snapshot.js';
import { prepareSnapshot } from '../src/metrics/exposition.js';
import type { Snapshot } from '../src/lag/types.js';
import { runInSlices } from '../src/slices.js';
import { inProcessWalk } from './in-process.js';
import { startSim } from './processes.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'L-hepyu' },
    latency: { type: 'string', default: '5' },
    walks: { type: 'string', default: '2' },
    top: { type: 'string', default: '20' },
  },
});

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const walks = Number(values.walks);
const sim = await startSim(values.scale, Number(values.latency));
const { config, client, walker } = inProcessWalk(sim.url);
const history = new GroupHistory(config.statusWindowMs);
const session = new Session();
session.connect();

/** Bytes allocated while `work` runs, by function, and their total. */
async function sampled(work: () => Promise<void>): Promise<{ total: number; byFunction: Map<string, number> }> {
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
  });
  await work();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: ProfileNode): void => {
    const f = node.callFrame;
    const name = `${f.functionName === '' ? '(anonymous)' : f.functionName} ${f.url.split('/').slice(-2).join('/')}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach(visit);
  };
  visit(profile.head as unknown as ProfileNode);
  return { total, byFunction };
}

const mb = (bytes: number): string => `${(bytes / walks / 2 ** 20).toFixed(1)} MB`;
try {
  // A first walk outside the samples: compiling and the first store times are not a walk's steady garbage.
  let walked = await walker.walk();
  const phases = { calls: 0, snapshot: 0, render: 0 };
  const byFunction = new Map<string, number>();
  const add = (phase: keyof typeof phases, s: { total: number; byFunction: Map<string, number> }): void => {
    phases[phase] += s.total;
    for (const [name, bytes] of s.byFunction) byFunction.set(name, (byFunction.get(name) ?? 0) + bytes);
  };
  for (let i = 0; i < walks; i++) {
    add('calls', await sampled(async () => { walked = await walker.walk(); }));
    let snapshot: Snapshot | undefined;
    add('snapshot', await sampled(async () => { snapshot = await runInSlices(snapshotSteps(walked, history, config.maxSeries)); }));
    add('render', await sampled(async () => {
      if (snapshot !== undefined) await prepareSnapshot(snapshot, { prefix: config.metricsPrefix, families: config.metricFamilies }).lagFamilies;
    }));
  }
  const total = phases.calls + phases.snapshot + phases.render;
  process.stdout.write(`${values.scale}, ${values.latency} ms: allocated per walk ${mb(total)}: console calls ${mb(phases.calls)}, `
    + `snapshot ${mb(phases.snapshot)}, render ${mb(phases.render)} (mean of ${walks} walks)\n\nby function (self, per walk):\n`);
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
    process.stdout.write(`${mb(bytes).padStart(9)}  ${name}\n`);
  }
} finally {
  session.disconnect();
  await client.close();
  await sim.stop();
}
