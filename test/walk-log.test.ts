import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLevel } from '../src/config.js';
import type { Flavour } from '../src/console/types.js';
import type { WalkOutcome } from '../src/lag/refresher.js';
import type { WalkFailure } from '../src/lag/types.js';
import { createLogger } from '../src/log.js';
import { walkLogger } from '../src/walk-log.js';

// The inputs are built by these helpers only, so that a reshaped WalkOutcome or snapshot summary is adapted here.

type Walked = Parameters<ReturnType<typeof walkLogger>>[1];

function completed(durationSeconds: number): WalkOutcome {
  return { startedAt: 1_718_102_400_000, finishedAt: 1_718_102_401_000, durationSeconds, ok: true, failure: undefined };
}

function failed(failure: WalkFailure, durationSeconds: number): WalkOutcome {
  return { startedAt: 1_718_102_400_000, finishedAt: 1_718_102_401_000, durationSeconds, ok: false, failure };
}

interface WalkedOptions {
  readonly rowCount?: number;
  readonly rowsDropped?: number;
  readonly failures?: readonly WalkFailure[];
  readonly topicsWalked?: number;
  readonly flavour?: Flavour | undefined;
  readonly carried?: number;
}

function walked(o: WalkedOptions = {}): NonNullable<Walked> {
  return {
    startedAt: 1_718_102_400_000,
    finishedAt: 1_718_102_401_000,
    flavour: 'flavour' in o ? o.flavour : 'dashboard-2.1',
    clusters: undefined,
    rowsDropped: o.rowsDropped ?? 0,
    groups: [],
    anomalies: { negative_diff: 0, unknown_offset: 0, impossible_number: 0, failed_stats: 0, duplicate: 0 }, futureStoreTimes: 0, nameServer: undefined,
    failures: o.failures ?? [],
    topicsWalked: o.topicsWalked ?? 5,
    carried: { units: o.carried ?? 0, oldestObservedAt: o.carried === undefined ? undefined : 1_718_102_300_000 },
    cost: { namesrv: 10, broker: 20, relays: 5 },
    rowCount: o.rowCount ?? 120,
  };
}

const unreachable: WalkFailure = {
  scope: 'topic_list', name: '', kind: 'unreachable',
  message: 'cannot reach the RocketMQ console for /topic/list.query (connect ECONNREFUSED 10.0.0.5:8080): check ROCKETMQ_CONSOLE_URL and that the console is up',
};
const topicTimeout: WalkFailure = {
  scope: 'topic', name: 'config_topic', kind: 'timeout',
  message: 'the RocketMQ console did not answer /topic/queryConsumerByTopic.query within 5000 ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded',
};
const otherTopicTimeout: WalkFailure = { ...topicTimeout, name: 'order_topic' };
const groupListBuilding: WalkFailure = {
  scope: 'group_list', name: '', kind: 'console_error',
  message: 'the RocketMQ console failed to serve /consumer/groupList.query (status -1): Cache is being built, please try again later',
};

const NAME = 'rocketmq-lag-exporter';
const MAX_SERIES = 'MAX_SERIES reached: per-queue rows dropped (roll-ups still count them); raise MAX_SERIES or filter topics';

/** A walk logger over a pino logger writing into memory; `lines()` gives what it wrote, without the time. */
function logged(level: LogLevel = 'debug'): { log: ReturnType<typeof walkLogger>; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const log = walkLogger(createLogger(level, { write: (chunk: string) => { raw.push(chunk); } }));
  const lines = () => raw.splice(0).map((line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(typeof parsed.time, 'string');
    delete parsed.time;
    return parsed;
  });
  return { log, lines };
}

test('first complete walk: one info line with duration, rows, topics and flavour', () => {
  const { log, lines } = logged();
  log(completed(1.5), walked({ rowCount: 120, topicsWalked: 5, flavour: 'dashboard-2.1' }));
  assert.deepEqual(lines(), [
    { level: 'info', name: NAME, durationSeconds: 1.5, rows: 120, topics: 5, flavour: 'dashboard-2.1', msg: 'first walk complete' },
  ]);
});

test('first complete walk with the flavour still unknown: no flavour field', () => {
  const { log, lines } = logged();
  log(completed(0.25), walked({ flavour: undefined }));
  assert.deepEqual(lines(), [
    { level: 'info', name: NAME, durationSeconds: 0.25, rows: 120, topics: 5, msg: 'first walk complete' },
  ]);
});

test('the same state again: one debug line, nothing at info level', () => {
  const debug = logged('debug');
  debug.log(completed(1.5), walked());
  debug.lines();
  debug.log(completed(1.25), walked({ rowCount: 130 }));
  assert.deepEqual(debug.lines(), [{ level: 'debug', name: NAME, durationSeconds: 1.25, rows: 130, msg: 'walk done' }]);

  const info = logged('info');
  info.log(completed(1.5), walked());
  info.lines();
  info.log(completed(1.25), walked({ rowCount: 130 }));
  assert.deepEqual(info.lines(), []);
});

test('a partial walk: one warn line with the count by kind, what is carried, the failing calls by name and the first message', () => {
  const { log, lines } = logged();
  log(completed(2), walked({ rowCount: 100, failures: [topicTimeout, groupListBuilding], carried: 1 }));
  assert.deepEqual(lines(), [{
    level: 'warn', name: NAME, failures: 2, kinds: { timeout: 1, console_error: 1 }, carried: 1, durationSeconds: 2, rows: 100,
    msg: `walk partial: 2 console calls failed (timeout: 1, console_error: 1); their last data carried for 1: group list, topic config_topic; first: ${topicTimeout.message}`,
  }]);
});

test('every partial walk is warned, naming its own failing topics or groups', () => {
  const { log, lines } = logged();
  log(completed(2), walked({ failures: [topicTimeout] }));
  lines();
  log(completed(2), walked({ failures: [otherTopicTimeout, topicTimeout] }));
  assert.deepEqual(lines(), [{
    level: 'warn', name: NAME, failures: 2, kinds: { timeout: 2 }, carried: 0, durationSeconds: 2, rows: 120,
    msg: `walk partial: 2 console calls failed (timeout: 2): topic config_topic, topic order_topic; first: ${otherTopicTimeout.message}`,
  }]);
});

test('a partial walk names the first ten failing calls in name order and counts the rest', () => {
  const { log, lines } = logged();
  const many = Array.from({ length: 13 }, (_, i): WalkFailure => ({ ...topicTimeout, scope: 'group', name: `g${String(i).padStart(2, '0')}` }));
  log(completed(2), walked({ failures: many.reverse() }));
  const [line] = lines();
  const named = 'group g00, group g01, group g02, group g03, group g04, group g05, group g06, group g07, group g08, group g09';
  assert.equal(line?.msg, `walk partial: 13 console calls failed (timeout: 13): ${named} and 3 more; first: ${topicTimeout.message}`);
});

test('a failed walk: one error line with kind, scope and the failure message', () => {
  const { log, lines } = logged();
  log(completed(1), walked());
  lines();
  log(failed(unreachable, 0.5), walked());
  assert.deepEqual(lines(), [{
    level: 'error', name: NAME, kind: 'unreachable', scope: 'topic_list', durationSeconds: 0.5,
    msg: `walk failed, serving the last data until MAX_SNAPSHOT_AGE: ${unreachable.message}`,
  }]);
});

test('a failed first walk (no snapshot yet): the same error line', () => {
  const { log, lines } = logged();
  log(failed(unreachable, 0.5), undefined);
  assert.deepEqual(lines(), [{
    level: 'error', name: NAME, kind: 'unreachable', scope: 'topic_list', durationSeconds: 0.5,
    msg: `walk failed, serving the last data until MAX_SNAPSHOT_AGE: ${unreachable.message}`,
  }]);
});

test('a walk failing the same way again: debug only, then the error again after ten minutes', () => {
  const { log, lines } = logged();
  log(failed(unreachable, 0.5), undefined);
  lines();
  log(failed(unreachable, 0.75), undefined);
  log({ ...failed(unreachable, 0.5), finishedAt: 1_718_102_401_000 + 599_999 }, undefined);
  assert.deepEqual(lines(), [
    { level: 'debug', name: NAME, kind: 'unreachable', durationSeconds: 0.75, msg: 'walk failed again' },
    { level: 'debug', name: NAME, kind: 'unreachable', durationSeconds: 0.5, msg: 'walk failed again' },
  ]);
  log({ ...failed(unreachable, 0.5), finishedAt: 1_718_102_401_000 + 600_000 }, undefined);
  assert.deepEqual(lines().map((l) => [l.level, l.msg]), [['error', `walk failed, serving the last data until MAX_SNAPSHOT_AGE: ${unreachable.message}`]]);
});

test('a walk failing another way: a new error line', () => {
  const { log, lines } = logged();
  log(failed(unreachable, 0.5), undefined);
  lines();
  const timeout: WalkFailure = { ...unreachable, kind: 'timeout', message: 'the RocketMQ console did not answer /topic/list.query within 5000 ms' };
  log(failed(timeout, 5), undefined);
  assert.deepEqual(lines(), [{
    level: 'error', name: NAME, kind: 'timeout', scope: 'topic_list', durationSeconds: 5,
    msg: `walk failed, serving the last data until MAX_SNAPSHOT_AGE: ${timeout.message}`,
  }]);
});

test('recovery: complete, failed, complete logs "walk complete again"', () => {
  const { log, lines } = logged();
  log(completed(1), walked());
  log(failed(unreachable, 0.5), walked());
  lines();
  log(completed(1.5), walked({ rowCount: 118, topicsWalked: 4 }));
  assert.deepEqual(lines(), [
    { level: 'info', name: NAME, durationSeconds: 1.5, rows: 118, topics: 4, flavour: 'dashboard-2.1', msg: 'walk complete again' },
  ]);
});

test('recovery from a partial walk logs "walk complete again"', () => {
  const { log, lines } = logged();
  log(completed(1), walked());
  log(completed(1), walked({ failures: [topicTimeout] }));
  lines();
  log(completed(1), walked());
  assert.deepEqual(lines(), [
    { level: 'info', name: NAME, durationSeconds: 1, rows: 120, topics: 5, flavour: 'dashboard-2.1', msg: 'walk complete again' },
  ]);
});

test('MAX_SERIES dropping rows: a warn line with the count after the walk line, once per state', () => {
  const { log, lines } = logged();
  log(completed(3), walked({ rowCount: 100_000, rowsDropped: 4_000 }));
  assert.deepEqual(lines(), [
    { level: 'info', name: NAME, durationSeconds: 3, rows: 100_000, topics: 5, flavour: 'dashboard-2.1', msg: 'first walk complete' },
    { level: 'warn', name: NAME, dropped: 4_000, msg: MAX_SERIES },
  ]);
  log(completed(3), walked({ rowCount: 100_000, rowsDropped: 4_100 }));
  assert.deepEqual(lines(), [{ level: 'debug', name: NAME, durationSeconds: 3, rows: 100_000, msg: 'walk done' }]);
  log(completed(3), walked({ rowCount: 99_000 }));
  log(completed(3), walked({ rowCount: 100_000, rowsDropped: 1 }));
  assert.deepEqual(lines(), [
    { level: 'debug', name: NAME, durationSeconds: 3, rows: 99_000, msg: 'walk done' },
    { level: 'debug', name: NAME, durationSeconds: 3, rows: 100_000, msg: 'walk done' },
    { level: 'warn', name: NAME, dropped: 1, msg: MAX_SERIES },
  ]);
});

test('MAX_SERIES dropping rows in a partial walk: the partial warning, then the MAX_SERIES warning', () => {
  const { log, lines } = logged();
  log(completed(3), walked({ rowCount: 100_000, rowsDropped: 10, failures: [topicTimeout] }));
  assert.deepEqual(lines(), [
    {
      level: 'warn', name: NAME, failures: 1, kinds: { timeout: 1 }, carried: 0, durationSeconds: 3, rows: 100_000,
      msg: `walk partial: 1 console calls failed (timeout: 1): topic config_topic; first: ${topicTimeout.message}`,
    },
    { level: 'warn', name: NAME, dropped: 10, msg: MAX_SERIES },
  ]);
});

test('a failed walk does not repeat the MAX_SERIES warning of the snapshot it keeps serving', () => {
  const { log, lines } = logged();
  log(completed(3), walked({ rowsDropped: 10 }));
  lines();
  log(failed(unreachable, 0.5), walked({ rowsDropped: 10 }));
  assert.deepEqual(lines().map((l) => l.level), ['error']);
});
