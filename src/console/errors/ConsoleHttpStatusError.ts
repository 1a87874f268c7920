// An HTTP status the console API never uses for an answer (404, 403, 500, a redirect elsewhere than the login page).
import { redact } from '../../redact.js';
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleHttpStatusError extends ConsoleError {
  readonly kind = 'http_status' as const;
  /** The Location header of a redirect, if any; redacted, like the message that quotes it. */
  readonly location: string | undefined;

  constructor(endpoint: string, readonly status: number, location?: string, options?: ConsoleErrorOptions) {
    super(endpoint, `the RocketMQ console answered ${endpoint} with HTTP ${status}: ${advice(status, location)}`, options);
    this.location = location === undefined ? undefined : redact(location, options?.secrets);
  }
}

function advice(status: number, location: string | undefined): string {
  if (status >= 300 && status < 400) {
    return `it redirects${location === undefined ? '' : ` to ${location}`}; set ROCKETMQ_CONSOLE_URL to the console's final URL (scheme, host, context path)`;
  }
  if (status === 404) return 'check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard, with its context path';
  if (status === 401 || status === 403) {
    return 'the console or a proxy in front of it refused the request; this exporter supports only the console session login (ROCKETMQ_CONSOLE_USERNAME, ROCKETMQ_CONSOLE_PASSWORD)';
  }
  if (status >= 500) return 'the console failed; see its log';
  return 'check ROCKETMQ_CONSOLE_URL and the console version';
}
