import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runInSlices, runToEnd } from '../src/slices.js';

function* counting(n: number, log: string[]): Generator<number, string, undefined> {
  for (let i = 0; i < n; i++) {
    log.push(`step ${i}`);
    yield i;
  }
  log.push('end');
  return `counted ${n}`;
}

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: synchronous work, as building a snapshot is
  }
}

/** Synchronous work of `steps` × 1 ms; returns whether `seen()` turned true before the work ended. */
function* busyWork(steps: number, seen: () => boolean): Generator<undefined, boolean, undefined> {
  for (let i = 0; i < steps; i++) {
    if (seen()) return true;
    spin(1);
    yield;
  }
  return seen();
}

test('runToEnd runs every step and returns the generator\'s result', () => {
  const log: string[] = [];
  assert.equal(runToEnd(counting(3, log)), 'counted 3');
  assert.deepEqual(log, ['step 0', 'step 1', 'step 2', 'end']);
});

test('runToEnd returns the result of a generator that never yields', () => {
  assert.equal(runToEnd(counting(0, [])), 'counted 0');
});

test('runToEnd keeps the event loop until the work ends (the contrast to runInSlices)', () => {
  let immediateRan = false;
  const immediate = setImmediate(() => {
    immediateRan = true;
  });
  try {
    assert.equal(runToEnd(busyWork(40, () => immediateRan)), false);
  } finally {
    clearImmediate(immediate);
  }
});

test('runInSlices returns the generator\'s result after every step', async () => {
  const log: string[] = [];
  assert.equal(await runInSlices(counting(3, log)), 'counted 3');
  assert.deepEqual(log, ['step 0', 'step 1', 'step 2', 'end']);
});

test('runInSlices gives the event loop back: a setImmediate scheduled before runs before 40 ms of work ends', async () => {
  let immediateRan = false;
  setImmediate(() => {
    immediateRan = true;
  });
  assert.equal(await runInSlices(busyWork(40, () => immediateRan)), true);
});

test('runInSlices waits for a promise returned by `each` before the next step', async () => {
  const log: string[] = [];
  const result = await runInSlices(counting(3, log), async (value) => {
    log.push(`each ${value}`);
    await sleep(5);
    log.push(`settled ${value}`);
  });
  assert.equal(result, 'counted 3');
  assert.deepEqual(log, [
    'step 0', 'each 0', 'settled 0',
    'step 1', 'each 1', 'settled 1',
    'step 2', 'each 2', 'settled 2',
    'end',
  ]);
});

test('runInSlices goes straight on when `each` returns undefined', async () => {
  const log: string[] = [];
  const result = await runInSlices(counting(3, log), (value) => {
    log.push(`each ${value}`);
    return undefined;
  });
  assert.equal(result, 'counted 3');
  assert.deepEqual(log, ['step 0', 'each 0', 'step 1', 'each 1', 'step 2', 'each 2', 'end']);
});

test('runInSlices passes every yielded value to `each`, in order', async () => {
  const seen: number[] = [];
  await runInSlices(counting(5, []), (value) => {
    seen.push(value);
    return value % 2 === 0 ? Promise.resolve() : undefined;
  });
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
});
