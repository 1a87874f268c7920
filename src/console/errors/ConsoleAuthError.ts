// The console wants a session this exporter cannot get: no credentials, wrong credentials, or a session it keeps refusing.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export type ConsoleAuthReason =
  /** The console asked for a login and no credentials are configured. */
  | 'login_required'
  /** `POST /login/login.do` refused the credentials. */
  | 'bad_credentials'
  /** A fresh login succeeded, yet the console still asked for one. */
  | 'session_rejected';

export class ConsoleAuthError extends ConsoleError {
  readonly kind = 'auth' as const;

  /** @param consoleMessage the console's own words, if it gave any (already first line only) */
  constructor(endpoint: string, readonly reason: ConsoleAuthReason, consoleMessage?: string, options?: ConsoleErrorOptions) {
    super(endpoint, describe(endpoint, reason, consoleMessage), options);
  }
}

function describe(endpoint: string, reason: ConsoleAuthReason, consoleMessage: string | undefined): string {
  const said = consoleMessage === undefined || consoleMessage === '' ? '' : ` (console: ${consoleMessage})`;
  switch (reason) {
    case 'login_required':
      return `the RocketMQ console requires a login for ${endpoint}${said}: set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD`;
    case 'bad_credentials':
      return `the RocketMQ console refused the login${said}: check ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD`;
    case 'session_rejected':
      return `the RocketMQ console asked for a login again on ${endpoint} right after a successful login${said}: check ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD, and that a proxy in front of the console keeps the JSESSIONID cookie`;
  }
}
