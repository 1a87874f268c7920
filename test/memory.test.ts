import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { fullCollector, keepYoungGenerationSmall } from '../src/memory.js';

// First in this file: the flag keeps the young generation from growing, it does not shrink it.
test('the young generation stays at its starting size through a burst of allocation that survives a while', () => {
  keepYoungGenerationSmall();
  const survivors: { i: number; name: string }[][] = [];
  for (let round = 0; round < 20; round++) {
    survivors.push(Array.from({ length: 50_000 }, (_, i) => ({ i, name: `row-${i}` })));
    if (survivors.length > 3) survivors.shift();
  }
  const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  assert.equal(survivors.length, 3);
  assert.ok(newSpace !== undefined && newSpace.space_size <= 4 * 2 ** 20, `new space ${((newSpace?.space_size ?? NaN) / 2 ** 20).toFixed(1)} MiB`);
});

function garbage(): number {
  const rows: { i: number; name: string }[] = [];
  for (let i = 0; i < 500_000; i++) rows.push({ i, name: `row-${i}` });
  return rows.length;
}

test('the collector after a walk: a full collection that gives a walk\'s garbage back', () => {
  const collect = fullCollector();
  collect();
  const before = process.memoryUsage().heapUsed;
  assert.equal(garbage(), 500_000);
  const grown = process.memoryUsage().heapUsed;
  collect();
  const after = process.memoryUsage().heapUsed;
  assert.ok(grown - before > 20e6, `the garbage took ${((grown - before) / 1e6).toFixed(1)} MB`);
  assert.ok(after - before < 5e6, `${((after - before) / 1e6).toFixed(1)} MB left after the collection`);
});
