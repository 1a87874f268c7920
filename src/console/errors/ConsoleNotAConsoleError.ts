// What answers at ROCKETMQ_CONSOLE_URL is not a RocketMQ console or dashboard: RocketMQ Studio, a web server, a proxy.
import { redact } from '../../redact.js';
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleNotAConsoleError extends ConsoleError {
  readonly kind = 'not_console' as const;
  /** What answers instead, e.g. `RocketMQ Studio (...)` or `an HTML page titled "Welcome to nginx!"`; redacted. */
  readonly found: string;

  constructor(endpoint: string, found: string, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `ROCKETMQ_CONSOLE_URL does not answer ${endpoint} as a RocketMQ console or dashboard does: found ${found}; set it to the URL of a rocketmq-console or rocketmq-dashboard, with its context path`,
      options,
    );
    this.found = redact(found, options?.secrets);
  }
}
