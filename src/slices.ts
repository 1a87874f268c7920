// Long synchronous work (building a snapshot, rendering 100k series) cut into slices, so that /healthz and
// scrapes are answered in between: the work is a generator, and yields wherever it may be paused.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

// Short enough to keep every stall well under the 50 ms a liveness probe or a scrape should ever wait.
const SLICE_MS = 10;

/** Runs `steps` to its end in one go: for callers that want the result now. */
export function runToEnd<R>(steps: Generator<unknown, R, undefined>): R {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Runs `steps` to its end, giving the event loop back after every SLICE_MS of work; when `each` returns a promise
 * (its consumer is behind), waits for it first.
 */
export async function runInSlices<Y, R>(steps: Generator<Y, R, undefined>, each?: (value: Y) => Promise<unknown> | undefined): Promise<R> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    const behind = each?.(step.value);
    if (behind !== undefined) {
      await behind;
      sliceStart = performance.now();
    } else if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}
