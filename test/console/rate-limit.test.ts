import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimit } from '../../src/console/rate-limit.js';

test('a burst of as many requests as the rate goes at once, then one every 1/rate seconds, in arrival order', async () => {
  const limit = new RateLimit(20);
  const started = performance.now();
  const at: number[] = [];
  await Promise.all(Array.from({ length: 30 }, (_, i) => limit.take().then(() => { at[i] = performance.now() - started; })));
  const burst = at.slice(0, 20);
  assert.ok(burst.every((t) => t < 30), `the first 20 at once: ${burst.map((t) => t.toFixed(0)).join(' ')}`);
  // The other ten follow at 20 a second: the last about half a second after the start.
  assert.ok((at[29] ?? 0) >= 480 && (at[29] ?? 0) < 800, `the 30th after ${(at[29] ?? 0).toFixed(0)} ms`);
  assert.deepEqual(at, [...at].sort((a, b) => a - b), 'let through in arrival order');
});

test('a rate below one a second still lets one request through at once', async () => {
  const limit = new RateLimit(0.5);
  const started = performance.now();
  await limit.take();
  assert.ok(performance.now() - started < 20);
});

test('a waiting request given up with its signal rejects with the reason, and does not hold up the next', async () => {
  const limit = new RateLimit(2);
  await limit.take();
  await limit.take();
  const cancel = new AbortController();
  const given = limit.take(cancel.signal);
  const reason = new Error('the walk deadline');
  cancel.abort(reason);
  await assert.rejects(given, (error: unknown) => error === reason);
  const started = performance.now();
  await limit.take();
  assert.ok(performance.now() - started < 700, 'the next one waits for a token, not for the one given up');
});
