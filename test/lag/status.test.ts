import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupHistory, type GroupSample, type GroupStatus } from '../../src/lag/status.js';

const WINDOW = 60_000;
const STEP = 15_000;

interface Seen {
  readonly lag?: number;
  readonly advanced?: boolean;
  readonly rewound?: boolean;
  readonly consuming?: boolean;
}

/** Walks 15 s apart, each seeing group g (by default: 10 behind, an offset moved on, a consumer online); the status after each. */
function statuses(samples: readonly Seen[], windowMs = WINDOW): GroupStatus[] {
  const history = new GroupHistory(windowMs);
  return samples.map((s, i) => {
    history.startWalk();
    return history.observe('g', { at: i * STEP, lag: 10, advanced: true, rewound: false, consuming: true, ...s });
  });
}

const still = { lag: 10, advanced: false };

test('fewer than two walks, or unknown lag: unknown', () => {
  assert.deepEqual(statuses([{}]), ['unknown']);
  assert.deepEqual(statuses([{ lag: 0 }]), ['unknown'], 'even at lag 0');
  assert.deepEqual(statuses([{}, { lag: NaN }, {}]), ['unknown', 'unknown', 'ok']);
});

test('ok: lag 0 at some walk of the window, whatever happened since', () => {
  // Lag 0 at the first walk, then stuck with lag: ok until lag 0 leaves the 60 s window.
  assert.deepEqual(statuses([{ lag: 0, advanced: false }, still, still, still, still, still]), ['unknown', 'ok', 'ok', 'ok', 'ok', 'stalled']);
  // An idle group without a consumer and without backlog is ok, not stopped.
  const idle = { lag: 0, advanced: false, consuming: false };
  assert.deepEqual(statuses([idle, idle]), ['unknown', 'ok']);
});

test('rewind: an offset went back in the window; it wins over stalled and lagging, lag 0 wins over it', () => {
  assert.deepEqual(statuses([{}, { rewound: true, lag: 500 }, { lag: 600 }, { lag: 700 }, { lag: 800 }, { lag: 900 }, { lag: 1000 }]),
    ['unknown', 'rewind', 'rewind', 'rewind', 'rewind', 'lagging', 'lagging']);
  assert.deepEqual(statuses([{}, { rewound: true, lag: 0 }]), ['unknown', 'ok']);
});

test('stopped and stalled: lag and no offset moved across the whole window watched; stopped without a consumer online', () => {
  // Not said before the group has been watched over the whole window (at 60 s).
  assert.deepEqual(statuses([still, still, still, still, still, still]), ['unknown', 'unknown', 'unknown', 'unknown', 'stalled', 'stalled']);
  assert.deepEqual(statuses([still, still, still, still, { ...still, consuming: false }]), ['unknown', 'unknown', 'unknown', 'unknown', 'stopped']);
  // Moved between the first two walks, then still: ok while that move is in the window, stalled after.
  assert.deepEqual(statuses([still, {}, still, still, still, still, still]), ['unknown', 'ok', 'ok', 'ok', 'ok', 'stalled', 'stalled']);
  // Still but the lag grows (producers go on): stalled, not lagging.
  assert.deepEqual(statuses([10, 20, 30, 40, 50].map((lag) => ({ lag, advanced: false }))), ['unknown', 'unknown', 'unknown', 'unknown', 'stalled']);
});

test('lagging: offsets advance, the lag grew and never shrank across the whole window watched', () => {
  const growing = [10, 20, 30, 40, 50, 60].map((lag) => ({ lag }));
  assert.deepEqual(statuses(growing), ['unknown', 'unknown', 'unknown', 'unknown', 'lagging', 'lagging']);
  // A consumer keeping pace with a steady backlog is not falling behind.
  assert.deepEqual(statuses([{ lag: 50 }, { lag: 50 }, { lag: 50 }]), ['unknown', 'ok', 'ok']);
  // One shrink in the window is enough to be ok; once it leaves the window, lagging.
  const lags = [10, 20, 15, 30, 40, 50, 60, 70];
  assert.deepEqual(statuses(lags.map((lag) => ({ lag }))), ['unknown', 'unknown', 'ok', 'ok', 'ok', 'ok', 'lagging', 'lagging']);
});

test('walks further apart than the window: the last two walks are the window', () => {
  const history = new GroupHistory(1000);
  const sample = (at: number, s: Seen): GroupSample => ({ at, lag: 10, advanced: true, rewound: false, consuming: true, ...s });
  history.startWalk();
  history.observe('g', sample(0, still));
  history.startWalk();
  assert.equal(history.observe('g', sample(60_000, still)), 'stalled');
  history.startWalk();
  assert.equal(history.observe('g', sample(120_000, { lag: 20 })), 'lagging');
});

test('a group whose call failed is unknown in that walk, its history kept; a group not seen in a walk is forgotten', () => {
  const history = new GroupHistory(10_000);
  const sample = (at: number): GroupSample => ({ at, lag: 10, advanced: false, rewound: false, consuming: true });
  history.startWalk();
  history.observe('g', sample(0));
  history.startWalk();
  assert.equal(history.observe('g', sample(STEP)), 'stalled');
  history.startWalk();
  assert.equal(history.carried('g'), 'unknown', 'its call failed: unknown now');
  history.startWalk();
  assert.equal(history.observe('g', sample(3 * STEP)), 'stalled', 'its history was kept');
  history.startWalk();
  history.startWalk();
  assert.equal(history.observe('g', sample(5 * STEP)), 'unknown', 'gone for a walk: its history is forgotten');
});
