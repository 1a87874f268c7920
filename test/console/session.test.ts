import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleAuthError, ConsoleHttpStatusError, ConsoleUnreachableError } from '../../src/console/errors/index.js';
import { ConsoleSession, type ConsoleCredentials, type ConsoleLoginEvent } from '../../src/console/session.js';
import { freePort } from '../support/net.js';
import {
  delay,
  described,
  recordingClient,
  rejection,
  sendFixture,
  sendJson,
  sendLoginRedirect,
  startFakeConsole,
  type ClientHarness,
  type FakeConsole,
} from '../support/console-fake-server.js';

const USER = 'admin';
const PASSWORD = 'p&ss=w%rd +Secret9';

interface LoginConsoleOptions {
  readonly loginRequired?: boolean;
  /** How `login/check.query` answers when not `status 0`: HTTP 404 (console 1.0, no login) or HTTP 500. */
  readonly check?: 404 | 500;
  /** How a guarded endpoint answers without a session: 302 (default) or `status -1, "user not login"`. */
  readonly refusal?: 'redirect' | 'status';
  /** login.do answers `data: "/"` as the 2019 console does, instead of the dashboard's object. */
  readonly legacyLogin?: boolean;
  /** Accepts logins but never honours the session. */
  readonly forgetful?: boolean;
  readonly loginDelayMs?: number;
}

interface LoginConsole {
  readonly fake: FakeConsole;
  logins(): number;
  expireSessions(): void;
}

async function startLoginConsole(options: LoginConsoleOptions = {}): Promise<LoginConsole> {
  const sessions = new Set<string>();
  let logins = 0;
  const fake = await startFakeConsole(async (req, res) => {
    const session = /JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const loggedIn = session !== undefined && sessions.has(session);
    if (req.path === '/login/check.query') {
      if (options.check !== undefined) return void res.writeHead(options.check).end();
      return sendJson(res, { status: 0, data: { loginRequired: options.loginRequired ?? true, logined: loggedIn }, errMsg: null });
    }
    if (req.path === '/login/login.do') {
      logins++;
      if (options.loginDelayMs !== undefined) await delay(options.loginDelayMs);
      const form = new URLSearchParams(req.body);
      if (req.method !== 'POST' || form.get('username') !== USER || form.get('password') !== PASSWORD) {
        return sendFixture(res, 'login-login.do.error.json');
      }
      const id = `S${logins}`;
      if (options.forgetful !== true) sessions.add(id);
      return sendFixture(res, options.legacyLogin === true ? 'login-login.do.legacy-console.json' : 'login-login.do.json', {
        'set-cookie': [`JSESSIONID=${id}; Path=/; HttpOnly`, 'route=r1; Path=/'],
      });
    }
    if ((options.loginRequired ?? true) && !loggedIn) {
      if (options.refusal === 'status') return sendFixture(res, 'permission-error.user-not-login.json');
      return sendLoginRedirect(res);
    }
    if (req.path === '/topic/list.query') return sendFixture(res, 'topic-list.query.json');
    if (req.path === '/topic/queryConsumerByTopic.query') return sendFixture(res, 'topic-queryConsumerByTopic.query.json');
    res.writeHead(404).end();
  });
  return {
    fake,
    logins: () => logins,
    expireSessions: () => sessions.clear(),
  };
}

function connect(server: LoginConsole, credentials: { username?: string; password?: string }, concurrency = 4): ClientHarness {
  return recordingClient(server.fake.url, { ...credentials, concurrency }, () => server.fake.close());
}

test('with credentials the client logs in before the first call and sends the session cookies on every request', async () => {
  const server = await startLoginConsole();
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    await h.client.listTopics();
    await h.client.consumersOfTopic('order_topic');
    const [check, login, list, byTopic] = server.fake.requests;
    assert.equal(check?.path, '/login/check.query');
    assert.equal(login?.path, '/login/login.do');
    assert.equal(login?.method, 'POST');
    assert.equal(login?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(login?.body)), { username: USER, password: PASSWORD });
    assert.equal(login?.headers.authorization, undefined);
    assert.equal(list?.headers.cookie, 'JSESSIONID=S1; route=r1');
    assert.equal(byTopic?.headers.cookie, 'JSESSIONID=S1; route=r1');
    assert.equal(server.logins(), 1);
    assert.deepEqual(h.loginEvents, [{ ok: true }]);
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [
      ['/login/check.query', 'success'],
      ['/login/login.do', 'success'],
      ['/topic/list.query', 'success'],
      ['/topic/queryConsumerByTopic.query', 'success'],
    ]);
    // login.do answered an object: a dashboard.
    assert.equal(h.client.flavour(), 'dashboard-1.0');
  } finally {
    await h.close();
  }
});

test('a login answer whose data is a string means the 2019 console', async () => {
  const server = await startLoginConsole({ legacyLogin: true });
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    await h.client.listTopics();
    assert.equal(h.client.flavour(), 'console-2019');
  } finally {
    await h.close();
  }
});

test('a 302 from the console triggers one re-login and a retry', async () => {
  const server = await startLoginConsole();
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    await h.client.listTopics();
    server.expireSessions();
    const byGroup = await h.client.consumersOfTopic('order_topic');
    assert.equal(byGroup.size, 4);
    assert.equal(server.logins(), 2);
    assert.deepEqual(h.events.slice(3).map((e) => [e.endpoint, e.outcome]), [
      ['/topic/queryConsumerByTopic.query', 'auth'],
      ['/login/login.do', 'success'],
      ['/topic/queryConsumerByTopic.query', 'success'],
    ]);
    assert.equal(server.fake.requests.at(-1)?.headers.cookie, 'JSESSIONID=S2; route=r1');
  } finally {
    await h.close();
  }
});

test('status -1 "user not login" also triggers one re-login and a retry', async () => {
  const server = await startLoginConsole({ refusal: 'status' });
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    await h.client.listTopics();
    server.expireSessions();
    const list = await h.client.listTopics();
    assert.equal(list.topics.length, 17);
    assert.equal(server.logins(), 2);
  } finally {
    await h.close();
  }
});

test('concurrent calls that all hit a 302 share one re-login', async () => {
  const server = await startLoginConsole({ loginDelayMs: 30 });
  const h = connect(server, { username: USER, password: PASSWORD }, 8);
  try {
    await h.client.listTopics();
    server.expireSessions();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => h.client.consumersOfTopic(`topic_${i}`)));
    assert.equal(answers.length, 12);
    assert.equal(server.logins(), 2);
    assert.deepEqual(h.loginEvents, [{ ok: true }, { ok: true }]);
  } finally {
    await h.close();
  }
});

test('concurrent first calls share the first login', async () => {
  const server = await startLoginConsole({ loginDelayMs: 30 });
  const h = connect(server, { username: USER, password: PASSWORD }, 8);
  try {
    await Promise.all(Array.from({ length: 10 }, (_, i) => h.client.consumersOfTopic(`topic_${i}`)));
    assert.equal(server.logins(), 1);
    assert.equal(server.fake.requests.filter((r) => r.path === '/login/check.query').length, 1);
  } finally {
    await h.close();
  }
});

test('a wrong password is ConsoleAuthError whose message does not contain the password', async () => {
  const server = await startLoginConsole();
  const wrong = 'wrong-Secret-123456';
  const h = connect(server, { username: USER, password: wrong });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleAuthError);
    assert.equal(error.kind, 'auth');
    assert.equal(error.reason, 'bad_credentials');
    assert.equal(error.endpoint, '/login/login.do');
    assert.ok(!error.message.includes(wrong));
    assert.match(error.message, /Bad username or password!/);
    assert.match(error.message, /ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD/);
    assert.deepEqual(described(error), {
      name: 'ConsoleAuthError',
      kind: 'auth',
      endpoint: '/login/login.do',
      reason: 'bad_credentials',
      message: 'the RocketMQ console refused the login (console: Bad username or password!): check ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD',
    });
    assert.deepEqual(h.loginEvents.map((e) => (e.ok ? e : { ok: e.ok, kind: e.error.kind, retryInMs: e.retryInMs })), [{ ok: false, kind: 'auth', retryInMs: 10_000 }]);
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [
      ['/login/check.query', 'success'],
      ['/login/login.do', 'auth'],
    ]);
    // Refused credentials are not tried again on every call.
    const again = await rejection(h.client.consumersOfTopic('order_topic'));
    assert.ok(again instanceof ConsoleAuthError);
    assert.equal(again, error);
    assert.equal(server.logins(), 1);
    assert.equal(h.events.length, 2);
  } finally {
    await h.close();
  }
});

test('a 302 with no credentials configured is ConsoleAuthError telling to set them', async () => {
  const server = await startLoginConsole();
  const h = connect(server, {});
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleAuthError);
    assert.equal(error.reason, 'login_required');
    assert.equal(error.endpoint, '/topic/list.query');
    assert.match(error.message, /set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD/);
    assert.equal(
      error.message,
      'the RocketMQ console requires a login for /topic/list.query: set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD',
    );
    assert.equal(server.logins(), 0);
    assert.deepEqual(server.fake.requests.map((r) => r.path), ['/topic/list.query']);
  } finally {
    await h.close();
  }
});

test('a console that refuses the session right after a good login is ConsoleAuthError (session_rejected), after one re-login', async () => {
  const server = await startLoginConsole({ forgetful: true });
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleAuthError);
    assert.equal(error.reason, 'session_rejected');
    assert.match(error.message, /JSESSIONID/);
    assert.equal(error.endpoint, '/topic/list.query');
    assert.equal(server.logins(), 2);
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [
      ['/login/check.query', 'success'],
      ['/login/login.do', 'success'],
      ['/topic/list.query', 'auth'],
      ['/login/login.do', 'success'],
      ['/topic/list.query', 'auth'],
    ]);
  } finally {
    await h.close();
  }
});

test('a console without login required is not logged in to, even with credentials', async () => {
  const server = await startLoginConsole({ loginRequired: false });
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    await h.client.listTopics();
    await h.client.listTopics();
    assert.equal(server.logins(), 0);
    assert.deepEqual(server.fake.requests.map((r) => r.path), ['/login/check.query', '/topic/list.query', '/topic/list.query']);
  } finally {
    await h.close();
  }
});

test('a login check answering 404 (console 1.0) means no login, even with credentials', async () => {
  const server = await startLoginConsole({ loginRequired: false, check: 404 });
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    await h.client.listTopics();
    await h.client.listTopics();
    assert.equal(server.logins(), 0);
    assert.deepEqual(server.fake.requests.map((r) => r.path), ['/login/check.query', '/topic/list.query', '/topic/list.query']);
    assert.deepEqual(h.loginEvents, []);
  } finally {
    await h.close();
  }
});

test('a login check that fails otherwise (HTTP 500) is no answer: the client logs in', async () => {
  const server = await startLoginConsole({ check: 500 });
  const h = connect(server, { username: USER, password: PASSWORD });
  try {
    const list = await h.client.listTopics();
    assert.equal(list.topics.length, 17);
    assert.deepEqual(server.fake.requests.map((r) => r.path), ['/login/check.query', '/login/login.do', '/topic/list.query']);
    assert.deepEqual(h.loginEvents, [{ ok: true }]);
  } finally {
    await h.close();
  }
});

test('a console out of reach fails the first call at the login check, which the next call asks again', async () => {
  const port = await freePort();
  const h = recordingClient(`http://127.0.0.1:${port}`, { username: USER, password: PASSWORD });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleUnreachableError);
    assert.equal(error.endpoint, '/login/check.query');
    await rejection(h.client.listTopics());
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [
      ['/login/check.query', 'unreachable'],
      ['/login/check.query', 'unreachable'],
    ]);
    assert.deepEqual(h.loginEvents, []);
  } finally {
    await h.close();
  }
});

test('a login observer that throws does not break the login', async () => {
  const server = await startLoginConsole();
  const h = recordingClient(server.fake.url, {
    username: USER,
    password: PASSWORD,
    onLogin: () => {
      throw new Error('observer bug');
    },
  }, () => server.fake.close());
  try {
    const list = await h.client.listTopics();
    assert.equal(list.topics.length, 17);
    assert.equal(server.logins(), 1);
  } finally {
    await h.close();
  }
});

test('after refused credentials every call fails at once for 10 s with the same error; then a login is tried again', async () => {
  mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  try {
    const attempts: string[] = [];
    let accept = false;
    const refused = new ConsoleAuthError('/login/login.do', 'bad_credentials', 'Bad username or password!', { secrets: [PASSWORD] });
    const session = new ConsoleSession({
      credentials: { username: USER, password: PASSWORD },
      attempts: {
        check: () => {
          attempts.push('check');
          return Promise.resolve({ loginRequired: true, logined: false });
        },
        login: (credentials: ConsoleCredentials) => {
          attempts.push(`login ${credentials.username}`);
          return accept ? Promise.resolve() : Promise.reject(refused);
        },
      },
    });
    const call = (): Promise<string> => session.run('/topic/list.query', () => Promise.resolve('answer'));
    assert.equal(await rejection(call()), refused);
    assert.deepEqual(described(refused), {
      name: 'ConsoleAuthError',
      kind: 'auth',
      endpoint: '/login/login.do',
      reason: 'bad_credentials',
      message: 'the RocketMQ console refused the login (console: Bad username or password!): check ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD',
    });
    mock.timers.tick(9_999);
    assert.equal(await rejection(call()), refused);
    assert.deepEqual(attempts, ['check', 'login admin']);
    mock.timers.tick(1);
    accept = true;
    assert.equal(await call(), 'answer');
    assert.deepEqual(attempts, ['check', 'login admin', 'check', 'login admin']);
  } finally {
    mock.timers.reset();
  }
});

test('any failed login backs off: 10 s, doubled for each failure in a row up to 5 min, reported with its error; a success resets it', async () => {
  mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  try {
    const events: ConsoleLoginEvent[] = [];
    let logins = 0;
    let accept = false;
    const failed = new ConsoleHttpStatusError('/login/login.do', 500);
    const session = new ConsoleSession({
      credentials: { username: USER, password: PASSWORD },
      attempts: {
        check: () => Promise.resolve({ loginRequired: true, logined: false }),
        login: () => {
          logins++;
          return accept ? Promise.resolve() : Promise.reject(failed);
        },
      },
      onLogin: (event) => events.push(event),
    });
    const call = (): Promise<string> => session.run('/topic/list.query', () => Promise.resolve('answer'));
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      assert.equal(await rejection(call()), failed);
      const event = events.at(-1);
      assert.ok(event !== undefined && !event.ok);
      assert.equal(event.error, failed);
      waits.push(event.retryInMs);
      mock.timers.tick(event.retryInMs - 1);
      assert.equal(await rejection(call()), failed, 'still backing off');
      mock.timers.tick(1);
    }
    assert.deepEqual(waits, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    assert.equal(logins, 7);
    accept = true;
    assert.equal(await call(), 'answer');
    assert.deepEqual(events.at(-1), { ok: true });
    // A success resets the count: the next failure backs off 10 s again.
    accept = false;
    const relogin = session.run('/topic/list.query', () => Promise.reject(new ConsoleAuthError('/topic/list.query', 'login_required')));
    await rejection(relogin);
    const last = events.at(-1);
    assert.ok(last !== undefined && !last.ok);
    assert.equal(last.retryInMs, 10_000);
  } finally {
    mock.timers.reset();
  }
});
