// A real Prometheus server for the end-to-end test: started on 127.0.0.1 with a temporary config and data dir, queried over its HTTP API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../support/net.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = 'prometheus';
export const PROMTOOL_BIN = 'promtool';

/** Fails with the way out when a binary is missing, instead of a bare ENOENT. */
export function requireBinary(bin: string): void {
  const probe = spawnSync(bin, ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined) {
    throw new Error(`${bin} not found: run ./scripts/install-test-deps.sh (make test does) to install Debian's prometheus`);
  }
}

export interface ScrapeTarget {
  readonly jobName: string;
  readonly address: string;
  readonly metricsPath: string;
  /** Target labels, as static_configs labels or Kubernetes relabelling would add them. */
  readonly labels: Readonly<Record<string, string>>;
  /** More scrape_config settings, such as scheme, tls_config, basic_auth and relabel_configs. */
  readonly scrape?: Readonly<Record<string, unknown>>;
  /** static_configs' targets instead of [address], for relabelling to turn into parameters (/probe?target=NAME). */
  readonly targets?: readonly string[];
}

export interface PrometheusOptions {
  readonly target: ScrapeTarget;
  /** Rule file contents, written next to the config (as rules.yml) and loaded. */
  readonly rules?: string;
  /** More rule files, by file name (no path), written next to the config and loaded after `rules`. */
  readonly ruleFiles?: Readonly<Record<string, string>>;
  /** Scrape and rule evaluation interval; default 1s. */
  readonly interval?: string;
}

/** One sample of an instant query: labels, then [unix seconds, value as text]. */
export interface InstantSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

export interface ActiveTarget {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapePool: string;
  readonly health: string;
  readonly lastError: string;
}

export interface RuleState {
  readonly name: string;
  readonly type: 'alerting' | 'recording';
  readonly health: string;
  readonly lastError?: string;
  readonly query: string;
}

export interface RuleGroupState {
  readonly name: string;
  /** The rule file, as the config names it. */
  readonly file: string;
  readonly rules: readonly RuleState[];
}

export interface Prometheus {
  readonly url: string;
  /** An instant query; `time` in unix seconds, default now. */
  query(expr: string, time?: number): Promise<InstantSample[]>;
  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<RangeSeries[]>;
  /** Values of `label` on the series matching `match` between start and end, as Grafana's label_values() asks. */
  labelValues(label: string, match: string, start: number, end: number): Promise<string[]>;
  targets(): Promise<ActiveTarget[]>;
  ruleGroups(): Promise<RuleGroupState[]>;
  /** What the server printed so far, for failure messages. */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  requireBinary(PROMETHEUS_BIN);
  const dir = await mkdtemp(join(tmpdir(), 'rocketmq-lag-e2e-'));
  const interval = options.interval ?? '1s';
  const t = options.target;
  const ruleFiles: Record<string, string> = { ...(options.rules === undefined ? {} : { 'rules.yml': options.rules }), ...options.ruleFiles };
  for (const name of Object.keys(ruleFiles)) if (!/^[\w.-]+$/.test(name) || name === 'prometheus.yml') throw new Error(`rule file name ${name}: a plain file name`);
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: Object.keys(ruleFiles).map((name) => join(dir, name)),
    scrape_configs: [{
      job_name: t.jobName,
      metrics_path: t.metricsPath,
      static_configs: [{ targets: t.targets ?? [t.address], labels: t.labels }],
      ...t.scrape,
    }],
  };
  // JSON is YAML, so the config needs no YAML writer.
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  for (const [name, text] of Object.entries(ruleFiles)) await writeFile(join(dir, name), text);

  let child: ChildProcess | undefined;
  let output = '';
  // Should the test process die first, the server must not outlive it.
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(PROMETHEUS_BIN, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-20_000);
    };
    child.on('error', (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const proc = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}:\n${output}`);
      const ready = await fetch(`${url}/-/ready`).then((r) => r.status === 200, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`prometheus not ready within 15 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      url,
      query: async (expr, time) => (await api(url, '/api/v1/query', { query: expr, ...(time === undefined ? {} : { time: String(time) }) }, 'vector')) as InstantSample[],
      queryRange: async (expr, start, end, step) =>
        (await api(url, '/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }, 'matrix')) as RangeSeries[],
      labelValues: async (label, match, start, end) =>
        (await api(url, `/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match, start: String(start), end: String(end) })) as string[],
      targets: async () => ((await api(url, '/api/v1/targets', { state: 'active' })) as { activeTargets: ActiveTarget[] }).activeTargets,
      ruleGroups: async () => ((await api(url, '/api/v1/rules', {})) as { groups: RuleGroupState[] }).groups,
      log: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Calls the HTTP API and returns `data`, or `data.result` of the wanted type; queries are POSTed so long Grafana-style regexes fit. */
async function api(base: string, path: string, params: Record<string, string>, resultType?: 'vector' | 'matrix'): Promise<unknown> {
  const form = new URLSearchParams(params);
  const request: RequestInit = resultType === undefined
    ? { method: 'GET' }
    : { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  const target = resultType === undefined && form.size > 0 ? `${base}${path}?${form.toString()}` : base + path;
  let res: Response;
  try {
    res = await fetch(target, { ...request, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Error(`prometheus ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const body = (await res.json()) as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (body.status !== 'success') throw new Error(`prometheus ${path} ${JSON.stringify(params)}: ${body.error ?? res.status}`);
  if (resultType === undefined) return body.data;
  if (body.data?.resultType !== resultType) throw new Error(`prometheus ${path}: expected a ${resultType}, got ${String(body.data?.resultType)}`);
  return body.data.result;
}
