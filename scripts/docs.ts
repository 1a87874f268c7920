// make docs: rewrites every generated file (the list and the generators are in test/support/docs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedFiles } from '../test/support/docs.js';

const ROOT = new URL('../', import.meta.url);

for (const file of await generatedFiles()) {
  const url = new URL(file.path, ROOT);
  const changed = readFileSync(url, 'utf8') !== file.text;
  if (changed) writeFileSync(url, file.text);
  process.stdout.write(`${file.path}: ${changed ? 'regenerated' : 'up to date'}\n`);
}
