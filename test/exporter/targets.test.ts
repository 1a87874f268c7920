// Many consoles, one exporter (CONSOLES): two simulators of different scales and seeds behind one exporter, each scraped
// at /probe?target=NAME as blackbox_exporter's targets are; each console has its own walks and health.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { startSimulator, type Simulator } from '../sim/index.js';
import { parseExposition, type Sample } from '../support/exposition.js';
import { detail, EVERY_SCRAPE_WALKS, expectedDetail, sampleValue, startStack, until, type Stack } from '../support/stack.js';

const WEST_USER = 'west-reader';
const WEST_PASSWORD = 'W3st-console-secret!';

describe('CONSOLES=east,west: one exporter, two consoles', () => {
  let west: Simulator;
  let stack: Stack;
  let secrets: string;

  before(async () => {
    secrets = mkdtempSync(join(tmpdir(), 'rocketmq-lag-targets-'));
    const passwordFile = join(secrets, 'west-password');
    writeFileSync(passwordFile, `${WEST_PASSWORD}\n`);
    west = await startSimulator({ scale: { topics: 7, groupsPerTopic: 3, queuesPerTopic: 4 }, seed: 11, login: { username: WEST_USER, password: WEST_PASSWORD } });
    stack = await startStack({
      sim: { scale: 'S', seed: 5 },
      env: (east) => ({
        ...EVERY_SCRAPE_WALKS,
        ROCKETMQ_CONSOLE_URL: '',
        CONSOLES: 'east,west',
        ROCKETMQ_CONSOLE_URL_EAST: east.url,
        ROCKETMQ_CONSOLE_URL_WEST: west.url,
        ROCKETMQ_CONSOLE_USERNAME_WEST: WEST_USER,
        ROCKETMQ_CONSOLE_PASSWORD_WEST_FILE: passwordFile,
      }),
    });
  });

  after(async () => {
    await stack.stop();
    await west.stop();
    rmSync(secrets, { recursive: true, force: true });
  });

  const probe = async (query: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${stack.base}/probe${query}`, { headers });
  const probeSamples = async (target: string): Promise<Sample[]> => {
    const res = await probe(`?target=${target}`);
    assert.equal(res.status, 200, await res.clone().text());
    return parseExposition(await res.text());
  };

  test("/probe?target=east equals east's truth exactly, /probe?target=west west's; the two consoles differ", async () => {
    const east = await probeSamples('east');
    const westSamples = await probeSamples('west');
    const eastTruth = expectedDetail(stack.sim.truth());
    const westTruth = expectedDetail(west.truth());
    assert.ok(Object.keys(eastTruth).length > 0 && Object.keys(westTruth).length > 0);
    assert.notDeepEqual(eastTruth, westTruth);
    assert.deepEqual(detail(east), eastTruth);
    assert.deepEqual(detail(westSamples), westTruth);
    assert.equal(west.logins(), 1, 'west logged in with its own user and the password from its _FILE');
  });

  test('the health families are per console: its own requests and walks; the runtime families are at /metrics only', async () => {
    stack.sim.resetRequests();
    west.resetRequests();
    const east = await probeSamples('east');
    const requests = (samples: readonly Sample[]) => samples.filter((s) => s.name === 'rocketmq_exporter_console_requests_total').reduce((n, s) => n + s.value, 0);
    const eastRequests = stack.sim.requests().total;
    assert.equal(west.requests().total, 0, 'probing east walks east only');
    assert.ok(eastRequests > 0);
    const westSamples = await probeSamples('west');
    // Each console's counter holds its own requests: east's three walks so far against west's.
    assert.ok(requests(east) > 0 && requests(westSamples) > 0);
    assert.notEqual(requests(east), requests(westSamples));
    for (const samples of [east, westSamples]) {
      assert.equal(sampleValue(samples, 'rocketmq_exporter_console_reachable'), 1);
      // build_info stays, for dashboards that find the exporter's jobs by it; the runtime figures are the process's.
      assert.equal(samples.filter((s) => s.name === 'rocketmq_exporter_build_info').length, 1);
      assert.equal(samples.some((s) => s.name.startsWith('process_') || s.name.startsWith('nodejs_')), false);
    }
    // Each probe walks its console only (MIN_REFRESH_INTERVAL=0): east's walks go on while west's stay put.
    const walks = (samples: readonly Sample[]) => sampleValue(samples, 'rocketmq_exporter_walks_total', { result: 'complete' }) ?? 0;
    const [eastAgain, westAgain] = [await probeSamples('east'), await probeSamples('west')];
    assert.deepEqual([walks(eastAgain) - walks(east), walks(westAgain) - walks(westSamples)], [1, 1]);

    const metrics = await fetch(`${stack.base}/metrics`);
    assert.equal(metrics.status, 200);
    const own = parseExposition(await metrics.text());
    assert.equal(sampleValue(own, 'rocketmq_exporter_build_info') !== undefined, true);
    assert.ok(own.some((s) => s.name === 'process_resident_memory_bytes'));
    assert.equal(own.some((s) => s.name.startsWith('rocketmq_msg_diff') || s.name === 'rocketmq_exporter_console_reachable'), false);
  });

  test('/probe negotiates OpenMetrics and gzip like /metrics, and takes the scrape timeout header', async () => {
    const open = await probe('?target=west', { Accept: 'application/openmetrics-text; version=1.0.0', 'X-Prometheus-Scrape-Timeout-Seconds': '5' });
    assert.match(open.headers.get('content-type') ?? '', /^application\/openmetrics-text/);
    assert.ok((await open.text()).endsWith('# EOF\n'));
    // fetch inflates on its own: the bytes as sent, through node:http.
    const res = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      get(`${stack.base}/probe?target=east`, { headers: { 'Accept-Encoding': 'gzip' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(res.encoding, 'gzip');
    assert.deepEqual(detail(parseExposition(gunzipSync(res.body).toString())), expectedDetail(stack.sim.truth()));
  });

  test('an unknown target is 404 naming the configured ones, a missing one 400; a URL as target is only a name: no request leaves', async () => {
    let reached = 0;
    const evil: Server = createServer((_req, res) => {
      reached++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
      stack.sim.resetRequests();
      west.resetRequests();
      const unknown = await probe(`?target=${encodeURIComponent(evilUrl)}`);
      assert.equal(unknown.status, 404);
      assert.equal(await unknown.text(), `unknown target "${evilUrl}": the configured targets are east, west\n`);
      const other = await probe('?target=north');
      assert.equal(other.status, 404);
      const missing = await probe('');
      assert.equal(missing.status, 400);
      assert.match(await missing.text(), /^missing target parameter: ask \/probe\?target=NAME, with NAME one of east, west\n$/);
      assert.equal((await probe('?target=')).status, 400);
      assert.equal((await probe('?target=east&target=west')).status, 400);
      assert.equal(reached, 0, 'nothing was asked of the URL');
      assert.deepEqual([stack.sim.requests().total, west.requests().total], [0, 0], 'no console walked for a refused probe');
    } finally {
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
  });

  test('what an unknown target echoes is quoted, escaped and cut short', async () => {
    const hostile = `<script>"\u0007${'x'.repeat(200)}`;
    const res = await probe(`?target=${encodeURIComponent(hostile)}`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const body = await res.text();
    assert.ok(body.startsWith('unknown target "<script>\\"\\u0007xxx'), body);
    assert.ok(body.length < 200, body);
    assert.equal(/[^\x20-\x7e\n]/.test(body), false, 'printable ASCII only');
  });

  test('/readyz is ready once every console walked; the landing page lists each with its URL, last walk and probe link', async () => {
    assert.equal((await fetch(`${stack.base}/readyz`)).status, 200);
    const html = await (await fetch(`${stack.base}/`)).text();
    for (const [name, url] of [['east', stack.sim.url], ['west', west.url]] as const) {
      assert.ok(html.includes(`<td>${name}</td><td><code>${url}</code></td><td><span class="outcome complete">complete</span>`), html);
      assert.ok(html.includes(`<a href="/probe?target=${name}">/probe?target=${name}</a>`));
    }
    assert.equal(html.includes(WEST_PASSWORD), false);
  });

  test('a stopped console costs only itself: its probe says exporter_console_reachable 0, the other stays exact', async () => {
    await west.stop();
    stack.sim.clock.advance(20_000);
    const westSamples = await probeSamples('west');
    assert.equal(sampleValue(westSamples, 'rocketmq_exporter_console_reachable'), 0);
    assert.equal(sampleValue(westSamples, 'rocketmq_exporter_last_walk_failed', { kind: 'unreachable' }), 1);
    const east = await probeSamples('east');
    assert.equal(sampleValue(east, 'rocketmq_exporter_console_reachable'), 1);
    assert.deepEqual(detail(east), expectedDetail(stack.sim.truth()));
    assert.equal((await fetch(`${stack.base}/readyz`)).status, 200, 'a failed walk is a finished walk');
    const html = await (await fetch(`${stack.base}/`)).text();
    assert.ok(html.includes('<td>west</td>') && html.includes('<span class="outcome failed">failed</span> <code class="kind">unreachable</code>'), html);
  });
});

test('/probe is 404 with one console, whose /metrics is unchanged', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 2 } });
  try {
    assert.equal((await fetch(`${stack.base}/probe?target=east`)).status, 404);
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
  }
});

test('/readyz waits for every console: 503 naming those whose first walk has not finished', async () => {
  const slow = await startSimulator({ scale: 'S', seed: 3, latencyMs: 400 });
  const stack = await startStack({
    sim: { scale: 'S', seed: 4 },
    env: (fast) => ({ ROCKETMQ_CONSOLE_URL: '', CONSOLES: 'fast,slow', ROCKETMQ_CONSOLE_URL_FAST: fast.url, ROCKETMQ_CONSOLE_URL_SLOW: slow.url }),
  });
  try {
    await until('the fast console walked', () => (stack.exporter.targets.get('fast')?.refresher.lastWalk !== undefined ? true : undefined));
    const res = await fetch(`${stack.base}/readyz`);
    assert.deepEqual([res.status, await res.text()], [503, 'not ready: the first walk has not finished for 1 of the consoles\n']);
    await until('ready', async () => ((await fetch(`${stack.base}/readyz`)).status === 200 ? true : undefined), 30_000);
  } finally {
    await stack.stop();
    await slow.stop();
  }
});

test('basic authentication guards /probe as it guards /metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-targets-web-'));
  const file = join(dir, 'web-config.yml');
  writeFileSync(file, `basic_auth_users:\n  prometheus: ${bcrypt.hashSync('probe-me', 4)}\n`);
  const stack = await startStack({
    sim: { scale: 'S', seed: 6 },
    env: (sim) => ({ ROCKETMQ_CONSOLE_URL: '', CONSOLES: 'only', ROCKETMQ_CONSOLE_URL_ONLY: sim.url, WEB_CONFIG_FILE: file }),
  });
  try {
    assert.equal((await fetch(`${stack.base}/probe?target=only`)).status, 401);
    assert.equal((await fetch(`${stack.base}/probe?target=nope`)).status, 401, 'not even the names are told without a password');
    const authorization = `Basic ${Buffer.from('prometheus:probe-me').toString('base64')}`;
    const res = await fetch(`${stack.base}/probe?target=only`, { headers: { authorization } });
    assert.equal(res.status, 200);
    assert.deepEqual(detail(parseExposition(await res.text())), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
