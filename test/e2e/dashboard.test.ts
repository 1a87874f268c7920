// The Grafana dashboard's model holds together: data source variable, filters everywhere, known variables and rules, a tidy grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_LAG_FAMILIES, HEALTH_FAMILIES, LAG_FAMILY_NAMES } from '../../src/metrics/families.js';
import { allPanels, loadDashboard, panelQueries, parseLabelValues, textboxValue, variableQuery, variablesIn } from './grafana.js';

const dashboard = loadDashboard(new URL('../../dashboards/rocketmq-lag.json', import.meta.url));
const rules = readFileSync(new URL('../../rules/rocketmq-lag.rules.yml', import.meta.url), 'utf8');
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const FILTER_VARIABLES = ['job', 'rocketmqClusterName', 'namesrvAddr', 'consumerGroup', 'topic', 'broker', 'consumerClientIP', 'consumerClientPID'];
const BUILTINS = ['__rate_interval', '__interval', '__range'];
/** The exporter's METRICS_PREFIX, a text box every metric name starts with: `${prefix}_msg_diff_topic`. */
const PREFIX = 'prefix';
const EXPORTER_FILTER = 'job=~"$job", rocketmqClusterName=~"$rocketmqClusterName", namesrvAddr=~"$namesrvAddr"';
/** Metric names as the dashboard writes them: `${prefix}_` and the family name (recording rules keep their literal rocketmq_). */
const METRIC = /\$\{prefix\}_([a-z_]+)/g;
/** Every name the exporter writes after its prefix: the lag families, its health families, a histogram's series. */
const EXPORTED = new Set([
  ...LAG_FAMILY_NAMES,
  ...Object.values(HEALTH_FAMILIES).flatMap((f) => (f.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => f.name + s) : [f.name])),
]);
/** The queries of the query variables, which run on the same families as the panels. */
const variableQueries = dashboard.templating.list.filter((v) => v.type === 'query').map((v) => ({ name: v.name, query: variableQuery(v) }));

test('the dashboard is a current Grafana model with a Prometheus data source variable', () => {
  assert.ok(dashboard.schemaVersion >= 39);
  assert.equal(dashboard.uid, 'rocketmq-lag');
  const first = dashboard.templating.list[0];
  assert.equal(first?.type, 'datasource');
  assert.equal(first?.name, 'datasource');
  assert.equal((first as { query?: unknown }).query, 'prometheus');
});

test('template variables: the metric prefix, then job, cluster labels, group, topic, broker and client, each with All as .*', () => {
  const vars = dashboard.templating.list.filter((v) => v.type !== 'datasource');
  assert.deepEqual(vars.map((v) => v.name), [PREFIX, ...FILTER_VARIABLES]);
  const defined = new Set<string>(BUILTINS);
  const [prefix, ...filters] = vars;
  // A text box defaulting to the exporter's own default METRICS_PREFIX, which says what it is for.
  assert.equal(prefix?.type, 'textbox');
  assert.equal(prefix.query, 'rocketmq');
  assert.equal(textboxValue(prefix), loadConfig({ ROCKETMQ_CONSOLE_URL: 'http://127.0.0.1:8080' }).metricsPrefix);
  assert.match(prefix.description ?? '', /METRICS_PREFIX/);
  assert.match(prefix.description ?? '', /default rocketmq/);
  defined.add(prefix.name);
  for (const v of filters) {
    assert.equal(v.type, 'query');
    assert.deepEqual(v.datasource, DATASOURCE, v.name);
    assert.equal(v.includeAll, true, v.name);
    assert.equal(v.multi, true, v.name);
    assert.equal(v.allValue, '.*', v.name);
    const query = variableQuery(v);
    assert.equal(parseLabelValues(query).label, v.name);
    for (const used of variablesIn(query)) assert.ok(defined.has(used), `${v.name} uses $${used} before it is defined`);
    defined.add(v.name);
  }
});

test('every metric name in panel and variable queries is ${prefix}_ and a family the exporter writes; recording rules keep the rocketmq prefix', () => {
  const queries = [...panelQueries(dashboard).map(({ panel, target }) => ({ where: `${panel.title} ${target.refId}`, expr: target.expr })),
    ...variableQueries.map(({ name, query }) => ({ where: `variable ${name}`, expr: query }))];
  for (const { where, expr } of queries) {
    // $prefix_msg_diff would be the variable "prefix_msg_diff": the braces are needed, and the name goes on with _.
    assert.doesNotMatch(expr, /\$prefix|\[\[prefix/, where);
    assert.doesNotMatch(expr, /\$\{prefix\}(?!_)/, where);
    // rocketmq_ only inside a recording rule's name (level:rocketmq_family:operation), named after the default prefix.
    for (const m of expr.matchAll(/(.?)rocketmq_/g)) assert.equal(m[1], ':', `${where}: a literal rocketmq_ outside a recording rule name`);
    for (const m of expr.matchAll(METRIC)) assert.ok(EXPORTED.has(m[1] as string), `${where}: \${prefix}_${m[1]} is not a family the exporter writes`);
  }
  for (const { name, query } of variableQueries) assert.match(query, /\$\{prefix\}_[a-z_]+\b/, `variable ${name} reads a metric`);
  for (const { panel, target } of panelQueries(dashboard)) {
    const names = [...target.expr.matchAll(METRIC)].length + [...target.expr.matchAll(/:rocketmq_[a-z_]+:/g)].length;
    assert.ok(names > 0, `${panel.title} ${target.refId} reads a metric`);
  }
});

test('the variables read default families, so that their options are there whatever METRIC_FAMILIES', () => {
  for (const { name, query } of variableQueries) {
    for (const m of query.matchAll(METRIC)) {
      const family = m[1] as string;
      assert.ok(DEFAULT_LAG_FAMILIES.has(family) || !LAG_FAMILY_NAMES.includes(family), `variable ${name} reads the opt-in ${family}`);
    }
  }
});

test('a family with no sample when nothing is wrong falls back to 0 for the selected exporters only, with no label the data lacks', () => {
  // The fallback: 0 where a selected exporter serves a walk (exporter_snapshot_timestamp_seconds has a sample exactly then),
  // matched on the labels the data is summed by, so that it shows only where no real series is; never a bare vector(0).
  const fallback = new RegExp(String.raw` or on\(([a-z, ]*)\) \(0 \* (?:max|sum by \(([a-z, ]*)\) )\(\$\{prefix\}_exporter_snapshot_timestamp_seconds\{${EXPORTER_FILTER.replace(/[$.*|()[\]{}]/g, '\\$&')}\}\)\)$`);
  const withFallback: string[] = [];
  for (const { panel, target } of panelQueries(dashboard)) {
    assert.doesNotMatch(target.expr, /vector\(/, `${panel.title}: a fallback that ignores the selected exporters`);
    if (!/ or /.test(target.expr)) continue;
    const m = fallback.exec(target.expr);
    assert.ok(m, `${panel.title}: ${target.expr}`);
    assert.equal(m[1], m[2] ?? '', `${panel.title}: the fallback matches on its own labels`);
    const by = /^(?:count|sum|max)(?: by \(([a-z, ]*)\) )?\(/.exec(target.expr);
    assert.ok(by, `${panel.title}: the data is aggregated`);
    const kept = (by[1] ?? '').split(', ');
    assert.ok((m[1] as string).split(', ').every((l) => l === '' || kept.includes(l)), `${panel.title}: matched on labels the data keeps`);
    withFallback.push(panel.title);
  }
  // exporter_walk_failures has no sample when nothing failed; the counts of groups are 0 when no group is counted.
  const failures = panelQueries(dashboard).filter(({ target }) => target.expr.includes('${prefix}_exporter_walk_failures{'));
  assert.ok(failures.length > 0);
  for (const { panel } of failures) assert.ok(withFallback.includes(panel.title), `${panel.title} falls back to 0`);
  for (const title of ['Groups lagging', 'Groups stopped or stalled', 'Failed console calls in the served walk']) assert.ok(withFallback.includes(title), title);
});

test('every panel queries the data source variable, with every variable it uses defined', () => {
  const known = new Set([PREFIX, ...FILTER_VARIABLES, ...BUILTINS]);
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row') continue;
    assert.deepEqual(panel.datasource, DATASOURCE, panel.title);
    assert.ok((panel.targets ?? []).length > 0, `${panel.title} has a query`);
  }
  for (const { panel, target } of panelQueries(dashboard)) {
    assert.deepEqual(target.datasource, DATASOURCE, panel.title);
    for (const used of variablesIn(target.expr)) assert.ok(known.has(used), `${panel.title}: $${used}`);
    // Every query narrows to the chosen exporters and clusters, so one dashboard serves several.
    for (const v of ['job', 'rocketmqClusterName', 'namesrvAddr']) assert.ok(target.expr.includes(`${v}=~"$${v}"`), `${panel.title} filters on ${v}`);
  }
});

test('the recording rules the dashboard reads are the shipped ones', () => {
  const recorded = new Set([...rules.matchAll(/^[ \t]*- record:[ \t]*(\S+)[ \t]*$/gm)].map((m) => m[1]));
  const used = new Set(panelQueries(dashboard).flatMap(({ target }) => [...target.expr.matchAll(/\b[A-Za-z_]+:[A-Za-z_:]+[A-Za-z0-9_]*/g)].map((m) => m[0])));
  assert.ok(used.size >= 4);
  for (const name of used) assert.ok(recorded.has(name), `${name} is recorded by rules/rocketmq-lag.rules.yml`);
});

test('a panel that reads an opt-in family says so first: "Needs METRIC_FAMILIES=" and exactly those families; with no data it says so again', () => {
  const families = new Set(LAG_FAMILY_NAMES);
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row') continue;
    // Metric names (${prefix}_family), and the families recording rules are named after (topic:rocketmq_queue_broker_offset:rate5m).
    const used = new Set((panel.targets ?? []).flatMap((t) => [...t.expr.matchAll(/(?:\$\{prefix\}_|:rocketmq_)([a-z_]+)/g)].map((m) => m[1] as string)));
    const optIn = [...used].filter((name) => families.has(name) && !DEFAULT_LAG_FAMILIES.has(name)).sort();
    const note = /^Needs (METRIC_FAMILIES=(\S+)) /.exec((panel as { description?: string }).description ?? '');
    assert.deepEqual(note?.[2]?.split(',').map((w) => w.slice(1)).sort() ?? [], optIn, panel.title);
    // Grafana shows noValue instead of "No data": what to set.
    const noValue = (panel as { fieldConfig?: { defaults?: { noValue?: string } } }).fieldConfig?.defaults?.noValue;
    if (note !== null) assert.ok(noValue?.includes(`needs ${note[1]}`), `${panel.title}: noValue ${noValue}`);
  }
});

test('the panels the operators look for are there', () => {
  const titles = allPanels(dashboard).map((p) => p.title);
  for (const title of [
    'Top lagging consumer groups', 'Lag per consumer group', 'Time lag per group (top 10)', 'Queues and their owning clients',
    'Lag per client process', 'Queues held per client', 'Produce vs consume rate per group', 'Status per consumer group',
    'Groups stopped or stalled', 'Console reachable', 'Snapshot age', 'Walk duration and snapshot age', 'Console requests by outcome',
  ]) assert.ok(titles.includes(title), title);
});

test('panel ids are unique and the panels tile the 24-column grid without overlapping', () => {
  const panels = allPanels(dashboard);
  assert.equal(new Set(panels.map((p) => p.id)).size, panels.length);
  const boxes = panels.map((p) => {
    assert.ok(p.gridPos, p.title);
    assert.ok(p.gridPos.x >= 0 && p.gridPos.w > 0 && p.gridPos.x + p.gridPos.w <= 24, p.title);
    return { title: p.title, ...p.gridPos };
  });
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as (typeof boxes)[number];
      const b = boxes[j] as (typeof boxes)[number];
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      assert.ok(!overlap, `${a.title} overlaps ${b.title}`);
    }
  }
});
