// What answers at ROCKETMQ_CONSOLE_URL when the first answers are not a console's: RocketMQ Studio, a web server, a proxy.
import { ConsoleHttpStatusError, ConsoleMalformedResponseError, type ConsoleError } from './errors/index.js';
import type { ConsoleResponse } from './transport.js';

/** RocketMQ Studio serves a REST API under `{ctx}/api/`, every answer wrapped as `{code, message, data}`. */
export const STUDIO_PROBE = '/api/topic/list';

/**
 * Whether `error` says the answer was not a console's at all: HTTP 404 (no console API at that path), an HTML page, or
 * JSON without the console's `{status, data, errMsg}` wrapper. A console's answer with odd `data` is not.
 */
export function isForeignAnswer(error: ConsoleError): boolean {
  if (error instanceof ConsoleHttpStatusError) return error.status === 404;
  // unwrap.ts marks a page, or JSON without the wrapper; not a body cut off or empty, which a console sends too.
  return error instanceof ConsoleMalformedResponseError && error.foreign === true;
}

/** What `error` (a foreign answer) found, said for a person. */
export function foundIn(error: ConsoleError): string {
  if (error instanceof ConsoleHttpStatusError) return `HTTP ${error.status}, no console API at this URL`;
  return error instanceof ConsoleMalformedResponseError ? `an answer of another kind: ${error.problem}` : error.message;
}

/** Studio named (as the likely one), when the answer to STUDIO_PROBE is its wrapper; undefined for anything else. */
export function studioIn(response: ConsoleResponse): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const fields = json as Record<string, unknown>;
  if (!('code' in fields) || !('message' in fields) || 'status' in fields) return undefined;
  return `a REST API answering {code, message, data} at ${STUDIO_PROBE} (RocketMQ Studio, or another service), which this exporter does not read`;
}

// The page's <title>, read from the first bytes only.
const TITLE = /<title[^>]*>([^<]{0,200})<\/title>/i;
const TITLE_WINDOW = 16 * 1024;

/** `an HTML page titled "…"` (or without a title) for a body that is HTML. */
export function htmlPageOf(body: Buffer): string {
  const title = TITLE.exec(body.subarray(0, TITLE_WINDOW).toString('utf8'))?.[1]?.replace(/\s+/g, ' ').trim();
  return title === undefined || title === '' ? 'an HTML page' : `an HTML page titled "${title}"`;
}
