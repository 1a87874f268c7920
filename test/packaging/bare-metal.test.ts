// Bare metal: Debian's supervisord runs the bundled exporter with the shipped program config (install paths moved to
// a temp dir), and the shipped systemd unit passes systemd-analyze verify and its security review.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { startSimulator, topicFilters, type Simulator } from '../sim/index.js';
import { LAUNCH_ENVIRONMENT } from '../../src/memory.js';
import { ROOT, freePort, get200, processMemory, sampleKey, sampleMap, until, which } from './support.js';

const PROGRAM_CONF = join(ROOT, 'deploy/supervisor/rocketmq-lag-exporter.conf');
const UNIT = join(ROOT, 'deploy/systemd/rocketmq-lag-exporter.service');
const INSTALLED_BIN = '/usr/local/bin/rocketmq-lag-exporter';
const INSTALLED_ENV = '/etc/rocketmq-lag-exporter/exporter.env';

/** The bare-metal install's one file, made as the README says (make bundle runs this script). */
function bundle(outfile: string): void {
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts', '--outfile', outfile], { cwd: ROOT, encoding: 'utf8' });
  assert.deepEqual({ status: made.status, stderr: made.stderr }, { status: 0, stderr: '' });
}

/** Replaces each `from` in the settings (not the comments, `;`) by its `to`: each occurs once, the rest is tested as shipped. */
function rewrite(text: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  const lines = text.split('\n');
  for (const [from, to] of replacements) {
    const at = lines.flatMap((line, i) => (!line.startsWith(';') && line.includes(from) ? [i] : []));
    assert.equal(at.length, 1, `${JSON.stringify(from)} is set once`);
    const i = at[0] as number;
    lines[i] = (lines[i] as string).replace(from, () => to);
  }
  return lines.join('\n');
}

/** env.default.config with some values set, as an installer would edit its copy. */
function envFile(values: Record<string, string>): string {
  let text = readFileSync(join(ROOT, 'env.default.config'), 'utf8');
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^${name}=.*$`, 'm');
    assert.match(text, line, `env.default.config has ${name}`);
    text = text.replace(line, () => `${name}=${value}`);
  }
  return text;
}

const dir = mkdtempSync(join(tmpdir(), 'rle-supervisor-'));
// A non-root program user must reach the bundle, the settings and the password file.
chmodSync(dir, 0o755);
let sim: Simulator | undefined;
let supervisord: ChildProcess | undefined;
let exporterPid: number | undefined;

after(async () => {
  if (supervisord !== undefined && supervisord.exitCode === null && supervisord.signalCode === null) {
    supervisord.kill('SIGTERM');
    await once(supervisord, 'exit');
  }
  // supervisord stops its program on exit; this covers a supervisord that died first.
  if (exporterPid !== undefined && existsSync(`/proc/${exporterPid}`)) process.kill(exporterPid, 'SIGKILL');
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('supervisord runs the exporter from the shipped program config as its own user; it serves the console lag and stops on SIGTERM with exit 0', async () => {
  const supervisordBin = which('supervisord');
  const supervisorctlBin = which('supervisorctl');
  assert.ok(supervisordBin !== undefined && supervisorctlBin !== undefined, 'supervisor is installed by scripts/install-test-deps.sh');

  sim = await startSimulator({ scale: 'S', port: await freePort(), login: { username: 'admin', password: 'secret' } });
  const port = await freePort();
  const bin = join(dir, 'rocketmq-lag-exporter');
  bundle(bin);
  const passwordFile = join(dir, 'console-password');
  writeFileSync(passwordFile, 'secret\n', { mode: 0o644 });
  const settings = join(dir, 'exporter.env');
  writeFileSync(settings, envFile({
    ROCKETMQ_CONSOLE_URL: sim.url, ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD_FILE: passwordFile,
    LISTEN_ADDRESS: `127.0.0.1:${port}`,
  }), { mode: 0o644 });

  // Root drops to nobody, as supervisord would to the dedicated user; anyone else can only run as themselves.
  const programUser = process.getuid?.() === 0 ? 'nobody' : userInfo().username;
  mkdirSync(join(dir, 'conf.d'));
  const log = join(dir, 'rocketmq-lag-exporter.log');
  writeFileSync(join(dir, 'conf.d', 'rocketmq-lag-exporter.conf'), rewrite(readFileSync(PROGRAM_CONF, 'utf8'), [
    [INSTALLED_ENV, settings],
    [INSTALLED_BIN, bin],
    ['user=rocketmq-lag-exporter', `user=${programUser}`],
    ['/var/log/supervisor/rocketmq-lag-exporter.log', log],
  ]));
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, [
    '[unix_http_server]', `file=${dir}/supervisor.sock`, 'chmod=0700',
    '[supervisord]', `logfile=${dir}/supervisord.log`, `pidfile=${dir}/supervisord.pid`, `childlogdir=${dir}`, 'nodaemon=true',
    '[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]', `serverurl=unix://${dir}/supervisor.sock`,
    '[include]', `files = ${dir}/conf.d/*.conf`, '',
  ].join('\n'));

  supervisord = spawn(supervisordBin, ['--configuration', conf, '--nodaemon'], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  await until('the exporter under supervisord to be ready', () => get200(`${base}/readyz`), 20_000);
  const text = await until('/metrics', () => get200(`${base}/metrics`), 10_000);
  const samples = sampleMap(text);
  assert.equal(samples.get(sampleKey('rocketmq_exporter_console_reachable')), 1);
  const expected = sim.expectedRollups(sim.truth(), topicFilters.normalAndRetry);
  const exported = Object.fromEntries(
    Object.keys(expected.byGroup).map((g) => [g, samples.get(sampleKey('rocketmq_msg_diff_consumergroup', { consumerGroup: g }))]),
  );
  assert.deepEqual(exported, expected.byGroup);
  assert.deepEqual(sim.failedLogins(), 0);

  const ctl = (...args: string[]) => spawnSync(supervisorctlBin, ['--configuration', conf, ...args], { encoding: 'utf8' });
  exporterPid = Number(ctl('pid', 'rocketmq-lag-exporter').stdout.trim());
  assert.ok(exporterPid > 0);
  // exec replaced the shell: supervisord's child is node itself, so its SIGTERM reaches the exporter.
  assert.match(readlinkSync(`/proc/${exporterPid}/exe`), /\/node[^/]*$/);
  assert.equal(processMemory(exporterPid).uid, Number(spawnSync('id', ['-u', programUser], { encoding: 'utf8' }).stdout));

  const stopped = ctl('stop', 'rocketmq-lag-exporter');
  assert.equal(stopped.stdout.trim(), 'rocketmq-lag-exporter: stopped');
  assert.match(readFileSync(join(dir, 'supervisord.log'), 'utf8'), /stopped: rocketmq-lag-exporter \(exit status 0\)/);
  assert.match(readFileSync(log, 'utf8'), /"signal":"SIGTERM","msg":"stopping: finishing in-flight scrapes"/);
});

test('the systemd unit passes systemd-analyze verify, installed in a scratch root with the bundle and the settings', async () => {
  const analyze = which('systemd-analyze');
  assert.ok(analyze !== undefined, 'systemd-analyze is installed by scripts/install-test-deps.sh (Debian package systemd)');
  const root = mkdtempSync(join(tmpdir(), 'rle-systemd-'));
  try {
    // The host's own units (sysinit.target and the like) so that the unit's dependencies resolve.
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    cpSync(UNIT, join(root, 'etc/systemd/system/rocketmq-lag-exporter.service'));
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    bundle(join(root, INSTALLED_BIN));
    mkdirSync(join(root, '/etc/rocketmq-lag-exporter'), { recursive: true });
    cpSync(join(ROOT, 'env.default.config'), join(root, INSTALLED_ENV));

    const verify = spawnSync(analyze, ['verify', `--root=${root}`, 'rocketmq-lag-exporter.service'], { encoding: 'utf8' });
    assert.deepEqual({ status: verify.status, out: verify.stdout + verify.stderr }, { status: 0, out: '' });

    const security = spawnSync(analyze, ['security', '--offline=true', `--root=${root}`, '--no-pager', 'rocketmq-lag-exporter.service'], {
      encoding: 'utf8',
    });
    const level = /Overall exposure level for rocketmq-lag-exporter\.service: (\d+\.\d) (\w+)/.exec(security.stdout);
    assert.ok(level?.[1] !== undefined, security.stdout + security.stderr);
    // systemd rates 0-2 "OK", the best of its five grades.
    assert.equal(level[2], 'OK');
    assert.ok(Number(level[1]) <= 2, `exposure ${level[1]}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the systemd unit is hardened as documented: dedicated user, settings file, no new privileges, read-only system', () => {
  const unit = readFileSync(UNIT, 'utf8');
  for (const line of [
    'User=rocketmq-lag-exporter', 'Group=rocketmq-lag-exporter', `EnvironmentFile=${INSTALLED_ENV}`, `ExecStart=${INSTALLED_BIN}`,
    'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=', 'KillSignal=SIGTERM',
    'RestartPreventExitStatus=2',
  ]) assert.match(unit, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'), line);
});

test('every shipped launcher sets the launch environment (src/memory.ts): the image, the systemd unit, the supervisor program', () => {
  const entries = Object.entries(LAUNCH_ENVIRONMENT);
  assert.deepEqual(entries, [['MALLOC_ARENA_MAX', '2'], ['MALLOC_TRIM_THRESHOLD_', '131072']]);
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const unit = readFileSync(UNIT, 'utf8');
  const program = /^environment=(.*)$/m.exec(readFileSync(PROGRAM_CONF, 'utf8'))?.[1] ?? '';
  assert.equal(program, entries.map(([name, value]) => `${name}="${value}"`).join(','));
  for (const [name, value] of entries) {
    assert.match(dockerfile, new RegExp(`^ENV ${name}=${value}$`, 'm'));
    assert.match(unit, new RegExp(`^Environment=${name}=${value}$`, 'm'));
  }
});
