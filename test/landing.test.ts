import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WalkOutcome } from '../src/lag/refresher.js';
import { NOTHING_CARRIED, type GroupSummary, type WalkFailure } from '../src/lag/types.js';
import { count, esc, human, landingPage, type LandingSnapshot, type LandingState } from '../src/landing.js';
import type { TopGroup } from '../src/metrics/exposition.js';

const NOW = Date.UTC(2024, 4, 6, 7, 8, 9);
const STARTED = NOW - 75_000;
const FINISHED = NOW - 72_000;

function summary(group: string, onlineClients: number | undefined, status: GroupSummary['status'] = 'ok'): GroupSummary {
  return { group, messageModel: 'CLUSTERING', consumeType: 'CONSUME_PASSIVELY', version: 'V4_9_4', onlineClients, consumeTps: 0, lag: 0, status };
}

const TOP: readonly TopGroup[] = [
  { group: 'billing', lag: 1_234_567, timeLagSeconds: 252.4, status: 'lagging' },
  { group: 'audit', lag: 42, timeLagSeconds: 0.2, status: 'ok' },
  { group: 'search', lag: 0, timeLagSeconds: 0, status: 'ok' },
];

const SNAPSHOT: LandingSnapshot = {
  startedAt: STARTED, finishedAt: FINISHED, flavour: 'dashboard-2.1', nameServer: '10.0.0.1:9876;10.0.0.2:9876',
  clusters: { clusters: ['DefaultCluster', 'Cluster-B'], brokers: ['broker-a'], addresses: 1, clusterOf: new Map([['broker-a', 'DefaultCluster']]) },
  failures: [], topicsWalked: 37, rowCount: 12_345, rowsDropped: 0, carried: NOTHING_CARRIED,
  groups: [summary('billing', 3, 'lagging'), summary('audit', undefined), summary('search', 0), summary('bcast', 5, 'broadcast')],
  topGroups: TOP,
};

const OK_WALK: WalkOutcome = { startedAt: STARTED, finishedAt: FINISHED, durationSeconds: 3.04567, ok: true, failure: undefined };

function state(over: Partial<LandingState> = {}): LandingState {
  return {
    version: '0.1.0', consoleUrl: 'http://console:8080/rocketmq', metricsPath: '/metrics', maxSnapshotAgeMs: 300_000, now: NOW,
    walking: false, walk: OK_WALK, snapshot: SNAPSHOT, ...over,
  };
}

function includesAll(html: string, fragments: readonly string[]): void {
  for (const fragment of fragments) assert.ok(html.includes(fragment), `the page holds ${fragment}\n--- page:\n${html}`);
}

test('a healthy walk: the console, a complete walk with its time and duration, the data and the groups ranked', () => {
  const html = landingPage(state());
  assert.ok(html.startsWith('<!doctype html>\n<html lang="en">'));
  includesAll(html, [
    '<title>RocketMQ lag exporter</title>',
    '<h1>RocketMQ lag exporter <small>0.1.0</small></h1>',
    '<nav><a href="/metrics">/metrics</a> <a href="/healthz">/healthz</a> <a href="/readyz">/readyz</a></nav>',
    '<dt>URL</dt><dd><code>http://console:8080/rocketmq</code></dd>',
    '<dt>Version</dt><dd>dashboard-2.1</dd>',
    '<dt>Name server</dt><dd><code>10.0.0.1:9876;10.0.0.2:9876</code></dd>',
    '<dt>Clusters</dt><dd><code>DefaultCluster</code>, <code>Cluster-B</code></dd>',
    '<h2>Last walk: <span class="outcome complete">complete</span></h2>',
    '<dt>Finished</dt><dd><time datetime="2024-05-06T07:06:57.000Z">2024-05-06T07:06:57.000Z</time> (1 m 12 s ago)</dd>',
    '<dt>Took</dt><dd>3.05 s</dd>',
    '<dt>Walk started</dt><dd><time datetime="2024-05-06T07:06:54.000Z">2024-05-06T07:06:54.000Z</time> (1 m 15 s ago)</dd>',
    '<dt>Age</dt><dd class="age">1 m 15 s</dd>',
    '<dt>Queue rows</dt><dd>12,345 from 37 topics</dd>',
    '<dt>Consumer groups</dt><dd>4</dd>',
    '<tr><th>Group</th><th>Lag (messages)</th><th>Time lag</th><th>Status</th><th>Online clients</th></tr>',
    '<tr><td class="group">billing</td><td class="num lag">1,234,567</td><td class="num time-lag"><span title="252.4 s">4 m 12 s</span></td>'
      + '<td><span class="status lagging">lagging</span></td><td class="num clients">3</td></tr>\n'
      + '<tr><td class="group">audit</td><td class="num lag">42</td><td class="num time-lag"><span title="0.2 s">&lt; 1 s</span></td>'
      + '<td><span class="status ok">ok</span></td><td class="num clients"><span class="unknown">unknown</span></td></tr>\n'
      + '<tr><td class="group">search</td><td class="num lag">0</td><td class="num time-lag"><span title="0 s">0 s</span></td>'
      + '<td><span class="status ok">ok</span></td><td class="num clients">0</td></tr>\n</tbody>',
  ]);
  for (const absent of ['<script', '<img', '<link', 'src=', 'url(', '@import', 'Why', 'outcome failed', 'MAX_SNAPSHOT_AGE']) {
    assert.equal(html.includes(absent), false, absent);
  }
});

test('a partial walk: the failing topics and groups, the first ten by scope and name, and how many more', () => {
  const failures: WalkFailure[] = [
    ...Array.from({ length: 11 }, (_, i): WalkFailure => ({ scope: 'topic', name: `t${String(i).padStart(2, '0')}`, kind: 'timeout', message: 'm' })),
    { scope: 'group_list', name: '', kind: 'http_status', message: 'm' },
    { scope: 'group', name: 'g<1>', kind: 'console_error', message: 'm' },
  ];
  const html = landingPage(state({ snapshot: { ...SNAPSHOT, failures, carried: { units: 12, oldestObservedAt: NOW - 600_000 } } }));
  includesAll(html, [
    '<h2>Last walk: <span class="outcome partial">partial</span></h2>',
    '<p>13 console calls failed; the last data of their topics or groups is carried:</p>\n<ul class="failures">'
      + '<li>group <code>g&lt;1&gt;</code>: <code class="kind">console_error</code></li>'
      + '<li>group list: <code class="kind">http_status</code></li>'
      + Array.from({ length: 8 }, (_, i) => `<li>topic <code>t0${i}</code>: <code class="kind">timeout</code></li>`).join('')
      + '<li>and 3 more</li></ul>',
    '<dt>Carried</dt><dd>the last data of 12 topics or groups whose call failed, the oldest observed 10 m 0 s ago</dd>',
  ]);
  assert.equal(html.includes('t08'), false, 'the eleventh failure on is counted, not named');
});

test('a failed walk: its kind and message, and the last good data with its age', () => {
  const failed: WalkOutcome = {
    startedAt: NOW - 2000, finishedAt: NOW - 1000, durationSeconds: 0.5, ok: false,
    failure: { scope: 'topic_list', name: '', kind: 'unreachable', message: 'connect ECONNREFUSED 10.0.0.9:8080 (/topic/list.query)' },
  };
  const html = landingPage(state({ walk: failed, now: NOW + 400_000 }));
  includesAll(html, [
    '<h2>Last walk: <span class="outcome failed">failed</span></h2>',
    '<dt>Took</dt><dd>0.50 s</dd>',
    '<dt>Why</dt><dd><code class="kind">unreachable</code> connect ECONNREFUSED 10.0.0.9:8080 (/topic/list.query)</dd>',
    '<p>The console gave nothing new: the data below is from the last walk that did.</p>',
    '<dt>Age</dt><dd class="age">7 m 55 s</dd>',
    '<p class="stale">Older than MAX_SNAPSHOT_AGE (5 m 0 s): /metrics leaves its lag out.</p>',
    '<td class="group">billing</td><td class="num lag">1,234,567</td>',
  ]);
});

test('no walk yet: says so, and that the first is under way; no data, no groups', () => {
  const html = landingPage(state({ walk: undefined, snapshot: undefined, walking: true }));
  includesAll(html, [
    '<h2>Last walk: <span class="outcome none">none yet</span></h2>\n<p>No walk over the console has finished yet; the first one is under way.</p>',
    '<dt>URL</dt><dd><code>http://console:8080/rocketmq</code></dd>',
    '<dt>Version</dt><dd><span class="unknown">not known yet</span></dd>',
    '<dt>Clusters</dt><dd><span class="unknown">not known yet</span></dd>',
    '<section id="data"><h2>Data served</h2><p>No lag data yet.</p></section>',
    '<p>No consumer group with lag data.</p>',
  ]);
});

test('every value is escaped: a hostile group name, failure message, name server and metrics path', () => {
  const hostile = '<img src=x onerror=alert(1)>&"';
  const escaped = '&lt;img src=x onerror=alert(1)&gt;&amp;&quot;';
  const html = landingPage(state({
    metricsPath: '/m"<x>',
    walk: { ...OK_WALK, ok: false, failure: { scope: 'walk', name: '', kind: 'internal', message: hostile } },
    snapshot: {
      ...SNAPSHOT, nameServer: hostile,
      topGroups: [{ group: hostile, lag: 5, timeLagSeconds: 1, status: 'ok' }], groups: [summary(hostile, 1)],
    },
  }));
  assert.equal(html.includes('<img'), false);
  assert.equal(html.includes('"<x>'), false);
  includesAll(html, [
    `<tr><td class="group">${escaped}</td><td class="num lag">5</td>`,
    `<code class="kind">internal</code> ${escaped}</dd>`,
    `<dt>Name server</dt><dd><code>${escaped}</code></dd>`,
    '<a href="/m&quot;&lt;x&gt;">/m&quot;&lt;x&gt;</a>',
  ]);
  assert.equal(esc(`'`), '&#39;');
});

test('an unknown lag or time lag is shown as unknown, never as 0', () => {
  const html = landingPage(state({
    snapshot: {
      ...SNAPSHOT, groups: [summary('stats-failed', 2, 'unknown'), summary('proxied', undefined, 'lagging')],
      topGroups: [
        { group: 'proxied', lag: 900, timeLagSeconds: undefined, status: 'lagging' },
        { group: 'stats-failed', lag: undefined, timeLagSeconds: undefined, status: 'unknown' },
      ],
    },
  }));
  const U = '<span class="unknown">unknown</span>';
  includesAll(html, [
    `<tr><td class="group">proxied</td><td class="num lag">900</td><td class="num time-lag">${U}</td>`,
    `<tr><td class="group">stats-failed</td><td class="num lag">${U}</td><td class="num time-lag">${U}</td><td><span class="status unknown">unknown</span></td><td class="num clients">2</td></tr>`,
  ]);
  assert.equal(/<td class="num (lag|time-lag)">0/.test(html), false);
});

test('no username or password: a console URL with credentials (config.ts refuses one) is shown without them', () => {
  const password = 'Tr0ub4dor&3-s3cret';
  const html = landingPage(state({ consoleUrl: `http://admin:${encodeURIComponent(password)}@console:8080/rocketmq?token=${password}` }));
  includesAll(html, ['<dt>URL</dt><dd><code>http://console:8080/rocketmq</code></dd>']);
  for (const secret of [password, encodeURIComponent(password), esc(password), 'admin', 'token']) assert.equal(html.includes(secret), false, secret);
});

test('durations and counts for people', () => {
  assert.deepEqual(
    [0, 0.2, 0.5, 42, 59.6, 252.4, 3600, 3 * 3600 + 5 * 60 + 7, 2 * 86_400 + 4 * 3600, NaN].map(human),
    ['0 s', '< 1 s', '1 s', '42 s', '1 m 0 s', '4 m 12 s', '1 h 0 m', '3 h 5 m', '2 d 4 h', 'unknown'],
  );
  assert.deepEqual([0, 999, 1000, 1_234_567, -4321].map(count), ['0', '999', '1,000', '1,234,567', '-4,321']);
});

test('with CONSOLES: one row per console, with its URL, how its last walk went and its probe link; nothing else', () => {
  const failed: WalkOutcome = { ...OK_WALK, ok: false, failure: { scope: 'walk', name: '', kind: 'unreachable', message: 'connect ECONNREFUSED' } };
  const html = landingPage({
    version: '0.1.0', metricsPath: '/metrics', probePath: '/probe', now: NOW,
    targets: [
      { name: 'east', consoleUrl: 'http://east:8080', walking: false, walk: OK_WALK, snapshot: SNAPSHOT },
      { name: 'west-2', consoleUrl: 'http://ops:pw@west:8080/<x>', walking: false, walk: failed, snapshot: undefined },
      { name: 'north', consoleUrl: 'http://north:8080', walking: true, walk: undefined, snapshot: undefined },
      { name: 'south', consoleUrl: 'http://south:8080', walking: false, walk: OK_WALK, snapshot: { failures: [{ scope: 'group', name: 'g', kind: 'timeout', message: '' }] } },
    ],
  });
  includesAll(html, [
    '<td>east</td><td><code>http://east:8080</code></td><td><span class="outcome complete">complete</span></td><td><time datetime="2024-05-06T07:06:57.000Z">',
    '<a href="/probe?target=east">/probe?target=east</a>',
    '<td>west-2</td><td><code>http://west:8080/%3Cx%3E</code></td><td><span class="outcome failed">failed</span> <code class="kind">unreachable</code></td>',
    '<a href="/probe?target=west-2">/probe?target=west-2</a>',
    '<td>north</td><td><code>http://north:8080</code></td><td><span class="outcome none">none yet</span></td><td>under way</td>',
    '<span class="outcome partial">partial</span>',
    '<a href="/metrics">/metrics</a>',
  ]);
  assert.equal(html.includes('pw'), false);
  assert.equal(html.includes('id="groups"') || html.includes('id="console"'), false);
});
