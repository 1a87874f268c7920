// Every generated file, and what it is generated from: the README's configuration and metrics tables (the code that
// defines them, and the recorded console answers for the examples), env.default.config (the variables' declarations in
// src/config.ts) and the PrometheusRule (the rule file, since kustomize cannot wrap a plain Prometheus rule file).
// `make docs` (scripts/docs.ts) writes them; test/docs.test.ts fails when what is committed differs.
import { readFileSync } from 'node:fs';
import { referenceEnvFile, variables } from '../../src/config.js';
import type { GroupConsumeInfo, TopicConsumerInfo } from '../../src/console/types.js';
import { validateClusterBrokerNames } from '../../src/console/validate.js';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import { COMPAT_FAMILIES, HEALTH_FAMILIES, helpOf, LAG_FAMILIES, LAG_FAMILY_NAMES, RUNTIME_FAMILIES, type Family } from '../../src/metrics/families.js';
import { renderLagFamilies } from '../../src/metrics/lag-families.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { VERSION } from '../../src/version.js';
import { consoleFixtureData } from './fixtures.js';
import { NO_COST } from '../../src/lag/cost.js';
import { NOTHING_CARRIED } from '../../src/lag/types.js';
import { queueBlock } from '../../src/lag/queues.js';

/** The README's configuration table: one row per variable, from its declaration in src/config.ts. */
export function configTable(): string {
  const rows = variables.map((v) => {
    const aliases = v.aliases.map((a) => `\`${a}\``).join(', ');
    const def = v.default === '' ? '(unset)' : `\`${v.default}\``;
    return `| \`${v.name}\` | ${def} | ${tableCell(v.accepts)} | ${aliases} | ${tableCell(v.help)} |`;
  });
  return ['| variable | default | accepted values | hepyu alias | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export async function metricsTable(): Promise<string> {
  const observedAt = 1718102346300;
  const byTopic = consoleFixtureData<Record<string, TopicConsumerInfo>>('topic-queryConsumerByTopic.query.json');
  const groups = consoleFixtureData<GroupConsumeInfo[]>('consumer-groupList.query.json');
  const snapshot = buildSnapshot({
    startedAt: observedAt - 800, finishedAt: observedAt, topicsWalked: 2, carried: NOTHING_CARRIED, cost: NO_COST, groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), futureStoreTimes: 0, nameServer: undefined, storeTimes: undefined,
    clusters: validateClusterBrokerNames(consoleFixtureData('cluster-list.query.json')),
    failures: [{ scope: 'topic', name: 'config_topic', kind: 'timeout', message: 'console request timed out' }], flavour: 'dashboard-2.1',
    groups: new Map(groups.map((g) => [g.group, g])),
    observations: Object.entries(byTopic).map(([group, info]) => ({ topic: 'order_topic', group, queues: queueBlock(info.queueStatInfoList), observedAt })),
  }, undefined, 1000);
  const lagText = Buffer.concat(renderLagFamilies(snapshot, 'rocketmq', new Set(LAG_FAMILY_NAMES), true)).toString();
  const self = new SelfMetrics({ prefix: 'rocketmq', version: VERSION, now: () => observedAt + 4200, nodejs: 'v24.11.1', refreshIntervalMs: () => 15_000 });
  self.observeRequest({ endpoint: '/topic/queryConsumerByTopic.query', outcome: 'success', durationSeconds: 0.012 });
  self.observeWalk({ startedAt: observedAt - 800, finishedAt: observedAt, durationSeconds: 0.8, ok: true, failure: undefined }, snapshot);
  const healthText = self.text();

  const lines: string[] = ['| family | labels | meaning | example |', '|---|---|---|---|'];
  const row = (f: Family, text: string) => {
    const name = f.standard ? f.name : `rocketmq_${f.name}`;
    const compat = Object.values(COMPAT_FAMILIES).includes(f as never);
    const detail = (f.perQueue ? ' Per queue.' : '') + (compat ? ' With `COMPAT_OFFICIAL=true`.' : f.byDefault ? '' : ` Opt-in: \`METRIC_FAMILIES=+${f.name}\`.`);
    const sampleName = f.type === 'histogram' ? `${name}_bucket` : name;
    lines.push(`| \`${name}\` | ${f.labels.map((l) => `\`${l}\``).join(', ')} | ${helpOf(f)}${detail} | ${example(text, sampleName)} |`);
  };
  for (const f of Object.values(LAG_FAMILIES)) row(f, lagText);
  for (const f of Object.values(COMPAT_FAMILIES)) row(f, lagText);
  for (const f of Object.values(HEALTH_FAMILIES)) row(f, healthText);
  // The process's figures differ from run to run: no example.
  for (const f of Object.values(RUNTIME_FAMILIES)) row(f, '');
  return lines.join('\n');
}

function firstSample(text: string, name: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(name + '{') || l.startsWith(name + ' '));
}

function example(text: string, name: string): string {
  const line = firstSample(text, name);
  return line === undefined ? '' : `\`${line.replace(/\|/g, '\\|')}\``;
}

export function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
  return text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b);
}

async function renderReadme(current: string): Promise<string> {
  const tables = replaceBetween(replaceBetween(current, 'config-table', configTable()), 'metrics-table', await metricsTable());
  return replaceBetween(tables, 'contents', contentsOf(tables));
}

/** The README's table of contents: its sections and their subsections, linked as GitHub anchors them. */
function contentsOf(readme: string): string {
  const lines = ['Contents:', ''];
  let fenced = false;
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^(##|###) (.+)$/.exec(line);
    if (heading === null) continue;
    const [, level, title = ''] = heading;
    const anchor = title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
    lines.push(`${level === '##' ? '' : '  '}- [${title}](#${anchor})`);
  }
  return lines.join('\n');
}

const RULES_FILE = 'rules/rocketmq-lag.rules.yml';

/** The PrometheusRule manifest for a rule file's text: the file (a mapping with `groups:`) indented under `spec:`. */
function renderPrometheusRule(rulesText: string): string {
  const lines = rulesText.replace(/^---\n/, '').replace(/\n+$/, '').split('\n');
  if (!lines.some((line) => line.startsWith('groups:'))) throw new Error(`${RULES_FILE}: no top-level "groups:"`);
  const spec = lines.map((line) => (line === '' ? '' : `  ${line}`)).join('\n');
  return [
    `# Generated from ${RULES_FILE} by make docs: edit the rule file, then run make docs.`,
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: rocketmq-lag-exporter',
    '  labels:',
    '    app.kubernetes.io/name: rocketmq-lag-exporter',
    'spec:',
    spec,
    '',
  ].join('\n');
}

const ROOT = new URL('../../', import.meta.url);

function read(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly text: string;
}

/** Every generated file as it should be now, from what the repository holds. */
export async function generatedFiles(): Promise<GeneratedFile[]> {
  return [
    { path: 'README.md', text: await renderReadme(read('README.md')) },
    { path: 'env.default.config', text: referenceEnvFile() },
    { path: 'k8s/components/prometheus-rule/prometheusrule.yaml', text: renderPrometheusRule(read(RULES_FILE)) },
  ];
}
