// Request parameter decoding as Tomcat does it for Spring: `+` is a space, a malformed escape drops the parameter.

import type { RequestParams } from './faults.js';

const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

function decode(text: string): string | undefined {
  if (MALFORMED_ESCAPE.test(text)) return undefined;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `a=1&b=%25RETRY%25g` -> {a: '1', b: '%RETRY%g'}; the first value of a repeated name wins (getParameter). */
export function parseParams(query: string): RequestParams {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  if (query === '') return params;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (name === undefined || value === undefined || name in params) continue;
    params[name] = value;
  }
  return params;
}
