// Tests mirror src/: each module has one test file named after it (src/lag/filter.ts → test/lag/filter.test.ts; a
// folder of modules with an index, such as src/console/errors/, → test/console/errors.test.ts). The exporter as a
// whole is tested against the simulator, one file per behaviour, in test/exporter/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

// Modules without a test file of their own, and why.
const UNTESTED: Readonly<Record<string, string>> = {
  'src/console/types.ts': 'the console models: types only',
  'src/lag/types.ts': 'the walk and snapshot types, and the status list the snapshot tests read',
  'src/console/undici-parts.d.ts': 'types of the undici module the transport loads; test/console/transport.test.ts uses them',
};

// Test files that pin something other than one module.
const NOT_MODULES: Readonly<Record<string, string>> = {
  'test/docs.test.ts': 'every generated file is current',
  'test/demo.test.ts': 'make demo (scripts/demo.ts)',
  'test/self-contained.test.ts': 'scripts/check-self-contained.ts, run by make check',
  'test/layout.test.ts': 'this file',
};

// Folders of tests that are not unit tests of one module.
const OWN_TREES = ['test/sim/', 'test/e2e/', 'test/packaging/', 'test/support/', 'test/fixtures/'];

function files(dir: string, suffix: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => `${dir}/${f}`)
    .filter((f) => f.endsWith(suffix) && statSync(join(ROOT, f)).isFile())
    .sort();
}

/** The module a src file belongs to: the file itself, or the folder holding an index.ts. */
function moduleOf(file: string): string {
  const folder = file.slice(0, file.lastIndexOf('/'));
  return existsSync(join(ROOT, folder, 'index.ts')) ? folder : file.slice(0, -'.ts'.length);
}

test('every module in src/ has its test file in test/, named after it', () => {
  const modules = [...new Set(files('src', '.ts').filter((f) => UNTESTED[f] === undefined).map(moduleOf))];
  const missing = modules.filter((m) => {
    const mirror = `test/${relative('src', m)}`;
    return !existsSync(join(ROOT, `${mirror}.test.ts`)) && !(existsSync(join(ROOT, mirror)) && files(mirror, '.test.ts').length > 0);
  });
  assert.deepEqual(missing, []);
});

test('every unit test file in test/ is named after a module of src/', () => {
  const strays = files('test', '.test.ts').filter((t) => {
    if (NOT_MODULES[t] !== undefined || OWN_TREES.some((tree) => t.startsWith(tree))) return false;
    const mirror = `src/${relative('test', t).slice(0, -'.test.ts'.length)}`;
    const folder = mirror.slice(0, mirror.lastIndexOf('/'));
    return !existsSync(join(ROOT, `${mirror}.ts`)) && !existsSync(join(ROOT, mirror, 'index.ts')) && !existsSync(join(ROOT, `${folder}.ts`));
  });
  assert.deepEqual(strays, []);
});

test('the exceptions above still exist', () => {
  assert.deepEqual([...Object.keys(UNTESTED), ...Object.keys(NOT_MODULES)].filter((f) => !existsSync(join(ROOT, f))), []);
});
