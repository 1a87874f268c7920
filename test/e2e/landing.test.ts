// The landing page in a real headless Chromium with JavaScript off: Debian's chromium (scripts/install-test-deps.sh)
// driven by playwright-core, against the exporter reading the simulator, healthy and then with the console down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { human } from '../../src/landing.js';
import { topicFilters } from '../sim/index.js';
import { family, type Sample } from '../support/exposition.js';
import { EVERY_SCRAPE_WALKS, startStack, type Stack } from '../support/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const CREDENTIALS = { username: 'landing-admin', password: 'L4nd1ng&"<Passw0rd>' };

interface Row {
  readonly group: string;
  readonly lag: string;
  readonly timeLag: string;
  readonly status: string;
}

async function launch(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/install-test-deps.sh (as root), which installs Debian's chromium`);
  // Root in a container needs --no-sandbox; never a downloaded browser.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

async function groupRows(page: Page): Promise<Row[]> {
  const rows: Row[] = [];
  for (const row of await page.locator('#groups tbody tr').all()) {
    const [group = '', lag = '', timeLag = '', status = ''] = await row.locator('td').allTextContents();
    rows.push({ group, lag, timeLag, status });
  }
  return rows;
}

/** The ten groups with the most lag in the simulator's truth, by lag then name, as the page must show them. */
function expectedTop(stack: Stack): [group: string, lag: number][] {
  const byGroup = stack.sim.expectedRollups(stack.sim.truth(), topicFilters.normalAndRetry).byGroup;
  return Object.entries(byGroup).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 10);
}

/** Status and time lag of each group, as /metrics says them for the same walk. */
function fromMetrics(samples: readonly Sample[]): { status: Map<string, string>; timeLag: Map<string, number> } {
  const status = new Map(samples.filter((s) => s.name === 'rocketmq_consumergroup_status').map((s) => [s.labels.consumerGroup ?? '', s.labels.status ?? '']));
  const timeLag = new Map(Object.entries(family(samples, 'rocketmq_consumergroup_max_lag_seconds', ['consumerGroup'])));
  return { status, timeLag };
}

test('the landing page in headless Chromium without JavaScript: a healthy console, then the console down', async () => {
  const stack = await startStack({
    sim: { flavour: 'dashboard-2.0', scale: { topics: 40, groupsPerTopic: 2, queuesPerTopic: 8, topicsPerGroup: 4, laggardShare: 0.2 }, seed: 7, login: CREDENTIALS },
    env: { ...EVERY_SCRAPE_WALKS, ROCKETMQ_CONSOLE_USERNAME: CREDENTIALS.username, ROCKETMQ_CONSOLE_PASSWORD: CREDENTIALS.password },
  });
  let browser: Browser | undefined;
  try {
    browser = await launch();
    mkdirSync(RESULTS, { recursive: true });
    // Two walks 15 s apart, so that the groups have a status of their own.
    await stack.scrape();
    stack.sim.clock.advance(15_000);
    const samples = await stack.scrape();
    const walked = stack.exporter.refresher.snapshot;
    assert.ok(walked !== undefined);

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.base + '/')) elsewhere.push(request.url());
    });
    const answer = await page.goto(stack.base + '/');
    assert.equal(answer?.status(), 200);
    assert.equal(answer?.headers()['cache-control'], 'no-store');

    assert.equal(await page.title(), 'RocketMQ lag exporter');
    assert.equal(await page.locator('#console dd code').first().textContent(), stack.sim.url);
    assert.equal(await page.locator('#walk .outcome').textContent(), 'complete');
    assert.equal(await page.locator('#console dt:text-is("Version") + dd').textContent(), 'dashboard-2.0');
    assert.equal(await page.locator('#data .age').textContent(), '0 s', 'the simulator\'s clock stands still');
    assert.equal(await page.locator('#data dt:text-is("Queue rows") + dd').textContent(), `${walked.rowCount.toLocaleString('en-US')} from ${walked.topicsWalked} topics`);

    const top = expectedTop(stack);
    assert.equal(top.length, 10, 'the simulator has at least ten groups with lag data');
    const metrics = fromMetrics(samples);
    const healthy = await groupRows(page);
    assert.deepEqual(healthy.map((r) => r.group), top.map(([group]) => group));
    for (const [i, [group, lag]] of top.entries()) {
      const row = healthy[i] as Row;
      assert.match(row.lag, /^\d{1,3}(,\d{3})*$/, group);
      assert.equal(Number(row.lag.replaceAll(',', '')), lag, `lag of ${group}`);
      assert.equal(row.status, metrics.status.get(group), `status of ${group}`);
      const seconds = metrics.timeLag.get(group);
      assert.equal(row.timeLag, seconds === undefined ? 'unknown' : human(seconds), `time lag of ${group}`);
    }
    assert.ok(top.some(([, lag]) => lag > 0) && healthy.some((r) => r.timeLag !== 'unknown' && r.timeLag !== '0 s'), 'some lag is shown');
    await page.screenshot({ path: `${RESULTS}landing-healthy.png`, fullPage: true });

    // The console down: every call reset. The next walk fails; the page says why and keeps the last good groups.
    stack.sim.faults.set('*', 'reset');
    stack.sim.clock.advance(60_000);
    await stack.scrape();
    const last = stack.exporter.refresher.lastWalk;
    assert.equal(last?.ok, false);
    assert.equal(last?.failure?.kind, 'unreachable');
    await page.reload();
    assert.equal(await page.locator('#walk .outcome').textContent(), 'failed');
    assert.equal(await page.locator('#walk code.kind').textContent(), 'unreachable');
    const why = await page.locator('#walk dt:text-is("Why") + dd').textContent();
    assert.equal(why, `unreachable ${last?.failure?.message ?? ''}`);
    assert.ok((last?.failure?.message ?? '').length > 10, why ?? '');
    assert.equal(await page.locator('#data .age').textContent(), '1 m 0 s');
    assert.equal(await page.locator('#data dt:text-is("Walk started") + dd time').getAttribute('datetime'), new Date(walked.startedAt).toISOString());
    assert.deepEqual(await groupRows(page), healthy, 'the last good groups, as they were');
    await page.screenshot({ path: `${RESULTS}landing-failing.png`, fullPage: true });

    assert.deepEqual(elsewhere, [], 'nothing loaded from elsewhere');
    const html = await (await fetch(stack.base + '/')).text();
    for (const secret of [CREDENTIALS.username, CREDENTIALS.password, encodeURIComponent(CREDENTIALS.password), 'L4nd1ng']) {
      assert.equal(html.includes(secret), false, `${secret} is not on the page`);
    }
    await context.close();
  } finally {
    await browser?.close();
    await stack.stop();
  }
});
