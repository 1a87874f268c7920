import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONSOLE_ERROR_KINDS,
  ConsoleAuthError,
  ConsoleDeadlineError,
  ConsoleError,
  ConsoleHttpStatusError,
  ConsoleMalformedResponseError,
  ConsoleNotAConsoleError,
  ConsoleTlsError,
  ConsoleResponseTooLargeError,
  ConsoleStatusError,
  ConsoleTimeoutError,
  ConsoleUnreachableError,
} from '../../src/console/errors/index.js';
import { summarise } from '../../src/console/errors/ConsoleStatusError.js';
import { described } from '../support/console-fake-server.js';

const EP = '/topic/list.query';
const SECRET = 'Pa55-w0rd-xyz';
const secrets = [SECRET];
const CREDENTIALS = 'ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD';
const BODY_ADVICE = 'check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers';

/** Each error as the exporter raises it, with a secret wherever the console or the network could put one, and its exact fields. */
const errors: ReadonlyArray<readonly [string, ConsoleError, Record<string, unknown>]> = [
  [
    'tls: a certificate nobody vouches for, with what to set',
    new ConsoleTlsError(EP, 'SELF_SIGNED_CERT_IN_CHAIN', `SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain ${SECRET}`, { secrets }),
    {
      name: 'ConsoleTlsError',
      kind: 'tls',
      endpoint: EP,
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
      detail: 'SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain [redacted]',
      message: `the RocketMQ console's TLS certificate was refused for ${EP} (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain [redacted]): set ROCKETMQ_CONSOLE_CA_FILE to the CA certificate (PEM) that signed it; ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY=true accepts any certificate, for a test only`,
    },
  ],
  [
    'tls: a certificate for another name',
    new ConsoleTlsError(EP, 'ERR_TLS_CERT_ALTNAME_INVALID', "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames"),
    {
      name: 'ConsoleTlsError',
      kind: 'tls',
      endpoint: EP,
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      detail: "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames",
      message: `the RocketMQ console's TLS certificate was refused for ${EP} (ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames): the certificate does not name the host of ROCKETMQ_CONSOLE_URL: use a name it was issued for`,
    },
  ],
  [
    'not a console: says what was found and what to set',
    new ConsoleNotAConsoleError(EP, `an HTML page titled "login ${SECRET}"`, { secrets }),
    {
      name: 'ConsoleNotAConsoleError',
      kind: 'not_console',
      endpoint: EP,
      found: `an HTML page titled "login [redacted]"`,
      message: `ROCKETMQ_CONSOLE_URL does not answer ${EP} as a RocketMQ console or dashboard does: found an HTML page titled "login [redacted]"; set it to the URL of a rocketmq-console or rocketmq-dashboard, with its context path`,
    },
  ],
  [
    'unreachable: check the URL and that the console is up',
    new ConsoleUnreachableError(EP, `connect ECONNREFUSED admin:${SECRET}@10.0.0.5:8080`, { secrets }),
    {
      name: 'ConsoleUnreachableError',
      kind: 'unreachable',
      endpoint: EP,
      detail: 'connect ECONNREFUSED admin:[redacted]@10.0.0.5:8080',
      message: `cannot reach the RocketMQ console for ${EP} (connect ECONNREFUSED admin:[redacted]@10.0.0.5:8080): check ROCKETMQ_CONSOLE_URL and that the console is up`,
    },
  ],
  [
    'timeout: raise the timeout or lower the concurrency',
    new ConsoleTimeoutError(EP, 5000, { secrets }),
    {
      name: 'ConsoleTimeoutError',
      kind: 'timeout',
      endpoint: EP,
      timeoutMs: 5000,
      message: `the RocketMQ console did not answer ${EP} within 5000 ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded`,
    },
  ],
  [
    'HTTP redirect: give the final URL',
    new ConsoleHttpStatusError(EP, 301, `https://console.example/?password=${SECRET}`, { secrets }),
    {
      name: 'ConsoleHttpStatusError',
      kind: 'http_status',
      endpoint: EP,
      status: 301,
      location: 'https://console.example/?password=[redacted]',
      message: `the RocketMQ console answered ${EP} with HTTP 301: it redirects to https://console.example/?password=[redacted]; set ROCKETMQ_CONSOLE_URL to the console's final URL (scheme, host, context path)`,
    },
  ],
  [
    'HTTP redirect without a location',
    new ConsoleHttpStatusError(EP, 307),
    {
      name: 'ConsoleHttpStatusError',
      kind: 'http_status',
      endpoint: EP,
      status: 307,
      location: undefined,
      message: `the RocketMQ console answered ${EP} with HTTP 307: it redirects; set ROCKETMQ_CONSOLE_URL to the console's final URL (scheme, host, context path)`,
    },
  ],
  [
    'HTTP 401: only the session login is supported',
    new ConsoleHttpStatusError(EP, 401),
    {
      name: 'ConsoleHttpStatusError',
      kind: 'http_status',
      endpoint: EP,
      status: 401,
      location: undefined,
      message: `the RocketMQ console answered ${EP} with HTTP 401: the console or a proxy in front of it refused the request; this exporter supports only the console session login (ROCKETMQ_CONSOLE_USERNAME, ROCKETMQ_CONSOLE_PASSWORD)`,
    },
  ],
  [
    'HTTP 503: see the console log',
    new ConsoleHttpStatusError(EP, 503),
    { name: 'ConsoleHttpStatusError', kind: 'http_status', endpoint: EP, status: 503, location: undefined, message: `the RocketMQ console answered ${EP} with HTTP 503: the console failed; see its log` },
  ],
  [
    'HTTP 418: check the URL and the console version',
    new ConsoleHttpStatusError(EP, 418),
    {
      name: 'ConsoleHttpStatusError',
      kind: 'http_status',
      endpoint: EP,
      status: 418,
      location: undefined,
      message: `the RocketMQ console answered ${EP} with HTTP 418: check ROCKETMQ_CONSOLE_URL and the console version`,
    },
  ],
  [
    'console error: its first line, secrets masked',
    new ConsoleStatusError(EP, -1, `connect to 10.0.2.19@AK123456|SK987654321|order_group|3131 failed with ${SECRET}\n\tat Broker.java:12`, { secrets }),
    {
      name: 'ConsoleStatusError',
      kind: 'console_error',
      endpoint: EP,
      status: -1,
      consoleMessage: 'connect to 10.0.2.19@[redacted] failed with [redacted]',
      message: `the RocketMQ console failed to serve ${EP} (status -1): connect to 10.0.2.19@[redacted] failed with [redacted]`,
    },
  ],
  [
    'console error without a message',
    new ConsoleStatusError(EP, -1, null),
    {
      name: 'ConsoleStatusError',
      kind: 'console_error',
      endpoint: EP,
      status: -1,
      consoleMessage: 'no error message',
      message: `the RocketMQ console failed to serve ${EP} (status -1): no error message`,
    },
  ],
  [
    'login required: set the credentials',
    new ConsoleAuthError(EP, 'login_required', undefined, { secrets }),
    { name: 'ConsoleAuthError', kind: 'auth', endpoint: EP, reason: 'login_required', message: `the RocketMQ console requires a login for ${EP}: set ${CREDENTIALS}` },
  ],
  [
    'bad credentials: check them, the console\'s words with the password masked',
    new ConsoleAuthError('/login/login.do', 'bad_credentials', `no user admin/${SECRET}`, { secrets }),
    {
      name: 'ConsoleAuthError',
      kind: 'auth',
      endpoint: '/login/login.do',
      reason: 'bad_credentials',
      message: `the RocketMQ console refused the login (console: no user admin/[redacted]): check ${CREDENTIALS}`,
    },
  ],
  [
    'session rejected: check the credentials and the proxy',
    new ConsoleAuthError(EP, 'session_rejected', '', { secrets }),
    {
      name: 'ConsoleAuthError',
      kind: 'auth',
      endpoint: EP,
      reason: 'session_rejected',
      message: `the RocketMQ console asked for a login again on ${EP} right after a successful login: check ${CREDENTIALS}, and that a proxy in front of the console keeps the JSESSIONID cookie`,
    },
  ],
  [
    'malformed: where and what, check the URL and proxies',
    new ConsoleMalformedResponseError(EP, 'data.topicList: expected an array, got an object', { secrets }),
    {
      name: 'ConsoleMalformedResponseError',
      kind: 'malformed',
      endpoint: EP,
      problem: 'data.topicList: expected an array, got an object',
      message: `the RocketMQ console answered ${EP} with an unusable body: data.topicList: expected an array, got an object; ${BODY_ADVICE}`,
    },
  ],
  [
    'too large: raise the cap',
    new ConsoleResponseTooLargeError(EP, 1024, { secrets }),
    {
      name: 'ConsoleResponseTooLargeError',
      kind: 'too_large',
      endpoint: EP,
      maxBytes: 1024,
      message: `the RocketMQ console's answer to ${EP} is larger than 1024 bytes: raise CONSOLE_MAX_RESPONSE_BYTES`,
    },
  ],
  [
    'deadline: raise WALK_TIMEOUT or narrow the walk',
    new ConsoleDeadlineError(EP, { secrets }),
    {
      name: 'ConsoleDeadlineError',
      kind: 'deadline',
      endpoint: EP,
      message: `the walk passed WALK_TIMEOUT before ${EP} was answered: its last data is carried; raise WALK_TIMEOUT or CONSOLE_CONCURRENCY, or narrow the walk with the topic and group filters`,
    },
  ],
];

for (const [name, error, expected] of errors) {
  test(`${error.name}, ${name}`, () => {
    assert.ok(error instanceof ConsoleError);
    assert.ok(error instanceof Error);
    assert.deepEqual(described(error), expected);
    assert.ok(!JSON.stringify(described(error)).includes(SECRET));
  });
}

test('CONSOLE_ERROR_KINDS lists the kind of every error class, once', () => {
  assert.deepEqual([...new Set(errors.map(([, error]) => error.kind))].sort(), [...CONSOLE_ERROR_KINDS].sort());
  assert.equal(new Set(CONSOLE_ERROR_KINDS).size, CONSOLE_ERROR_KINDS.length);
});

test('the cause given travels with the error; none given, none set', () => {
  const network = new Error('read ECONNRESET');
  assert.equal(new ConsoleUnreachableError(EP, 'read ECONNRESET', { cause: network }).cause, network);
  assert.equal(Object.hasOwn(new ConsoleTimeoutError(EP, 1000), 'cause'), false);
});

test('a console message is cut to 300 characters after masking, so that a cut never leaves half a secret', () => {
  const long = `${'x'.repeat(295)}${SECRET}${'y'.repeat(50)}`;
  assert.equal(summarise(long, secrets), `${'x'.repeat(295)}[reda…`);
  assert.equal(summarise('  \n ', secrets), 'no error message');
  assert.equal(summarise('first\r\nsecond', secrets), 'first');
  assert.equal(summarise('x'.repeat(300), secrets), 'x'.repeat(300));
});
