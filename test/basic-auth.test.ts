import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import bcrypt from 'bcryptjs';
import { BasicAuth, basicCredentials } from '../src/basic-auth.js';

const header = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// Cost 4: the cheapest bcrypt, so that the real comparisons stay quick.
const HASH = bcrypt.hashSync('correct horse', 4);

/** bcryptjs' compare, counted. */
function countedCompare(): { calls: string[]; compare: (password: string, hash: string) => Promise<boolean> } {
  const calls: string[] = [];
  return { calls, compare: (password, hash) => { calls.push(hash); return bcrypt.compare(password, hash); } };
}

test('Authorization: Basic parsed into user and password; anything else is no credentials', () => {
  assert.deepEqual(basicCredentials(header('prometheus', 'pa:ss word')), { user: 'prometheus', password: 'pa:ss word' });
  assert.deepEqual(basicCredentials(`basic ${Buffer.from('ü:ß').toString('base64')}`), { user: 'ü', password: 'ß' });
  assert.deepEqual(basicCredentials(`Basic ${Buffer.from(':').toString('base64')}`), { user: '', password: '' });
  for (const bad of [undefined, '', 'Basic', 'Bearer abc', `Basic ${Buffer.from('no colon').toString('base64')}`, 'Basic !!!', `Digest ${Buffer.from('a:b').toString('base64')}`]) {
    assert.equal(basicCredentials(bad), undefined, String(bad));
  }
});

test('the right user and password are allowed; a wrong password, an unknown user, no or a malformed header are denied', async () => {
  const auth = new BasicAuth(new Map([['prometheus', HASH]]));
  assert.equal(await auth.check(header('prometheus', 'correct horse')), 'allowed');
  assert.equal(await auth.check(header('prometheus', 'correct horse ')), 'denied');
  assert.equal(await auth.check(header('grafana', 'correct horse')), 'denied');
  assert.equal(await auth.check(undefined), 'denied');
  assert.equal(await auth.check('Basic !!!'), 'denied');
});

test('a hash written by htpasswd -B ($2y$) is verified', async () => {
  const r = spawnSync('htpasswd', ['-nbB', '-C', '5', 'prometheus', 'from htpasswd'], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'htpasswd (Debian apache2-utils) is installed by scripts/install-test-deps.sh');
  const hash = r.stdout.trim().slice('prometheus:'.length);
  assert.match(hash, /^\$2y\$05\$/);
  const auth = new BasicAuth(new Map([['prometheus', hash]]));
  assert.equal(await auth.check(header('prometheus', 'from htpasswd')), 'allowed');
  assert.equal(await auth.check(header('prometheus', 'from htpasswd!')), 'denied');
});

test('a verified pair is taken without bcrypt until it expires; failures are never remembered', async () => {
  let now = 1_000_000;
  const counted = countedCompare();
  const auth = new BasicAuth(new Map([['prometheus', HASH]]), { now: () => now, cacheTtlMs: 60_000, compare: counted.compare });
  for (let i = 0; i < 5; i++) assert.equal(await auth.check(header('prometheus', 'correct horse')), 'allowed');
  assert.equal(counted.calls.length, 1, 'one bcrypt for five checks');
  for (let i = 0; i < 3; i++) assert.equal(await auth.check(header('prometheus', 'wrong')), 'denied');
  assert.equal(counted.calls.length, 4, 'every wrong password costs a bcrypt');
  now += 60_000;
  assert.equal(await auth.check(header('prometheus', 'correct horse')), 'allowed');
  assert.equal(counted.calls.length, 5, 'verified again once expired');
});

test('the cache holds at most cacheSize pairs, the oldest going first', async () => {
  const users = new Map([['a', bcrypt.hashSync('1', 4)], ['b', bcrypt.hashSync('2', 4)], ['c', bcrypt.hashSync('3', 4)]]);
  const counted = countedCompare();
  const auth = new BasicAuth(users, { cacheSize: 2, compare: counted.compare });
  for (const [user, password] of [['a', '1'], ['b', '2'], ['c', '3']]) assert.equal(await auth.check(header(user ?? '', password ?? '')), 'allowed');
  assert.equal(counted.calls.length, 3);
  await auth.check(header('c', '3'));
  await auth.check(header('b', '2'));
  assert.equal(counted.calls.length, 3, 'b and c remembered');
  await auth.check(header('a', '1'));
  assert.equal(counted.calls.length, 4, 'a was dropped');
});

test('an unknown user costs a bcrypt of the highest configured cost, against a decoy hash', async () => {
  const counted = countedCompare();
  const auth = new BasicAuth(new Map([['cheap', HASH], ['dear', bcrypt.hashSync('x', 6)]]), { compare: counted.compare });
  assert.equal(await auth.check(header('nobody', 'x')), 'denied');
  assert.equal(counted.calls.length, 1);
  const [decoy] = counted.calls;
  assert.match(decoy ?? '', /^\$2b\$06\$.{53}$/);
  assert.notEqual(decoy, HASH);
});

test('verifications run one at a time; past maxPending waiting, busy', async () => {
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const compare = async (): Promise<boolean> => {
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return false;
  };
  const auth = new BasicAuth(new Map([['prometheus', HASH]]), { maxPending: 3, compare });
  const checks = [1, 2, 3].map((i) => auth.check(header('prometheus', `guess ${i}`)));
  assert.equal(await auth.check(header('prometheus', 'guess 4')), 'busy');
  let settled = false;
  const all = Promise.all(checks).finally(() => { settled = true; });
  while (!settled) {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(await all, ['denied', 'denied', 'denied']);
  assert.equal(most, 1, 'one bcrypt at a time');
});

test('a password longer than bcrypt reads (72 bytes) is refused without bcrypt, not matched on its first 72 bytes', async () => {
  let compared = 0;
  const auth = new BasicAuth(new Map([['u', '$2b$04$' + '.'.repeat(53)]]), { compare: async () => { compared++; return true; } });
  const header = (password: string) => `Basic ${Buffer.from(`u:${password}`).toString('base64')}`;
  assert.equal(await auth.check(header('p'.repeat(72) + 'ZZZZ')), 'denied');
  assert.equal(compared, 0);
  assert.equal(await auth.check(header('p'.repeat(72))), 'allowed');
  assert.equal(compared, 1);
});

test('each use keeps a verified pair: a scraper more often than the cache lifetime never waits for bcrypt again', async () => {
  let now = 1_000_000;
  const counted = countedCompare();
  const auth = new BasicAuth(new Map([['prometheus', HASH]]), { now: () => now, cacheTtlMs: 60_000, compare: counted.compare });
  for (let i = 0; i < 10; i++) {
    assert.equal(await auth.check(header('prometheus', 'correct horse')), 'allowed');
    now += 50_000;
  }
  assert.equal(counted.calls.length, 1, 'one bcrypt over 500 s of scrapes 50 s apart');
});
