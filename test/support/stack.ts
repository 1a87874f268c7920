// The simulator and an in-process exporter against it, with captured logs: the integration tests' fixture.
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { startExporter, type Exporter } from '../../src/exporter.js';
import { createLogger } from '../../src/log.js';
import { startSimulator, topicFilters, type Simulator, type SimulatorOptions, type TruthRow } from '../sim/index.js';
import { family, parseExposition, type Sample } from './exposition.js';

export { until } from './net.js';

/** Every scrape walks the console: no minimum interval and no console budget spacing the walks. */
export const EVERY_SCRAPE_WALKS = { MIN_REFRESH_INTERVAL: '0', CONSOLE_RPC_BUDGET: '0', CONSOLE_RELAY_BUDGET: '0' } as const;

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface Stack {
  readonly sim: Simulator;
  readonly exporter: Exporter;
  readonly base: string;
  readonly logs: LogLine[];
  scrape(headers?: Record<string, string>): Promise<Sample[]>;
  scrapeText(headers?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  readonly sim?: SimulatorOptions;
  /** Exporter environment on top of the stack's (console URL, a free port, debug logs); may depend on the simulator's model. */
  readonly env?: Record<string, string> | ((sim: Simulator) => Record<string, string>);
  /** The exporter's clock; default: the simulator's, so time lag is exact. */
  readonly now?: () => number;
  /** Called after each render, as main.ts collects garbage there. */
  readonly afterRender?: () => void;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = await startSimulator(options.sim ?? {});
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const config = loadConfig({
    ROCKETMQ_CONSOLE_URL: sim.url, LISTEN_ADDRESS: '127.0.0.1:0', LOG_LEVEL: 'debug', CONSOLE_TIMEOUT: '2s',
    ...(typeof options.env === 'function' ? options.env(sim) : options.env),
  });
  const exporter = await startExporter(config, createLogger(config.logLevel, sink), { now: options.now ?? (() => sim.clock.now()), afterRender: options.afterRender });
  const base = `http://127.0.0.1:${exporter.address.port}`;
  const scrapeText = async (headers: Record<string, string> = {}) => {
    const res = await fetch(base + config.metricsPath, { headers });
    if (res.status !== 200) throw new Error(`scrape answered ${res.status}`);
    return res.text();
  };
  return {
    sim, exporter, base, logs, scrapeText,
    scrape: async (headers) => parseExposition(await scrapeText(headers)),
    async stop() {
      await exporter.stop(500);
      await sim.stop();
    },
  };
}

const DETAIL = ['topic', 'consumerGroup', 'broker', 'queueId', 'consumerClientIP', 'consumerClientPID'];

/** What msg_diff_detail must hold for the simulator's truth under the default filters. */
export function expectedDetail(rows: readonly TruthRow[], filter = topicFilters.normalAndRetry): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    // A negative diff: unknown lag, no series.
    if (r.messageModel !== 'CLUSTERING' || !r.committed || r.statsFailed || !filter(r) || r.lag < 0) continue;
    out[[r.topic, r.group, r.broker, r.queueId, r.clientIp, r.clientPid].join('/')] = r.lag;
  }
  return out;
}

/**
 * The topics a first walk asks topic/stats.query for: those with a queue behind whose last consumed message is older
 * than the walk interval (15 s by default) and whose consumer offset no other group's row has passed.
 */
export function expectedStatsTopics(rows: readonly TruthRow[], now: number, resolutionMs = 15_000, filter = topicFilters.normalAndRetry): string[] {
  const walked = rows.filter((r) => r.messageModel === 'CLUSTERING' && r.committed && !r.statsFailed && filter(r));
  const lastConsumed = new Map<string, number>();
  for (const r of walked) {
    const queue = [r.topic, r.broker, r.queueId].join('/');
    if (r.consumerOffset > 0 && r.lastTimestamp > 0) lastConsumed.set(queue, Math.max(lastConsumed.get(queue) ?? -1, r.consumerOffset - 1));
  }
  const topics = new Set<string>();
  for (const r of walked) {
    if (r.consumerOffset === 0 || r.lag <= 0 || (r.lastTimestamp > 0 && now - r.lastTimestamp <= resolutionMs)) continue;
    if ((lastConsumed.get([r.topic, r.broker, r.queueId].join('/')) ?? -1) < r.consumerOffset) topics.add(r.topic);
  }
  return [...topics].sort();
}

export function detail(samples: readonly Sample[], prefix = 'rocketmq'): Record<string, number> {
  return family(samples, `${prefix}_msg_diff_detail`, DETAIL);
}

/** The simulator's roll-up tables re-keyed like family(): label values joined by '/'. */
export function rekey(table: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k.split(' ').join('/'), v]));
}

export function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
