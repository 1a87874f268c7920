import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError } from '../../src/console/shape-error.js';

// What was found is named by its kind only: the value may be a clientId holding an ACL secret key.
const found: ReadonlyArray<readonly [unknown, string]> = [
  [undefined, 'nothing (field missing)'],
  [null, 'null'],
  [['10.0.2.19@AK|SK|g|1'], 'an array'],
  ['10.0.2.19@AK123456|SK987654321|g|1', 'a string'],
  ['', 'an empty string'],
  [{ clientId: 'x' }, 'an object'],
  [7, 'a number'],
  [true, 'a boolean'],
  [10n, 'a bigint'],
];

for (const [value, described] of found) {
  test(`a shape error says what was found by its kind: ${described}`, () => {
    const error = new ShapeError('data.queueStatInfoList[3].clientInfo', 'expected a string or null', value);
    assert.equal(error.message, `data.queueStatInfoList[3].clientInfo: expected a string or null, got ${described}`);
    assert.deepEqual(
      [error.name, error.path, error.expected],
      ['ShapeError', 'data.queueStatInfoList[3].clientInfo', 'expected a string or null'],
    );
  });
}
