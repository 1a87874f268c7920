import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConsoleAuthError,
  ConsoleError,
  ConsoleHttpStatusError,
  ConsoleMalformedResponseError,
  ConsoleStatusError,
} from '../../src/console/errors/index.js';
import type { ConsoleResponse } from '../../src/console/transport.js';
import { isLoginDemand, unwrapResponse } from '../../src/console/unwrap.js';
import { described } from '../support/console-fake-server.js';
import { consoleFixtureData, consoleFixtureText } from '../support/fixtures.js';

const PASSWORD = 'Pa55-w0rd-xyz';
const LIST = '/topic/list.query';
const LOGIN = '/login/login.do';
const URL_ADVICE = "set ROCKETMQ_CONSOLE_URL to the console's final URL (scheme, host, context path)";
const BODY_ADVICE = 'check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers';
const HTML_PAGE = '<!DOCTYPE html><html><body>RocketMQ Dashboard</body></html>';
const CUT_JSON = '{"status":0,"data":{"topicList":["a",';

type ErrorClass = abstract new (...args: never[]) => ConsoleError;

interface Answer {
  readonly what: string;
  readonly endpoint?: string;
  readonly statusCode?: number;
  readonly location?: string;
  readonly body?: string;
  /** The answer's `data`, or the exact error: its class and its fields. */
  readonly expected: { readonly data: unknown } | { readonly error: ErrorClass; readonly fields: Record<string, unknown> };
}

/** `foreign`: no console's answer at all (a page, JSON without the wrapper), as ../../src/console/target.ts reads it. */
function malformed(endpoint: string, problem: string, foreign = false): Answer['expected'] {
  return {
    error: ConsoleMalformedResponseError,
    fields: {
      name: 'ConsoleMalformedResponseError',
      kind: 'malformed',
      endpoint,
      problem,
      ...(foreign ? { foreign: true } : {}),
      message: `the RocketMQ console answered ${endpoint} with an unusable body: ${problem}; ${BODY_ADVICE}`,
    },
  };
}

function httpStatus(status: number, location: string | undefined, advice: string): Answer['expected'] {
  return {
    error: ConsoleHttpStatusError,
    fields: {
      name: 'ConsoleHttpStatusError',
      kind: 'http_status',
      endpoint: LIST,
      status,
      location,
      message: `the RocketMQ console answered ${LIST} with HTTP ${status}: ${advice}`,
    },
  };
}

function auth(endpoint: string, reason: string, message: string): Answer['expected'] {
  return { error: ConsoleAuthError, fields: { name: 'ConsoleAuthError', kind: 'auth', endpoint, reason, message } };
}

const NOT_ONLINE = 'org.apache.rocketmq.client.exception.MQBrokerException: CODE: 206  DESC: the consumer group[order_audit_group] not online';
const LOGIN_REQUIRED = `the RocketMQ console requires a login for ${LIST}`;
const SET_CREDENTIALS = 'set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD';
const CHECK_CREDENTIALS = 'check ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD';

const answers: readonly Answer[] = [
  { what: 'HTTP 200, status 0: the data', body: consoleFixtureText('topic-list.query.json'), expected: { data: consoleFixtureData('topic-list.query.json') } },
  { what: 'status 0 with data null: null', body: '{"status":0,"data":null,"errMsg":null}', expected: { data: null } },
  { what: 'status as a numeric string, as a proxy may send it: the data', body: '{"status":"0","data":[1],"errMsg":null}', expected: { data: [1] } },
  { what: 'login.do, status 0: the data', endpoint: LOGIN, body: consoleFixtureText('login-login.do.legacy-console.json'), expected: { data: '/' } },
  {
    what: '302 to the login page: login required',
    statusCode: 302,
    location: '/#/login?redirect=%2F',
    expected: auth(LIST, 'login_required', `${LOGIN_REQUIRED}: ${SET_CREDENTIALS}`),
  },
  { what: '302 without a location: login required', statusCode: 302, expected: auth(LIST, 'login_required', `${LOGIN_REQUIRED}: ${SET_CREDENTIALS}`) },
  {
    what: '302 elsewhere: an HTTP status, not followed',
    statusCode: 302,
    location: 'https://console.example/topic/list.query',
    expected: httpStatus(302, 'https://console.example/topic/list.query', `it redirects to https://console.example/topic/list.query; ${URL_ADVICE}`),
  },
  {
    what: '301 elsewhere: an HTTP status, not followed',
    statusCode: 301,
    location: 'https://console.example/topic/list.query',
    expected: httpStatus(301, 'https://console.example/topic/list.query', `it redirects to https://console.example/topic/list.query; ${URL_ADVICE}`),
  },
  {
    what: '302 from login.do itself, even to the login page: an HTTP status',
    endpoint: LOGIN,
    statusCode: 302,
    location: '/#/login',
    expected: {
      error: ConsoleHttpStatusError,
      fields: {
        name: 'ConsoleHttpStatusError',
        kind: 'http_status',
        endpoint: LOGIN,
        status: 302,
        location: '/#/login',
        message: `the RocketMQ console answered ${LOGIN} with HTTP 302: it redirects to /#/login; ${URL_ADVICE}`,
      },
    },
  },
  {
    what: '404: an HTTP status pointing at the URL',
    statusCode: 404,
    expected: httpStatus(404, undefined, 'check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard, with its context path'),
  },
  {
    what: '403: an HTTP status naming the supported login',
    statusCode: 403,
    expected: httpStatus(
      403,
      undefined,
      'the console or a proxy in front of it refused the request; this exporter supports only the console session login (ROCKETMQ_CONSOLE_USERNAME, ROCKETMQ_CONSOLE_PASSWORD)',
    ),
  },
  {
    what: '500 with an HTML page: an HTTP status pointing at the console log',
    statusCode: 500,
    body: '<html>Whitelabel Error Page</html>',
    expected: httpStatus(500, undefined, 'the console failed; see its log'),
  },
  {
    what: 'status -1: a console error with the first line of errMsg',
    body: consoleFixtureText('consumer-consumerConnection.query.error-not-online.json'),
    expected: {
      error: ConsoleStatusError,
      fields: {
        name: 'ConsoleStatusError',
        kind: 'console_error',
        endpoint: LIST,
        status: -1,
        consoleMessage: NOT_ONLINE,
        message: `the RocketMQ console failed to serve ${LIST} (status -1): ${NOT_ONLINE}`,
      },
    },
  },
  {
    what: 'status -1 "user not login": login required, with the console\'s words',
    body: consoleFixtureText('permission-error.user-not-login.json'),
    expected: auth(LIST, 'login_required', `${LOGIN_REQUIRED} (console: user not login): ${SET_CREDENTIALS}`),
  },
  {
    what: 'login.do, status -1: bad credentials',
    endpoint: LOGIN,
    body: consoleFixtureText('login-login.do.error.json'),
    expected: auth(LOGIN, 'bad_credentials', `the RocketMQ console refused the login (console: Bad username or password!): ${CHECK_CREDENTIALS}`),
  },
  {
    what: 'login.do, status -1 quoting the password: bad credentials, password masked',
    endpoint: LOGIN,
    body: JSON.stringify({ status: -1, data: null, errMsg: `no user admin with ${PASSWORD}` }),
    expected: auth(LOGIN, 'bad_credentials', `the RocketMQ console refused the login (console: no user admin with [redacted]): ${CHECK_CREDENTIALS}`),
  },
  { what: 'an HTML page: malformed, saying so', body: HTML_PAGE, expected: malformed(LIST, `(body): an HTML page, not JSON (a login page or a proxy error?), ${HTML_PAGE.length} bytes`, true) },
  { what: 'an empty body: malformed', body: '', expected: malformed(LIST, '(body): empty') },
  { what: 'JSON cut off: malformed, not valid JSON', body: CUT_JSON, expected: malformed(LIST, `(body): not valid JSON (cut off?), ${CUT_JSON.length} bytes`) },
  { what: 'JSON without status: malformed, not success', body: '{"topicList":[]}', expected: malformed(LIST, 'status: expected a number, got nothing (field missing)', true) },
  { what: 'JSON that is no object: malformed', body: '[1,2]', expected: malformed(LIST, '(body): expected an object, got an array', true) },
];

for (const answer of answers) {
  test(`unwrap: ${answer.what}`, () => {
    const endpoint = answer.endpoint ?? LIST;
    const response: ConsoleResponse = { statusCode: answer.statusCode ?? 200, location: answer.location, body: Buffer.from(answer.body ?? '') };
    const unwrap = (): unknown => unwrapResponse(endpoint, response, endpoint === LOGIN, [PASSWORD]);
    const { expected } = answer;
    if ('data' in expected) {
      assert.deepEqual(unwrap(), expected.data);
      return;
    }
    assert.throws(unwrap, (error: unknown) => {
      assert.ok(error instanceof expected.error, `a ${expected.error.name}, got ${String(error)}`);
      assert.deepEqual(described(error), expected.fields);
      return true;
    });
  });
}

test('a login demand is a ConsoleAuthError for login_required, and nothing else', () => {
  assert.equal(isLoginDemand(new ConsoleAuthError(LIST, 'login_required')), true);
  assert.equal(isLoginDemand(new ConsoleAuthError(LIST, 'bad_credentials')), false);
  assert.equal(isLoginDemand(new ConsoleAuthError(LIST, 'session_rejected')), false);
  assert.equal(isLoginDemand(new ConsoleHttpStatusError(LIST, 302, '/#/login')), false);
  assert.equal(isLoginDemand(new Error('user not login')), false);
});
