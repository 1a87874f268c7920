import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Refresher } from '../../src/lag/refresher.js';
import { WalkFailedError } from '../../src/lag/source.js';
import { buildSnapshot } from '../../src/lag/snapshot.js';
import { NOTHING_CARRIED, type Snapshot } from '../../src/lag/types.js';
import { NO_COST } from '../../src/lag/cost.js';

function snapshotAt(startedAt: number): Snapshot {
  return buildSnapshot({ startedAt, finishedAt: startedAt, observations: [], groups: undefined, failures: [], flavour: undefined, topicsWalked: 0, carried: NOTHING_CARRIED, cost: NO_COST, groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), storeTimes: undefined, futureStoreTimes: 0, nameServer: undefined, clusters: undefined }, undefined, 10);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

test('ten concurrent scrapes share one walk', async () => {
  const clock = 0;
  let walks = 0;
  const gate = deferred();
  const r = new Refresher(async () => { walks++; await gate.promise; return snapshotAt(clock); }, { refreshIntervalMs: () => 15_000, now: () => clock });
  const scrapes = Array.from({ length: 10 }, () => r.forScrape(5_000));
  gate.resolve();
  const results = await Promise.all(scrapes);
  assert.equal(walks, 1);
  assert.ok(results.every((s) => s === results[0] && s !== undefined));
});

test('no new walk before the minimum refresh interval, one after it', async () => {
  let clock = 0;
  let walks = 0;
  const r = new Refresher(async () => { walks++; return snapshotAt(clock); }, { refreshIntervalMs: () => 15_000, now: () => clock });
  await r.forScrape(1000);
  clock = 14_999;
  await r.forScrape(1000);
  assert.equal(walks, 1);
  clock = 15_000;
  await r.forScrape(1000);
  assert.equal(walks, 2);
});

test('a walk that overruns the scrape budget: the last snapshot is served, the walk goes on', async () => {
  let clock = 0;
  const slow = deferred();
  let calls = 0;
  const r = new Refresher(async () => {
    calls++;
    if (calls === 2) await slow.promise;
    return snapshotAt(clock);
  }, { refreshIntervalMs: () => 0, now: () => clock });
  const first = await r.forScrape(1000);
  clock = 60_000;
  const t0 = Date.now();
  const served = await r.forScrape(50);
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(served, first, 'the old snapshot, since the new walk is still running');
  assert.equal(r.walking, true);
  slow.resolve();
  await r.refresh();
  assert.equal(r.snapshot?.startedAt, 60_000);
});

test('a failed walk keeps the previous snapshot and reports the failure', async () => {
  let fail = false;
  const r = new Refresher(async () => {
    if (fail) throw new WalkFailedError({ scope: 'topic_list', name: '', kind: 'unreachable', message: 'console down' });
    return snapshotAt(1);
  }, { refreshIntervalMs: () => 0, now: () => 1 });
  const first = await r.forScrape(1000);
  fail = true;
  const second = await r.forScrape(1000);
  assert.equal(second, first);
  assert.deepEqual(r.lastWalk?.failure, { scope: 'topic_list', name: '', kind: 'unreachable', message: 'console down' });
  assert.equal(r.lastWalk?.ok, false);
});
