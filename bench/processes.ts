// The processes under test: the simulator (forked, asked over IPC) and the exporter (node dist/main.js), read from /proc.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../test/support/net.js';
import { fileURLToPath } from 'node:url';
import { LAUNCH_ENVIRONMENT } from '../src/memory.js';
import { get } from './http.js';

export interface RequestCounts {
  readonly total: number;
  readonly byEndpoint: Readonly<Record<string, number>>;
}

export interface SimProcess {
  readonly url: string;
  readonly model: string;
  requests(): Promise<RequestCounts>;
  resetRequests(): Promise<void>;
  stop(): Promise<void>;
}

interface Answer {
  readonly id: number;
  readonly result: unknown;
}

const SIM_CHILD = fileURLToPath(new URL('./sim-child.ts', import.meta.url));

export async function startSim(scale: string, latencyMs: number): Promise<SimProcess> {
  const child = fork(SIM_CHILD, [scale, String(latencyMs)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  child.on('message', (answer: Answer) => {
    waiting.get(answer.id)?.(answer.result);
    waiting.delete(answer.id);
  });
  const ask = (op: 'requests' | 'reset') => new Promise<unknown>((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    child.send({ id, op });
  });
  const ready = await new Promise<{ url: string; model: string }>((resolve, reject) => {
    waiting.set(0, (result) => resolve(result as { url: string; model: string }));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    ...ready,
    requests: async () => (await ask('requests')) as RequestCounts,
    resetRequests: async () => {
      await ask('reset');
    },
    stop: () => stopChild(child, () => child.disconnect()),
  };
}

/** Where a process's resident memory is, from /proc/<pid>/smaps. */
export interface MemoryMap {
  /** Anonymous 256 KiB mappings: V8's heap pages. */
  readonly v8PagesBytes: number;
  /** glibc's main heap ([heap]): buffers, zlib, undici. */
  readonly mallocBytes: number;
  /** File-backed: the node binary and shared libraries. */
  readonly fileBytes: number;
  /** Other anonymous mappings: thread stacks and arenas, large V8 objects, code, wasm. */
  readonly otherBytes: number;
}

export interface ExporterProcess {
  readonly pid: number;
  readonly base: string;
  /** User + system CPU seconds of the whole process so far (all threads). */
  cpuSeconds(): number;
  rssBytes(): number;
  memoryMap(): MemoryMap;
  /** Highest RSS since the start (VmHWM). */
  peakRssBytes(): number;
  stop(): Promise<void>;
}

export interface ExporterOptions {
  /** The exporter's entry point, e.g. dist/main.js. */
  readonly main: string;
  readonly env: Readonly<Record<string, string>>;
  readonly nodeArgs?: readonly string[];
  readonly cwd?: string;
}

export interface SpawnedExporter extends ExporterProcess {
  /** performance.now() just before the process was spawned. */
  readonly spawnedAt: number;
  /**
   * Calls `probe` every `gapMs` until it gives a value (a probe that throws counts as not yet); fails if the process
   * exits first or after 120 s.
   */
  until<T>(what: string, probe: () => Promise<T | undefined>, gapMs: number): Promise<T>;
}

/** Starts `node <main>` on a free port, without waiting for anything. */
export async function spawnExporter(options: ExporterOptions): Promise<SpawnedExporter> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.main], {
    // As the shipped launchers run it (src/memory.ts).
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...LAUNCH_ENVIRONMENT, ...options.env, LISTEN_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: options.cwd,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the exporter did not start');
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `the exporter (pid ${pid}) exited with ${signal ?? code}`;
  });
  // /proc/<pid> is gone once the process is: say so rather than ENOENT.
  const alive = <T>(read: () => T) => () => {
    if (exited !== undefined) throw new Error(exited);
    return read();
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, gapMs: number): Promise<T> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (exited !== undefined) throw new Error(`${exited} before ${what}`);
      if (Date.now() > deadline) throw new Error(`the exporter was not ${what} within 120 s`);
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await sleep(gapMs);
    }
  };
  return {
    pid,
    base: `http://127.0.0.1:${port}`,
    spawnedAt,
    until,
    cpuSeconds: alive(() => cpuSecondsOf(pid)),
    rssBytes: alive(() => statusKiB(pid, 'VmRSS') * 1024),
    memoryMap: alive(() => memoryMapOf(pid)),
    peakRssBytes: alive(() => statusKiB(pid, 'VmHWM') * 1024),
    stop: () => stopChild(child, () => child.kill('SIGTERM')),
  };
}

/** Starts `node <main>` on a free port and resolves once /readyz answers 200 (the first walk finished). */
export async function startExporter(options: ExporterOptions): Promise<ExporterProcess> {
  const proc = await spawnExporter(options);
  try {
    await proc.until('ready', async () => ((await get(`${proc.base}/readyz`)).status === 200 ? true : undefined), 50);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return proc;
}

// /proc/<pid>/stat fields 14 and 15 (utime, stime) are in clock ticks, 100 per second on Linux.
const TICKS_PER_SECOND = 100;

export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

// V8 (without pointer compression, as in Node.js) maps its heap in pages of this size.
const V8_PAGE_BYTES = 256 * 1024;

export function memoryMapOf(pid: number): MemoryMap {
  let v8PagesBytes = 0;
  let mallocBytes = 0;
  let fileBytes = 0;
  let otherBytes = 0;
  let size = 0;
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping !== null) {
      size = Number.parseInt(mapping[2] ?? '0', 16) - Number.parseInt(mapping[1] ?? '0', 16);
      name = (mapping[3] ?? '').trim();
      continue;
    }
    if (!line.startsWith('Rss:')) continue;
    const bytes = Number(line.split(/\s+/)[1]) * 1024;
    if (name === '' && size === V8_PAGE_BYTES) v8PagesBytes += bytes;
    else if (name === '[heap]') mallocBytes += bytes;
    else if (name.startsWith('/')) fileBytes += bytes;
    else otherBytes += bytes;
  }
  return { v8PagesBytes, mallocBytes, fileBytes, otherBytes };
}

function statusKiB(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field + ':'));
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

async function stopChild(child: ChildProcess, signal: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signal();
  const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(late);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
