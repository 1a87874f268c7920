// No answer at all: connection refused or reset before a response, DNS failure, TLS failure.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleUnreachableError extends ConsoleError {
  readonly kind = 'unreachable' as const;

  /** @param detail what the network said, e.g. `connect ECONNREFUSED 10.0.0.5:8080` */
  constructor(endpoint: string, readonly detail: string, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `cannot reach the RocketMQ console for ${endpoint} (${detail}): check ROCKETMQ_CONSOLE_URL and that the console is up`,
      options,
    );
  }
}
