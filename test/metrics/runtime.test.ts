import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUNTIME_FAMILIES } from '../../src/metrics/families.js';
import { EventLoopWatch, runtimeSamples } from '../../src/metrics/runtime.js';

test('the process figures: every runtime family once (open fds on Linux), CPU total the sum of user and system', () => {
  const samples = new Map(runtimeSamples().map(([f, value]) => [f.name, value]));
  assert.deepEqual([...samples.keys()].sort(), Object.values(RUNTIME_FAMILIES).map((f) => f.name).sort());
  const get = (name: string) => samples.get(name) ?? NaN;
  // In microseconds, as the process counts them: the seconds are not exact binary fractions.
  const us = (name: string) => Math.round(get(name) * 1e6);
  assert.equal(us('process_cpu_seconds_total'), us('process_cpu_user_seconds_total') + us('process_cpu_system_seconds_total'));
  const started = get('process_start_time_seconds');
  assert.ok(started <= Date.now() / 1000 && started > Date.now() / 1000 - process.uptime() - 1, `start time ${started}`);
  assert.ok(get('process_resident_memory_bytes') >= get('nodejs_heap_size_used_bytes'));
  assert.ok(get('process_open_fds') >= 3);
});

test('the event loop is watched from a walk\'s start to its settling only: unknown before, then the longest delay', async () => {
  const watch = new EventLoopWatch();
  assert.equal(watch.maxSeconds, undefined);
  watch.start();
  await sleep(30);
  const until = performance.now() + 120;
  while (performance.now() < until) { /* a walk that holds the loop for 120 ms */ }
  await sleep(30);
  watch.stop();
  const blocked = watch.maxSeconds ?? NaN;
  assert.ok(blocked >= 0.1 && blocked < 0.5, `longest delay ${blocked} s`);
  watch.start();
  await sleep(40);
  watch.stop();
  assert.ok((watch.maxSeconds ?? NaN) < 0.1, `a quiet walk after it: ${watch.maxSeconds} s`);
});

test('overlapping stretches are watched from the first start to the last stop; an extra stop changes nothing', async () => {
  const watch = new EventLoopWatch();
  watch.start();
  watch.start();
  watch.stop();
  await sleep(20);
  const until = performance.now() + 120;
  while (performance.now() < until) { /* held while the second stretch is still open */ }
  await sleep(20);
  assert.equal(watch.maxSeconds, undefined, 'nothing recorded while a stretch is open');
  watch.stop();
  assert.ok((watch.maxSeconds ?? NaN) >= 0.1, `longest delay ${watch.maxSeconds} s`);
  watch.stop();
  assert.ok((watch.maxSeconds ?? NaN) >= 0.1);
});
