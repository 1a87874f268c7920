// The exporter's walk in the bench's own process, as the exporter builds it from default settings and a console URL.
import { loadConfig, type Config } from '../src/config.js';
import { ConsoleClient } from '../src/console/client.js';
import { LagFilter } from '../src/lag/filter.js';
import { Walker } from '../src/lag/walker.js';
import { timeLagResolutionMs } from '../src/exporter.js';

export interface InProcessWalk {
  readonly config: Config;
  readonly client: ConsoleClient;
  readonly walker: Walker;
}

export function inProcessWalk(consoleUrl: string): InProcessWalk {
  const config = loadConfig({ ROCKETMQ_CONSOLE_URL: consoleUrl });
  const client = new ConsoleClient({
    baseUrl: config.consoleUrl, timeoutMs: config.consoleTimeoutMs, concurrency: config.consoleConcurrency,
    maxResponseBytes: config.consoleMaxResponseBytes,
  });
  const walker = new Walker({
    plan: config.walkMode, source: client, filter: new LagFilter(config), now: Date.now,
    walkTimeoutMs: config.walkTimeoutMs, maxCarryAgeMs: config.maxSnapshotAgeMs, concurrency: config.consoleConcurrency,
    timeLagResolutionMs: timeLagResolutionMs(config),
  });
  return { config, client, walker };
}
