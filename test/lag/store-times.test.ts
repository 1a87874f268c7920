import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAUGHT_UP, POINTS_PER_QUEUE, StoreTimes, UNKNOWN_TIME_LAG } from '../../src/lag/store-times.js';

const NOW = 1_000_000;

/** Queue t/broker-a/0 needed in a walk, with these points recorded; resolution 0 unless said. */
function queue(points: readonly [offset: number, storeTime: number][], resolutionMs = 0): StoreTimes {
  const s = new StoreTimes(resolutionMs);
  s.beginWalk();
  s.need('t', 'broker-a', 0);
  for (const [offset, storeTime] of points) s.record('t', 'broker-a', 0, offset, storeTime, Infinity);
  s.endWalk();
  return s;
}

/** The time lag of a consumer at `offset`, `lag` behind, its last consumed message's store time unknown. */
function at(s: StoreTimes, offset: number, lag: number, now = NOW) {
  return s.timeLag('t', 'broker-a', 0, offset, lag, 0, now);
}

test('lag 0 is 0 s whatever is known; lag without a point on each side is unknown, never 0 and never extrapolated', () => {
  assert.deepEqual(at(new StoreTimes(0), 10, 0), CAUGHT_UP);
  assert.deepEqual(at(new StoreTimes(0), 10, 5), UNKNOWN_TIME_LAG);
  // Only points before the next message (the last consumed one): how far the rest goes is not known.
  assert.deepEqual(at(queue([[9, 990_000], [5, 980_000]]), 10, 5), { ...UNKNOWN_TIME_LAG, upper: 10 }, 'at most as old as message 9');
  // Only points at or after it: when the consumed ones were stored is not known.
  assert.deepEqual(at(queue([[14, 995_000]]), 10, 5), UNKNOWN_TIME_LAG);
});

test('the store time of the next message is interpolated between the nearest points, within the bounds they give', () => {
  // Message 9 (last consumed) at 990_000, message 14 (last stored) at 995_000: message 10 at 991_000.
  const s = queue([[9, 990_000], [14, 995_000]]);
  assert.deepEqual(at(s, 10, 5), { seconds: 9, lower: 5, upper: 10 });
  // A point from another group between them narrows it: message 11 at 992_000.
  s.record('t', 'broker-a', 0, 11, 992_000, Infinity);
  assert.deepEqual(at(s, 10, 5), { seconds: 9, lower: 8, upper: 10 });
  // An exact point for the message itself; its upper bound is still the point before.
  assert.deepEqual(at(s, 11, 4), { seconds: 8, lower: 8, upper: 10 });
  // Other queues know nothing of these points.
  assert.deepEqual(s.timeLag('t', 'broker-b', 0, 10, 5, 0, NOW), UNKNOWN_TIME_LAG);
  assert.deepEqual(s.timeLag('u', 'broker-a', 0, 10, 5, 0, NOW), UNKNOWN_TIME_LAG);
});

test('a reprocessing consumer far behind: the age of the old message it is at, within its bounds, not extrapolated', () => {
  // Message 99 stored a day ago, message 1_000_099 a second ago: message 100 stored a day ago, plus 1/1_000_000 of it.
  const now = 1_718_000_000_000;
  const s = queue([[99, now - 86_400_000], [1_000_099, now - 1000]]);
  const stored = now - 86_400_000 + (86_399_000 * 1) / 1_000_000;
  assert.deepEqual(at(s, 100, 999_999, now), { seconds: (now - stored) / 1000, lower: 1, upper: 86_400 });
});

test('a store time later than when it was read (clocks apart) is taken as that time', () => {
  const s = new StoreTimes(0);
  s.beginWalk();
  s.need('t', 'broker-a', 0);
  s.record('t', 'broker-a', 0, 9, NOW - 1000, NOW);
  s.record('t', 'broker-a', 0, 14, NOW + 4000, NOW);
  assert.deepEqual(at(s, 14, 1), { seconds: 0, lower: 0, upper: 1 });
  assert.deepEqual(at(s, 10, 5), { seconds: 0.8, lower: 0, upper: 1 });
  // The row's own last consumed message, stored "later" than now: 0, not negative.
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW + 500, NOW), { seconds: 0, lower: 0, upper: 0 });
});

test('the point before a consumer is its own last consumed message, whatever the queue keeps', () => {
  const s = queue([[150, NOW - 10_000]]);
  // Message 99 stored 60 s ago (the row's lastTimestamp), 150 ten seconds ago: message 100 at 60 - 50/51 s ago.
  const stored = NOW - 60_000 + (50_000 * 1) / 51;
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 100, 51, NOW - 60_000, NOW), { seconds: (NOW - stored) / 1000, lower: 10, upper: 60 });
});

test('unknown offsets and store times are not points; the same message again keeps one point', () => {
  assert.deepEqual(at(queue([[-1, 5], [3, 0], [NaN, 10], [4, NaN], [9, 990_000]]), 10, 5), { ...UNKNOWN_TIME_LAG, upper: 10 }, 'message 9 alone kept');
  const t = queue([[9, 990_000], [9, 990_000], [14, 995_000]]);
  assert.deepEqual(at(t, 10, 5), { seconds: 9, lower: 5, upper: 10 });
});

test(`a queue keeps ${POINTS_PER_QUEUE} points, the lowest dropped first`, () => {
  const storedAt = (o: number): number => 1000 + o * o;
  // Points 0..POINTS_PER_QUEUE: point 0 is dropped, so a consumer at 1 with no store time of its own has no point before it.
  const s = queue(Array.from({ length: POINTS_PER_QUEUE + 1 }, (_, o): [number, number] => [o, storedAt(o)]));
  assert.deepEqual(at(s, 1, 5), UNKNOWN_TIME_LAG);
  assert.equal(at(s, 2, 5).seconds, (NOW - storedAt(2)) / 1000, 'point 2 itself, point 1 before it');
  // A point lower than every kept one, the queue full: not kept.
  s.record('t', 'broker-a', 0, 0, storedAt(0), Infinity);
  assert.deepEqual(at(s, 1, 5), UNKNOWN_TIME_LAG);
  // A higher one: point 1 goes.
  s.record('t', 'broker-a', 0, 100, storedAt(100), Infinity);
  assert.deepEqual(at(s, 2, 5), UNKNOWN_TIME_LAG);
  assert.equal(at(s, 3, 5).seconds, (NOW - storedAt(3)) / 1000);
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 100), false);
  assert.equal(s.wantsPointAtOrAfter('t', 'broker-a', 0, 101), true);
});

test('within the resolution, the last consumed message\'s age stands for the time lag, without points; past it, points are needed', () => {
  const s = new StoreTimes(15_000);
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW - 12_000, NOW), { seconds: 12, lower: 0, upper: 12 });
  assert.equal(s.needsPoints(10, 5, NOW - 12_000, NOW), false);
  assert.equal(s.needsPoints(10, 5, NOW - 15_001, NOW), true, '15.001 s: too old to stand for it');
  assert.deepEqual(s.timeLag('t', 'broker-a', 0, 10, 5, NOW - 15_001, NOW), { ...UNKNOWN_TIME_LAG, upper: 15.001 }, 'no point after it: unknown, its upper bound known');
  assert.equal(s.needsPoints(10, 5, 0, NOW), true, 'the last consumed message\'s store time unknown');
  assert.equal(s.needsPoints(0, 5, 0, NOW), false, 'no message before offset 0: no point can help');
  assert.equal(s.needsPoints(10, 0, 0, NOW), false, 'caught up');
});

test('points are kept only for the queues a walk needs, and only until a walk that does not need them', () => {
  const s = new StoreTimes(0);
  s.beginWalk();
  s.record('t', 'broker-a', 0, 9, 990_000, Infinity);
  assert.equal(s.size, 0, 'a queue not needed keeps nothing');
  s.need('t', 'broker-a', 0);
  s.need('t', 'broker-b', 7);
  s.record('t', 'broker-a', 0, 9, 990_000, Infinity);
  s.record('t', 'broker-a', 0, 14, 995_000, Infinity);
  s.endWalk();
  assert.deepEqual([s.size, at(s, 10, 5).seconds], [2, 9]);
  // The next walk needs broker-b's queue only: broker-a's points are forgotten, and its slot reused.
  s.beginWalk();
  s.need('t', 'broker-b', 7);
  s.endWalk();
  assert.deepEqual([s.size, at(s, 10, 5)], [1, UNKNOWN_TIME_LAG]);
  s.beginWalk();
  s.need('u', 'broker-a', 2);
  s.record('u', 'broker-a', 2, 3, 5, Infinity);
  s.endWalk();
  assert.equal(s.size, 1);
  assert.equal(s.wantsPointAtOrAfter('u', 'broker-a', 2, 4), true);
  assert.equal(s.wantsPointAtOrAfter('u', 'broker-a', 2, 3), false);
});

test('a queue id as large as the console may send costs one entry, not an array that long', () => {
  const s = new StoreTimes(0);
  s.beginWalk();
  s.need('t', 'broker-a', 2 ** 40);
  s.record('t', 'broker-a', 2 ** 40, 9, 990_000, Infinity);
  s.record('t', 'broker-a', 2 ** 40, 14, 995_000, Infinity);
  s.endWalk();
  assert.equal(s.timeLag('t', 'broker-a', 2 ** 40, 10, 5, 0, NOW).seconds, 9);
});
