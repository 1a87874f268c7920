import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECURE_FLAVOUR } from '../sim/index.js';
import { EVERY_SCRAPE_WALKS, detail, expectedDetail, sampleValue, startStack } from '../support/stack.js';

const CREDENTIALS = { username: 'admin', password: 'Tr0ub4dor&3-console' };
const LOGIN_ENV = { ROCKETMQ_CONSOLE_USERNAME: CREDENTIALS.username, ROCKETMQ_CONSOLE_PASSWORD: CREDENTIALS.password, ...EVERY_SCRAPE_WALKS };

for (const notLoggedIn of ['redirect', 'status'] as const) {
  test(`login, then a console restart (${notLoggedIn === 'redirect' ? 'HTTP 302' : '"user not login"'}) costs one re-login and no data`, async () => {
    const stack = await startStack({ sim: { flavour: 'dashboard-2.0', scale: 'S', seed: 5, login: CREDENTIALS, notLoggedIn }, env: LOGIN_ENV });
    try {
      assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
      assert.equal(stack.sim.logins(), 1);
      stack.sim.expireSessions();
      const samples = await stack.scrape();
      assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
      assert.equal(stack.sim.logins(), 2, 'one re-login shared by every call of the walk');
      assert.equal(samples.some((s) => s.name === 'rocketmq_exporter_walk_failures'), false);
    } finally {
      await stack.stop();
    }
  });
}

test('a wrong password: no data, a log line that says what to set, and the password nowhere', async () => {
  const stack = await startStack({
    sim: { flavour: 'console-2019', scale: 'S', seed: 5, login: CREDENTIALS },
    env: { ...LOGIN_ENV, ROCKETMQ_CONSOLE_PASSWORD: 'wrong-Passw0rd-123' },
  });
  try {
    const text = await stack.scrapeText();
    assert.equal(text.includes('rocketmq_msg_diff_detail{'), false);
    const samples = await stack.scrape();
    // The console answered: a refused login is reported as such, not as an unreachable console.
    assert.deepEqual([
      sampleValue(samples, 'rocketmq_exporter_console_reachable'),
      sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'auth' }),
    ], [1, 1]);
    assert.match(text, /rocketmq_exporter_console_requests_total\{endpoint="\/login\/login.do",outcome="auth"\} 1/);
    const error = stack.logs.find((l) => l.level === 'error');
    assert.match(error?.msg ?? '', /ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD/);
    const everything = JSON.stringify(stack.logs) + text;
    assert.equal(everything.includes('wrong-Passw0rd-123'), false);
    assert.equal(everything.includes(CREDENTIALS.password), false);
  } finally {
    await stack.stop();
  }
});

test('a console that needs login and no credentials configured says so', async () => {
  const stack = await startStack({ sim: { flavour: 'dashboard-1.0', scale: 'S', seed: 5, login: CREDENTIALS } });
  try {
    await stack.scrape();
    const error = stack.logs.find((l) => l.level === 'error');
    assert.equal(error?.kind, 'auth');
    assert.match(error?.msg ?? '', /ROCKETMQ_CONSOLE_USERNAME/);
  } finally {
    await stack.stop();
  }
});

test('ACL secret keys inside clientIds never reach a label, a log line or the output', async () => {
  const stack = await startStack({ sim: { scale: 'M', seed: 5 } });
  try {
    const secrets = stack.sim.model.secrets();
    assert.ok(secrets.length > 0, 'the model has ACL clientIds');
    const acl = stack.sim.truth().filter((r) => r.clientInfo !== null && r.clientInfo.includes('|'));
    assert.ok(acl.length > 0, 'some queues are owned by ACL clients');
    const text = await stack.scrapeText();
    const logs = JSON.stringify(stack.logs);
    for (const secret of secrets) {
      assert.equal(text.includes(secret), false);
      assert.equal(logs.includes(secret), false);
    }
    assert.equal(text.includes('|'), false, 'no | separated clientId in any label');
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
  } finally {
    await stack.stop();
  }
});

test('the secure dashboard build: form refused, CSRF token and JSON login detected at run time, kept for the re-login', async () => {
  const stack = await startStack({ sim: { flavour: SECURE_FLAVOUR, scale: 'S', seed: 5, login: CREDENTIALS }, env: LOGIN_ENV });
  const calls = (endpoint: string) => stack.sim.requests().byEndpoint[endpoint] ?? 0;
  try {
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
    assert.deepEqual([stack.sim.logins(), calls('login/login.do'), calls('rocketmq-dashboard/csrf-token')], [1, 2, 1], 'form (403), then JSON');
    stack.sim.expireSessions();
    const samples = await stack.scrape();
    assert.deepEqual(detail(samples), expectedDetail(stack.sim.truth()));
    assert.deepEqual([stack.sim.logins(), calls('login/login.do'), calls('rocketmq-dashboard/csrf-token')], [2, 3, 2], 'straight to JSON, a new token');
    assert.equal(samples.some((s) => s.name === 'rocketmq_exporter_walk_failures'), false);
    assert.equal(stack.logs.some((l) => l.level === 'warn' || l.level === 'error'), false);
  } finally {
    await stack.stop();
  }
});

test('the secure build refusing the password says to check it; the password is in no log line', async () => {
  const stack = await startStack({
    sim: { flavour: SECURE_FLAVOUR, scale: 'S', seed: 5, login: CREDENTIALS },
    env: { ...LOGIN_ENV, ROCKETMQ_CONSOLE_PASSWORD: 'wrong-Passw0rd-123' },
  });
  try {
    const samples = await stack.scrape();
    assert.equal(sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'auth' }), 1);
    const warn = stack.logs.find((l) => l.level === 'warn' && l.msg.startsWith('console login failed'));
    assert.equal(
      warn?.msg,
      'console login failed: the RocketMQ console refused the login (console: Bad username or password!): check ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD; next login attempt in 10 s',
    );
    assert.equal(JSON.stringify(stack.logs).includes('wrong-Passw0rd-123'), false);
  } finally {
    await stack.stop();
  }
});

test('a login that fails for another reason (HTTP 500) says so, not "check the password", and is not retried at once', async () => {
  const stack = await startStack({ sim: { flavour: 'dashboard-2.0', scale: 'S', seed: 5, login: CREDENTIALS }, env: LOGIN_ENV });
  try {
    stack.sim.faults.set('login/login.do', { kind: 'http500' }, { times: 1 });
    const samples = await stack.scrape();
    assert.equal(sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'http_status' }), 1);
    const warns = stack.logs.filter((l) => l.level === 'warn' && l.msg.startsWith('console login failed'));
    assert.deepEqual(warns.map((l) => [l.msg, l.kind, l.retryInSeconds]), [[
      'console login failed: the RocketMQ console answered /login/login.do with HTTP 500: the console failed; see its log; next login attempt in 10 s',
      'http_status',
      10,
    ]]);
    assert.equal(warns[0]?.msg.includes('PASSWORD'), false);
    await stack.scrape();
    assert.equal(stack.sim.requests().byEndpoint['login/login.do'], 1, 'the next walk within 10 s tries no login');
  } finally {
    await stack.stop();
  }
});
