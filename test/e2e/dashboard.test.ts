// The Grafana dashboard's model holds together: data source variable, filters everywhere, known variables and rules, a tidy grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_LAG_FAMILIES, LAG_FAMILY_NAMES } from '../../src/metrics/families.js';
import { allPanels, loadDashboard, panelQueries, parseLabelValues, variableQuery, variablesIn } from './grafana.js';

const dashboard = loadDashboard(new URL('../../dashboards/rocketmq-lag.json', import.meta.url));
const rules = readFileSync(new URL('../../rules/rocketmq-lag.rules.yml', import.meta.url), 'utf8');
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const FILTER_VARIABLES = ['job', 'rocketmqClusterName', 'namesrvAddr', 'consumerGroup', 'topic', 'broker', 'consumerClientIP', 'consumerClientPID'];
const BUILTINS = ['__rate_interval', '__interval', '__range'];

test('the dashboard is a current Grafana model with a Prometheus data source variable', () => {
  assert.ok(dashboard.schemaVersion >= 39);
  assert.equal(dashboard.uid, 'rocketmq-lag');
  const first = dashboard.templating.list[0];
  assert.equal(first?.type, 'datasource');
  assert.equal(first?.name, 'datasource');
  assert.equal((first as { query?: unknown }).query, 'prometheus');
});

test('template variables: job, cluster labels, group, topic, broker and client, each with All as .*', () => {
  const vars = dashboard.templating.list.filter((v) => v.type !== 'datasource');
  assert.deepEqual(vars.map((v) => v.name), FILTER_VARIABLES);
  const defined = new Set<string>(BUILTINS);
  for (const v of vars) {
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

test('every panel queries the data source variable, with every variable it uses defined', () => {
  const known = new Set([...FILTER_VARIABLES, ...BUILTINS]);
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

test('a panel that reads an opt-in family says so first: "Needs METRIC_FAMILIES=" and exactly those families', () => {
  const familyOf = new Map(LAG_FAMILY_NAMES.map((name) => [`rocketmq_${name}`, name]));
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row') continue;
    // Metric names, and the families recording rules are named after (topic:rocketmq_queue_broker_offset:rate5m).
    const used = new Set((panel.targets ?? []).flatMap((t) => [...t.expr.matchAll(/rocketmq_[a-z_]+/g)].map((m) => familyOf.get(m[0]))));
    const optIn = [...used].filter((name): name is string => name !== undefined && !DEFAULT_LAG_FAMILIES.has(name)).sort();
    const note = /^Needs METRIC_FAMILIES=(\S+) /.exec((panel as { description?: string }).description ?? '')?.[1];
    assert.deepEqual(note?.split(',').map((w) => w.slice(1)).sort() ?? [], optIn, panel.title);
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
