// What the exporter costs the console at default settings, per walk and per minute, with one Prometheus scraping
// every 15 s: the simulator's own count of requests and modelled RPCs (test/sim/cost.ts), over a few simulated minutes.
import type { Flavour } from '../test/sim/index.js';
import { isScaleName } from '../test/sim/index.js';
import { consoleMinutes } from '../test/support/console-minutes.js';

export interface CostResult {
  readonly scale: string;
  readonly flavour: Flavour;
  readonly minutes: number;
  readonly walks: number;
  readonly requests: number;
  readonly namesrv: number;
  readonly broker: number;
  readonly relays: number;
  /** namesrv + broker + relays. */
  readonly rpcs: number;
  readonly seconds: number;
}

export async function measureConsoleCost(scale: string, flavour: Flavour, minutes: number): Promise<CostResult> {
  if (!isScaleName(scale)) throw new Error(`unknown scale ${JSON.stringify(scale)}`);
  const started = performance.now();
  const run = await consoleMinutes({ flavour, scale, minutes });
  await run.stop();
  const { namesrv, broker, relays, rpcs } = run.cost;
  return { scale, flavour, minutes, walks: run.walks, requests: run.requests, namesrv, broker, relays, rpcs, seconds: (performance.now() - started) / 1000 };
}
