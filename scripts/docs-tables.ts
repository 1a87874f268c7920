// Prints the README's configuration and metrics tables, generated from the code that defines them.
// `make docs` rewrites the README between the markers; a test fails when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { variables } from '../src/config.js';
import type { GroupConsumeInfo, TopicConsumerInfo } from '../src/console/types.js';
import { buildSnapshot } from '../src/lag/snapshot.js';
import { LAG_FAMILIES, renderLagFamilies } from '../src/metrics/lag-families.js';
import { SelfMetrics, HEALTH_FAMILIES } from '../src/metrics/self-metrics.js';
import { VERSION } from '../src/version.js';

const FIXTURES = new URL('../../shared/console-api/fixtures/', import.meta.url);
const README = new URL('../README.md', import.meta.url);

function fixture(name: string): unknown {
  return (JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { data: unknown }).data;
}

export function configTable(): string {
  const rows = variables.map((v) => {
    const aliases = v.aliases.length > 0 ? v.aliases.map((a) => `\`${a}\``).join(', ') : '';
    const def = v.default === '' ? '(unset)' : `\`${v.default}\``;
    return `| \`${v.name}\` | ${def} | ${aliases} | ${v.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| variable | default | hepyu alias | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export async function metricsTable(): Promise<string> {
  const observedAt = 1718102346300;
  const byTopic = fixture('topic-queryConsumerByTopic.query.json') as Record<string, TopicConsumerInfo>;
  const groups = fixture('consumer-groupList.query.json') as GroupConsumeInfo[];
  const snapshot = buildSnapshot({
    startedAt: observedAt - 800, finishedAt: observedAt, topicsWalked: 2,
    failures: [{ scope: 'topic', name: 'config_topic', kind: 'timeout', message: 'console request timed out' }], flavour: 'dashboard-2.1',
    groups: new Map(groups.map((g) => [g.group, g])),
    observations: Object.entries(byTopic).map(([group, info]) => ({ topic: 'order_topic', group, info, observedAt })),
  }, undefined, 1000);
  const lagText = Buffer.concat(renderLagFamilies(snapshot, 'rocketmq', true)).toString();
  const refresher = {
    snapshot,
    lastWalk: { startedAt: observedAt - 800, finishedAt: observedAt, durationSeconds: 0.8, ok: true, failure: undefined },
  };
  const self = new SelfMetrics({ prefix: 'rocketmq', version: VERSION, refresher, now: () => observedAt + 4200, nodejs: 'v24.11.1' });
  self.observeRequest({ endpoint: '/topic/queryConsumerByTopic.query', outcome: 'success', durationSeconds: 0.012 });
  self.observeWalk('complete');
  const healthText = await self.registry.metrics();

  const lines: string[] = ['| family | labels | meaning | example |', '|---|---|---|---|'];
  for (const f of Object.values(LAG_FAMILIES)) {
    const name = `rocketmq_${f.name}`;
    const detail = f.perQueue ? ' Per queue: off with `QUEUE_DETAIL=false`.' : '';
    lines.push(`| \`${name}\` | ${f.labels.map((l) => `\`${l}\``).join(', ')} | ${f.help}${detail} | ${example(lagText, name)} |`);
  }
  for (const suffix of HEALTH_FAMILIES) {
    const name = `rocketmq_${suffix}`;
    const help = new RegExp(`^# HELP ${name} (.*)$`, 'm').exec(healthText)?.[1] ?? '';
    const sampleName = suffix.endsWith('_seconds') && healthText.includes(`# TYPE ${name} histogram`) ? `${name}_bucket` : name;
    lines.push(`| \`${name}\` | ${labelsOf(healthText, sampleName)} | ${help} | ${example(healthText, sampleName)} |`);
  }
  return lines.join('\n');
}

function firstSample(text: string, name: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(name + '{') || l.startsWith(name + ' '));
}

function example(text: string, name: string): string {
  const line = firstSample(text, name);
  return line === undefined ? '' : `\`${line.replace(/\|/g, '\\|')}\``;
}

function labelsOf(text: string, name: string): string {
  const line = firstSample(text, name);
  if (line === undefined || !line.startsWith(name + '{')) return '';
  return [...line.matchAll(/([a-zA-Z_]+)="/g)].map((m) => `\`${m[1]}\``).filter((l) => l !== '`le`').join(', ');
}

export function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
  return text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b);
}

export async function renderReadme(current: string): Promise<string> {
  return replaceBetween(replaceBetween(current, 'config-table', configTable()), 'metrics-table', await metricsTable());
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const current = readFileSync(README, 'utf8');
  writeFileSync(README, await renderReadme(current));
  process.stdout.write('README.md tables regenerated\n');
}
