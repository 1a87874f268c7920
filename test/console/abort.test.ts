import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { onAbort } from '../../src/console/abort.js';
import { Semaphore } from '../../src/console/semaphore.js';

test('thousands of callers wait on one signal through a single listener; those that stopped waiting are not called', () => {
  const controller = new AbortController();
  const called: number[] = [];
  const unregister = Array.from({ length: 5000 }, (_, i) => onAbort(controller.signal, () => called.push(i)));
  assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
  for (let i = 0; i < 5000; i += 2) unregister[i]?.();
  controller.abort();
  assert.equal(called.length, 2500);
  assert.deepEqual(called.slice(0, 3), [1, 3, 5]);
  // A new signal after the abort gets its own listener.
  const next = new AbortController();
  onAbort(next.signal, () => called.push(-1));
  next.abort();
  assert.equal(called.at(-1), -1);
});

test('a semaphore: waiters given up by the deadline are passed over, the permit goes to the next one still waiting', async () => {
  const slots = new Semaphore(1);
  await slots.acquire();
  const deadline = new AbortController();
  const order: string[] = [];
  const doomed = Array.from({ length: 3000 }, () => slots.acquire(deadline.signal).then(() => order.push('doomed'), () => order.push('gave up')));
  const patient = slots.acquire().then(() => order.push('patient'));
  deadline.abort(new Error('deadline'));
  await Promise.all(doomed);
  slots.release();
  await patient;
  assert.equal(order.filter((o) => o === 'gave up').length, 3000);
  assert.deepEqual(order.slice(-1), ['patient']);
  assert.ok(!order.includes('doomed'));
});
