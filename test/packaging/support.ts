// Helpers shared by the packaging tests (supervisor, manifests) and the image test: ports, polling, promtool, /proc.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { LAG_FAMILIES } from '../../src/metrics/families.js';
import { parseExposition } from '../support/exposition.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export { freePort, until } from '../support/net.js';

/** The body of a 200 answer, or undefined (for until). */
export async function get200(url: string): Promise<string | undefined> {
  const res = await fetch(url);
  const body = await res.text();
  return res.status === 200 ? body : undefined;
}

export function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
  return found === '' ? undefined : found;
}

/**
 * promtool's findings on an exposition, less the one known exception (test/server.test.ts has the same rule):
 * the hepyu camelCase label names of the lag families.
 */
export function promtoolUnexpected(text: string, prefix = 'rocketmq'): string[] {
  const promtool = which('promtool');
  if (promtool === undefined) throw new Error('promtool is missing: run scripts/install-test-deps.sh');
  const run = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const report = run.stdout + run.stderr;
  const lagFamilies = new Set(Object.values(LAG_FAMILIES).map((f) => `${prefix}_${f.name}`));
  const lines = new Set(report.split('\n').filter((line) => line.trim() !== ''));
  return [...lines].filter((line) => {
    const name = line.split(' ', 1)[0] ?? '';
    return !(lagFamilies.has(name) && line.endsWith("label names should be written in 'snake_case' not 'camelCase'"));
  });
}

/** An exposition's samples by name and sorted labels, for exact look-ups: `samples.get(sampleKey(name, labels))`. */
export function sampleMap(text: string): Map<string, number> {
  return new Map(parseExposition(text).map((s) => [sampleKey(s.name, s.labels), s.value]));
}

export function sampleKey(name: string, labels: Readonly<Record<string, string>> = {}): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

export interface ProcessMemory {
  /** Resident set now, bytes. */
  readonly rss: number;
  /** Peak resident set, bytes. */
  readonly hwm: number;
  /** The part of rss that is the process' own memory (heap, stacks), not mapped files such as the node binary. */
  readonly anon: number;
  readonly uid: number;
}

export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status);
    if (match?.[1] === undefined) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rss: field('VmRSS') * 1024, hwm: field('VmHWM') * 1024, anon: field('RssAnon') * 1024, uid: field('Uid') };
}

/** User plus system CPU time a process has used so far, in seconds (Linux clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
