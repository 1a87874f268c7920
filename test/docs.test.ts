import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generatedFiles } from './support/docs.js';

const root = new URL('../', import.meta.url);

test('every generated file is the one the code generates now (make docs)', async () => {
  for (const file of await generatedFiles()) {
    assert.equal(readFileSync(new URL(file.path, root), 'utf8'), file.text, `${file.path} is stale: run make docs`);
  }
});
