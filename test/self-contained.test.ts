// scripts/check-self-contained.ts (run by make check) on small repositories made for the purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHECK = fileURLToPath(new URL('../scripts/check-self-contained.ts', import.meta.url));
// Built up, so that this file does not itself climb out of the repository.
const UP = '../';

function check(files: Record<string, string>): { status: number | null; out: string } {
  const parent = mkdtempSync(join(tmpdir(), 'rle-self-contained-'));
  const repo = join(parent, 'repo');
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text.replaceAll('PARENT', parent));
    }
    execFileSync('git', ['init', '-q'], { cwd: repo });
    execFileSync('git', ['add', '-A'], { cwd: repo });
    const run = spawnSync(process.execPath, ['--import', 'tsx', CHECK, repo], { encoding: 'utf8' });
    return { status: run.status, out: (run.stdout + run.stderr).replaceAll(parent, 'PARENT') };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

test('paths that stay inside the repository pass', () => {
  const result = check({
    'test/support/x.ts': `new URL('${UP}fixtures/a.json', import.meta.url); new URL('${UP.repeat(2)}README.md', import.meta.url);`,
    '.ci/run': 'cd "$(dirname "$0")/.."\n',
    'README.md': 'see docs/api.md; a.b...c; x/../y\n',
  });
  assert.deepEqual(result, { status: 0, out: 'self-contained: 3 tracked files, none reads outside the repository\n' });
});

test('a path climbing out of the repository, or an absolute path beside it, fails with the file and line', () => {
  const result = check({
    'test/support/x.ts': `// fine\nconst F = new URL('${UP.repeat(3)}shared/console-api/fixtures/', import.meta.url);\n`,
    'Makefile': `docs:\n\tcat ${UP}shared/API.md\n`,
    'scripts/y.sh': 'ls PARENT/shared\n',
  });
  assert.equal(result.status, 1);
  assert.deepEqual(result.out.split('\n').filter((l) => l !== ''), [
    `Makefile:2: climbs 1 level from the root, out of the repository: cat ${UP}shared/API.md`,
    'scripts/y.sh:1: absolute path outside the repository: ls PARENT/shared',
    `test/support/x.ts:2: climbs 3 levels from test/support, out of the repository: const F = new URL('${UP.repeat(3)}shared/console-api/fixtures/', import.meta.url);`,
    '3 reference(s) outside the repository: bring what is needed into it (fixtures under test/fixtures/, references under docs/)',
  ]);
});
