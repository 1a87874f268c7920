// End to end: the simulator (live), the exporter and a real Prometheus with the shipped rules; asserted through Prometheus' HTTP API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AdjustableClock, ConsumerClient, Simulator, TruthRow } from '../sim/index.js';
import { topicFilters } from '../sim/index.js';
import { fixtureText } from '../support/fixtures.js';
import { EVERY_SCRAPE_WALKS, expectedDetail, rekey, startStack, until, type Stack } from '../support/stack.js';
import { allPanels, interpolate, loadDashboard, panelQueries, resolveVariables, type Dashboard, type ResolvedVariables } from './grafana.js';
import { startPrometheus, type InstantSample, type Prometheus } from './prometheus.js';

const JOB = 'rocketmq-monitor';
// The hepyu dashboard filters on these target labels, which Kubernetes relabelling adds from pod labels.
const TARGET_LABELS = { rocketmqClusterName: 'DefaultCluster', namesrvAddr: '10.0.0.5-9876' };
const RULES_FILE = 'rocketmq-lag.rules.yml';
const RULES = new URL(`../../rules/${RULES_FILE}`, import.meta.url);
// The official exporter's rules, fed by the families COMPAT_OFFICIAL=true adds.
const COMPAT_RULES_FILE = 'official-compat.rules.yml';
const COMPAT_RULES = new URL(`../../rules/${COMPAT_RULES_FILE}`, import.meta.url);
const DASHBOARD = new URL('../../dashboards/rocketmq-lag.json', import.meta.url);
const DETAIL = ['topic', 'consumerGroup', 'broker', 'queueId', 'consumerClientIP', 'consumerClientPID'];
// Alerts wait this long in the e2e copy of the rules instead of their shipped minutes.
const SHORT_FOR = '2s';

/** Wall-clock time the test can hold still, so the model, the exporter's walks and truth() agree on one instant. */
class HoldableClock implements AdjustableClock {
  readonly live = true;
  private skew = 0;
  private held: number | undefined;

  now(): number {
    return this.held ?? Date.now() + this.skew;
  }

  advance(ms: number): void {
    if (this.held !== undefined) this.held += ms;
    else this.skew += ms;
  }

  hold(): number {
    this.held = this.now();
    return this.held;
  }

  /** Time goes on from the held instant, without a jump. */
  release(): void {
    if (this.held === undefined) return;
    this.skew = this.held - Date.now();
    this.held = undefined;
  }
}

/** The shipped rules with every `for:` shortened; the expressions stay byte for byte. */
function withShortFor(rules: string, duration: string): string {
  return rules.replace(/^([ \t]+for:[ \t]*)\S+[ \t]*$/gm, `$1${duration}`);
}

/** Rule names in file order, and how many are alerts. */
function shippedRules(rules: string): { readonly names: string[]; readonly alerts: number } {
  const found = [...rules.matchAll(/^[ \t]*- (alert|record):[ \t]*(\S+)[ \t]*$/gm)];
  return { names: found.map((m) => m[2] as string), alerts: found.filter((m) => m[1] === 'alert').length };
}

/** The opt-in families the dashboard's panels say they need ("Needs METRIC_FAMILIES=+a,+b ..."), without the +. */
function familiesPanelsNeed(dashboard: Dashboard): string[] {
  const notes = allPanels(dashboard).map((p) => /^Needs METRIC_FAMILIES=(\S+) /.exec((p as { description?: string }).description ?? '')?.[1]);
  return [...new Set(notes.flatMap((n) => (n === undefined ? [] : n.split(',').map((w) => w.replace(/^\+/, '')))))].sort();
}

/**
 * What rocketmq_group_diff (topic kind normal) or rocketmq_group_retrydiff (retry) must hold, keyed group/topic: the
 * lag of the clustering groups' known rows summed over queues; a topic and group with a row of unknown lag has none.
 */
function expectedGroupDiff(rows: readonly TruthRow[], kind: 'normal' | 'retry'): Record<string, number> {
  const sums: Record<string, number> = {};
  const unknown = new Set<string>();
  for (const r of rows) {
    if (r.messageModel !== 'CLUSTERING' || !r.committed || r.statsFailed || r.topicKind !== kind) continue;
    const key = `${r.group}/${r.topic}`;
    if (r.lag < 0) unknown.add(key);
    sums[key] = (sums[key] ?? 0) + r.lag;
  }
  for (const key of unknown) delete sums[key];
  return sums;
}

function byLabels(samples: readonly InstantSample[], labels: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) out[labels.map((l) => s.metric[l] ?? '').join('/')] = Number(s.value[1]);
  return out;
}

function pick<T>(table: Record<string, T>, keep: (key: string, value: T) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(table).filter(([k, v]) => keep(k, v)));
}

interface Actors {
  /** Stalled before Prometheus starts, so its offsets never move in Prometheus' data. */
  readonly stalled: string;
  readonly deleted: string;
  readonly restarted: ConsumerClient;
  readonly offline: string;
  /** Its per-group call fails three times, once the dashboard has been checked on the healthy cluster: the walk-failures panel shows the failures. */
  readonly failingGroup: string;
  /** Set back ten minutes, then consuming at a fifth of the produce rate: lagging, its time lag past 300 s. */
  readonly lagging: string;
  /** Left alone. */
  readonly healthy: string;
}

function chooseActors(sim: Simulator): Actors {
  const model = sim.model;
  const rows = sim.truth();
  const online = model.groups().filter((g) => !g.system && !g.statsFailed && model.kindOf(g) === 'clustering-online');
  const [stalled, deleted, ...others] = online;
  assert.ok(stalled !== undefined && deleted !== undefined, 'the model has two online groups');
  const restarted = others.flatMap((g) => g.clients).find((c) =>
    c.shape === 'java49' && /^\d+$/.test(c.labels.pid)
    && model.clients().filter((o) => o.labels.ip === c.labels.ip).length === 1
    && rows.some((r) => r.clientIp === c.labels.ip && r.clientPid === c.labels.pid));
  assert.ok(restarted, 'a third online group has a client holding queues');
  const offline = model.groups().find((g) => !g.system && model.kindOf(g) === 'offline');
  assert.ok(offline, 'the model has an offline group');
  const failingGroup = others.find((g) => !g.clients.includes(restarted))?.name;
  assert.ok(failingGroup, 'a fourth online group');
  const [lagging, healthy] = others.filter((g) => !g.clients.includes(restarted) && g.name !== failingGroup);
  assert.ok(lagging !== undefined && healthy !== undefined, 'a fifth and a sixth online group');
  return { stalled: stalled.name, deleted: deleted.name, restarted, offline: offline.name, failingGroup, lagging: lagging.name, healthy: healthy.name };
}

describe('end to end with a real Prometheus', { timeout: 90_000 }, () => {
  const clock = new HoldableClock();
  const rules = readFileSync(RULES, 'utf8');
  const compatRules = readFileSync(COMPAT_RULES, 'utf8');
  let stack: Stack;
  let prom: Prometheus;
  let actors: Actors;
  const now = (): number => Date.now() / 1000;
  const instant = (expr: string, time?: number): Promise<InstantSample[]> => prom.query(expr, time);
  /** Polls an instant query until `accept` holds, with a deadline. */
  const waitFor = (what: string, expr: string, accept: (r: InstantSample[]) => boolean, timeoutMs = 15_000): Promise<InstantSample[]> =>
    until(what, async () => {
      const result = await instant(expr);
      return accept(result) ? result : undefined;
    }, timeoutMs);

  before(async () => {
    // A status window of a few walks, as the rules' for: are shortened: the states settle within the test. Every family
    // (those the dashboard's opt-in panels need included), and the official exporter's for rules/official-compat.rules.yml.
    stack = await startStack({
      sim: { scale: 'S', seed: 1, clock },
      env: { ...EVERY_SCRAPE_WALKS, LOG_LEVEL: 'info', METRIC_FAMILIES: 'all', STATUS_WINDOW: '5s', COMPAT_OFFICIAL: 'true' },
    });
    actors = chooseActors(stack.sim);
    stack.sim.model.stallGroup(actors.stalled);
    stack.sim.model.rewindGroup(actors.lagging, { toTime: clock.now() - 600_000 });
    stack.sim.model.setGroupRate(actors.lagging, 0.2);
    prom = await startPrometheus({
      target: { jobName: JOB, address: `127.0.0.1:${stack.exporter.address.port}`, metricsPath: '/metrics', labels: TARGET_LABELS },
      ruleFiles: { [RULES_FILE]: withShortFor(rules, SHORT_FOR), [COMPAT_RULES_FILE]: withShortFor(compatRules, SHORT_FOR) },
    });
  });

  after(async () => {
    clock.release();
    await prom?.stop();
    await stack?.stop();
  });

  it('scrapes the exporter: the target is up, with the job name and target labels the hepyu dashboard filters on', async () => {
    const target = await until('the target to be up', async () => (await prom.targets()).find((t) => t.health === 'up'), 20_000)
      .catch((error: unknown) => assert.fail(`${String(error)}\nprometheus said:\n${prom.log()}`));
    assert.equal(target.scrapePool, JOB);
    assert.equal(target.lastError, '');
    // The target's health is set when the scrape returns, before its samples are committed: poll for them.
    const up = await waitFor('the up sample', `up{job="${JOB}"}`, (r) => r.length > 0);
    assert.deepEqual(up.map((s) => [s.metric, s.value[1]]), [[{
      __name__: 'up', job: JOB, instance: `127.0.0.1:${stack.exporter.address.port}`, ...TARGET_LABELS,
    }, '1']]);
  });

  it('loads every shipped rule, and each evaluates without error against the exporter', async () => {
    const { names, alerts } = shippedRules(rules);
    const loaded = withShortFor(rules, SHORT_FOR);
    assert.equal(loaded.match(/^[ \t]+for: 2s$/gm)?.length, alerts);
    const withoutFor = (text: string): string[] => text.split('\n').filter((line) => !/^[ \t]+for:/.test(line));
    assert.deepEqual(withoutFor(loaded), withoutFor(rules), 'only the for: lines differ from the shipped file');
    const all = await until('every rule to be evaluated', async () => {
      const g = await prom.ruleGroups();
      return g.flatMap((x) => x.rules).every((r) => r.health === 'ok') ? g : undefined;
    });
    // The official exporter's rules are loaded beside them (next test).
    const groups = all.filter((g) => g.file.endsWith(`/${RULES_FILE}`));
    assert.deepEqual(groups.flatMap((g) => g.rules.map((r) => r.name)).sort(), [...names].sort());
    for (const rule of groups.flatMap((g) => g.rules)) assert.equal(rule.lastError ?? '', '', rule.name);
  });

  it('loads rules/official-compat.rules.yml unchanged but for its for: lines: 2 recording rules and 6 alerts, each evaluating with health ok and no error', async () => {
    const { names, alerts } = shippedRules(compatRules);
    assert.equal(names.length, 8);
    assert.equal(alerts, 6);
    const loaded = withShortFor(compatRules, SHORT_FOR);
    assert.equal(loaded.match(/^[ \t]+for: 2s$/gm)?.length, alerts);
    const withoutFor = (text: string): string[] => text.split('\n').filter((line) => !/^[ \t]+for:/.test(line));
    assert.deepEqual(withoutFor(loaded), withoutFor(compatRules), 'only the for: lines differ from the shipped file');
    const groups = await until('the official exporter\'s rules to be evaluated', async () => {
      const g = (await prom.ruleGroups()).filter((x) => x.file.endsWith(`/${COMPAT_RULES_FILE}`));
      const rules = g.flatMap((x) => x.rules);
      return rules.length === names.length && rules.every((r) => r.health === 'ok') ? g : undefined;
    }).catch(async (error: unknown) => assert.fail(`${String(error)}\n${JSON.stringify(await prom.ruleGroups(), null, 1)}`));
    const loadedRules = groups.flatMap((g) => g.rules);
    assert.deepEqual(loadedRules.map((r) => r.name).sort(), [...names].sort());
    for (const rule of loadedRules) {
      assert.equal(rule.health, 'ok', rule.name);
      assert.equal(rule.lastError ?? '', '', rule.name);
    }
  });

  it('fires RocketMQConsumerStalled for the stalled group and RocketMQConsumerStopped for the one without a client', async () => {
    const stalled = await waitFor('RocketMQConsumerStalled to fire',
      `ALERTS{alertname="RocketMQConsumerStalled", alertstate="firing", consumerGroup="${actors.stalled}"}`, (r) => r.length > 0, 25_000);
    assert.equal(stalled.length, 1);
    for (const s of stalled) {
      assert.equal(s.metric.status, 'stalled');
      assert.equal(s.metric.severity, 'critical');
      assert.equal(s.metric.job, JOB);
      assert.equal(s.metric.rocketmqClusterName, TARGET_LABELS.rocketmqClusterName);
    }
    // The model's offline group: a backlog and no client, so its status is stopped.
    const stopped = await waitFor('RocketMQConsumerStopped to fire',
      'ALERTS{alertname="RocketMQConsumerStopped", alertstate="firing"}', (r) => r.length > 0);
    assert.deepEqual(stopped.map((s) => s.metric.consumerGroup), [actors.offline]);
    assert.equal(stopped[0]?.metric.status, 'stopped');
    assert.deepEqual(await instant('ALERTS{alertname=~"RocketMQConsoleUnreachable|RocketMQExporterSnapshotStale"}'), []);
  });

  it('fires RocketMQConsumerTimeLagHigh for the lagging group only, and nothing for the healthy one', async () => {
    const lagging = await waitFor('RocketMQConsumerTimeLagHigh to fire',
      'ALERTS{alertname="RocketMQConsumerTimeLagHigh", alertstate="firing"}', (r) => r.length > 0, 25_000);
    assert.deepEqual(lagging.map((s) => [s.metric.consumerGroup, s.metric.severity]), [[actors.lagging, 'warning']]);
    const timeLag = Number((await instant(`rocketmq_consumergroup_max_lag_seconds{consumerGroup="${actors.lagging}"}`))[0]?.value[1]);
    assert.ok(timeLag > 300 && timeLag < 900, `set back ten minutes: ${timeLag} s`);
    await waitFor('the healthy group to be ok', `rocketmq_consumergroup_status{consumerGroup="${actors.healthy}", status="ok"}`, (r) => r.length === 1);
    assert.deepEqual(await instant(`ALERTS{consumerGroup="${actors.healthy}"}`), []);
    const healthyTimeLag = Number((await instant(`rocketmq_consumergroup_max_lag_seconds{consumerGroup="${actors.healthy}"}`))[0]?.value[1]);
    assert.ok(healthyTimeLag < 15, `the healthy group is seconds behind at most: ${healthyTimeLag} s`);
  });

  it('every panel of dashboards/rocketmq-lag.json has data on the cluster with no failure, $prefix at rocketmq and every other variable at All', async () => {
    const dashboard = loadDashboard(DASHBOARD);
    const vars = await resolveVariables(dashboard, (label, match) => prom.labelValues(label, match ?? '{__name__=~".+"}', now() - 300, now()),
      { __rate_interval: '10s', __interval: '1s', __range: '5m' }, { prefix: 'rocketmq' });
    assert.equal(vars.values.prefix, 'rocketmq');
    for (const [name, options] of Object.entries(vars.options)) assert.ok(options.length > 0, `variable ${name} has options`);
    assert.deepEqual(vars.options.rocketmqClusterName, [TARGET_LABELS.rocketmqClusterName]);
    // The exporter serves the opt-in families the panels say they need (METRIC_FAMILIES=all), and the recording rules are loaded.
    const needed = familiesPanelsNeed(dashboard);
    assert.ok(needed.length > 0);
    const served = await instant(`count by (__name__) ({__name__=~"rocketmq_(${needed.join('|')})", job="${JOB}"})`);
    assert.deepEqual(served.map((s) => s.metric.__name__).sort(), needed.map((f) => `rocketmq_${f}`), 'the families the opt-in panels need');
    // Nothing failed: panels whose family has no sample then (walk failures) must show their fallback, not "No data".
    assert.deepEqual(stack.sim.faults.list(), []);
    assert.deepEqual(await instant(`rocketmq_exporter_walk_failures{job="${JOB}"}`), [], 'no console call failed in the walk served');
    await assertPanelsReturnData(prom, dashboard, vars, 30_000);
  });

  it('with console calls failing, the walk-failures panel shows them by scope and kind, and its fallback only for exporters without failures', async () => {
    const dashboard = loadDashboard(DASHBOARD);
    const vars = await resolveVariables(dashboard, (label, match) => prom.labelValues(label, match ?? '{__name__=~".+"}', now() - 300, now()),
      { __rate_interval: '10s', __interval: '1s', __range: '5m' }, { prefix: 'rocketmq' });
    const panel = panelQueries(dashboard).find((q) => q.target.expr.includes('${prefix}_exporter_walk_failures{'));
    assert.ok(panel);
    const expr = interpolate(panel.target.expr, vars.values);
    const instance = `127.0.0.1:${stack.exporter.address.port}`;
    assert.deepEqual((await instant(expr)).map((s) => [s.metric, s.value[1]]), [[{ instance }, '0']], 'the fallback: 0 for the exporter');
    // Three walks with one failed console call each.
    stack.sim.faults.set('consumer/queryTopicByConsumer.query', 'error', { times: 3, match: (p) => p.consumerGroup === actors.failingGroup });
    const failed = await waitFor('the failed call in the panel', expr, (r) => r.some((s) => s.metric.scope !== undefined));
    assert.deepEqual(failed.map((s) => [s.metric.instance, s.metric.scope, s.value[1]]), [[instance, 'group', '1']], 'the failure, and no fallback beside it');
    assert.ok((failed[0]?.metric.kind ?? '') !== '', 'by error kind');
    await until('the injected failures to be used up', () => (stack.sim.faults.list().length === 0 ? true : undefined));
    await waitFor('the fallback again', expr, (r) => r.length === 1 && r[0]?.metric.scope === undefined);
  });

  it('COMPAT_OFFICIAL: rocketmq_producer_tps and rocketmq_consumer_tps are recorded for the simulator\'s cluster; GroupGetLatencyByStoretime fires for the lagging group, RocketMQClusterProduceHigh for the cluster', async () => {
    const cluster = stack.sim.model.clusterName;
    assert.ok(cluster !== '');
    for (const record of ['rocketmq_producer_tps', 'rocketmq_consumer_tps']) {
      // rate() needs two scrapes, the recording rule an evaluation after them.
      const samples = await waitFor(`${record} to be recorded`, `${record}{job="${JOB}"}`, (r) => r.length > 0);
      assert.deepEqual([...new Set(samples.map((s) => s.metric.cluster))], [cluster], `${record}: every series of the one cluster, by its name`);
    }
    // Deterministic by the setup: the lagging group was set back ten minutes and consumes at a fifth of the production
    // rate, so its oldest unconsumed message stays minutes old, far past the alert's 1000 ms (RocketMQConsumerTimeLagHigh
    // fired on the same store times above).
    const latency = await instant(`max(rocketmq_group_get_latency_by_storetime{job="${JOB}", group="${actors.lagging}"})`);
    assert.ok(Number(latency[0]?.value[1]) > 300_000, `the lagging group is minutes behind: ${latency[0]?.value[1]} ms`);
    const behind = await waitFor('GroupGetLatencyByStoretime to fire for the lagging group',
      `ALERTS{alertname="GroupGetLatencyByStoretime", alertstate="firing", group="${actors.lagging}"}`, (r) => r.length > 0);
    for (const a of behind) assert.deepEqual([a.metric.cluster, a.metric.severity, a.metric.job], [cluster, 'warning', JOB]);
    // The simulator's producers write at fixed rates (seed 1), far more than the alert's 10 messages a second into the
    // queues the exporter reports. rate(...[2m]) divides by the whole window: until Prometheus holds two minutes of
    // offsets (longer than this test runs) rocketmq_producer_tps is that rate scaled down by the share of the window
    // filled, still past 10 after a few seconds of scrapes and past 1 from the first rate (two scrapes a second apart
    // extrapolated): so RocketMQClusterProduceHigh fires, and RocketMQClusterProduceLow (< 1) cannot.
    const model = stack.sim.model;
    const reported = new Set(stack.sim.truth().filter((r) => r.messageModel === 'CLUSTERING' && r.committed && !r.statsFailed && topicFilters.normalAndRetry(r))
      .map((r) => `${r.topic}/${r.broker}/${r.queueId}`));
    const t = clock.now();
    const produced = model.topics().flatMap((topic) => topic.queues)
      .filter((q) => reported.has(`${q.topic.name}/${q.broker.name}/${q.queueId}`))
      .reduce((sum, q) => sum + q.production.rateAt(t), 0);
    assert.ok(produced > 100, `the simulator produces ${produced} messages a second into the reported queues`);
    const high = await waitFor('RocketMQClusterProduceHigh to fire',
      `ALERTS{alertname="RocketMQClusterProduceHigh", alertstate="firing", cluster="${cluster}"}`, (r) => r.length === 1);
    assert.equal(high[0]?.metric.severity, 'warning');
    const tps = Number((await instant(`sum by (cluster) (rocketmq_producer_tps{job="${JOB}", cluster="${cluster}"})`))[0]?.value[1]);
    assert.ok(tps >= 10 && tps <= produced * 1.05, `rocketmq_producer_tps sums to ${tps} a second: at least the alert's 10, at most the ${produced} produced`);
    assert.deepEqual(await instant('ALERTS{alertname="RocketMQClusterProduceLow"}'), []);
  });

  describe('with the model clock held still', () => {
    let heldAt = 0;
    let scrapedAt = 0;
    let truth: ReturnType<Simulator['truth']>;

    before(async () => {
      assert.deepEqual(stack.sim.faults.list(), [], 'no fault left to distort the walk');
      heldAt = clock.hold();
      // A scrape whose walk started after the hold reports snapshot time heldAt, and saw the console at exactly that instant.
      const sample = await waitFor('a scrape of a walk made after the hold', `timestamp(rocketmq_exporter_snapshot_timestamp_seconds{job="${JOB}"} == ${heldAt / 1000})`,
        (r) => r.length === 1);
      scrapedAt = Number(sample[0]?.value[1]);
      truth = stack.sim.truth();
    });

    after(() => clock.release());

    it('every rocketmq_msg_diff_detail sample equals the simulator\'s ground truth at that time', async () => {
      const samples = await instant(`rocketmq_msg_diff_detail{job="${JOB}"}`, scrapedAt);
      const want = expectedDetail(truth);
      assert.ok(Object.keys(want).length > 100);
      assert.deepEqual(byLabels(samples, DETAIL), want);
      for (const s of samples) assert.equal(s.metric.rocketmqClusterName, TARGET_LABELS.rocketmqClusterName);
    });

    it('the six roll-ups in Prometheus equal the sums of the same truth', async () => {
      const r = stack.sim.expectedRollups(truth, topicFilters.normalAndRetry);
      const families: [string, string[], Record<string, number>][] = [
        ['rocketmq_msg_diff_topic', ['topic'], r.byTopic],
        ['rocketmq_msg_diff_consumergroup', ['consumerGroup'], r.byGroup],
        ['rocketmq_msg_diff_topic_consumergroup', ['topic', 'consumerGroup'], rekey(r.byTopicGroup)],
        ['rocketmq_msg_diff_broker', ['broker'], r.byBroker],
        ['rocketmq_msg_diff_queue', ['broker', 'queueId'], rekey(r.byQueue)],
        ['rocketmq_msg_diff_clientinfo', ['consumerClientIP', 'consumerClientPID'], rekey(r.byClient)],
      ];
      for (const [family, labels, want] of families) {
        assert.deepEqual(byLabels(await instant(`${family}{job="${JOB}"}`, scrapedAt), labels), want, family);
      }
    });

    it('COMPAT_OFFICIAL: rocketmq_group_diff and rocketmq_group_retrydiff equal the simulator\'s truth per group and topic', async () => {
      for (const [family, kind] of [['rocketmq_group_diff', 'normal'], ['rocketmq_group_retrydiff', 'retry']] as const) {
        const want = expectedGroupDiff(truth, kind);
        assert.ok(Object.keys(want).length >= 5, `${family}: the simulator has groups and topics`);
        if (kind === 'normal') assert.ok(Object.values(want).some((v) => v > 1000), `${family}: some lag`);
        const samples = await instant(`${family}{job="${JOB}"}`, scrapedAt);
        assert.deepEqual(byLabels(samples, ['group', 'topic']), want, family);
        for (const s of samples) assert.equal(s.metric.msgModel, '1');
      }
      // The lagging group, by name: minutes of production behind on every topic.
      const lagging = await instant(`rocketmq_group_diff{job="${JOB}", group="${actors.lagging}"}`, scrapedAt);
      assert.ok(lagging.length > 0 && lagging.every((s) => Number(s.value[1]) > 0));
    });

    it('the hepyu dashboard\'s queries run unchanged and return the right sums, msg_diff_clientinfo and msg_diff_queue included', async () => {
      const dashboard = JSON.parse(fixtureText('hepyu-dashboard.json')) as Dashboard;
      const vars = await resolveVariables(dashboard, (label, match) => prom.labelValues(label, match ?? '{__name__=~".+"}', scrapedAt - 300, scrapedAt), {});
      for (const [name, options] of Object.entries(vars.options)) assert.ok(options.length > 0, `variable ${name} has options`);
      const inAll = (name: string, value: string): boolean => vars.options[name]?.includes(value) ?? false;
      const rollups = stack.sim.expectedRollups(truth, topicFilters.normalAndRetry);
      const over1000 = (v: number): boolean => v > 1000;
      const expected: Record<string, { labels: string[]; want: Record<string, number> }> = {
        rocketmq_msg_diff_detail: {
          labels: DETAIL,
          want: pick(expectedDetail(truth), (k, v) => over1000(v) && k.split('/').every((part, i) => inAll(DETAIL[i] as string, part))),
        },
        rocketmq_msg_diff_clientinfo: {
          labels: ['consumerClientIP', 'consumerClientPID'],
          want: pick(rekey(rollups.byClient), (k, v) => over1000(v) && inAll('consumerClientIP', k.split('/')[0] ?? '') && inAll('consumerClientPID', k.split('/')[1] ?? '')),
        },
        rocketmq_msg_diff_topic: { labels: ['topic'], want: pick(rollups.byTopic, (k, v) => over1000(v) && inAll('topic', k)) },
        rocketmq_msg_diff_consumergroup: { labels: ['consumerGroup'], want: pick(rollups.byGroup, (k) => inAll('consumerGroup', k)) },
        rocketmq_msg_diff_broker: { labels: ['broker'], want: pick(rollups.byBroker, (k, v) => over1000(v) && inAll('broker', k)) },
        rocketmq_msg_diff_queue: {
          labels: ['broker', 'queueId'],
          want: pick(rekey(rollups.byQueue), (k, v) => over1000(v) && inAll('broker', k.split('/')[0] ?? '') && inAll('queueId', k.split('/')[1] ?? '')),
        },
      };
      const queries = panelQueries(dashboard);
      assert.equal(queries.length, 6);
      for (const q of queries) {
        const expr = interpolate(q.target.expr, vars.values);
        const family = Object.keys(expected).find((f) => q.target.expr.startsWith(`${f}{`));
        assert.ok(family, q.target.expr);
        const { labels, want } = expected[family] as { labels: string[]; want: Record<string, number> };
        assert.ok(Object.keys(want).length > 0, `${family}: the simulator has data past the panel's threshold`);
        assert.deepEqual(byLabels(await instant(expr, scrapedAt), labels), want, `panel "${q.panel.title}"`);
        const series = await prom.queryRange(expr, scrapedAt - 60, scrapedAt, 1);
        assert.ok(series.length > 0, `panel "${q.panel.title}" draws series`);
      }
      assert.ok(Object.keys(expected.rocketmq_msg_diff_clientinfo?.want ?? {}).length > 0);
    });
  });

  it('series of a deleted group and of a restarted client\'s old process go stale', async () => {
    const { ip, pid: oldPid } = actors.restarted.labels;
    // Scraped series only: recording rules keep rating a vanished series' last five minutes.
    const groupSeries = `{__name__=~"rocketmq_.+", job="${JOB}", consumerGroup="${actors.deleted}"}`;
    const oldClientSeries = `{__name__=~"rocketmq_.+", job="${JOB}", consumerClientIP="${ip}", consumerClientPID="${oldPid}"}`;
    assert.ok((await instant(`count(${groupSeries})`)).length > 0, 'the group is in Prometheus');
    assert.ok((await instant(`count(${oldClientSeries})`)).length > 0, 'the client is in Prometheus');

    stack.sim.model.deleteGroup(actors.deleted);
    stack.sim.model.restartClient(actors.restarted);
    const newPid = actors.restarted.labels.pid;
    assert.notEqual(newPid, oldPid);

    await waitFor('the new process\'s series', `rocketmq_msg_diff_clientinfo{job="${JOB}", consumerClientIP="${ip}", consumerClientPID="${newPid}"}`, (r) => r.length === 1);
    await waitFor('the deleted group\'s series to go stale', `count(${groupSeries})`, (r) => r.length === 0);
    await waitFor('the old process\'s series to go stale', `count(${oldClientSeries})`, (r) => r.length === 0);
    // Gone from an instant query while their last samples are seconds old: Prometheus wrote stale markers, not a 5-minute fade-out.
    const lastSeen = await instant(`last_over_time(rocketmq_msg_diff_consumergroup{job="${JOB}", consumerGroup="${actors.deleted}"}[1m])`);
    assert.equal(lastSeen.length, 1);
    const lastClient = await instant(`last_over_time(rocketmq_msg_diff_clientinfo{job="${JOB}", consumerClientIP="${ip}", consumerClientPID="${oldPid}"}[1m])`);
    assert.equal(lastClient.length, 1);
  });

  it('with the console stopped, the scrape still succeeds and console_reachable reads 0; RocketMQConsoleUnreachable fires', async () => {
    const stoppedAt = now();
    await stack.sim.stop();
    const reachable = await waitFor('console_reachable 0', `rocketmq_exporter_console_reachable{job="${JOB}"}`,
      (r) => r.length === 1 && r[0]?.value[1] === '0');
    assert.equal(reachable[0]?.metric.rocketmqClusterName, TARGET_LABELS.rocketmqClusterName);
    const scrapedAfter = await instant(`timestamp(up{job="${JOB}"} == 1) > ${stoppedAt}`);
    assert.equal(scrapedAfter.length, 1, 'a successful scrape after the console stopped');
    const target = (await prom.targets())[0];
    assert.equal(target?.health, 'up');
    assert.equal(target?.lastError, '');
    await waitFor('RocketMQConsoleUnreachable to fire', 'ALERTS{alertname="RocketMQConsoleUnreachable", alertstate="firing"}', (r) => r.length === 1);
  });
});

/**
 * Polls each panel until every one of its queries returns data, all within one deadline (rates need two scrapes,
 * recording rules an evaluation): each panel shows something, and no query of it is blank.
 */
async function assertPanelsReturnData(prom: Prometheus, dashboard: Dashboard, vars: ResolvedVariables, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const panels = allPanels(dashboard).filter((p) => p.type !== 'row');
  const queries = panelQueries(dashboard);
  assert.ok(panels.length > 20 && queries.length > panels.length);
  for (const panel of panels) {
    const mine = queries.filter((q) => q.panel === panel);
    assert.ok(mine.length > 0, `panel "${panel.title}" has a query`);
    for (;;) {
      const t = Date.now() / 1000;
      const blank: string[] = [];
      for (const q of mine) {
        const expr = interpolate(q.target.expr, vars.values);
        assert.doesNotMatch(expr, /\$/, `panel "${panel.title}" query ${q.target.refId}: every variable substituted`);
        const count = q.instant ? (await prom.query(expr, t)).length : (await prom.queryRange(expr, t - 120, t, 1)).length;
        if (count === 0) blank.push(`query ${q.target.refId}: ${expr}`);
      }
      if (blank.length === 0) break;
      if (Date.now() > deadline) {
        assert.fail(blank.length === mine.length
          ? `panel "${panel.title}" shows no data: none of its queries returned a sample\n${blank.join('\n')}`
          : `panel "${panel.title}" has a query that returned no data\n${blank.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
