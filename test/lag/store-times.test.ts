import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAUGHT_UP, POINTS_PER_QUEUE, StoreTimes, UNKNOWN_TIME_LAG } from '../../src/lag/store-times.js';

const NOW = 1_000_000;

function queue(...points: [offset: number, storeTime: number][]): StoreTimes {
  const s = new StoreTimes(0);
  for (const [offset, storeTime] of points) s.record('t', 'broker-a', 0, offset, storeTime);
  return s;
}

test('lag 0 is 0 s whatever is known; lag without a point on each side is unknown, never 0 and never extrapolated', () => {
  assert.deepEqual(new StoreTimes(0).timeLag('t', 'broker-a', 0, 10, 0, NOW), CAUGHT_UP);
  assert.deepEqual(new StoreTimes(0).timeLag('t', 'broker-a', 0, 10, 5, NOW), UNKNOWN_TIME_LAG);
  // Only points before the next message (the last consumed one): how far the rest goes is not known.
  assert.deepEqual(queue([9, 990_000], [5, 980_000]).timeLag('t', 'broker-a', 0, 10, 5, NOW), UNKNOWN_TIME_LAG);
  // Only points at or after it: when the consumed ones were stored is not known.
  assert.deepEqual(queue([14, 995_000]).timeLag('t', 'broker-a', 0, 10, 5, NOW), UNKNOWN_TIME_LAG);
});

test('the store time of the next message is interpolated between the nearest points, within the bounds they give', () => {
  // Message 9 (last consumed) at 990_000, message 14 (last stored) at 995_000: message 10 at 991_000.
  const s = queue([9, 990_000], [14, 995_000]);
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW), { seconds: 9, lower: 5, upper: 10, skewed: false });
  // A point from an earlier walk between them narrows it: message 11 at 992_000.
  s.record('t', 'broker-a', 0, 11, 992_000);
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW), { seconds: 9, lower: 8, upper: 10, skewed: false });
  // An exact point for the message itself.
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 11, 4, NOW), { seconds: 8, lower: 8, upper: 10, skewed: false });
  // Other queues know nothing of these points.
  assert.deepEqual(s.timeLag('t', 'broker-b', 0, 10, 5, NOW), UNKNOWN_TIME_LAG);
  assert.deepEqual(s.timeLag('u', 'broker-a', 0, 10, 5, NOW), UNKNOWN_TIME_LAG);
});

test('a reprocessing consumer far behind: the age of the old message it is at, bounded, not extrapolated from recent rates', () => {
  // Message 99 stored a day ago, message 1_000_000 a second ago.
  const now = 1_718_000_000_000;
  const s = queue([99, now - 86_400_000], [1_000_000, now - 1000]);
  const lag = s.timeLag('t', 'broker-a', 0, 100, 999_901, now);
  assert.ok(lag.seconds <= 86_400 && lag.seconds >= 1, `between the bounds: ${lag.seconds}`);
  assert.deepEqual([lag.lower, lag.upper], [1, 86_400]);
});

test('a store time later than the clock (clocks apart) is clamped to 0 and flagged', () => {
  const s = queue([9, NOW - 1000], [14, NOW + 4000]);
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 14, 1, NOW), { seconds: 0, lower: 0, upper: 1, skewed: true });
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW), { seconds: 0, lower: 0, upper: 1, skewed: true });
});

test('unknown offsets and store times are not points; the same message again keeps one point', () => {
  const s = queue([-1, 5], [3, 0], [NaN, 10], [4, NaN]);
  assert.equal(s.size, 0);
  const t = queue([9, 990_000], [9, 990_000], [14, 995_000]);
  assert.deepEqual(t.timeLag('t', 'broker-a', 0, 10, 5, NOW), { seconds: 9, lower: 5, upper: 10, skewed: false });
});

test(`a queue keeps ${POINTS_PER_QUEUE} points, the oldest recorded dropped first`, () => {
  const s = new StoreTimes(0);
  const storedAt = (o: number): number => 1000 + o * o;
  // Points 0..POINTS_PER_QUEUE recorded in that order: point 0 is dropped, so a consumer at 1 has no point before it.
  for (let o = 0; o <= POINTS_PER_QUEUE; o++) s.record('t', 'broker-a', 0, o, storedAt(o));
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 1, 5, NOW), UNKNOWN_TIME_LAG);
  assert.equal(s.timeLag('t', 'broker-a', 0, 2, 5, NOW).seconds, (NOW - storedAt(2)) / 1000, 'point 2 itself');
  // Recording a kept point again makes it the newest: then point 2 is the oldest, and goes.
  s.record('t', 'broker-a', 0, 1, storedAt(1));
  s.record('t', 'broker-a', 0, 100, storedAt(100));
  assert.equal(s.timeLag('t', 'broker-a', 0, 2, 5, NOW).seconds, (NOW - (storedAt(1) + storedAt(3)) / 2) / 1000, 'between points 1 and 3');
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 100, 0, NOW), false);
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 101, 0, NOW), true);
});

test('within the resolution, the age of the last consumed message stands for the time lag; past it, a point after is wanted', () => {
  const s = new StoreTimes(15_000);
  s.record('t', 'broker-a', 0, 9, NOW - 12_000);
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW), { seconds: 12, lower: 0, upper: 12, skewed: false });
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 10, NOW - 12_000, NOW), false);
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW + 3001), UNKNOWN_TIME_LAG, '15.001 s: too old to stand for it');
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 10, NOW - 12_000, NOW + 3001), true);
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 10, 0, NOW), true, 'the last consumed message\'s store time unknown');
  s.record('t', 'broker-a', 0, 20, NOW);
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 10, NOW - 60_000, NOW), false, 'a point after it is known');
});
