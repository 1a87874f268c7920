// Series and bytes of each metric family in one plain-text (0.0.4) exposition, and the tables that show them.
import { count, mb } from './stats.js';

export type Area = 'lag' | 'exporter health' | 'runtime';

export interface FamilyStat {
  /** As in its `# TYPE` line: a histogram's _bucket, _sum and _count samples count under it. */
  readonly name: string;
  readonly type: string;
  readonly area: Area;
  readonly series: number;
  /** Its HELP and TYPE lines and its samples, newlines included. */
  readonly bytes: number;
}

const PREFIX = 'rocketmq_';
// Sample names a family's own name may be followed by (histograms, summaries, counters).
const SUFFIXES = new Set(['bucket', 'sum', 'count', 'total', 'created']);

/** The lag families, the exporter's own health families, and the process's runtime families (nodejs_*, process_*). */
export function areaOf(family: string): Area {
  if (family.startsWith(`${PREFIX}exporter_`)) return 'exporter health';
  return family.startsWith(PREFIX) ? 'lag' : 'runtime';
}

/** One entry per family in the order of the exposition; a sample with no family line before it is a family of its own. */
export function familiesOf(exposition: Buffer): FamilyStat[] {
  const stats = new Map<string, { name: string; type: string; series: number; bytes: number }>();
  const entry = (name: string) => {
    let s = stats.get(name);
    if (s === undefined) stats.set(name, (s = { name, type: 'untyped', series: 0, bytes: 0 }));
    return s;
  };
  let current = '';
  for (let start = 0; start < exposition.length;) {
    let end = exposition.indexOf(10, start);
    if (end < 0) end = exposition.length;
    const bytes = end + 1 - start;
    // Names are ASCII; the head of a line is enough to read one.
    const head = exposition.toString('latin1', start, Math.min(end, start + 256));
    start = end + 1;
    if (head === '') continue;
    const comment = /^# (HELP|TYPE) (\S+)(?: (\S+))?/.exec(head);
    if (comment !== null) {
      current = comment[2] ?? '';
      const s = entry(current);
      s.bytes += bytes;
      if (comment[1] === 'TYPE') s.type = comment[3] ?? 'untyped';
      continue;
    }
    if (head.startsWith('#')) {
      entry(current).bytes += bytes;
      continue;
    }
    const name = /^[^{ ]+/.exec(head)?.[0] ?? '';
    const own = name === current || (name.startsWith(`${current}_`) && SUFFIXES.has(name.slice(current.length + 1)));
    const s = entry(own ? current : name);
    s.series++;
    s.bytes += bytes;
  }
  return [...stats.values()].map((s) => ({ ...s, area: areaOf(s.name) }));
}

interface Totals {
  readonly series: number;
  readonly bytes: number;
}

function totals(families: readonly FamilyStat[]): Totals {
  return families.reduce((t, f) => ({ series: t.series + f.series, bytes: t.bytes + f.bytes }), { series: 0, bytes: 0 });
}

const AREAS: readonly Area[] = ['lag', 'exporter health', 'runtime'];
const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

/** Every family of one exposition, by area, with a subtotal per area and the total. */
export function familyTable(families: readonly FamilyStat[]): string {
  const all = totals(families);
  const lines = ['| family | type | series | bytes | share of bytes |', '|---|---|---|---|---|'];
  for (const area of AREAS) {
    const of = families.filter((f) => f.area === area);
    for (const f of of) lines.push(`| \`${f.name}\` | ${f.type} | ${count(f.series)} | ${count(f.bytes)} | ${share(f.bytes, all.bytes)} |`);
    const t = totals(of);
    lines.push(`| **${area}: ${of.length} families** | | **${count(t.series)}** | **${count(t.bytes)}** | ${share(t.bytes, all.bytes)} |`);
  }
  lines.push(`| **all: ${families.length} families** | | **${count(all.series)}** | **${count(all.bytes)}** | 100% |`);
  return lines.join('\n');
}

/** Series and bytes per area, one row per labelled exposition. */
export function areaTotalsTable(rows: readonly (readonly [label: string, families: readonly FamilyStat[]])[]): string {
  const lines = [
    `| run | ${AREAS.map((a) => `${a}: series / bytes`).join(' | ')} | all: series / bytes |`,
    `|---|${AREAS.map(() => '---|').join('')}---|`,
  ];
  const cell = (t: Totals) => `${count(t.series)} / ${mb(t.bytes)}`;
  for (const [label, families] of rows) {
    lines.push(`| ${label} | ${AREAS.map((a) => cell(totals(families.filter((f) => f.area === a)))).join(' | ')} | ${cell(totals(families))} |`);
  }
  return lines.join('\n');
}
