import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError } from '../../src/console/shape-error.js';
import {
  validateClusterBrokerNames,
  validateConsumersOfTopic,
  validateEnvelope,
  validateGroupList,
  validateHomePage,
  validateLoginCheck,
  validateTopicConsumerInfoList,
  validateTopicList,
  validateTopicStats,
} from '../../src/console/validate.js';
import { consoleFixture, consoleFixtureText } from '../support/fixtures.js';

function dataOf(name: string): unknown {
  return validateEnvelope(consoleFixture(name)).data;
}

function throwsShape(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ShapeError, 'a ShapeError');
    assert.equal(error.message, message);
    return true;
  });
}

test('envelope: status, data and errMsg of a success and of a console error', () => {
  const ok = validateEnvelope(consoleFixture('topic-list.query.json'));
  assert.equal(ok.status, 0);
  assert.equal(ok.errMsg, null);
  const failed = validateEnvelope(consoleFixture('consumer-groupList.query.error-cache-building.json'));
  assert.deepEqual(failed, { status: -1, data: null, errMsg: 'Cache is being built, please try again later' });
});

test('envelope: a body that is not the wrapper names what is wrong', () => {
  throwsShape(() => validateEnvelope([1, 2]), '(body): expected an object, got an array');
  throwsShape(() => validateEnvelope({ data: {} }), 'status: expected a number, got nothing (field missing)');
});

test('topic list: names as listed, systemMarked when the console marks %SYS%', () => {
  const marked = validateTopicList(dataOf('topic-list.query.json'));
  assert.equal(marked.systemMarked, true);
  assert.equal(marked.topics.length, 17);
  assert.equal(marked.topics[6], '%SYS%TBW102');
  const raw = validateTopicList(dataOf('topic-list.query.skipSysProcess.json'));
  assert.equal(raw.systemMarked, false);
  assert.ok(raw.topics.includes('TBW102'));
  throwsShape(() => validateTopicList({ topicList: ['a', 7] }), 'data.topicList[1]: expected a string, got a number');
});

test('queryConsumerByTopic: every group of the fixture, queue rows exact', () => {
  const byGroup = validateConsumersOfTopic(dataOf('topic-queryConsumerByTopic.query.json'));
  assert.deepEqual([...byGroup.keys()], ['order_consumer_group', 'order_audit_group', 'order_cache_broadcast_group', 'order_stats_failed_group']);
  const main = byGroup.get('order_consumer_group');
  assert.equal(main?.diffTotal, 1908);
  assert.equal(main?.queueStatInfoList.length, 8);
  assert.deepEqual(main?.queueStatInfoList[2], {
    brokerName: 'broker-a',
    queueId: 2,
    brokerOffset: 1527990,
    consumerOffset: 1526102,
    clientInfo: '10.0.2.16@1#1827364518273645',
    lastTimestamp: 1718102101877,
  });
  assert.equal(byGroup.get('order_audit_group')?.queueStatInfoList[0]?.clientInfo, null);
  assert.deepEqual(byGroup.get('order_stats_failed_group'), { topic: 'order_topic', diffTotal: 0, lastTimestamp: 0, queueStatInfoList: [] });
});

test('numbers sent as numeric strings are taken as numbers', () => {
  const byGroup = validateConsumersOfTopic({
    g: {
      topic: 't',
      diffTotal: '2',
      lastTimestamp: '1718102345300',
      queueStatInfoList: [{ brokerName: 'b', queueId: '3', brokerOffset: '10', consumerOffset: '8', clientInfo: null, lastTimestamp: '5' }],
    },
  });
  assert.deepEqual(byGroup.get('g'), {
    topic: 't',
    diffTotal: 2,
    lastTimestamp: 1718102345300,
    queueStatInfoList: [{ brokerName: 'b', queueId: 3, brokerOffset: 10, consumerOffset: 8, clientInfo: null, lastTimestamp: 5 }],
  });
});

test('a recorded answer whose numbers a proxy rewrote as strings reads the same', () => {
  const text = consoleFixtureText('topic-queryConsumerByTopic.query.json').replace(/"(brokerOffset|consumerOffset|diffTotal)": (\d+)/g, '"$1": "$2"');
  assert.notEqual(text, consoleFixtureText('topic-queryConsumerByTopic.query.json'));
  const byGroup = validateConsumersOfTopic(validateEnvelope(JSON.parse(text)).data);
  assert.equal(byGroup.get('order_consumer_group')?.queueStatInfoList[0]?.brokerOffset, 1528390);
  assert.equal(byGroup.get('order_consumer_group')?.diffTotal, 1908);
  assert.deepEqual(byGroup, validateConsumersOfTopic(dataOf('topic-queryConsumerByTopic.query.json')));
});

test('a missing lastTimestamp is 0, a missing clientInfo is null', () => {
  const [info] = validateTopicConsumerInfoList([
    { topic: 't', diffTotal: 0, queueStatInfoList: [{ brokerName: 'b', queueId: 0, brokerOffset: 1, consumerOffset: 1 }] },
  ]);
  assert.equal(info?.lastTimestamp, 0);
  assert.equal(info?.queueStatInfoList[0]?.lastTimestamp, 0);
  assert.equal(info?.queueStatInfoList[0]?.clientInfo, null);
});

test('an impossible queue id or offset (negative, fractional, beyond 2^53) is NaN, unknown; the rest of the row and answer stay', () => {
  const body = '[{"topic":"t","diffTotal":0,"lastTimestamp":1,"queueStatInfoList":['
    + '{"brokerName":"b","queueId":0,"brokerOffset":9007199254740993,"consumerOffset":5,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":1,"brokerOffset":10,"consumerOffset":-2,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":2.5,"brokerOffset":10,"consumerOffset":4,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":3,"brokerOffset":9007199254740991,"consumerOffset":0,"clientInfo":null,"lastTimestamp":1}]}]';
  const [info] = validateTopicConsumerInfoList(JSON.parse(body));
  assert.deepEqual(info?.queueStatInfoList.map((q) => [q.queueId, q.brokerOffset, q.consumerOffset]), [
    [0, NaN, 5],
    [1, 10, NaN],
    [NaN, 10, 4],
    [3, 9_007_199_254_740_991, 0],
  ]);
});

test('an offset of exactly -1, the broker\'s "unknown", is kept as -1, a string "-1" too; -2, -1.5 and a queue id of -1 are NaN', () => {
  const body = '[{"topic":"t","diffTotal":0,"lastTimestamp":1,"queueStatInfoList":['
    + '{"brokerName":"b","queueId":0,"brokerOffset":10,"consumerOffset":-1,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":1,"brokerOffset":-1,"consumerOffset":4,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":2,"brokerOffset":10,"consumerOffset":-2,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":3,"brokerOffset":-2,"consumerOffset":-1.5,"clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":4,"brokerOffset":"-1","consumerOffset":"-2","clientInfo":null,"lastTimestamp":1},'
    + '{"brokerName":"b","queueId":-1,"brokerOffset":10,"consumerOffset":4,"clientInfo":null,"lastTimestamp":1}]}]';
  const [info] = validateTopicConsumerInfoList(JSON.parse(body));
  assert.deepEqual(info?.queueStatInfoList.map((q) => [q.queueId, q.brokerOffset, q.consumerOffset]), [
    [0, 10, -1],
    [1, -1, 4],
    [2, 10, NaN],
    [3, NaN, NaN],
    [4, -1, NaN],
    [NaN, 10, 4],
  ]);
});

test('wrong field types are reported with their exact path', () => {
  const fixture = dataOf('topic-queryConsumerByTopic.query.json') as Record<string, { queueStatInfoList: Record<string, unknown>[] }>;
  const broken = structuredClone(fixture);
  const row = broken.order_consumer_group?.queueStatInfoList[3];
  assert.ok(row);
  row.brokerOffset = 'abc';
  throwsShape(
    () => validateConsumersOfTopic(broken),
    'data.order_consumer_group.queueStatInfoList[3].brokerOffset: expected a number, got a string',
  );

  const retry = { '%RETRY%g': { topic: 't', diffTotal: 0, lastTimestamp: 0, queueStatInfoList: [{ brokerName: 7 }] } };
  throwsShape(() => validateConsumersOfTopic(retry), 'data["%RETRY%g"].queueStatInfoList[0].brokerName: expected a string, got a number');

  const list = [{ topic: 't', diffTotal: 0, queueStatInfoList: [{ brokerName: 'b', queueId: 0, brokerOffset: 1, consumerOffset: 1, clientInfo: 5 }] }];
  throwsShape(() => validateTopicConsumerInfoList(list), 'data[0].queueStatInfoList[0].clientInfo: expected a string or null, got a number');
  throwsShape(() => validateTopicConsumerInfoList([{ topic: 't', diffTotal: null, queueStatInfoList: [] }]), 'data[0].diffTotal: expected a number, got null');
  throwsShape(() => validateTopicConsumerInfoList([{ topic: 't', diffTotal: 1 }]), 'data[0].queueStatInfoList: expected an array, got nothing (field missing)');
  throwsShape(() => validateTopicConsumerInfoList({}), 'data: expected an array, got an object');
});

test('non-numeric strings, NaN-ish and empty strings are rejected', () => {
  for (const bad of ['', ' 1', '0x10', 'NaN', 'Infinity', '1e999', '12abc']) {
    assert.throws(
      () => validateTopicConsumerInfoList([{ topic: 't', diffTotal: bad, queueStatInfoList: [] }]),
      ShapeError,
      `"${bad}" must be rejected`,
    );
  }
});

test('groupList, dashboard shape: address and updateTime seen, %SYS% names kept as listed', () => {
  const { groups, shape } = validateGroupList(dataOf('consumer-groupList.query.json'));
  assert.equal(shape, 'update-time');
  assert.equal(groups.length, 4);
  assert.deepEqual(groups[1], {
    group: 'order_consumer_group',
    version: 'V4_9_4',
    count: 2,
    consumeType: 'CONSUME_PASSIVELY',
    messageModel: 'CLUSTERING',
    consumeTps: 153,
    diffTotal: 1910,
    address: ['10.0.1.11:10911', '10.0.1.21:10911'],
    subGroupType: 'NORMAL',
  });
  assert.equal(groups[0]?.messageModel, 'BROADCASTING');
  assert.equal(groups[3]?.group, '%SYS%TOOLS_CONSUMER');
  assert.equal(groups[3]?.subGroupType, 'SYSTEM');
  assert.equal(groups[2]?.consumeType, null);
});

test('groupList, legacy shape: no address, no subGroupType', () => {
  const { groups, shape } = validateGroupList(dataOf('consumer-groupList.query.legacy.json'));
  assert.equal(shape, 'legacy');
  assert.equal(groups[0]?.address, null);
  assert.equal(groups[0]?.subGroupType, null);
  assert.equal(groups[3]?.group, 'TOOLS_CONSUMER');
});

test('groupList: address without updateTime is dashboard 2.0; an empty list says nothing', () => {
  const entry = { group: 'g', version: null, count: 0, consumeType: null, messageModel: null, consumeTps: 0, diffTotal: -1, address: ['a:1'] };
  assert.equal(validateGroupList([entry]).shape, 'address');
  assert.equal(validateGroupList([]).shape, undefined);
});

test('groupList: unknown enum values become null, a bad address is named', () => {
  const entry = { group: 'g', version: null, count: 1, consumeType: 'CONSUME_LATER', messageModel: 'SHARDED', consumeTps: 0, diffTotal: 0 };
  const [group] = validateGroupList([entry]).groups;
  assert.equal(group?.consumeType, null);
  assert.equal(group?.messageModel, null);
  throwsShape(() => validateGroupList([{ ...entry, address: ['a:1', 2] }]), 'data[0].address[1]: expected a string, got a number');
  throwsShape(() => validateGroupList([{ ...entry, count: 'many' }]), 'data[0].count: expected a number, got a string');
});

test('cluster list: cluster names and broker names', () => {
  assert.deepEqual(validateClusterBrokerNames(dataOf('cluster-list.query.json')), {
    clusters: ['DefaultCluster'],
    brokers: ['broker-a', 'broker-b'],
    addresses: 3,
    clusterOf: new Map([['broker-a', 'DefaultCluster'], ['broker-b', 'DefaultCluster']]),
  });
  // Two clusters: each broker in its own (the official exporter names one cluster for all).
  const two = { clusterInfo: { brokerAddrTable: {}, clusterAddrTable: { 'cluster-east': ['broker-a'], 'cluster-west': ['broker-b', 'broker-c'] } } };
  assert.deepEqual(validateClusterBrokerNames(two).clusterOf, new Map([['broker-a', 'cluster-east'], ['broker-b', 'cluster-west'], ['broker-c', 'cluster-west']]));
  throwsShape(() => validateClusterBrokerNames({ clusterInfo: { brokerAddrTable: {} } }), 'data.clusterInfo.clusterAddrTable: expected an object, got nothing (field missing)');
});

test('login check', () => {
  assert.deepEqual(validateLoginCheck(dataOf('login-check.query.json')), { loginRequired: true, logined: false });
  throwsShape(() => validateLoginCheck({ loginRequired: 'yes', logined: false }), 'data.loginRequired: expected a boolean, got a string');
});

test('topic stats: each queue of the fixture with its max offset and last store time', () => {
  const queues = validateTopicStats(dataOf('topic-stats.query.json'));
  assert.equal(queues.length, 8);
  assert.deepEqual(queues[0], { brokerName: 'broker-a', queueId: 0, maxOffset: 1528390, lastUpdateTimestamp: 1718102345100 });
  assert.deepEqual(queues.map((q) => `${q.brokerName}/${q.queueId}`), ['broker-a/0', 'broker-a/1', 'broker-a/2', 'broker-a/3', 'broker-b/0', 'broker-b/1', 'broker-b/2', 'broker-b/3']);
});

test('topic stats: a key or a number that is not one names the field; an impossible offset is unknown, not a number', () => {
  throwsShape(() => validateTopicStats({ offsetTable: { 'broker-a:0': { maxOffset: 1 } } }),
    'data.offsetTable["broker-a:0"]: expected a key "MessageQueue [topic=…, brokerName=…, queueId=…]", got a string');
  const key = 'MessageQueue [topic=t, brokerName=broker-a, queueId=3]';
  throwsShape(() => validateTopicStats({ offsetTable: { [key]: { maxOffset: 'many' } } }), `data.offsetTable[${JSON.stringify(key)}].maxOffset: expected a number, got a string`);
  throwsShape(() => validateTopicStats({ offsetTable: [] }), 'data.offsetTable: expected an object, got an array');
  const [q] = validateTopicStats({ offsetTable: { [key]: { maxOffset: -4, lastUpdateTimestamp: null } } });
  assert.deepEqual([q?.queueId, q?.maxOffset, q?.lastUpdateTimestamp], [3, NaN, 0]);
});

test('topic stats: a key of a megabyte is refused by position, without a backtracking pattern', () => {
  const long = 'MessageQueue [topic=' + ', brokerName='.repeat(80_000) + 'x, queueId=1';
  throwsShape(() => validateTopicStats({ offsetTable: { [long]: { maxOffset: 1 } } }),
    `data.offsetTable[${JSON.stringify(long)}]: expected a key "MessageQueue [topic=…, brokerName=…, queueId=…]", got a string`);
  const [q] = validateTopicStats({ offsetTable: { [long + ']']: { maxOffset: 1 } } });
  assert.deepEqual([q?.brokerName, q?.queueId], ['x', 1]);
  throwsShape(() => validateTopicStats({ offsetTable: { 'MessageQueue [topic=t, brokerName=b, queueId=12345678901]': { maxOffset: 1 } } }),
    'data.offsetTable["MessageQueue [topic=t, brokerName=b, queueId=12345678901]"]: expected a key "MessageQueue [topic=…, brokerName=…, queueId=…]", got a string');
});

test('home page: the current name servers of a dashboard, else the first of the list; anything else names the field', () => {
  assert.deepEqual(validateHomePage(dataOf('ops-homePage.query.json')), { nameServer: '10.0.0.5:9876;10.0.0.6:9876' });
  assert.deepEqual(validateHomePage({ namesvrAddrList: ['10.0.0.7:9876'], useVIPChannel: false }), { nameServer: '10.0.0.7:9876' });
  assert.deepEqual(validateHomePage({ namesvrAddrList: [] }), { nameServer: '' });
  throwsShape(() => validateHomePage({ namesvrAddrList: 'x' }), 'data.namesvrAddrList: expected an array, got a string');
});
