import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConsoleMalformedResponseError,
  ConsoleTimeoutError,
  ConsoleUnreachableError,
  type ConsoleError,
} from '../../src/console/errors/index.js';
import { transportFailure, type FailureContext } from '../../src/console/transport-failure.js';
import { described } from '../support/console-fake-server.js';

const ENDPOINT = '/topic/queryConsumerByTopic.query';
const SECRET = 'Pa55-w0rd-xyz';
const UNREACHABLE_ADVICE = 'check ROCKETMQ_CONSOLE_URL and that the console is up';
const BODY_ADVICE = 'check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers';

/** What undici and node:net throw: an Error with a string `code`. */
function networkError(message: string, code?: string, name?: string): Error {
  const error = new Error(message);
  if (name !== undefined) error.name = name;
  return code === undefined ? error : Object.assign(error, { code });
}

function unreachable(detail: string): Record<string, unknown> {
  return {
    name: 'ConsoleUnreachableError',
    kind: 'unreachable',
    endpoint: ENDPOINT,
    detail,
    message: `cannot reach the RocketMQ console for ${ENDPOINT} (${detail}): ${UNREACHABLE_ADVICE}`,
  };
}

function malformed(problem: string): Record<string, unknown> {
  return {
    name: 'ConsoleMalformedResponseError',
    kind: 'malformed',
    endpoint: ENDPOINT,
    problem,
    message: `the RocketMQ console answered ${ENDPOINT} with an unusable body: ${problem}; ${BODY_ADVICE}`,
  };
}

const TIMEOUT = {
  name: 'ConsoleTimeoutError',
  kind: 'timeout',
  endpoint: ENDPOINT,
  timeoutMs: 2000,
  message: `the RocketMQ console did not answer ${ENDPOINT} within 2000 ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded`,
};

interface Failure {
  readonly what: string;
  readonly error: unknown;
  readonly phase: FailureContext['phase'];
  readonly timedOut?: boolean;
  readonly received?: number;
  readonly expected: Record<string, unknown>;
  /** Whether the network error travels on as the cause. */
  readonly keepsCause: boolean;
}

const LONG = `connect EHOSTUNREACH ${'9'.repeat(300)}`;

const failures: readonly Failure[] = [
  {
    what: 'ECONNREFUSED before the headers: unreachable, with what the network said',
    error: networkError('connect ECONNREFUSED 10.0.0.5:8080', 'ECONNREFUSED'),
    phase: 'headers',
    expected: unreachable('connect ECONNREFUSED 10.0.0.5:8080'),
    keepsCause: true,
  },
  {
    what: 'ENOTFOUND before the headers: unreachable',
    error: networkError('getaddrinfo ENOTFOUND console.example', 'ENOTFOUND'),
    phase: 'headers',
    expected: unreachable('getaddrinfo ENOTFOUND console.example'),
    keepsCause: true,
  },
  {
    what: 'ECONNRESET before the headers: unreachable',
    error: networkError('read ECONNRESET', 'ECONNRESET'),
    phase: 'headers',
    expected: unreachable('read ECONNRESET'),
    keepsCause: true,
  },
  {
    what: 'UND_ERR_SOCKET before the headers: unreachable, the code put before a message without it',
    error: networkError('other side closed', 'UND_ERR_SOCKET', 'SocketError'),
    phase: 'headers',
    expected: unreachable('UND_ERR_SOCKET: other side closed'),
    keepsCause: true,
  },
  {
    what: 'a code and no message: unreachable, the code as the detail',
    error: networkError('', 'UND_ERR_CLOSED'),
    phase: 'headers',
    expected: unreachable('UND_ERR_CLOSED'),
    keepsCause: true,
  },
  {
    what: 'something that is no Error: unreachable, unknown network error',
    error: 'boom',
    phase: 'headers',
    expected: unreachable('unknown network error'),
    keepsCause: true,
  },
  {
    what: 'a very long message: unreachable, detail capped at 200 characters',
    error: networkError(LONG, 'EHOSTUNREACH'),
    phase: 'headers',
    expected: unreachable(`${LONG.slice(0, 200)}…`),
    keepsCause: true,
  },
  {
    what: 'a message quoting the password: unreachable, password masked',
    error: networkError(`connect ECONNREFUSED http://admin:${SECRET}@10.0.0.5`, 'ECONNREFUSED'),
    phase: 'headers',
    expected: unreachable('connect ECONNREFUSED http://admin:[redacted]@10.0.0.5'),
    keepsCause: true,
  },
  {
    what: 'UND_ERR_SOCKET in the body: malformed, cut off after what was received',
    error: networkError('other side closed', 'UND_ERR_SOCKET', 'SocketError'),
    phase: 'body',
    received: 1000,
    expected: malformed('(body): cut off after 1000 bytes (UND_ERR_SOCKET)'),
    keepsCause: true,
  },
  {
    what: 'ECONNRESET in the body: malformed',
    error: networkError('read ECONNRESET', 'ECONNRESET'),
    phase: 'body',
    received: 12,
    expected: malformed('(body): cut off after 12 bytes (ECONNRESET)'),
    keepsCause: true,
  },
  {
    what: 'no code in the body: malformed, connection lost',
    error: networkError('terminated'),
    phase: 'body',
    received: 0,
    expected: malformed('(body): cut off after 0 bytes (connection lost)'),
    keepsCause: true,
  },
  {
    what: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH even before the body: malformed',
    error: networkError('Response body length does not match content-length header', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'),
    phase: 'headers',
    expected: malformed('(body): cut off after 0 bytes (UND_ERR_RES_CONTENT_LENGTH_MISMATCH)'),
    keepsCause: true,
  },
  {
    what: 'HPE_INVALID_CONSTANT: malformed, not HTTP, without the bytes as cause',
    error: networkError('Expected HTTP/', 'HPE_INVALID_CONSTANT'),
    phase: 'headers',
    expected: malformed('(response): not an HTTP response'),
    keepsCause: false,
  },
  {
    what: 'an HTTPParserError without a code: malformed, not HTTP',
    error: networkError('Parse Error', undefined, 'HTTPParserError'),
    phase: 'headers',
    expected: malformed('(response): not an HTTP response'),
    keepsCause: false,
  },
  {
    what: 'our timer fired before the headers: timeout, whatever the abort says',
    error: networkError('This operation was aborted', 'UND_ERR_ABORTED', 'AbortError'),
    phase: 'headers',
    timedOut: true,
    expected: TIMEOUT,
    keepsCause: true,
  },
  {
    what: 'our timer fired in the body: timeout, not a cut body',
    error: networkError('Request aborted', 'UND_ERR_ABORTED', 'AbortError'),
    phase: 'body',
    timedOut: true,
    received: 500,
    expected: TIMEOUT,
    keepsCause: true,
  },
  {
    what: "undici's headers timeout: timeout",
    error: networkError('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'),
    phase: 'headers',
    expected: TIMEOUT,
    keepsCause: true,
  },
  {
    what: "undici's body timeout: timeout",
    error: networkError('Body Timeout Error', 'UND_ERR_BODY_TIMEOUT'),
    phase: 'body',
    received: 10,
    expected: TIMEOUT,
    keepsCause: true,
  },
];

const classes = { unreachable: ConsoleUnreachableError, malformed: ConsoleMalformedResponseError, timeout: ConsoleTimeoutError } as const;

for (const failure of failures) {
  test(`transport failure: ${failure.what}`, () => {
    const mapped: ConsoleError = transportFailure(failure.error, {
      endpoint: ENDPOINT,
      timedOut: failure.timedOut ?? false,
      timeoutMs: 2000,
      phase: failure.phase,
      received: failure.received ?? 0,
      secrets: [SECRET],
    });
    const kind = failure.expected.kind as keyof typeof classes;
    assert.ok(mapped instanceof classes[kind], `a ${classes[kind].name}, got ${mapped.name}`);
    assert.deepEqual(described(mapped), failure.expected);
    assert.equal(mapped.cause, failure.keepsCause ? failure.error : undefined);
  });
}
