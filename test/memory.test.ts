import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullCollector } from '../src/memory.js';

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
