import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../../src/console/cookie-jar.js';
import { csrfTokenOf } from '../../src/console/csrf.js';
import { described } from '../support/console-fake-server.js';

const EP = '/rocketmq-dashboard/csrf-token';
const answer = (body: string, statusCode = 200) => ({ statusCode, location: undefined, body: Buffer.from(body) });
const jar = (setCookie?: string) => {
  const cookies = new CookieJar();
  cookies.store(setCookie);
  return cookies;
};

test('the token: the body\'s (Spring\'s CsrfToken, bare or wrapped) before the cookie\'s, the cookie\'s when the body has none', () => {
  const cookie = jar('XSRF-TOKEN=from-cookie; Path=/');
  assert.equal(csrfTokenOf(EP, answer('{"token":"3f1c-a9","parameterName":"_csrf","headerName":"X-XSRF-TOKEN"}'), cookie, []), '3f1c-a9');
  assert.equal(csrfTokenOf(EP, answer('{"status":0,"data":{"token":"wrapped_1"},"errMsg":null}'), cookie, []), 'wrapped_1');
  assert.equal(csrfTokenOf(EP, answer(''), cookie, []), 'from-cookie');
  assert.equal(csrfTokenOf(EP, answer('{"token":7}'), cookie, []), 'from-cookie');
});

test('no token, a token unfit for a header, or an HTTP error: a specific error', () => {
  const fails = (body: string, cookies: CookieJar, statusCode = 200): Record<string, unknown> => {
    try {
      csrfTokenOf(EP, answer(body, statusCode), cookies, []);
    } catch (error) {
      return described(error as never);
    }
    return assert.fail('expected an error');
  };
  const missing = `the RocketMQ console answered ${EP} with an unusable body: (body): no CSRF token (neither a "token" field nor an XSRF-TOKEN cookie); check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers`;
  assert.equal(fails('{}', jar()).message, missing);
  assert.equal(fails('{"token":"a\\r\\nX-Injected: 1"}', jar()).message, missing);
  assert.deepEqual([fails('', jar(), 404).kind, fails('', jar(), 404).status], ['http_status', 404]);
});
