// Gives memory back after a walk. A walk allocates many times what the exporter keeps (at L, about 40 MB live at the
// end of a walk and 25 MB at rest, for hundreds of MB allocated), and V8 lets its heap grow to several times the live
// size before it collects, then keeps the pages: 100 MB and more of resident memory that holds nothing. The exporter
// knows the one moment its garbage is largest and the loop is idle, the end of a render: one full collection there.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * What every shipped launcher sets (the image, the systemd unit, the supervisor program; the bench runs the exporter
 * so): glibc reads these when the process starts, so the process cannot set them itself (bench/NOTES.md).
 * MALLOC_ARENA_MAX: glibc gives each thread that allocates a heap (arena) of its own and keeps what was freed there;
 * V8's compiler and collector threads held 10 MB more at L-hepyu at rest than two shared arenas do.
 * MALLOC_TRIM_THRESHOLD_: a fixed 128 KiB instead of glibc's sliding one (up to 64 MiB), so that a walk's freed
 * memory goes back to the system: 12 MB less at rest at L-hepyu.
 */
export const LAUNCH_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' };

/**
 * V8 doubles its young generation whenever much of it survives a collection, up to two 16 MB halves, and keeps it:
 * 32 MB of resident memory after the first walk. Kept at its starting size instead, the young generation costs no
 * more CPU per walk here (bench/NOTES.md): a walk's objects either die at once or live until the walk ends.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * undici parses HTTP with llhttp compiled to WebAssembly, and V8 compiles hot WebAssembly a second time, optimised,
 * some minutes into the process: 5 to 14 MB more resident memory from then on, for a parser that is not where a walk
 * spends its time (bench/NOTES.md). Baseline code only; set before the first console request compiles it.
 */
export function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}

/** A full, synchronous collection; the pages it empties are returned to the system. */
export function fullCollector(): () => void {
  // gc() is only put into contexts created once the flag is set; the flag changes nothing else.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('this Node.js runtime gives no gc() to collect after a walk');
  return () => (gc as () => void)();
}
