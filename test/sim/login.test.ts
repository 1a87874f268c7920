// Session login: 302 (or "user not login") without a session, JSESSIONID after login, expiry, re-login, counting.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SESSION_IDLE_MS } from './sessions.js';
import { SECURE_FLAVOUR, startSimulator } from './index.js';
import { call, data, envelope, loginCookie } from './test-client.js';
import { consoleFixture } from '../support/fixtures.js';

const admin = { username: 'admin', password: 'secret' };

test('a guarded endpoint without a session answers 302 to the login page with an empty body', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-2.1', scale: 'demo', login: admin });
  try {
    const answer = await call(`${sim.url}/topic/list.query`);
    assert.equal(answer.status, 302);
    assert.equal(answer.text, '');
    assert.match(answer.headers.get('location') ?? '', /^\/#\/login\?/);
    assert.equal(answer.headers.get('www-authenticate'), 'Basic realm="rocketmq"');
    assert.deepEqual(await data(`${sim.url}/login/check.query`), { loginRequired: true, logined: false });
  } finally {
    await sim.stop();
  }
});

test('login sets JSESSIONID, which opens guarded endpoints; a wrong password does not', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-1.0', scale: 'demo', login: admin });
  try {
    const bad = await call(`${sim.url}/login/login.do`, { form: { username: 'admin', password: 'wrong' } });
    assert.equal(bad.headers.get('set-cookie'), null);
    assert.deepEqual(envelope(bad), consoleFixture('login-login.do.error.json'));
    const good = await call(`${sim.url}/login/login.do`, { form: admin });
    assert.match(good.headers.get('set-cookie') ?? '', /^JSESSIONID=[0-9A-F]{32}; Path=\/; HttpOnly$/);
    assert.deepEqual(envelope(good).data, { loginUserName: 'admin', loginUserRole: 1, contextPath: '/' });
    const cookie = /JSESSIONID=[^;]+/.exec(good.headers.get('set-cookie') ?? '')?.[0] ?? '';
    assert.equal((await call(`${sim.url}/topic/list.query`, { cookie })).status, 200);
    assert.deepEqual(await data(`${sim.url}/login/check.query`, { cookie }), { loginRequired: true, logined: true });
    assert.equal(sim.logins(), 1);
    assert.equal(sim.failedLogins(), 1);
  } finally {
    await sim.stop();
  }
});

test('sessions vanish on console restart and after 30 minutes idle; a re-login works and is counted', async () => {
  const sim = await startSimulator({ flavour: 'console-2019', scale: 'demo', login: admin });
  try {
    let cookie = await loginCookie(sim.url, admin.username, admin.password);
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 200);
    sim.expireSessions();
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 302);
    cookie = await loginCookie(sim.url, admin.username, admin.password);
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 200);
    sim.clock.advance(SESSION_IDLE_MS - 1000);
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 200, 'use keeps it alive');
    sim.clock.advance(SESSION_IDLE_MS + 1);
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 302);
    cookie = await loginCookie(sim.url, admin.username, admin.password);
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 200);
    assert.equal(sim.logins(), 3);
    assert.deepEqual(envelope(await call(`${sim.url}/login/logout.do`, { method: 'POST', cookie })), consoleFixture('login-logout.do.json'));
    assert.equal((await call(`${sim.url}/consumer/groupList.query`, { cookie })).status, 302);
  } finally {
    await sim.stop();
  }
});

test('console 2019 answers login with the context path alone', async () => {
  const sim = await startSimulator({ flavour: 'console-2019', scale: 'demo', login: admin });
  try {
    assert.deepEqual(envelope(await call(`${sim.url}/login/login.do`, { form: admin })), consoleFixture('login-login.do.legacy-console.json'));
  } finally {
    await sim.stop();
  }
});

test('the status answer: HTTP 200, status -1, "user not login"', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-2.0', scale: 'demo', login: admin, notLoggedIn: 'status' });
  try {
    const answer = await call(`${sim.url}/topic/queryConsumerByTopic.query?topic=order_topic`);
    assert.equal(answer.status, 200);
    assert.deepEqual(envelope(answer), consoleFixture('permission-error.user-not-login.json'));
  } finally {
    await sim.stop();
  }
});

test('under a context path, the cookie path, redirect and login answer carry it', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-2.1', scale: 'demo', login: admin, contextPath: '/console' });
  try {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/console$/);
    const denied = await call(`${sim.url}/topic/list.query`);
    assert.equal(denied.status, 302);
    assert.match(denied.headers.get('location') ?? '', /^\/console\/#\/login\?/);
    const good = await call(`${sim.url}/login/login.do`, { form: admin });
    assert.match(good.headers.get('set-cookie') ?? '', /; Path=\/console; HttpOnly$/);
    assert.equal((envelope(good).data as { contextPath: string }).contextPath, '/console');
  } finally {
    await sim.stop();
  }
});

test('without login configured, every endpoint is open and check says so', async () => {
  const sim = await startSimulator({ flavour: 'dashboard-1.0', scale: 'demo' });
  try {
    assert.equal((await call(`${sim.url}/topic/list.query`)).status, 200);
    assert.deepEqual(await data(`${sim.url}/login/check.query`), { loginRequired: false, logined: false });
  } finally {
    await sim.stop();
  }
});

test('console 1.0 has no login to switch on', async () => {
  await assert.rejects(startSimulator({ flavour: 'console-1.0', scale: 'demo', login: admin }), /has no login/);
});

test('the secure build: a form login is refused (403 without a CSRF token, 415 with one); JSON with the token logs in, once per token', async () => {
  const sim = await startSimulator({ flavour: SECURE_FLAVOUR, scale: 'demo', login: admin });
  try {
    const login = `${sim.url}/login/login.do`;
    const noToken = await call(login, { form: admin });
    assert.equal(noToken.status, 403);
    assert.deepEqual((JSON.parse(noToken.text) as { status: number; error: string }).error, 'Forbidden');
    const issued = await call(`${sim.url}/rocketmq-dashboard/csrf-token`);
    assert.equal(issued.status, 200);
    const { token, headerName } = JSON.parse(issued.text) as { token: string; headerName: string };
    assert.equal(headerName, 'X-XSRF-TOKEN');
    assert.equal(issued.headers.get('set-cookie'), `XSRF-TOKEN=${token}; Path=/`);
    const csrf = { cookie: `XSRF-TOKEN=${token}`, headers: { 'x-xsrf-token': token } };
    assert.equal((await call(login, { ...csrf, form: admin })).status, 415);
    assert.equal((await call(login, { cookie: `XSRF-TOKEN=${token}`, headers: { 'x-xsrf-token': 'forged' }, json: admin })).status, 403);
    assert.deepEqual(envelope(await call(login, { ...csrf, json: { ...admin, password: 'wrong' } })), consoleFixture('login-login.do.error.json'));
    const good = await call(login, { ...csrf, json: admin });
    assert.match(good.headers.get('set-cookie') ?? '', /^JSESSIONID=[0-9A-F]{32}; Path=\/; HttpOnly$/);
    const cookie = /JSESSIONID=[^;]+/.exec(good.headers.get('set-cookie') ?? '')?.[0] ?? '';
    assert.equal((await call(`${sim.url}/topic/list.query`, { cookie })).status, 200, 'GET calls need only the session');
    assert.equal((await call(login, { ...csrf, json: admin })).status, 403, 'a login changes the token');
    assert.deepEqual([sim.logins(), sim.failedLogins()], [1, 1]);
  } finally {
    await sim.stop();
  }
});
