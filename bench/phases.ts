// Where a walk's CPU goes, phase by phase, in this process: the console calls (fetch, parse, validate, compact
// blocks), the snapshot, the render of the lag families (deflated), and the collection after it.
// Run: npm run build && node --import tsx bench/phases.ts [--scale L-hepyu] [--latency 5] [--walks 5] [--no-collect]
import { parseArgs } from 'node:util';
import { GroupHistory } from '../src/lag/status.js';
import { snapshotSteps } from '../src/lag/snapshot.js';
import { baselineWasmOnly, fullCollector, keepYoungGenerationSmall } from '../src/memory.js';
import { prepareSnapshot, type PreparedSnapshot } from '../src/metrics/exposition.js';
import { runInSlices } from '../src/slices.js';
import { inProcessWalk } from './in-process.js';
import { startSim } from './processes.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'L-hepyu' },
    latency: { type: 'string', default: '5' },
    walks: { type: 'string', default: '5' },
    'no-collect': { type: 'boolean', default: false },
  },
});

// As main.ts sets them, before anything is allocated.
keepYoungGenerationSmall();
baselineWasmOnly();
const collect = values['no-collect'] ? () => undefined : fullCollector();
const sim = await startSim(values.scale, Number(values.latency));
const { config, client, walker } = inProcessWalk(sim.url);
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const s = (x: number): string => `${x.toFixed(3)} s`;
let previous: PreparedSnapshot | undefined;
const history = new GroupHistory(config.statusWindowMs);
try {
  for (let i = 0; i < Number(values.walks); i++) {
    const t0 = cpu();
    const w0 = performance.now();
    const walked = await walker.walk();
    const t1 = cpu();
    const wall = (performance.now() - w0) / 1000;
    const snapshot = await runInSlices(snapshotSteps(walked, history, config.maxSeries));
    const t2 = cpu();
    previous = prepareSnapshot(snapshot, { prefix: config.metricsPrefix, families: config.metricFamilies });
    await previous.lagFamilies;
    const t3 = cpu();
    collect();
    const t4 = cpu();
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    process.stdout.write(`walk ${i + 1}: calls ${s(t1 - t0)} CPU (${s(wall)} wall), snapshot ${s(t2 - t1)}, render ${s(t3 - t2)}, `
      + `collection ${s(t4 - t3)}; ${snapshot.rows.total} rows, store times of ${walked.storeTimes?.size ?? 0} queues, `
      + `heap used ${heap.toFixed(1)} MiB after the collection\n`);
  }
} finally {
  await client.close();
  await sim.stop();
}
