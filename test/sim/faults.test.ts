// Each fault kind, set on demand per endpoint, is observable over real HTTP.

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startSimulator, type Simulator } from './index.js';
import { call, data, envelope, type TopicConsumerInfo } from './test-client.js';

let sim: Simulator;
const QUERY = 'topic/queryConsumerByTopic.query';

before(async () => {
  sim = await startSimulator({ flavour: 'dashboard-1.0', scale: 'demo' });
});

after(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.faults.clear();
});

const url = (topic = 'order_topic'): string => `${sim.url}/${QUERY}?topic=${encodeURIComponent(topic)}`;

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

test('fixed and random latency delay the answer', async () => {
  sim.faults.set(QUERY, { kind: 'latency', ms: 150 });
  assert.ok((await elapsed(() => data(url()))) >= 145);
  sim.faults.clear();
  sim.faults.set(QUERY, { kind: 'randomLatency', minMs: 60, maxMs: 90 });
  const took = await elapsed(() => data(url()));
  assert.ok(took >= 55 && took < 1000, `${took}`);
});

test('an error answers HTTP 200 with status -1 and a broker message, or a custom one', async () => {
  sim.faults.set(QUERY, 'error', { times: 1 });
  const first = envelope(await call(url()));
  assert.equal(first.status, -1);
  assert.match(first.errMsg ?? '', /RemotingTimeoutException: wait response on the channel <10\.0\.1\.11:10911> timeout/);
  assert.equal(envelope(await call(url())).status, 0, 'times: 1 is used up');
  sim.faults.set(QUERY, { kind: 'error', message: 'boom' });
  assert.deepEqual(envelope(await call(url())), { status: -1, data: null, errMsg: 'boom' });
});

test('HTTP 500 carries Spring Boot\'s JSON error body', async () => {
  sim.faults.set(QUERY, 'http500');
  const answer = await call(url());
  assert.equal(answer.status, 500);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), ['timestamp', 'status', 'error', 'path']);
  assert.equal(body['status'], 500);
  assert.equal(body['path'], `/${QUERY}`);
});

test('a hang never answers, and stop() still ends quickly', async () => {
  const own = await startSimulator({ scale: 'demo' });
  own.faults.set('topic/list.query', 'hang');
  await assert.rejects(call(`${own.url}/topic/list.query`, { timeoutMs: 300 }), /aborted|timeout/i);
  const pending = call(`${own.url}/topic/list.query`, { timeoutMs: 5000 }).catch((error: unknown) => error);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok((await elapsed(() => own.stop())) < 1000);
  assert.ok((await pending) instanceof Error);
});

test('a reset drops the connection without an answer', async () => {
  sim.faults.set(QUERY, 'reset');
  await assert.rejects(call(url()), (error: unknown) => {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code === 'ECONNRESET' || /other side closed|socket/i.test(String(cause));
  });
});

test('malformed JSON comes as a complete HTTP 200 answer', async () => {
  sim.faults.set(QUERY, 'malformedJson');
  const answer = await call(url());
  assert.equal(answer.status, 200);
  assert.ok(answer.text.length > 0);
  assert.throws(() => JSON.parse(answer.text) as unknown, SyntaxError);
});

test('a truncated body promises more than it sends', async () => {
  sim.faults.set(QUERY, 'truncated');
  await assert.rejects(call(url()), /terminated|aborted|closed/i);
});

test('an oversized body is valid JSON padded to the requested size', async () => {
  const plain = await call(url());
  sim.faults.set(QUERY, { kind: 'oversized', bytes: 4 * 1024 * 1024 });
  const big = await call(url());
  assert.equal(Number(big.headers.get('content-length')), 4 * 1024 * 1024);
  assert.equal(big.text.length, 4 * 1024 * 1024);
  assert.deepEqual(JSON.parse(big.text), JSON.parse(plain.text));
});

test('numbers as strings turn every number inside data into a string', async () => {
  sim.faults.set(QUERY, 'numbersAsStrings');
  const answer = envelope(await call(url()));
  assert.equal(answer.status, 0);
  const info = (answer.data as Record<string, { diffTotal: unknown; queueStatInfoList: Record<string, unknown>[] }>)['order_consumer_group'];
  assert.ok(info !== undefined);
  assert.equal(typeof info.diffTotal, 'string');
  for (const row of info.queueStatInfoList) for (const field of ['queueId', 'brokerOffset', 'consumerOffset', 'lastTimestamp']) assert.equal(typeof row[field], 'string');
});

test('negative diffs put consumerOffset above brokerOffset in every n-th row', async () => {
  sim.faults.set(QUERY, { kind: 'negativeDiff', every: 2, by: 7 });
  const byGroup = await data<Record<string, TopicConsumerInfo>>(url());
  const rows = Object.values(byGroup).flatMap((info) => info.queueStatInfoList);
  const negative = rows.filter((r) => r.consumerOffset - r.brokerOffset === 7);
  assert.equal(negative.length, Math.ceil(rows.length / 2));
  const info = byGroup['order_consumer_group'] as TopicConsumerInfo;
  assert.equal(info.diffTotal, info.queueStatInfoList.reduce((n, r) => n + r.brokerOffset - r.consumerOffset, 0));
});

test('faults can be limited by count and by parameters, or set on every endpoint', async () => {
  sim.faults.set(QUERY, 'error', { match: (params) => params['topic'] === '%RETRY%order_consumer_group' });
  assert.equal(envelope(await call(url())).status, 0);
  assert.equal(envelope(await call(url('%RETRY%order_consumer_group'))).status, -1);
  sim.faults.clear();
  sim.faults.set('*', 'http500', { times: 2 });
  assert.equal((await call(`${sim.url}/topic/list.query`)).status, 500);
  assert.equal((await call(`${sim.url}/cluster/list.query`)).status, 500);
  assert.equal((await call(`${sim.url}/cluster/list.query`)).status, 200);
  assert.deepEqual(sim.faults.list(), []);
});

test('a global latency delays every request', async () => {
  const slow = await startSimulator({ scale: 'demo', latencyMs: 80 });
  try {
    assert.ok((await elapsed(() => data(`${slow.url}/topic/list.query`))) >= 75);
  } finally {
    await slow.stop();
  }
});
