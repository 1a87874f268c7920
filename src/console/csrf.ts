// The CSRF token of the dashboard build after 2.1.0 (Spring Security), echoed as X-XSRF-TOKEN on its JSON login.
import type { CookieJar } from './cookie-jar.js';
import { ConsoleHttpStatusError, ConsoleMalformedResponseError } from './errors/index.js';
import type { ConsoleResponse } from './transport.js';

export const CSRF_COOKIE = 'XSRF-TOKEN';

// Spring's tokens are UUIDs or base64url; anything else is not put into a header.
const TOKEN = /^[\w.~+/=-]{1,512}$/;

/**
 * The token from `GET {ctx}/rocketmq-dashboard/csrf-token`: its body's `token` (Spring's CsrfToken, bare or in the
 * console's wrapper: under XOR masking only that one is accepted), else the XSRF-TOKEN cookie it set.
 */
export function csrfTokenOf(endpoint: string, response: ConsoleResponse, cookies: CookieJar, secrets: readonly string[]): string {
  if (response.statusCode !== 200) throw new ConsoleHttpStatusError(endpoint, response.statusCode, response.location, { secrets });
  const token = tokenInBody(response.body) ?? cookies.get(CSRF_COOKIE);
  if (token === undefined || !TOKEN.test(token)) {
    throw new ConsoleMalformedResponseError(endpoint, `(body): no CSRF token (neither a "token" field nor an ${CSRF_COOKIE} cookie)`, { secrets });
  }
  return token;
}

function tokenInBody(body: Buffer): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const direct = fieldOf(json, 'token');
  if (typeof direct === 'string') return direct;
  const wrapped = fieldOf(fieldOf(json, 'data'), 'token');
  return typeof wrapped === 'string' ? wrapped : undefined;
}

function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}
