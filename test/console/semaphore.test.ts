import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Semaphore } from '../../src/console/semaphore.js';

/** Lets every settled promise run its callbacks. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Acquires for `name`, recording the order in which holders got their permit. */
function acquireAs(slots: Semaphore, name: string, order: string[]): Promise<void> {
  return slots.acquire().then(() => {
    order.push(name);
  });
}

test('up to `permits` acquirers hold a permit at once; the next waits', async () => {
  const slots = new Semaphore(2);
  const order: string[] = [];
  void acquireAs(slots, 'a', order);
  void acquireAs(slots, 'b', order);
  void acquireAs(slots, 'c', order);
  await settle();
  assert.deepEqual(order, ['a', 'b']);
  slots.release();
  await settle();
  assert.deepEqual(order, ['a', 'b', 'c']);
});

test('waiters get their permit in arrival order, one per release', async () => {
  const slots = new Semaphore(1);
  const order: string[] = [];
  for (const name of ['first', 'w1', 'w2', 'w3']) void acquireAs(slots, name, order);
  await settle();
  assert.deepEqual(order, ['first']);
  for (const expected of [['first', 'w1'], ['first', 'w1', 'w2'], ['first', 'w1', 'w2', 'w3']]) {
    slots.release();
    await settle();
    assert.deepEqual(order, expected);
  }
});

test('a newcomer cannot overtake the queue: a released permit goes to the oldest waiter', async () => {
  const slots = new Semaphore(1);
  const order: string[] = [];
  void acquireAs(slots, 'holder', order);
  void acquireAs(slots, 'waiter', order);
  await settle();
  // Release and a new acquire in the same tick: the waiter, queued first, gets the permit.
  slots.release();
  void acquireAs(slots, 'newcomer', order);
  await settle();
  assert.deepEqual(order, ['holder', 'waiter']);
  slots.release();
  await settle();
  assert.deepEqual(order, ['holder', 'waiter', 'newcomer']);
});

test('released permits are available again when nobody waits', async () => {
  const slots = new Semaphore(1);
  const order: string[] = [];
  await acquireAs(slots, 'a', order);
  slots.release();
  await acquireAs(slots, 'b', order);
  slots.release();
  await acquireAs(slots, 'c', order);
  assert.deepEqual(order, ['a', 'b', 'c']);
});

for (const permits of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
  test(`permits must be a positive integer: ${permits} is refused`, () => {
    assert.throws(() => new Semaphore(permits), new RangeError(`permits must be a positive integer, got ${permits}`));
  });
}

test('a waiter whose signal aborts leaves the queue with the reason, and the permit goes to the next waiter', async () => {
  const slots = new Semaphore(1);
  await slots.acquire();
  const cancel = new AbortController();
  const reason = new Error('the walk deadline');
  const given = slots.acquire(cancel.signal);
  const order: string[] = [];
  const next = slots.acquire().then(() => order.push('next'));
  cancel.abort(reason);
  await assert.rejects(given, (error: unknown) => error === reason);
  slots.release();
  await next;
  assert.deepEqual(order, ['next']);
  slots.release();
  await slots.acquire();
});

test('an already aborted signal is refused at once, without taking a free permit', async () => {
  const slots = new Semaphore(1);
  const reason = new Error('too late');
  await assert.rejects(slots.acquire(AbortSignal.abort(reason)), (error: unknown) => error === reason);
  const order: string[] = [];
  await slots.acquire().then(() => order.push('free'));
  assert.deepEqual(order, ['free']);
});
