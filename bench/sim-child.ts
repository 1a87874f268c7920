// The console simulator in a process of its own for the benchmark, on the wall clock as the exporter is (store times
// as old as in a live cluster, not as the recorded fixtures' day); request counts over IPC.
import { describeModel, isScaleName, startSimulator } from '../test/sim/index.js';

const [scale = 'S', latency = '0'] = process.argv.slice(2);
if (!isScaleName(scale)) throw new Error(`unknown scale ${scale}`);
const sim = await startSimulator({ scale, latencyMs: Number(latency), clock: 'live' });

interface Ask {
  readonly id: number;
  readonly op: 'requests' | 'reset';
}

process.on('message', (ask: Ask) => {
  if (ask.op === 'reset') sim.resetRequests();
  process.send?.({ id: ask.id, result: sim.requests() });
});
// The harness going away (normally or not) stops the simulator.
process.on('disconnect', () => {
  void sim.stop().then(() => process.exit(0));
});
process.send?.({ id: 0, result: { url: sim.url, model: describeModel(sim.model) } });
