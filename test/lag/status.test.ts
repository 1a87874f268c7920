import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupHistory, type GroupSample, type GroupStatus } from '../../src/lag/status.js';

const WINDOW = 60_000;
const STEP = 15_000;

/** Walks 15 s apart, each seeing group g with the given lag, offset sum and online clients; the status after each. */
function statuses(samples: readonly Partial<GroupSample>[], windowMs = WINDOW): GroupStatus[] {
  const history = new GroupHistory(windowMs);
  return samples.map((s, i) => {
    history.startWalk();
    return history.observe('g', { at: i * STEP, lag: 10, offsetSum: 100 + i, rewound: false, onlineClients: 1, ...s });
  });
}

test('fewer than two walks, or unknown lag: unknown', () => {
  assert.deepEqual(statuses([{}]), ['unknown']);
  assert.deepEqual(statuses([{ lag: 0 }]), ['unknown'], 'even at lag 0');
  assert.deepEqual(statuses([{}, { lag: NaN }, {}]), ['unknown', 'unknown', 'ok']);
});

test('ok: lag 0 at some walk of the window, whatever happened since', () => {
  // Lag 0 at the first walk, then stuck with lag: ok until lag 0 leaves the 60 s window.
  const stuck = { lag: 5, offsetSum: 100 };
  assert.deepEqual(statuses([{ lag: 0, offsetSum: 100 }, stuck, stuck, stuck, stuck, stuck]), ['unknown', 'ok', 'ok', 'ok', 'ok', 'stalled']);
  // An idle group without a consumer and without backlog is ok, not stopped.
  assert.deepEqual(statuses([{ lag: 0, offsetSum: 7, onlineClients: 0 }, { lag: 0, offsetSum: 7, onlineClients: 0 }]), ['unknown', 'ok']);
});

test('rewind: an offset went back in the window; it wins over stalled and lagging, lag 0 wins over it', () => {
  assert.deepEqual(statuses([{}, { rewound: true, lag: 500 }, { lag: 600 }, { lag: 700 }, { lag: 800 }, { lag: 900 }, { lag: 1000 }]),
    ['unknown', 'rewind', 'rewind', 'rewind', 'rewind', 'lagging', 'lagging']);
  assert.deepEqual(statuses([{}, { rewound: true, lag: 0 }]), ['unknown', 'ok']);
});

test('stopped and stalled: lag and no offset moved across the window; stopped without a consumer online', () => {
  const still = { offsetSum: 100, lag: 10 };
  assert.deepEqual(statuses([still, { ...still, onlineClients: 0 }]), ['unknown', 'stopped']);
  assert.deepEqual(statuses([still, still]), ['unknown', 'stalled']);
  // Moved between the first two walks, then still: stalled once that move has left the window (after the walk at 60 s).
  assert.deepEqual(statuses([{ offsetSum: 90 }, still, still, still, still, still, still]), ['unknown', 'ok', 'ok', 'ok', 'ok', 'stalled', 'stalled']);
  // Still but the lag grows (producers go on): still stalled, not lagging.
  assert.deepEqual(statuses([{ offsetSum: 100, lag: 10 }, { offsetSum: 100, lag: 20 }]), ['unknown', 'stalled']);
});

test('lagging: offsets advance, the lag grew and never shrank across the window', () => {
  const growing = [10, 20, 30, 40, 50, 60].map((lag) => ({ lag }));
  assert.deepEqual(statuses(growing), ['unknown', 'lagging', 'lagging', 'lagging', 'lagging', 'lagging']);
  // A consumer keeping pace with a steady backlog is not falling behind.
  assert.deepEqual(statuses([{ lag: 50 }, { lag: 50 }, { lag: 50 }]), ['unknown', 'ok', 'ok']);
  // One shrink in the window is enough to be ok; once it leaves the window, lagging again.
  const lags = [10, 20, 15, 30, 40, 50, 60, 70];
  assert.deepEqual(statuses(lags.map((lag) => ({ lag }))), ['unknown', 'lagging', 'ok', 'ok', 'ok', 'ok', 'lagging', 'lagging']);
});

test('walks further apart than the window: the last two walks are the window', () => {
  const history = new GroupHistory(1000);
  history.startWalk();
  history.observe('g', { at: 0, lag: 10, offsetSum: 1, rewound: false, onlineClients: 1 });
  history.startWalk();
  assert.equal(history.observe('g', { at: 60_000, lag: 10, offsetSum: 1, rewound: false, onlineClients: 1 }), 'stalled');
  history.startWalk();
  assert.equal(history.observe('g', { at: 120_000, lag: 20, offsetSum: 5, rewound: false, onlineClients: 1 }), 'lagging');
});

test('a carried group keeps its status; a group not seen in a walk is forgotten', () => {
  const history = new GroupHistory(WINDOW);
  const sample = (at: number): GroupSample => ({ at, lag: 10, offsetSum: 1, rewound: false, onlineClients: 1 });
  history.startWalk();
  history.observe('g', sample(0));
  history.startWalk();
  assert.equal(history.observe('g', sample(STEP)), 'stalled');
  history.startWalk();
  assert.equal(history.carried('g'), 'stalled', 'its call failed: the status it had');
  history.startWalk();
  history.startWalk();
  assert.equal(history.carried('g'), 'unknown', 'gone for a walk: its history is forgotten');
  assert.equal(history.observe('g', sample(5 * STEP)), 'unknown');
});
