import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderReadme } from '../scripts/docs-tables.js';
import { VERSION } from '../src/version.js';

const root = new URL('../', import.meta.url);

test('the README configuration and metrics tables are the ones the code generates (make docs)', async () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  assert.equal(readme, await renderReadme(readme));
});

test('the version in the code is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
