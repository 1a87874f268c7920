import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDuration } from '../src/duration.js';

describe('parseDuration', () => {
  const cases: readonly (readonly [string, number | undefined])[] = [
    ['500ms', 500],
    ['10s', 10_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['0.5m', 30_000],
    ['15', 15_000],
    ['2.5', 2_500],
    ['0', 0],
    ['0s', 0],
    ['0.0001', 0],
    ['1.1', 1_100],
    ['30s1m', 90_000],
    ['', undefined],
    ['s', undefined],
    ['10', 10_000],
    ['10 s', undefined],
    [' 10s', undefined],
    ['10S', undefined],
    ['10sec', undefined],
    ['1d', undefined],
    ['-5s', undefined],
    ['.5s', undefined],
    ['5.s', undefined],
    ['1e3', undefined],
    ['10us', undefined],
    ['1m30', undefined],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} is ${String(expected)}`, () => {
      assert.equal(parseDuration(text), expected);
    });
  }
});

describe('formatDuration', () => {
  const cases: readonly (readonly [number, string])[] = [
    [0, '0s'],
    [1, '1ms'],
    [500, '500ms'],
    [1_500, '1s500ms'],
    [15_000, '15s'],
    [90_000, '1m30s'],
    [300_000, '5m'],
    [3_600_000, '1h'],
    [3_723_004, '1h2m3s4ms'],
  ];
  for (const [ms, text] of cases) {
    test(`${ms}ms is ${text} and reads back`, () => {
      assert.equal(formatDuration(ms), text);
      assert.equal(parseDuration(text), ms);
    });
  }
});
