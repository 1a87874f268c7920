// make check: no tracked file reaches outside the repository. A relative path whose leading dot-dot segments climb
// above the root (one of them from the root, three from test/support/) or the absolute path of the checkout's parent
// would make a plain `git clone` fail where this checkout works. Prints each offending line; exits 1 if any.
// Usage: node --import tsx scripts/check-self-contained.ts [repository root, default: this script's]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const parent = dirname(root);
// Dot-dot segments at the start of a relative path, alone or followed by a slash; not three dots, not mid-path.
const CLIMB = /(?<![\w.\-/])((?:\.\.\/)*\.\.)(?=\/|['"`\s),;\]]|$)/gm;

const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter((f) => f !== '');
const problems: string[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(resolve(root, file), 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  if (text.includes('\0')) continue; // binary
  const depth = file.split('/').length - 1;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}: `;
    if (line.includes(parent + sep) && !line.includes(root)) problems.push(`${where}absolute path outside the repository: ${line.trim()}`);
    for (const match of line.matchAll(CLIMB)) {
      const ups = (match[1] ?? '').split('/').length;
      if (ups > depth) problems.push(`${where}climbs ${ups} level${ups === 1 ? '' : 's'} from ${depth === 0 ? 'the root' : dirname(file)}, out of the repository: ${line.trim()}`);
    }
  });
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n${problems.length} reference(s) outside the repository: bring what is needed into it (fixtures under test/fixtures/, references under docs/)\n`);
  process.exit(1);
}
process.stdout.write(`self-contained: ${files.length} tracked files, none reads outside the repository\n`);
