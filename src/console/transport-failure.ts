// Maps what undici and the network throw to the error kinds the exporter reports.
// Decision: a connection lost before the response headers means nothing arrived (unreachable); lost after them,
// the console did answer but the body is cut off (malformed), so the "console reachable" signal stays true.
import {
  ConsoleMalformedResponseError,
  ConsoleTimeoutError,
  ConsoleTlsError,
  ConsoleUnreachableError,
  isCertificateError,
  type ConsoleError,
} from './errors/index.js';

export interface FailureContext {
  readonly endpoint: string;
  /** Our own whole-request timer fired. */
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  /** Whether the response headers had arrived. */
  readonly phase: 'headers' | 'body';
  /** Body bytes received before the failure. */
  readonly received: number;
  readonly secrets: readonly string[];
}

const MAX_DETAIL = 200;

export function transportFailure(error: unknown, context: FailureContext): ConsoleError {
  const { endpoint, secrets } = context;
  const options = { secrets, cause: error };
  const code = errorCode(error);
  if (context.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ConsoleTimeoutError(endpoint, context.timeoutMs, options);
  }
  if (code !== undefined && isCertificateError(code)) return new ConsoleTlsError(endpoint, code, detailOf(error, code), options);
  if (code?.startsWith('HPE_') === true || (error instanceof Error && error.name === 'HTTPParserError')) {
    // No cause: the parser error carries the raw bytes received, which are not ours to log.
    return new ConsoleMalformedResponseError(endpoint, '(response): not an HTTP response', { secrets });
  }
  if (context.phase === 'body' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return new ConsoleMalformedResponseError(
      endpoint,
      `(body): cut off after ${context.received} bytes (${code ?? 'connection lost'})`,
      options,
    );
  }
  return new ConsoleUnreachableError(endpoint, detailOf(error, code), options);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function detailOf(error: unknown, code: string | undefined): string {
  const message = error instanceof Error ? error.message : '';
  const detail = message !== '' ? message : (code ?? 'unknown network error');
  const withCode = code !== undefined && !detail.includes(code) ? `${code}: ${detail}` : detail;
  return withCode.length > MAX_DETAIL ? `${withCode.slice(0, MAX_DETAIL)}…` : withCode;
}
