// The shipped rules pass promtool's checks and unit tests, every alert is tested both ways, and the README's scrape configs are valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROMTOOL_BIN, requireBinary } from './prometheus.js';

const RULES = fileURLToPath(new URL('../../rules/rocketmq-lag.rules.yml', import.meta.url));
const RULE_TESTS = fileURLToPath(new URL('../../rules/rocketmq-lag.rules.test.yml', import.meta.url));
const COMPAT_RULES = fileURLToPath(new URL('../../rules/official-compat.rules.yml', import.meta.url));
const COMPAT_RULE_TESTS = fileURLToPath(new URL('../../rules/official-compat.rules.test.yml', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

function promtool(...args: string[]): { code: number | null; output: string } {
  requireBinary(PROMTOOL_BIN);
  const run = spawnSync(PROMTOOL_BIN, args, { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

function alertNames(rules: string): string[] {
  return [...rules.matchAll(/^[ \t]*- alert:[ \t]*(\S+)[ \t]*$/gm)].map((m) => m[1] as string);
}

function withTempDir<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-rules-'));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('promtool check rules accepts the rule file: 5 recording rules and 8 alerts', () => {
  const { code, output } = promtool('check', 'rules', RULES);
  assert.equal(code, 0, output);
  assert.match(output, /SUCCESS: 13 rules found/);
  assert.equal(alertNames(readFileSync(RULES, 'utf8')).length, 8);
});

test('promtool test rules passes the unit tests', () => {
  const { code, output } = promtool('test', 'rules', RULE_TESTS);
  assert.equal(code, 0, output);
  assert.match(output, /SUCCESS/);
});

/** Each alert of `rules` and whether the unit tests have a case where it fires and one where it does not. */
function coverageOf(rules: string, tests: string): { alerts: string[]; coverage: Map<string, { fires: boolean; quiet: boolean }> } {
  const cases = [...tests.matchAll(/^[ \t]*alertname:[ \t]*(\S+)[ \t]*\n[ \t]*exp_alerts:[ \t]*(\[\])?[ \t]*$/gm)];
  const coverage = new Map<string, { fires: boolean; quiet: boolean }>();
  for (const [, name, empty] of cases) {
    const c = coverage.get(name as string) ?? { fires: false, quiet: false };
    if (empty === undefined) c.fires = true;
    else c.quiet = true;
    coverage.set(name as string, c);
  }
  return { alerts: alertNames(rules), coverage };
}

for (const [file, tests] of [[RULES, RULE_TESTS], [COMPAT_RULES, COMPAT_RULE_TESTS]] as const) {
  test(`every alert of ${file.split('/').pop()} has a unit test where it fires and one where it does not`, () => {
    const { alerts, coverage } = coverageOf(readFileSync(file, 'utf8'), readFileSync(tests, 'utf8'));
    assert.deepEqual([...coverage.keys()].sort(), [...alerts].sort());
    for (const alert of alerts) assert.deepEqual(coverage.get(alert), { fires: true, quiet: true }, alert);
  });
}

test('the official exporter\'s alert rules (COMPAT_OFFICIAL): promtool checks them, 2 recording rules and 6 alerts under their own names, and their unit tests pass', () => {
  const checked = promtool('check', 'rules', COMPAT_RULES);
  assert.equal(checked.code, 0, checked.output);
  assert.match(checked.output, /SUCCESS: 8 rules found/);
  assert.deepEqual(alertNames(readFileSync(COMPAT_RULES, 'utf8')), [
    'RocketMQClusterProduceHigh', 'RocketMQClusterProduceLow', 'RocketMQClusterConsumeHigh', 'RocketMQClusterConsumeLow', 'ConsumerFallingBehind', 'GroupGetLatencyByStoretime',
  ]);
  const tested = promtool('test', 'rules', COMPAT_RULE_TESTS);
  assert.equal(tested.code, 0, tested.output);
  assert.match(tested.output, /SUCCESS/);
});

test('the README\'s scrape configs are valid Prometheus configuration', () => {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf('\n## Prometheus and Grafana\n');
  assert.ok(start >= 0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const staticConfig = blocks.find((b) => b.includes('static_configs:'));
  const kubernetes = blocks.find((b) => b.includes('kubernetes_sd_configs:'));
  assert.ok(staticConfig !== undefined && kubernetes !== undefined, 'a static and a Kubernetes example');
  withTempDir((dir) => {
    copyFileSync(RULES, join(dir, 'rocketmq-lag.rules.yml'));
    writeFileSync(join(dir, 'static.yml'), staticConfig);
    const checked = promtool('check', 'config', join(dir, 'static.yml'));
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, /SUCCESS: 13 rules found/);
    // Debian's Prometheus is built without Kubernetes discovery: the pod role becomes a static target, the relabelling is checked as written.
    const discovery = /^([ \t]*)kubernetes_sd_configs:\n[ \t]*- role: pod\n/m;
    assert.match(kubernetes, discovery);
    writeFileSync(join(dir, 'kubernetes.yml'), kubernetes.replace(discovery, "$1static_configs:\n$1  - targets: ['10.0.3.7:5558']\n"));
    const relabelled = promtool('check', 'config', join(dir, 'kubernetes.yml'));
    assert.equal(relabelled.code, 0, relabelled.output);
  });
  assert.match(kubernetes, /__meta_kubernetes_pod_label_rocketmqClusterName\]\n\s+target_label: rocketmqClusterName/);
  assert.match(kubernetes, /__meta_kubernetes_pod_label_namesrvAddr\]\n\s+target_label: namesrvAddr/);
});
