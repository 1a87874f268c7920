// What a console answer means: HTTP status, then JSON, then the `{status, data, errMsg}` wrapper.
import {
  ConsoleAuthError,
  ConsoleHttpStatusError,
  ConsoleMalformedResponseError,
  ConsoleStatusError,
} from './errors/index.js';
import { summarise } from './errors/ConsoleStatusError.js';
import { ShapeError } from './shape-error.js';
import { htmlPageOf } from './target.js';
import type { ConsoleResponse } from './transport.js';
import { validateEnvelope, type ConsoleEnvelope } from './validate.js';

/** HTTP status, JSON, then the `{status, data, errMsg}` wrapper: returns `data` of a `status 0` answer; throws only ConsoleErrors. */
export function unwrapResponse(endpoint: string, response: ConsoleResponse, isLogin: boolean, secrets: readonly string[]): unknown {
  const options = { secrets };
  const { statusCode, location } = response;
  if (statusCode >= 300 && statusCode < 400) {
    // Guarded endpoints answer an expired or missing session with 302 to `{ctx}/#/login`; login.do itself never does.
    if (statusCode === 302 && !isLogin && (location === undefined || /login/i.test(location))) {
      throw new ConsoleAuthError(endpoint, 'login_required', undefined, options);
    }
    throw new ConsoleHttpStatusError(endpoint, statusCode, location, options);
  }
  // Spring Security (the dashboard build after 2.1.0) refuses bad credentials with 401.
  if (isLogin && statusCode === 401) throw new ConsoleAuthError(endpoint, 'bad_credentials', undefined, options);
  if (statusCode < 200 || statusCode >= 300) throw new ConsoleHttpStatusError(endpoint, statusCode, undefined, options);
  const envelope = envelopeOf(endpoint, parseJson(endpoint, response.body, secrets), secrets);
  if (envelope.status === 0) return envelope.data;
  if (isLogin) throw new ConsoleAuthError(endpoint, 'bad_credentials', summarise(envelope.errMsg, secrets), options);
  if (envelope.errMsg !== null && /user not login/i.test(envelope.errMsg)) {
    throw new ConsoleAuthError(endpoint, 'login_required', summarise(envelope.errMsg, secrets), options);
  }
  throw new ConsoleStatusError(endpoint, envelope.status, envelope.errMsg, options);
}

function parseJson(endpoint: string, body: Buffer, secrets: readonly string[]): unknown {
  if (body.length === 0) throw new ConsoleMalformedResponseError(endpoint, '(body): empty', { secrets });
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold a clientId with a secret key: say only what it was.
    const html = text.trimStart().startsWith('<');
    const what = html ? `${htmlPageOf(body)}, not JSON (a login page or a proxy error?)` : 'not valid JSON (cut off?)';
    throw new ConsoleMalformedResponseError(endpoint, `(body): ${what}, ${body.length} bytes`, { secrets, foreign: html });
  }
}

// JSON that is not the wrapper (no `status`) is as unusable as a body that is not JSON.
function envelopeOf(endpoint: string, json: unknown, secrets: readonly string[]): ConsoleEnvelope {
  try {
    return validateEnvelope(json);
  } catch (error) {
    if (error instanceof ShapeError) throw new ConsoleMalformedResponseError(endpoint, error.message, { secrets, foreign: true });
    throw error;
  }
}

/** The console wants a (new) session: a 302 to its login page, or `status -1, "user not login"`. */
export function isLoginDemand(error: unknown): error is ConsoleAuthError {
  return error instanceof ConsoleAuthError && error.reason === 'login_required';
}
