import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { LAG_FAMILIES } from '../src/metrics/families.js';
import { accepts, scrapeBudgetMs } from '../src/server.js';
import { startStack, until } from './support/stack.js';

test('/healthz, /readyz (503 until the first walk finished), landing page, 404 and 405', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 4 }, env: { CONSOLE_TIMEOUT: '1s' } });
  try {
    stack.sim.faults.set('topic/list.query', 'hang', { times: 1 });
    stack.sim.faults.set('consumer/groupList.query', 'hang', { times: 1 });
    assert.equal((await fetch(stack.base + '/healthz')).status, 200);
    // The first walk started at boot and hangs on the topic and group lists until the console timeout.
    assert.equal((await fetch(stack.base + '/readyz')).status, 503);
    await until('ready', async () => ((await fetch(stack.base + '/readyz')).status === 200 ? true : undefined));
    const landing = await fetch(stack.base + '/');
    assert.equal(landing.status, 200);
    assert.equal(landing.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(landing.headers.get('cache-control'), 'no-store');
    assert.match(landing.headers.get('content-security-policy') ?? '', /^default-src 'none'; style-src 'unsafe-inline';/);
    const html = await landing.text();
    assert.equal(Number(landing.headers.get('content-length')), Buffer.byteLength(html));
    assert.match(html, /href="\/metrics"/);
    assert.match(html, /Last walk: <span class="outcome failed">failed<\/span>/);
    assert.match(html, /<dt>Why<\/dt><dd><code class="kind">timeout<\/code> /);
    const landingHead = await fetch(stack.base + '/', { method: 'HEAD' });
    assert.deepEqual([landingHead.status, landingHead.headers.get('cache-control'), await landingHead.text()], [200, 'no-store', '']);
    assert.equal((await fetch(stack.base + '/nope')).status, 404);
    const post = await fetch(stack.base + '/metrics', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    const head = await fetch(stack.base + '/metrics', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  } finally {
    await stack.stop();
  }
});

test('OpenMetrics when the scraper asks for it, ending in # EOF; Prometheus text otherwise', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 4 } });
  try {
    const om = await fetch(stack.base + '/metrics', {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' },
    });
    assert.match(om.headers.get('content-type') ?? '', /^application\/openmetrics-text; version=1.0.0/);
    const body = await om.text();
    assert.ok(body.endsWith('# EOF\n'));
    assert.equal(body.includes('\n\n'), false, 'no blank lines in OpenMetrics');
    assert.match(body, /^# TYPE rocketmq_exporter_console_requests counter$/m);
    const text = await fetch(stack.base + '/metrics');
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain; version=0.0.4/);
    assert.equal((await text.text()).includes('# EOF'), false);
  } finally {
    await stack.stop();
  }
});

test('scrape budget from X-Prometheus-Scrape-Timeout-Seconds: the timeout less a margin, else the configured default', () => {
  assert.deepEqual(
    [scrapeBudgetMs('10', 5000), scrapeBudgetMs('2', 5000), scrapeBudgetMs(undefined, 5000), scrapeBudgetMs('nonsense', 5000), scrapeBudgetMs('-3', 5000)],
    [9500, 1800, 4500, 4500, 4500],
  );
});

test('Accept and Accept-Encoding negotiation: a listed token without q=0, case-insensitive', () => {
  const OM = 'application/openmetrics-text';
  const cases: [header: string | undefined, token: string, expected: boolean][] = [
    ['application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5', OM, true],
    ['application/openmetrics-text;version=1.0.0;q=0', OM, false],
    ['text/plain;version=0.0.4', OM, false],
    ['Application/OpenMetrics-Text', OM, true],
    [undefined, OM, false],
    ['gzip', 'gzip', true],
    ['deflate, gzip;q=0.5', 'gzip', true],
    ['gzip;q=0', 'gzip', false],
    ['GZIP', 'gzip', true],
    ['identity', 'gzip', false],
    ['', 'gzip', false],
    [undefined, 'gzip', false],
  ];
  assert.deepEqual(cases.map(([header, token]) => accepts(header, token)), cases.map(([, , expected]) => expected));
});

function promtool(): string {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(found !== '', 'promtool is installed by the test command (scripts/install-test-deps.sh)');
  return found;
}

test('promtool check metrics: nothing for the exporter health families; the known exceptions only', async () => {
  const stack = await startStack({ sim: { scale: 'S', seed: 4 } });
  try {
    stack.sim.faults.set('consumer/queryTopicByConsumer.query', 'http500', { times: 1 });
    const text = await stack.scrapeText();
    let report = '';
    try {
      execFileSync(promtool(), ['check', 'metrics'], { input: text, encoding: 'utf8' });
    } catch (error) {
      report = String((error as { stdout?: string; stderr?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
    }
    const lagFamilies = new Set(Object.values(LAG_FAMILIES).map((f) => `rocketmq_${f.name}`));
    const problems = new Set(report.split('\n').filter((l) => l.trim() !== ''));
    const unexpected = [...problems].filter((line) => {
      const name = line.split(' ', 1)[0] ?? '';
      // The hepyu label vocabulary (consumerGroup, consumerClientIP, ...) is camelCase by contract.
      return !(lagFamilies.has(name) && line.endsWith("label names should be written in 'snake_case' not 'camelCase'"));
    });
    assert.deepEqual(unexpected, []);
    assert.ok(text.includes('rocketmq_exporter_walk_failures{scope="group",kind="http_status"} 1'), 'the health families were in the linted text');
  } finally {
    await stack.stop();
  }
});
