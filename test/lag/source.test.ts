import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConsoleAuthError,
  ConsoleHttpStatusError,
  ConsoleMalformedResponseError,
  ConsoleResponseTooLargeError,
  ConsoleStatusError,
  ConsoleTimeoutError,
  ConsoleUnreachableError,
  type ConsoleError,
} from '../../src/console/errors/index.js';
import { failureOf, WalkFailedError } from '../../src/lag/source.js';
import type { FailureScope, WalkFailure } from '../../src/lag/types.js';

const PER_TOPIC = '/topic/queryConsumerByTopic.query';
const PER_GROUP = '/consumer/queryTopicByConsumer.query';

// Every console error class: failureOf keeps its kind and its (already redacted) message as they are.
const consoleErrors: ReadonlyArray<readonly [FailureScope, string, ConsoleError, WalkFailure]> = [
  ['topic', 'order_topic', new ConsoleUnreachableError(PER_TOPIC, 'connect ECONNREFUSED 10.0.0.5:8080'), {
    scope: 'topic', name: 'order_topic', kind: 'unreachable',
    message: `cannot reach the RocketMQ console for ${PER_TOPIC} (connect ECONNREFUSED 10.0.0.5:8080): check ROCKETMQ_CONSOLE_URL and that the console is up`,
  }],
  ['topic', '%RETRY%order_consumer_group', new ConsoleTimeoutError(PER_TOPIC, 5000), {
    scope: 'topic', name: '%RETRY%order_consumer_group', kind: 'timeout',
    message: `the RocketMQ console did not answer ${PER_TOPIC} within 5000 ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded`,
  }],
  ['topic_list', '', new ConsoleHttpStatusError('/topic/list.query', 404), {
    scope: 'topic_list', name: '', kind: 'http_status',
    message: 'the RocketMQ console answered /topic/list.query with HTTP 404: check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard, with its context path',
  }],
  ['group_list', '', new ConsoleStatusError('/consumer/groupList.query', -1, 'Cache is being built, please try again later'), {
    scope: 'group_list', name: '', kind: 'console_error',
    message: 'the RocketMQ console failed to serve /consumer/groupList.query (status -1): Cache is being built, please try again later',
  }],
  ['group', 'order_audit_group', new ConsoleStatusError(PER_GROUP, -1, 'CODE: 206  DESC: the consumer group not online\nFor more information'), {
    scope: 'group', name: 'order_audit_group', kind: 'console_error',
    message: `the RocketMQ console failed to serve ${PER_GROUP} (status -1): CODE: 206  DESC: the consumer group not online`,
  }],
  ['topic_list', '', new ConsoleAuthError('/topic/list.query', 'login_required'), {
    scope: 'topic_list', name: '', kind: 'auth',
    message: 'the RocketMQ console requires a login for /topic/list.query: set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD',
  }],
  ['group', 'order_consumer_group', new ConsoleMalformedResponseError(PER_GROUP, 'data[0].topic: expected a string'), {
    scope: 'group', name: 'order_consumer_group', kind: 'malformed',
    message: `the RocketMQ console answered ${PER_GROUP} with an unusable body: data[0].topic: expected a string; check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers`,
  }],
  ['topic', 'order_topic', new ConsoleResponseTooLargeError(PER_TOPIC, 67_108_864), {
    scope: 'topic', name: 'order_topic', kind: 'too_large',
    message: `the RocketMQ console's answer to ${PER_TOPIC} is larger than 67108864 bytes: raise CONSOLE_MAX_RESPONSE_BYTES`,
  }],
];

for (const [scope, name, error, expected] of consoleErrors) {
  test(`failureOf(${scope}, '${name}', ${error.constructor.name}): scope and name as given, the error's kind and message kept`, () => {
    assert.deepEqual(failureOf(scope, name, error), expected);
  });
}

test('failureOf keeps a console error message as redacted by the error, secret masked', () => {
  const error = new ConsoleStatusError('/login/login.do', -1, 'Bad username or password! hunter2-pw', { secrets: ['hunter2-pw'] });
  const failure = failureOf('topic_list', '', error);
  assert.equal(failure.message, error.message);
  assert.ok(!failure.message.includes('hunter2-pw'));
});

// Not a console answer: a defect. Its text may hold console data (a clientId with an ACL secret key), so none of it leaks.
const SECRET_CLIENT = '10.0.2.19@rocketmq2|Zk9QW2hXc3RlcmtleVNlY3JldDEyMzQ1Njc4OTA|order_group|3131';
class ParseDefect extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseDefect';
  }
}

const defects: ReadonlyArray<readonly [string, unknown, string]> = [
  ['an Error', new Error(`bad clientInfo ${SECRET_CLIENT}`), 'internal error (Error)'],
  ['a TypeError', new TypeError(`Cannot read properties of undefined (reading '${SECRET_CLIENT}')`), 'internal error (TypeError)'],
  ['an Error subclass with its own name', new ParseDefect(SECRET_CLIENT), 'internal error (ParseDefect)'],
  ['a thrown string', SECRET_CLIENT, 'internal error (string)'],
  ['a thrown plain object', { message: SECRET_CLIENT }, 'internal error (object)'],
  ['a thrown null', null, 'internal error (object)'],
  ['a thrown undefined', undefined, 'internal error (undefined)'],
  ['a thrown number', 42, 'internal error (number)'],
];

for (const [what, error, message] of defects) {
  test(`failureOf(${what}): kind internal, message names only the error type`, () => {
    const failure = failureOf('topic', 'order_topic', error);
    assert.deepEqual(failure, { scope: 'topic', name: 'order_topic', kind: 'internal', message });
    assert.ok(!JSON.stringify(failure).includes('Zk9QW2hXc3RlcmtleVNlY3JldDEyMzQ1Njc4OTA'));
  });
}

test('WalkFailedError carries the failure, its message and its own name', () => {
  const failure: WalkFailure = failureOf('topic_list', '', new ConsoleTimeoutError('/topic/list.query', 5000));
  const error = new WalkFailedError(failure);
  assert.ok(error instanceof Error);
  assert.equal(error.failure, failure);
  assert.deepEqual(
    { name: error.name, message: error.message },
    {
      name: 'WalkFailedError',
      message: 'the RocketMQ console did not answer /topic/list.query within 5000 ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded',
    },
  );
});

test('failureOf a WalkFailedError (not a console error) is an internal error, not its message', () => {
  const wrapped = new WalkFailedError({ scope: 'topic_list', name: '', kind: 'unreachable', message: 'console down' });
  assert.deepEqual(failureOf('topic', 'order_topic', wrapped), { scope: 'topic', name: 'order_topic', kind: 'internal', message: 'internal error (WalkFailedError)' });
});
