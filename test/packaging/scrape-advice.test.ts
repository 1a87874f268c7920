// The scrape interval and timeout: the ServiceMonitor ships what the README advises (its scrape configurations and
// "Interval and timeout"), and that advice fits the exporter's settings as k8s/ deploys them. Text and YAML only, no
// kubectl: test/packaging/k8s.test.ts checks the built manifests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { parseDuration } from '../../src/duration.js';
import { ROOT } from './support.js';

interface Advice {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

function ms(text: unknown, what: string): number {
  const value = typeof text === 'string' ? parseDuration(text) : undefined;
  assert.ok(value !== undefined, `${what}: ${JSON.stringify(text)} is not a duration`);
  return value;
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Every scrape job of the README's YAML examples, with its interval and timeout. */
function readmeScrapeConfigs(): Advice[] {
  const blocks = [...README.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => parseYaml(m[1] ?? '') as unknown);
  const jobs = blocks.flatMap((block) => (block as { scrape_configs?: Array<Record<string, unknown>> } | null)?.scrape_configs ?? []);
  return jobs.map((job) => ({
    intervalMs: ms(job.scrape_interval, `README job ${String(job.job_name)} scrape_interval`),
    timeoutMs: ms(job.scrape_timeout, `README job ${String(job.job_name)} scrape_timeout`),
  }));
}

/** The README's advice: its scrape configurations, all alike, and the prose of "Interval and timeout" saying the same. */
function readmeAdvice(): Advice {
  const jobs = readmeScrapeConfigs();
  assert.ok(jobs.length >= 1, 'the README shows a scrape configuration');
  const [advice] = jobs as [Advice, ...Advice[]];
  assert.deepEqual(jobs.filter((job) => job.intervalMs !== advice.intervalMs || job.timeoutMs !== advice.timeoutMs), [],
    'every scrape configuration of the README has the same interval and timeout');

  const every = /Scrape every (\d+) ?s\b/.exec(README);
  const timeoutFor = /`scrape_timeout` close to the\s+interval \((\d+) ?s for (\d+) ?s\)/.exec(README);
  assert.ok(every !== null && timeoutFor !== null, 'the README\'s "Interval and timeout" states an interval and a timeout');
  assert.deepEqual(
    { every: Number(every[1]) * 1000, timeout: Number(timeoutFor[1]) * 1000, timeoutInterval: Number(timeoutFor[2]) * 1000 },
    { every: advice.intervalMs, timeout: advice.timeoutMs, timeoutInterval: advice.intervalMs },
    'the prose and the scrape configurations of the README agree',
  );
  return advice;
}

function serviceMonitorEndpoint(): Advice {
  const monitor = parseYaml(readFileSync(join(ROOT, 'k8s/components/service-monitor/servicemonitor.yaml'), 'utf8')) as {
    spec: { endpoints: Array<{ interval?: unknown; scrapeTimeout?: unknown }> };
  };
  const endpoints = monitor.spec.endpoints;
  assert.equal(endpoints.length, 1, 'one endpoint');
  const [endpoint] = endpoints as [{ interval?: unknown; scrapeTimeout?: unknown }];
  return { intervalMs: ms(endpoint.interval, 'ServiceMonitor interval'), timeoutMs: ms(endpoint.scrapeTimeout, 'ServiceMonitor scrapeTimeout') };
}

/** The exporter's configuration as k8s/ deploys it: k8s/exporter.env over the defaults. */
function deployedConfig(): ReturnType<typeof loadConfig> {
  const lines = readFileSync(join(ROOT, 'k8s/exporter.env'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const env = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return loadConfig(env, () => {
    throw new Error('no file');
  });
}

test('the ServiceMonitor scrapes at the interval and with the timeout the README advises (30s, 25s)', () => {
  const advice = readmeAdvice();
  assert.deepEqual(serviceMonitorEndpoint(), advice);
  assert.deepEqual(advice, { intervalMs: 30_000, timeoutMs: 25_000 });
});

test('the advice fits the exporter as deployed: timeout within the interval, above CONSOLE_TIMEOUT, interval at least MIN_REFRESH_INTERVAL', () => {
  const { intervalMs, timeoutMs } = readmeAdvice();
  const config = deployedConfig();
  assert.ok(timeoutMs <= intervalMs, 'Prometheus refuses a scrape timeout longer than the interval');
  assert.ok(config.consoleTimeoutMs < timeoutMs, `CONSOLE_TIMEOUT (${config.consoleTimeoutMs} ms) below the scrape timeout, as the README says`);
  assert.ok(config.minRefreshIntervalMs <= intervalMs, `MIN_REFRESH_INTERVAL (${config.minRefreshIntervalMs} ms) at most the interval: each scrape can see a new walk`);
  assert.ok(config.maxSnapshotAgeMs >= 2 * intervalMs, 'MAX_SNAPSHOT_AGE outlives a missed scrape');
});
