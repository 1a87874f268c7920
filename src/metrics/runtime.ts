// The process's own figures under the standard process_* and nodejs_* names, read when a scrape asks: no timer runs
// between walks. The event loop is watched only from the start of a walk to the end of the collection after its render,
// the one stretch in which a scrape or a probe can wait on it.
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { RUNTIME_FAMILIES, type Family } from './families.js';

/** perf_hooks' sampling period: a delay shorter than this is not seen. */
const EVENT_LOOP_RESOLUTION_MS = 10;

type Sample = readonly [Family, number];

/** The runtime families' samples of this moment; a figure the platform does not give has no sample. */
export function runtimeSamples(): Sample[] {
  const f = RUNTIME_FAMILIES;
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const samples: Sample[] = [
    [f.cpuUser, cpu.user / 1e6],
    [f.cpuSystem, cpu.system / 1e6],
    [f.cpu, (cpu.user + cpu.system) / 1e6],
    [f.startTime, START_TIME_SECONDS],
    [f.residentMemory, memory.rss],
    [f.heapTotal, memory.heapTotal],
    [f.heapUsed, memory.heapUsed],
    [f.external, memory.external],
  ];
  const fds = openFds();
  if (fds !== undefined) samples.push([f.openFds, fds]);
  return samples;
}

const START_TIME_SECONDS = Math.round((Date.now() - performance.now()) / 10) / 100;

function openFds(): number | undefined {
  try {
    // Linux: one entry per open descriptor, the directory's own included.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return undefined;
  }
}

/**
 * The longest event-loop delay of the last watched stretch (seconds); undefined before the first. Stretches may
 * overlap (a walk may start while the last one's render ends): watched from the first start to the last stop.
 */
export class EventLoopWatch {
  private histogram: IntervalHistogram | undefined;
  private last: number | undefined;
  private open = 0;

  get maxSeconds(): number | undefined {
    return this.last;
  }

  start(): void {
    if (this.open++ > 0) return;
    this.histogram ??= monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.histogram.reset();
    this.histogram.enable();
  }

  stop(): void {
    if (this.open === 0 || --this.open > 0) return;
    const h = this.histogram;
    if (h === undefined) return;
    h.disable();
    // The histogram counts in nanoseconds and includes the sampling period itself.
    this.last = h.count === 0 ? 0 : Math.max(0, h.max / 1e9 - EVENT_LOOP_RESOLUTION_MS / 1000);
  }
}
