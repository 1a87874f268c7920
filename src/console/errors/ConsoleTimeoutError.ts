// The whole request (connect, headers and body) did not finish within CONSOLE_TIMEOUT.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleTimeoutError extends ConsoleError {
  readonly kind = 'timeout' as const;

  constructor(endpoint: string, readonly timeoutMs: number, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `the RocketMQ console did not answer ${endpoint} within ${timeoutMs} ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded`,
      options,
    );
  }
}
