// The cluster model: deterministic from a seed, sized by scale, with every group kind and clientId shape, moved by controls.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { popRetryTopicOf, retryTopicOf } from './blueprint.js';
import { CLIENT_SHAPES, type ClientShape } from './client-ids.js';
import { LiveClock, ManualClock, type Clock } from './clock.js';
import type { ConsumerClient } from './entities.js';
import { ClusterModel } from './model.js';
import { blueprintFor, SCALES, type ScaleName, type ScaleSpec } from './scales.js';
import { expectedRollups, rollupKey, truthRows, type TruthRow } from './truth.js';

function build(scale: ScaleName | ScaleSpec, seed = 1, clock: Clock = new ManualClock()): ClusterModel {
  return new ClusterModel(blueprintFor(scale, seed), seed, clock);
}

function fingerprint(model: ClusterModel): string {
  return JSON.stringify({
    topics: model.topics().map((t) => [t.name, t.kind, t.messageType, t.queues.length]),
    clients: model.clients().map((c) => [c.key, c.clientId, c.rateFactor, c.delayMs]),
    rows: truthRows(model),
  });
}

function rowsOf(model: ClusterModel, group: string, topic?: string): TruthRow[] {
  return truthRows(model).filter((r) => r.group === group && (topic === undefined || r.topic === topic));
}

/** An online clustering group of the model with at least two clients. */
function busyGroup(model: ClusterModel): string {
  const group = model.groups().find((g) => model.kindOf(g) === 'clustering-online' && g.clients.length >= 2 && !g.statsFailed);
  assert.ok(group !== undefined);
  return group.name;
}

const CLIENT_ID_RULES: Record<ClientShape, RegExp> = {
  java48: /^(?<ip>[\d.]+)@(?<pid>\d+)$/,
  java49: /^(?<ip>[\d.]+)@(?<pid>\d+)#\d{13,16}$/,
  cpp: /^(?<ip>[\d.]+)@(?<pid>\d+)#instance_\d+$/,
  unit: /^(?<ip>[\d.]+)@(?<pid>\d+)@[\w-]+$/,
  broadcast: /^(?<ip>[\d.]+)@(?<pid>DEFAULT)$/,
  spring: /^(?<ip>[\d.]+)@10\.0\.0\.5:9876@(?<pid>\d+)$/,
  'spring-nano': /^(?<ip>[\d.]+)@10\.0\.0\.5:9876@(?<pid>\d+)#\d{13,16}$/,
  acl: /^(?<ip>[\d.]+)@LTAI\w{16}\|[A-Za-z0-9+/]{32}\|[\w%-]+\|(?<pid>\d+)$/,
  grpc: /^(?<ip>[a-z0-9-]+)@(?<pid>\d+)@\d@[0-9a-z]+$/,
};

describe('building', () => {
  test('the same seed builds the same cluster, another seed another', () => {
    assert.equal(fingerprint(build('S', 7)), fingerprint(build('S', 7)));
    assert.notEqual(fingerprint(build('S', 7)), fingerprint(build('S', 8)));
  });

  test('named scales have the sizes of DESIGN.md', () => {
    for (const [name, spec, groups] of [
      ['S', SCALES.S, 10],
      ['M', SCALES.M, 90],
      ['L', SCALES.L, 400],
    ] as const) {
      const model = build(name);
      const user = model.topics().filter((t) => t.kind === 'normal');
      assert.equal(user.length, spec.topics, name);
      for (const topic of user) {
        assert.equal(topic.queues.length, 16);
        assert.deepEqual(topic.queues.map((q) => q.broker.name).filter((b) => b === 'broker-a').length, 8);
        assert.equal(topic.subscriptions.length, spec.groupsPerTopic);
      }
      assert.equal(model.groups().filter((g) => !g.system).length, groups, name);
      assert.equal(model.topics().filter((t) => t.kind === 'retry').length, groups, name);
      const detail = truthRows(model).filter((r) => r.topicKind === 'normal').length;
      assert.equal(detail, spec.topics * spec.groupsPerTopic * 16, name);
    }
  });

  test('XL is 2000 topics × 5 groups × 16 queues', () => {
    const blueprint = blueprintFor('XL', 1);
    const user = blueprint.topics.filter((t) => t.kind === 'normal');
    assert.equal(user.length, 2000);
    const subscriptions = blueprint.groups.filter((g) => !g.system).reduce((n, g) => n + g.topics.filter((t) => !t.startsWith('%RETRY%')).length, 0);
    assert.equal(subscriptions * 16, 160_000);
    assert.equal(blueprint.groups.filter((g) => !g.system).length, 1000);
  });

  test('an explicit spec is honoured', () => {
    const model = build({ topics: 3, groupsPerTopic: 2, queuesPerTopic: 6, brokers: 3, topicsPerGroup: 1 });
    assert.deepEqual(
      model.brokers.map((b) => b.name),
      ['broker-a', 'broker-b', 'broker-c'],
    );
    assert.equal(model.topics().filter((t) => t.kind === 'normal')[0]?.queues.length, 6);
    assert.equal(model.groups().filter((g) => !g.system).length, 6);
  });

  for (const scale of ['demo', 'S', 'S5', 'M'] as const) {
    test(`${scale} has every group kind and clientId shape, each client with its expected labels`, () => {
      const model = build(scale);
      const kinds = new Set(model.groups().filter((g) => !g.system).map((g) => model.kindOf(g)));
      assert.deepEqual([...kinds].sort(), ['broadcast', 'clustering-online', 'never-committed', 'offline']);
      const shapes = new Set(model.clients().map((c) => c.shape));
      assert.deepEqual([...shapes].sort(), [...CLIENT_SHAPES].sort());
      for (const client of model.clients()) {
        const match = CLIENT_ID_RULES[client.shape].exec(client.clientId);
        assert.ok(match?.groups !== undefined, `${client.shape} ${client.clientId}`);
        assert.deepEqual(client.labels, { ip: match.groups['ip'], pid: match.groups['pid'] });
      }
      const rows = truthRows(model);
      assert.ok(rows.some((r) => r.clientInfo === null && r.groupKind === 'clustering-online'), 'an unassigned queue');
      assert.ok(rows.some((r) => r.groupKind === 'clustering-online' && r.lag > 1000), 'a laggard');
    });
  }

  test('system topics and groups exist, and system topics can carry lag', () => {
    const model = build('S');
    for (const name of ['TBW102', 'SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRANS_HALF_TOPIC', 'OFFSET_MOVED_EVENT', 'BenchmarkTest', 'SELF_TEST_TOPIC', 'RMQ_SYS_TRACE_TOPIC', 'DefaultCluster', 'DefaultCluster_REPLY_TOPIC', 'broker-a', 'broker-b']) {
      assert.equal(model.topic(name)?.kind, 'system', name);
    }
    for (const name of ['TOOLS_CONSUMER', 'CID_ONSAPI_OWNER', 'SELF_TEST_C_GROUP']) assert.equal(model.group(name)?.system, true, name);
    assert.ok(truthRows(model).some((r) => r.topicKind === 'system' && r.committed));
  });

  test('a client whose running info fails shows null, and gRPC clients can be shown as null like the real console', () => {
    const model = build('demo');
    const client = model.clients('order_consumer_group')[0] as ConsumerClient;
    model.setRunningInfoFails(client, true);
    const rows = rowsOf(model, 'order_consumer_group', 'order_topic');
    assert.equal(rows.filter((r) => r.clientInfo === null).length, 4);
    assert.ok(rows.filter((r) => r.clientInfo === null).every((r) => r.clientIp === '' && r.clientPid === ''));
    const quiet = build({ ...SCALES.S, grpcClientInfoNull: true });
    const grpc = quiet.clients().filter((c) => c.shape === 'grpc');
    assert.ok(grpc.length > 0);
    assert.ok(!truthRows(quiet).some((r) => grpc.some((c) => c.clientId === r.clientInfo)));
  });

  test('ACL secret keys are listed and sit inside clientIds', () => {
    const model = build('M');
    const secrets = model.secrets();
    assert.ok(secrets.length >= 1);
    for (const secret of secrets) {
      assert.ok(secret.length >= 30);
      assert.ok(model.clients().some((c) => c.clientId.includes(secret)));
    }
  });
});

/** The truth-row fields as they were before RocketMQ 5 was modelled (the rows gained behindProxy and consumeType since). */
const PRE_ROCKETMQ5_FIELDS = [
  'topic', 'topicKind', 'group', 'groupKind', 'broker', 'queueId', 'brokerOffset', 'consumerOffset', 'lag',
  'clientIp', 'clientPid', 'clientInfo', 'messageModel', 'committed', 'lastTimestamp', 'statsFailed',
] as const;

function truthDigest(model: ClusterModel): { rows: number; lag: number; sha256: string } {
  const rows = truthRows(model);
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(PRE_ROCKETMQ5_FIELDS.map((f) => row[f]))}\n`);
  return { rows: rows.length, lag: rows.reduce((n, r) => n + r.lag, 0), sha256: hash.digest('hex') };
}

describe('RocketMQ 5 left the other scales as they were', () => {
  // Recorded before S5, behindProxy and POP existed: the new draws must not shift any other scale's.
  test('S seed 1 and M seed 2 give the same truth rows, row for row', () => {
    assert.deepEqual(truthDigest(build('S', 1)), { rows: 660, lag: 198_914_046, sha256: '214d2341143521bfb3b0249836a77be9291a323ac8a56fa23ced153e356e1584' });
    assert.deepEqual(truthDigest(build('M', 2)), { rows: 14_576, lag: 1_204_420_346, sha256: 'e7670b8adc8210a646bd10a0933043618c76d05857669a16f64057d6f99ee597' });
  });

  test('S, M, L, XL and L-hepyu draw the same blueprints, and nothing in them is behind a proxy', () => {
    const recorded: Record<string, string> = {
      S: 'd481cdc7ddf07ee72348e0721c66fb486f980ff7f8a71651152af4231182d128',
      M: 'c8bf237f3080c27f8a698cffcec71f0c19f4670462ebe639193f669c94d3ddde',
      L: '393fba5da8bef275fd5bb2a1f81923a35fce8f8a3d9b91d0bda3ffa7abc06d63',
      XL: 'e361831b1ac729b20466a83f8cfa175e828abffc98c2f0a4b20c1f919829f5b2',
      'L-hepyu': '419b860088af87c32bb55202c15ddb76b45961c4e54563e0f051bc357493f7e3',
    };
    for (const [scale, sha256] of Object.entries(recorded)) {
      const blueprint = blueprintFor(scale as ScaleName, 1);
      assert.ok(blueprint.groups.every((g) => !g.behindProxy && g.consumeType !== 'CONSUME_POP'), scale);
      const json = JSON.stringify(blueprint, (k: string, v: unknown) => (k === 'behindProxy' ? undefined : v));
      assert.equal(createHash('sha256').update(json).digest('hex'), sha256, scale);
    }
  });
});

describe('RocketMQ 5 (S5)', () => {
  test('S5 is S in size, with groups behind a proxy and POP groups', () => {
    const model = build('S5');
    const user = model.topics().filter((t) => t.kind === 'normal');
    assert.equal(user.length, 20);
    assert.ok(user.every((t) => t.queues.length === 16 && t.subscriptions.length === 2));
    const groups = model.groups().filter((g) => !g.system);
    assert.equal(groups.length, 10);
    const online = groups.filter((g) => model.kindOf(g) === 'clustering-online');
    const proxied = groups.filter((g) => g.behindProxy);
    const pop = groups.filter((g) => g.consumeType === 'CONSUME_POP');
    assert.equal(proxied.length, Math.round(online.length * (SCALES.S5.proxyShare ?? 0)));
    assert.ok(proxied.every((g) => model.kindOf(g) === 'clustering-online' && g.clients.length > 0 && g.clients.every((c) => c.shape === 'grpc')));
    assert.ok(pop.every((g) => g.behindProxy), 'POP groups are behind the proxy');
    assert.ok(pop.length >= 2 && proxied.length - pop.length >= 2, `${pop.length} POP of ${proxied.length} behind the proxy`);
    assert.ok(online.some((g) => !g.behindProxy), 'ordinary online groups remain');
    assert.ok(proxied.some((g) => g.consumeType !== 'CONSUME_POP' && g.clients.some((c) => c.rateFactor < 1)), 'a behind-proxy laggard');
    assert.deepEqual(model.proxies, ['10.0.0.9:8080']);
    assert.equal(build('S5').groups().filter((g) => g.behindProxy).map((g) => g.name).join(), proxied.map((g) => g.name).join(), 'deterministic');
  });

  test('a POP group retries per subscribed topic, one of them in the older + form', () => {
    const model = build('S5');
    const pop = model.groups().filter((g) => g.consumeType === 'CONSUME_POP');
    const forms = pop.map((g) => {
      const normal = g.subscriptions.filter((s) => s.topic.kind === 'normal').map((s) => s.topic.name);
      const retry = g.subscriptions.filter((s) => s.topic.kind === 'retry').map((s) => s.topic.name);
      assert.equal(model.topic(retryTopicOf(g.name)), undefined, `${g.name} has no %RETRY%group`);
      const form = retry[0]?.startsWith(`${retryTopicOf(g.name)}+`) === true ? '+' : '_';
      assert.deepEqual(retry, normal.map((t) => popRetryTopicOf(g.name, t, form)));
      for (const name of retry) assert.deepEqual(model.topic(name)?.queues.map((q) => `${q.broker.name}/${q.queueId}`), ['broker-a/0', 'broker-b/0']);
      return form;
    });
    assert.deepEqual(forms.filter((f) => f === '+').length, 1);
    assert.ok(forms.includes('_'));
    const now = model.clock.now();
    for (const g of pop) {
      const flowing = g.subscriptions.filter((s) => s.topic.kind === 'retry' && s.topic.queues.some((q) => q.production.rateAt(now) > 0));
      assert.ok(flowing.length >= 1, `retries flow for ${g.name}`);
    }
    const rows = truthRows(model).filter((r) => r.topicKind === 'retry' && pop.some((g) => g.name === r.group));
    assert.equal(rows.length, pop.reduce((n, g) => n + g.subscriptions.filter((s) => s.topic.kind === 'retry').length * 2, 0));
    assert.ok(rows.some((r) => r.lag > 0), 'some POP retry queue lags');
  });

  test('rows of POP and behind-proxy groups have no owner but real, moving offsets', () => {
    const clock = new ManualClock();
    const model = build('S5', 1, clock);
    const rows = truthRows(model);
    for (const row of rows) {
      const group = model.group(row.group);
      assert.ok(group !== undefined);
      assert.equal(row.behindProxy, group.behindProxy);
      assert.equal(row.consumeType, group.consumeType);
      if (row.behindProxy || row.consumeType === 'CONSUME_POP') {
        assert.deepEqual([row.clientInfo, row.clientIp, row.clientPid, row.groupKind, row.committed], [null, '', '', 'clustering-online', true], `${row.group} ${row.topic}`);
      }
    }
    assert.ok(rows.some((r) => !r.behindProxy && r.groupKind === 'clustering-online' && r.clientInfo !== null), 'ordinary groups still show owners');
    const laggard = model.groups().find((g) => g.behindProxy && g.consumeType !== 'CONSUME_POP' && g.clients.some((c) => c.rateFactor < 1));
    assert.ok(laggard !== undefined);
    const mine = () => truthRows(model).filter((r) => r.group === laggard.name && r.topicKind === 'normal');
    const before = mine();
    clock.advance(600_000);
    const after = mine();
    const sum = (list: TruthRow[], f: (r: TruthRow) => number) => list.reduce((n, r) => n + f(r), 0);
    assert.ok(sum(after, (r) => r.consumerOffset) > sum(before, (r) => r.consumerOffset), 'its offsets move');
    assert.ok(sum(after, (r) => r.lag) > sum(before, (r) => r.lag), 'and it falls behind');
    assert.equal(expectedRollups(after).byGroup[laggard.name], sum(after, (r) => r.lag), 'its lag counts in the roll-ups');
  });
});

describe('time', () => {
  test('a frozen clock gives the same numbers until it is advanced', () => {
    const clock = new ManualClock();
    const model = build('S', 1, clock);
    const before = truthRows(model);
    assert.deepEqual(truthRows(model), before);
    clock.advance(60_000);
    const later = truthRows(model);
    assert.notDeepEqual(later, before);
    const moved = later.filter((r, i) => r.brokerOffset > (before[i] as TruthRow).brokerOffset);
    assert.ok(moved.length > later.length / 2);
  });

  test('healthy consumers keep a small lag, laggards fall behind, and now - lastTimestamp is the time lag', () => {
    const clock = new ManualClock();
    const model = build('demo', 1, clock);
    clock.advance(120_000);
    const now = clock.now();
    for (const row of rowsOf(model, 'order_consumer_group', 'order_topic')) {
      assert.ok(row.lag >= 0 && row.lag < 200, `lag ${row.lag}`);
      assert.ok(now - row.lastTimestamp < 2000, `time lag ${now - row.lastTimestamp}`);
    }
    const slow = model.clients('payment_group').find((c) => c.shape === 'acl') as ConsumerClient;
    const slowRows = () => rowsOf(model, 'payment_group', 'payment_topic').filter((r) => r.clientPid === slow.labels.pid && r.clientIp === slow.ip);
    const lagBefore = slowRows().reduce((n, r) => n + r.lag, 0);
    clock.advance(600_000);
    assert.ok(slowRows().reduce((n, r) => n + r.lag, 0) > lagBefore + 1000);
    for (const row of slowRows()) assert.ok(clock.now() - row.lastTimestamp > 10_000);
  });

  test('stalling a client stops its offsets while the broker offsets grow', () => {
    const clock = new ManualClock();
    const model = build('demo', 1, clock);
    const client = model.clients('order_consumer_group')[0] as ConsumerClient;
    model.stallClient(client);
    const mine = () => rowsOf(model, 'order_consumer_group', 'order_topic').filter((r) => r.clientInfo === client.clientId);
    const before = mine();
    clock.advance(30_000);
    const after = mine();
    assert.ok(after.length > 0);
    after.forEach((row, i) => {
      assert.equal(row.consumerOffset, (before[i] as TruthRow).consumerOffset);
      assert.ok(row.lag > (before[i] as TruthRow).lag);
    });
    model.setClientRate(client, 4);
    clock.advance(600_000);
    for (const row of mine()) assert.ok(row.lag < 200, `caught up: ${row.lag}`);
  });

  test('a restart keeps the IP and changes the PID and the nanotime suffix', () => {
    const model = build('demo');
    const client = model.clients('order_consumer_group')[0] as ConsumerClient;
    const [oldId, oldPid, oldNano] = [client.clientId, client.pid, client.nano];
    model.restartClient(client);
    assert.equal(client.ip, '10.0.2.15');
    assert.notEqual(client.pid, oldPid);
    assert.notEqual(client.nano, oldNano);
    assert.notEqual(client.clientId, oldId);
    assert.match(client.clientId, new RegExp(`^10\\.0\\.2\\.15@${client.pid}#${client.nano}$`));
    assert.equal(client.labels.pid, String(client.pid));
    const rows = rowsOf(model, 'order_consumer_group');
    assert.ok(rows.some((r) => r.clientInfo === client.clientId));
    assert.ok(!rows.some((r) => r.clientInfo === oldId));
  });

  test('a stopped client hands its queues over, or leaves them null until a rebalance; the last one leaves the group offline', () => {
    const model = build('S');
    const name = busyGroup(model);
    const [first, second] = model.clients(name) as [ConsumerClient, ConsumerClient];
    model.stopClient(first);
    assert.ok(!rowsOf(model, name).some((r) => r.clientInfo === first.clientId));
    const nulls = (rows: TruthRow[]) => rows.filter((r) => r.clientInfo === null).length;
    const before = nulls(rowsOf(model, name));
    const held = rowsOf(model, name).filter((r) => r.clientInfo === second.clientId).length;
    model.stopClient(second, { rebalance: false });
    assert.equal(nulls(rowsOf(model, name)), before + held);
    model.rebalance(name);
    for (const client of model.clients(name)) model.stopClient(client);
    const group = model.group(name);
    assert.ok(group !== undefined);
    assert.equal(model.kindOf(group), 'offline');
    assert.ok(rowsOf(model, name).every((r) => r.clientInfo === null && r.committed));
  });

  test('a deleted group disappears and an added group appears', () => {
    const clock = new ManualClock();
    const model = build('S', 1, clock);
    const name = busyGroup(model);
    model.deleteGroup(name);
    assert.equal(rowsOf(model, name).length, 0);
    assert.equal(model.group(name), undefined);
    const topic = model.topics().find((t) => t.kind === 'normal');
    assert.ok(topic !== undefined);
    model.addGroup({ name: 'late_group', topics: [topic.name], clients: [{ shape: 'java48', ip: '10.9.9.9', pid: 42 }] });
    clock.advance(10_000);
    const rows = rowsOf(model, 'late_group');
    assert.equal(rows.length, 16 + 2);
    assert.ok(rows.every((r) => r.clientInfo === '10.9.9.9@42'));
    assert.ok(model.topic('%RETRY%late_group') !== undefined);
  });

  test('a rewind moves committed offsets back, and the group catches up again', () => {
    const clock = new ManualClock();
    const model = build('demo', 1, clock);
    const before = rowsOf(model, 'order_consumer_group', 'order_topic');
    model.rewindGroup('order_consumer_group', { messages: 50_000, topic: 'order_topic' });
    const rewound = rowsOf(model, 'order_consumer_group', 'order_topic');
    rewound.forEach((r, i) => assert.equal(r.consumerOffset, (before[i] as TruthRow).consumerOffset - 50_000));
    clock.advance(3_600_000);
    for (const r of rowsOf(model, 'order_consumer_group', 'order_topic')) assert.ok(r.lag < 200);
  });

  test('a re-created topic gives negative diffs, left out of the roll-ups', () => {
    const model = build('demo');
    model.recreateTopic('order_topic');
    const rows = rowsOf(model, 'order_consumer_group', 'order_topic');
    assert.ok(rows.every((r) => r.lag < 0 && r.brokerOffset === 0));
    assert.equal(expectedRollups(rows).byTopic['order_topic'], undefined);
  });

  test('a queue can be given to another client or to nobody', () => {
    const model = build('demo');
    const [a, b] = model.clients('order_consumer_group') as [ConsumerClient, ConsumerClient];
    model.reassignQueue('order_consumer_group', 'order_topic', 'broker-a', 0, b);
    model.reassignQueue('order_consumer_group', 'order_topic', 'broker-b', 3, null);
    const rows = rowsOf(model, 'order_consumer_group', 'order_topic');
    assert.equal(rows.find((r) => r.broker === 'broker-a' && r.queueId === 0)?.clientInfo, b.clientId);
    assert.equal(rows.find((r) => r.broker === 'broker-b' && r.queueId === 3)?.clientInfo, null);
    assert.ok(rows.some((r) => r.clientInfo === a.clientId));
  });

  test('topics can be added and deleted', () => {
    const clock = new ManualClock();
    const model = build('demo', 1, clock);
    model.addTopic({ name: 'refund_topic', ratePerSec: 16, groups: ['order_consumer_group'] });
    clock.advance(60_000);
    const rows = rowsOf(model, 'order_consumer_group', 'refund_topic');
    assert.equal(rows.length, 16);
    assert.ok(rows.every((r) => r.brokerOffset >= 59 && r.consumerOffset > 0));
    model.deleteTopic('refund_topic');
    assert.equal(model.topic('refund_topic'), undefined);
    assert.equal(rowsOf(model, 'order_consumer_group', 'refund_topic').length, 0);
  });

  test('a live clock moves by itself', async () => {
    const model = build('demo', 1, new LiveClock());
    const before = rowsOf(model, 'order_consumer_group', 'order_topic').reduce((n, r) => n + r.brokerOffset, 0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.ok(rowsOf(model, 'order_consumer_group', 'order_topic').reduce((n, r) => n + r.brokerOffset, 0) > before);
  });
});

describe('roll-ups', () => {
  const row = (over: Partial<TruthRow>): TruthRow => ({
    topic: 't',
    topicKind: 'normal',
    group: 'g',
    groupKind: 'clustering-online',
    broker: 'broker-a',
    queueId: 0,
    brokerOffset: 10,
    consumerOffset: 5,
    lag: 5,
    clientIp: '10.0.0.1',
    clientPid: '1',
    clientInfo: '10.0.0.1@1#123',
    messageModel: 'CLUSTERING',
    committed: true,
    lastTimestamp: 1,
    statsFailed: false,
    behindProxy: false,
    consumeType: 'CONSUME_PASSIVELY',
    ...over,
  });

  test('count only committed clustering rows the console reports, without negative diffs', () => {
    const rows = [
      row({}),
      row({ queueId: 1, lag: 7, clientIp: '', clientPid: '' }),
      row({ queueId: 2, lag: -4 }),
      row({ group: 'b', messageModel: 'BROADCASTING', committed: false, lag: 1000 }),
      row({ group: 'n', committed: false, lag: 1000 }),
      row({ group: 'f', statsFailed: true, lag: 1000 }),
      row({ topic: '%DLQ%g', topicKind: 'dlq', lag: 3 }),
    ];
    const all = expectedRollups(rows);
    assert.equal(all.total, 15);
    assert.equal(all.rows, 3);
    assert.deepEqual(all.byTopic, { t: 12, '%DLQ%g': 3 });
    assert.deepEqual(all.byClient, { [rollupKey('10.0.0.1', '1')]: 8, [rollupKey('', '')]: 7 });
    assert.deepEqual(all.byQueue, { [rollupKey('broker-a', 0)]: 8, [rollupKey('broker-a', 1)]: 7 });
    const filtered = expectedRollups(rows, (r) => r.topicKind !== 'dlq');
    assert.equal(filtered.total, 12);
  });
});
