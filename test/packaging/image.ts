// The container image, built from the Dockerfile and run for real: `make image-test` (slow, so not part of npm test).
// Base images cannot be pulled here, so scripts/image-standin.sh builds local stand-ins for BASE and BUILD_BASE first.
// Env: IMAGE_TEST_SCALES (default S,L): simulator scales to run the container against;
//      IMAGE_TEST_MEMORY (default: the Deployment's limit, such as 384Mi): the container's memory limit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { isScaleName, startSimulator, topicFilters, type ScaleName, type Simulator } from '../sim/index.js';
import { makeCertificates } from '../support/certificates.js';
import {
  ROOT, cpuSeconds, freePort, get200, mib, processMemory, promtoolUnexpected, sampleKey, sampleMap, until, which,
} from './support.js';

const IMAGE = 'localhost/rocketmq-lag-exporter:image-test';
const SCALES: ScaleName[] = (process.env.IMAGE_TEST_SCALES ?? 'S,L').split(',').map((s) => {
  if (!isScaleName(s)) throw new Error(`IMAGE_TEST_SCALES: unknown scale ${JSON.stringify(s)}`);
  return s;
});

// Podman's default rlimits are above what a sandbox without CAP_SYS_RESOURCE may set; these fit everywhere.
const ULIMITS = ['--ulimit', `nofile=${hardLimit('Max open files', 65536)}`, '--ulimit', `nproc=${hardLimit('Max processes', 4096)}`];

function hardLimit(name: string, cap: number): string {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith(name)) ?? '';
  const hard = line.slice(name.length).trim().split(/\s+/)[1] ?? 'unlimited';
  const value = hard === 'unlimited' ? cap : Math.min(cap, Number(hard));
  return `${value}:${value}`;
}

function podman(args: readonly string[]): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

interface Resources {
  readonly limits: { readonly memory: string; readonly cpu: string };
  readonly requests: { readonly memory: string; readonly cpu: string };
}

/** The Deployment's container resources, so the container runs here under the limits shipped for Kubernetes. */
function manifestResources(): Resources {
  const doc = parseYaml(readFileSync(join(ROOT, 'k8s/deployment.yaml'), 'utf8')) as {
    spec: { template: { spec: { containers: Array<{ resources: Resources }> } } };
  };
  const resources = doc.spec.template.spec.containers[0]?.resources;
  assert.ok(resources?.limits !== undefined && resources.requests !== undefined, 'k8s/deployment.yaml has resource requests and limits');
  return { limits: { ...resources.limits, memory: process.env.IMAGE_TEST_MEMORY ?? resources.limits.memory }, requests: resources.requests };
}

/** A Kubernetes memory quantity in Mi or Gi, in MiB. */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  assert.ok(match?.[1] !== undefined, `memory quantity ${quantity} is in Mi or Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** Kubernetes quantity (Mi, Gi, m) to podman's --memory / --cpus syntax. */
function podmanMemory(quantity: string): string {
  return `${mebibytes(quantity)}m`;
}

function podmanCpus(quantity: string): string {
  return quantity.endsWith('m') ? String(Number(quantity.slice(0, -1)) / 1000) : quantity;
}

/** The container's memory working set as the kubelet counts it (usage less inactive file pages), from its cgroup. */
function workingSet(pid: number): number {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  const v1 = lines.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (v1 !== undefined) {
    const dir = `/sys/fs/cgroup/memory${v1.slice(v1.lastIndexOf(':') + 1)}`;
    const usage = Number(readFileSync(`${dir}/memory.usage_in_bytes`, 'utf8'));
    return usage - statOf(`${dir}/memory.stat`, 'total_inactive_file');
  }
  const v2 = lines.find((l) => l.startsWith('0::'));
  assert.ok(v2 !== undefined, 'the container has a memory cgroup');
  const dir = `/sys/fs/cgroup${v2.slice(3)}`;
  return Number(readFileSync(`${dir}/memory.current`, 'utf8')) - statOf(`${dir}/memory.stat`, 'inactive_file');
}

function statOf(file: string, key: string): number {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `));
  return Number(line?.split(' ')[1] ?? 0);
}

async function gzipSize(file: string): Promise<number> {
  let bytes = 0;
  const gzip = createGzip();
  gzip.on('data', (chunk: Buffer) => { bytes += chunk.length; });
  const done = new Promise<void>((resolve, reject) => { gzip.on('end', resolve); gzip.on('error', reject); });
  createReadStream(file).pipe(gzip);
  await done;
  return bytes;
}

const standins = { base: '', buildBase: '' };
const containers: string[] = [];
const sims: Simulator[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'rle-image-test-'));

after(async () => {
  for (const id of containers) spawnSync('podman', ['rm', '--force', '--time', '0', id], { encoding: 'utf8' });
  for (const sim of sims) await sim.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('the tools are here: podman with runc, promtool', () => {
  for (const tool of ['podman', 'runc', 'promtool']) assert.ok(which(tool) !== undefined, `${tool} is installed by scripts/install-test-deps.sh`);
});

test('make image builds the Dockerfile against the stand-in bases, without pulling', (t) => {
  const out = execFileSync(join(ROOT, 'scripts/image-standin.sh'), { encoding: 'utf8', cwd: ROOT });
  const base = /^RUNTIME=(.+)$/m.exec(out)?.[1];
  const buildBase = /^BUILD=(.+)$/m.exec(out)?.[1];
  assert.ok(base !== undefined && buildBase !== undefined, out);
  standins.base = base;
  standins.buildBase = buildBase;
  const started = Date.now();
  execFileSync('make', [
    '--no-print-directory', 'image', `IMAGE=${IMAGE}`, `BASE=${base}`, `BUILD_BASE=${buildBase}`,
    `IMAGE_BUILD_FLAGS=--pull=never --network=host ${ULIMITS.join(' ')}`,
  ], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  t.diagnostic(`built in ${((Date.now() - started) / 1000).toFixed(1)} s on ${base}`);
  assert.equal(podman(['image', 'exists', IMAGE]), '');
});

test('the image config: node as entrypoint, the bundle as argument, user 65532, port 5558, SIGTERM', () => {
  const [config] = JSON.parse(podman(['image', 'inspect', IMAGE])) as Array<{
    Config: { User: string; Entrypoint: string[]; Cmd: string[]; ExposedPorts: Record<string, unknown>; StopSignal: string; WorkingDir: string };
  }>;
  assert.ok(config !== undefined);
  assert.deepEqual(
    { user: config.Config.User, entrypoint: config.Config.Entrypoint, cmd: config.Config.Cmd, ports: Object.keys(config.Config.ExposedPorts),
      stop: config.Config.StopSignal, workdir: config.Config.WorkingDir },
    { user: '65532:65532', entrypoint: ['/nodejs/bin/node'], cmd: ['/app/main.js'], ports: ['5558/tcp'], stop: 'SIGTERM', workdir: '/app' },
  );
});

test('the final stage holds node and one bundled file: no shell, no npm, no node_modules, no source map', () => {
  const id = podman(['create', IMAGE]);
  containers.push(id);
  const tar = join(scratch, 'fs.tar');
  podman(['export', '--output', tar, id]);
  const files = execFileSync('tar', ['-tf', tar], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter((f) => f !== '');
  const banned = files.filter((f) => /(^|\/)(sh|bash|dash|ash|busybox|npm|npx|corepack|yarn|pnpm)$|node_modules|\.map$/.test(f));
  assert.deepEqual(banned, []);
  assert.deepEqual(files.filter((f) => f.startsWith('app/')), ['app/', 'app/main.js']);
  assert.ok(files.includes('nodejs/bin/node'));
});

test('SOURCEMAP=true adds main.js.map beside the bundle, and nothing else', () => {
  const withMap = `${IMAGE}-sourcemap`;
  execFileSync('make', [
    '--no-print-directory', 'image', `IMAGE=${withMap}`, `BASE=${standins.base}`, `BUILD_BASE=${standins.buildBase}`,
    `IMAGE_BUILD_FLAGS=--pull=never --network=host ${ULIMITS.join(' ')} --build-arg SOURCEMAP=true`,
  ], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const id = podman(['create', withMap]);
  containers.push(id);
  const tar = join(scratch, 'fs-sourcemap.tar');
  podman(['export', '--output', tar, id]);
  const files = execFileSync('tar', ['-tf', tar], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
  assert.deepEqual(files.filter((f) => f.startsWith('app/')), ['app/', 'app/main.js', 'app/main.js.map']);
  podman(['rm', id]);
  containers.splice(containers.indexOf(id), 1);
  podman(['rmi', withMap]);
});

test('image size, uncompressed and gzip-compressed', async (t) => {
  const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', IMAGE]));
  const archive = join(scratch, 'image.tar');
  podman(['save', '--format', 'docker-archive', '--output', archive, IMAGE]);
  const gz = await gzipSize(archive);
  t.diagnostic(`image ${mib(size)} uncompressed (archive ${mib(statSync(archive).size)}), ${mib(gz)} gzip-compressed`);
  // The Node.js 24 binary alone is about 121 MiB; anything far beyond it means something extra slipped in.
  assert.ok(size < 150 * 1024 * 1024, `image is ${mib(size)}`);
});

for (const scale of SCALES) {
  test(`scale ${scale}: under the Kubernetes limits the container serves the simulator's lag, lints clean, and exits 0 within 5 s of SIGTERM`, async (t) => {
    const sim = await startSimulator({ scale, port: await freePort() });
    sims.push(sim);
    const port = await freePort();
    const { limits, requests } = manifestResources();
    const id = podman([
      'run', '--detach', '--network=host', ...ULIMITS,
      // As the Deployment runs it: read-only root, no capabilities, no privilege gain, its memory and CPU limits.
      '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges',
      `--memory=${podmanMemory(limits.memory)}`, `--cpus=${podmanCpus(limits.cpu)}`,
      '--env', `ROCKETMQ_CONSOLE_URL=${sim.url}`, '--env', `LISTEN_ADDRESS=127.0.0.1:${port}`,
      // Short, so that the measurement below comes after a second walk, with the previous snapshot replaced.
      '--env', 'MIN_REFRESH_INTERVAL=2s',
      // No console budget: at L it would space walks by about 2.7 s, and this test waits for the second walk after 2.1 s.
      '--env', 'CONSOLE_RPC_BUDGET=0', '--env', 'CONSOLE_RELAY_BUDGET=0',
      IMAGE,
    ]);
    containers.push(id);
    const base = `http://127.0.0.1:${port}`;
    const started = Date.now();
    await until('/readyz', () => get200(`${base}/readyz`), 60_000);
    const walkMs = Date.now() - started;
    const first = await until('/metrics', () => get200(`${base}/metrics`), 10_000);
    const firstMs = Date.now() - started;
    assert.equal(sampleMap(first).get(sampleKey('rocketmq_exporter_walks_total', { result: 'complete' })), 1);
    const pid = Number(podman(['inspect', '--format', '{{.State.Pid}}', id]));
    const cpuAfterFirst = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    // This scrape waits for the second walk it starts; then two at once render that snapshot again, as an HA pair of Prometheus would.
    const text = await until('/metrics', () => get200(`${base}/metrics`), 10_000);
    const cpuSecondWalk = cpuSeconds(pid) - cpuAfterFirst;
    await Promise.all([1, 2].map(() => until('/metrics', () => get200(`${base}/metrics`), 10_000)));

    const samples = sampleMap(text);
    assert.equal(samples.get(sampleKey('rocketmq_exporter_console_reachable')), 1);
    assert.equal(samples.get(sampleKey('rocketmq_exporter_walks_total', { result: 'complete' })), 2);
    const expected = sim.expectedRollups(sim.truth(), topicFilters.normalAndRetry);
    const exported = Object.fromEntries(
      Object.keys(expected.byGroup).map((g) => [g, samples.get(sampleKey('rocketmq_msg_diff_consumergroup', { consumerGroup: g }))]),
    );
    assert.deepEqual(exported, expected.byGroup);
    assert.deepEqual(promtoolUnexpected(text), []);

    const memory = processMemory(pid);
    assert.equal(memory.uid, 65532);
    // Node itself is PID 1 in the container (the last NSpid), so SIGTERM reaches the exporter's own handler.
    assert.equal(/^NSpid:.*\s(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1], '1');
    const ws = workingSet(pid);
    t.diagnostic(`scale ${scale}: ready in ${walkMs} ms, first complete /metrics ${firstMs} ms after start, ${text.length} bytes of exposition; `
      + `CPU of the second walk and its scrape ${cpuSecondWalk.toFixed(2)} s; after 2 walks and 4 scrapes: RSS ${mib(memory.rss)} `
      + `(peak ${mib(memory.hwm)}, anonymous ${mib(memory.anon)}), cgroup working set ${mib(ws)}, CPU ${cpuSeconds(pid).toFixed(2)} s since start; `
      + `requests memory ${requests.memory}, cpu ${requests.cpu}; limits memory ${limits.memory}, cpu ${limits.cpu}`);
    // The Deployment's memory request is what the container keeps at the largest scale tested by default (L): the
    // scheduler places it where that much is free; the limit leaves room for a walk's peak at XL.
    if (scale === 'L') assert.ok(ws <= mebibytes(requests.memory) * 2 ** 20, `working set ${mib(ws)} over the request ${requests.memory}`);

    const stopAt = Date.now();
    podman(['stop', '--time', '5', id]);
    const stopMs = Date.now() - stopAt;
    const exit = Number(podman(['inspect', '--format', '{{.State.ExitCode}}', id]));
    t.diagnostic(`scale ${scale}: stopped in ${stopMs} ms with exit code ${exit}`);
    assert.equal(exit, 0);
    assert.ok(stopMs < 5000, `stop took ${stopMs} ms`);
    assert.match(podman(['logs', id]), /"signal":"SIGTERM","msg":"stopping: finishing in-flight scrapes"/);
    await sim.stop();
    sims.splice(sims.indexOf(sim), 1);
  });
}

/** GET over HTTPS trusting `ca`, with basic auth when given: the status and body, or undefined if the request fails. */
function getTls(url: string, ca: string, auth?: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { ca, headers: auth === undefined ? {} : { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

test('in the image: /metrics over TLS with basic auth (WEB_CONFIG_FILE), a console behind HTTPS with its own CA (ROCKETMQ_CONSOLE_CA_FILE)', async () => {
  const certs = makeCertificates();
  try {
    const console = certs.issue('console', ['127.0.0.1']);
    certs.issue('exporter', ['127.0.0.1']); // exporter.pem and exporter.key, which the web config names
    const sim = await startSimulator({ scale: 'S', port: await freePort(), tls: { key: console.key, cert: console.cert } });
    sims.push(sim);
    // The container's user (65532) reads the mounted files: readable by everyone in this scratch folder.
    const bcrypt = await import('bcryptjs');
    writeFileSync(join(certs.dir, 'web-config.yml'), [
      'tls_server_config:', '  cert_file: exporter.pem', '  key_file: exporter.key',
      'basic_auth_users:', `  prometheus: ${bcrypt.hashSync('Scr4pe-secret', 10)}`, '',
    ].join('\n'));
    execFileSync('chmod', ['-R', 'a+rX', certs.dir]);
    const port = await freePort();
    const id = podman([
      'run', '--detach', '--network=host', ...ULIMITS, '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges',
      '--volume', `${certs.dir}:/etc/rocketmq-lag-exporter/tls:ro`,
      '--env', `ROCKETMQ_CONSOLE_URL=${sim.url}`, '--env', `LISTEN_ADDRESS=127.0.0.1:${port}`,
      '--env', 'ROCKETMQ_CONSOLE_CA_FILE=/etc/rocketmq-lag-exporter/tls/ca.pem',
      '--env', 'WEB_CONFIG_FILE=/etc/rocketmq-lag-exporter/tls/web-config.yml',
      IMAGE,
    ]);
    containers.push(id);
    const base = `https://127.0.0.1:${port}`;
    await until('/readyz over TLS', async () => ((await getTls(`${base}/readyz`, certs.ca))?.status === 200 ? true : undefined), 60_000);
    assert.equal((await getTls(`${base}/metrics`, certs.ca))?.status, 401);
    const scraped = await getTls(`${base}/metrics`, certs.ca, 'prometheus:Scr4pe-secret');
    assert.equal(scraped?.status, 200);
    const samples = sampleMap(scraped?.body ?? '');
    const expected = sim.expectedRollups(sim.truth(), topicFilters.normalAndRetry);
    const exported = Object.fromEntries(Object.keys(expected.byGroup).map((g) => [g, samples.get(sampleKey('rocketmq_msg_diff_consumergroup', { consumerGroup: g }))]));
    assert.deepEqual(exported, expected.byGroup);
    const logs = podman(['logs', id]);
    assert.equal(logs.includes('Scr4pe-secret') || logs.includes('$2'), false, 'no password or hash in the log');
    podman(['stop', '--time', '5', id]);
  } finally {
    certs.remove();
  }
});
