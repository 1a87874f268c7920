// What the exporter costs the console over a few minutes at default settings, with one Prometheus scraping every 15 s:
// the simulator (frozen, its clock moved by hand) and the exporter in this process on the simulator's clock, so that
// minutes pass in seconds. The simulator counts requests and the modelled RPCs (test/sim/cost.ts).
import { loadConfig } from '../../src/config.js';
import { startExporter } from '../../src/exporter.js';
import { createLogger } from '../../src/log.js';
import { startSimulator, type ConsoleCost, type Flavour, type ScaleName, type Simulator } from '../sim/index.js';
import { parseExposition, type Sample } from './exposition.js';

export interface ConsoleMinutes {
  readonly minutes: number;
  readonly walks: number;
  readonly requests: number;
  /** The simulator's count over the whole run. */
  readonly cost: ConsoleCost;
  /** A scrape after the minutes, of a walk made at the simulator's time then: compare with `sim.truth()`. */
  readonly samples: readonly Sample[];
  readonly sim: Simulator;
  stop(): Promise<void>;
}

export interface ConsoleMinutesOptions {
  readonly flavour: Flavour;
  readonly scale: ScaleName;
  readonly minutes?: number;
  readonly scrapeIntervalMs?: number;
  /** Exporter settings on top of the defaults. */
  readonly env?: Record<string, string>;
  /** Called with the simulator before the first scrape, e.g. to inject faults. */
  readonly prepare?: (sim: Simulator) => void;
}

/** Runs the minutes, then leaves the simulator running (for its truth) until `stop()`. */
export async function consoleMinutes(options: ConsoleMinutesOptions): Promise<ConsoleMinutes> {
  const minutes = options.minutes ?? 4;
  const interval = options.scrapeIntervalMs ?? 15_000;
  const sim = await startSimulator({ flavour: options.flavour, scale: options.scale });
  options.prepare?.(sim);
  const config = loadConfig({ ROCKETMQ_CONSOLE_URL: sim.url, LISTEN_ADDRESS: '127.0.0.1:0', LOG_LEVEL: 'silent', ...options.env });
  const exporter = await startExporter(config, createLogger('silent'), { now: () => sim.clock.now() });
  const url = `http://127.0.0.1:${exporter.address.port}${config.metricsPath}`;
  // A generous scrape timeout: a scrape waits for the walk it started, so that every walk is counted in its window.
  const scrape = async (): Promise<Sample[]> =>
    parseExposition(await (await fetch(url, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '60' } })).text());
  try {
    for (let t = 0; t < minutes * 60_000; t += interval) {
      if (t > 0) sim.clock.advance(interval);
      await scrape();
    }
    const counted = { walks: exporter.refresher.walkCount, requests: sim.requests().total, cost: sim.cost() };
    // Long enough for any budget interval: the next scrape walks at the simulator's time.
    sim.clock.advance(10 * 60_000);
    const samples = await scrape();
    return { minutes, ...counted, samples, sim, stop: () => sim.stop() };
  } catch (error) {
    await sim.stop();
    throw error;
  } finally {
    await exporter.stop(500);
  }
}
