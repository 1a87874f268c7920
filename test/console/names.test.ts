import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawGroupName, SYS_MARK } from '../../src/console/names.js';

test('the system marker is %SYS%', () => {
  assert.equal(SYS_MARK, '%SYS%');
});

const groups: ReadonlyArray<readonly [string, string, string]> = [
  ['a marked system group loses the marker', '%SYS%TOOLS_CONSUMER', 'TOOLS_CONSUMER'],
  ['a user group is kept', 'order_consumer_group', 'order_consumer_group'],
  ['an unmarked system group is kept', 'TOOLS_CONSUMER', 'TOOLS_CONSUMER'],
  ['only a leading marker is stripped', 'a%SYS%b', 'a%SYS%b'],
  ['only one marker is stripped', '%SYS%%SYS%g', '%SYS%g'],
  ['another marker is kept', '%RETRY%order_consumer_group', '%RETRY%order_consumer_group'],
  ['the marker alone leaves an empty name', '%SYS%', ''],
];

for (const [name, listed, raw] of groups) {
  test(`rawGroupName: ${name}`, () => {
    assert.equal(rawGroupName(listed), raw);
  });
}
