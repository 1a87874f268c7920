import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variables } from '../src/config.js';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

function run(env: Record<string, string>, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--help lists every variable with its default', () => {
  const r = run({}, ['--help']);
  assert.equal(r.status, 0);
  for (const v of variables) assert.ok(r.stdout.includes(v.name), v.name);
  assert.match(r.stdout, /LISTEN_ADDRESS.*:5558|:5558.*LISTEN_ADDRESS/s);
});

test('--version prints the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = run({}, ['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `rocketmq-lag-exporter ${pkg.version}\n`);
});

const badValues: ReadonlyArray<readonly [Record<string, string>, string]> = [
  [{ LISTEN_ADDRESS: 'abc' }, 'LISTEN_ADDRESS'],
  [{ CONSOLE_TIMEOUT: 'soon' }, 'CONSOLE_TIMEOUT'],
  [{ TOPIC_INCLUDE_REGEX: '(' }, 'TOPIC_INCLUDE_REGEX'],
  [{ METRICS_PREFIX: '9lives' }, 'METRICS_PREFIX'],
  [{ ROCKETMQ_CONSOLE_URL: 'ftp://console' }, 'ROCKETMQ_CONSOLE_URL'],
];

for (const [env, variable] of badValues) {
  test(`an invalid ${variable} exits 2 with one line naming it and an example`, () => {
    const r = run(env);
    assert.equal(r.status, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] ?? '', new RegExp(`^config error: ${variable}: .*for example ${variable}=`));
    assert.equal(r.stdout, '');
  });
}

test('a password in a bad environment never reaches the output', () => {
  const r = run({ ROCKETMQ_CONSOLE_PASSWORD: 'S3cretPassw0rd!', ROCKETMQ_CONSOLE_URL: 'http://user:S3cretPassw0rd!@console:8080' });
  assert.equal(r.status, 2);
  assert.equal((r.stdout + r.stderr).includes('S3cretPassw0rd!'), false, r.stderr);
});

// A console that accepts connections and never answers: scrapes stay in flight until their budget.
async function hangingConsole(): Promise<{ server: Server; url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}`, sockets };
}

test('SIGTERM lets an in-flight scrape finish and exits 0 within 5 s', async () => {
  const consoleServer = await hangingConsole();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ROCKETMQ_CONSOLE_URL: consoleServer.url, LISTEN_ADDRESS: '127.0.0.1:0', CONSOLE_TIMEOUT: '30s' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"port":(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const scrape = fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '2' } });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    child.kill('SIGTERM');
    const res = await scrape;
    assert.equal(res.status, 200);
    assert.match(await res.text(), /rocketmq_exporter_build_info/);
    const [code] = await once(child, 'exit') as [number | null];
    assert.equal(code, 0);
    assert.ok(Date.now() - t0 < 5000, `exit took ${Date.now() - t0} ms`);
  } finally {
    child.kill('SIGKILL');
    for (const s of consoleServer.sockets) s.destroy();
    consoleServer.server.close();
  }
});

test('at start, a variable that looks like ours but is none logs one warning naming it and the closest name, never its value', async () => {
  const consoleServer = await hangingConsole();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH ?? '', HOME: '/nonexistent', TZ: 'UTC', KUBERNETES_SERVICE_HOST: '10.96.0.1',
      ROCKETMQ_CONSOLE_URL: consoleServer.url, LISTEN_ADDRESS: '127.0.0.1:0', ROCKETMQ_CONSOLE_PASWORD: 'S3cretPassw0rd!',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('"msg":"listening"')) resolve();
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const logged = out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const warnings = logged.filter((line) => String(line.msg).startsWith('unknown variable'));
    assert.deepEqual(warnings.map(({ level, msg, variable, closest }) => ({ level, msg, variable, closest })), [{
      level: 'warn',
      msg: 'unknown variable ROCKETMQ_CONSOLE_PASWORD: did you mean ROCKETMQ_CONSOLE_PASSWORD?',
      variable: 'ROCKETMQ_CONSOLE_PASWORD',
      closest: 'ROCKETMQ_CONSOLE_PASSWORD',
    }]);
    assert.equal(out.includes('S3cretPassw0rd!'), false, out);
  } finally {
    child.kill('SIGKILL');
    for (const s of consoleServer.sockets) s.destroy();
    consoleServer.server.close();
  }
});

describe('an invalid WEB_CONFIG_FILE exits 2 with one line naming the file and the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-main-web-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  // A password put where its hash belongs: it must not be echoed.
  const PASSWORD = 'S3cretPassw0rd!';
  const cases: ReadonlyArray<readonly [what: string, yaml: string | undefined, field: string]> = [
    ['unreadable', undefined, ''],
    ['bad YAML', 'tls_server_config:\n  cert_file: a\n  cert_file: b\n', 'not valid YAML at line 3, column 3'],
    ['an unknown field', 'tls_server_config:\n  ca_file: ca.crt\n', 'tls_server_config.ca_file'],
    ['a bad hash', `basic_auth_users:\n  prometheus: ${PASSWORD}\n`, 'basic_auth_users.prometheus'],
    ['a missing certificate', 'tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n', 'tls_server_config.cert_file'],
    ['a bad client_auth_type', 'tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: Always\n', 'tls_server_config.client_auth_type'],
    ['an unknown min_version', 'tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  min_version: TLS14\n', 'tls_server_config.min_version'],
  ];
  for (const [what, yaml, field] of cases) {
    test(what, () => {
      const file = join(dir, `${what.replaceAll(' ', '-')}.yml`);
      if (yaml !== undefined) writeFileSync(file, yaml);
      const r = run({ WEB_CONFIG_FILE: file, LISTEN_ADDRESS: '127.0.0.1:0' });
      assert.equal(r.status, 2, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      const named = yaml === undefined ? `cannot read ${JSON.stringify(file)} ` : `${JSON.stringify(file)}: ${field}`;
      assert.ok((lines[0] ?? '').startsWith(`config error: WEB_CONFIG_FILE: ${named}`), lines[0]);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.includes(PASSWORD), false);
    });
  }
});
