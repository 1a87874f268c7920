import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flavourOf, loginDataEvidence, topicListEvidence, type FlavourEvidence } from '../../src/console/flavour.js';
import type { Flavour } from '../../src/console/types.js';

const flavourCases: ReadonlyArray<readonly [string, FlavourEvidence, Flavour | undefined]> = [
  ['nothing seen yet', {}, undefined],
  ['raw TBW102 in the topic list', { topicList: 'raw' }, 'console-1.0'],
  ['%SYS% markers in the topic list', { topicList: 'marked' }, 'console-2019'],
  ['login data a string', { loginData: 'string', topicList: 'marked' }, 'console-2019'],
  ['login data an object', { loginData: 'object', topicList: 'marked' }, 'dashboard-1.0'],
  ['login data an object outweighs a raw topic list', { loginData: 'object', topicList: 'raw' }, 'dashboard-1.0'],
  ['legacy groupList says nothing on its own', { groupList: 'legacy' }, undefined],
  ['legacy groupList leaves the login data to tell', { groupList: 'legacy', loginData: 'string' }, 'console-2019'],
  ['groupList with address', { groupList: 'address', loginData: 'object' }, 'dashboard-2.0'],
  ['groupList with updateTime', { groupList: 'update-time', topicList: 'marked' }, 'dashboard-2.1'],
];

for (const [name, evidence, expected] of flavourCases) {
  test(`flavour: ${name}`, () => {
    assert.equal(flavourOf(evidence), expected);
  });
}

const topicLists: ReadonlyArray<readonly [string, readonly string[], boolean, FlavourEvidence['topicList']]> = [
  ['%SYS% markers: marked', ['%SYS%TBW102', 'a'], true, 'marked'],
  ['a raw TBW102 and no marker: raw', ['TBW102', 'a'], false, 'raw'],
  ['neither: no evidence', ['a'], false, undefined],
  ['an empty list: no evidence', [], false, undefined],
];

for (const [name, topics, systemMarked, expected] of topicLists) {
  test(`topic list evidence: ${name}`, () => {
    assert.equal(topicListEvidence(topics, systemMarked), expected);
  });
}

const loginData: ReadonlyArray<readonly [string, unknown, FlavourEvidence['loginData']]> = [
  ['a string (console 2019)', '/', 'string'],
  ['an object (dashboard)', { loginUserName: 'admin' }, 'object'],
  ['null: no evidence', null, undefined],
  ['an array: no evidence', ['admin'], undefined],
  ['a number: no evidence', 1, undefined],
];

for (const [name, data, expected] of loginData) {
  test(`login data evidence: ${name}`, () => {
    assert.equal(loginDataEvidence(data), expected);
  });
}
