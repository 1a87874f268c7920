// No answer at all: connection refused or reset before a response, DNS failure, TLS failure.
import { redact } from '../../redact.js';
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleUnreachableError extends ConsoleError {
  readonly kind = 'unreachable' as const;
  /** What the network said, e.g. `connect ECONNREFUSED 10.0.0.5:8080`; redacted, like the message that quotes it. */
  readonly detail: string;

  constructor(endpoint: string, detail: string, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `cannot reach the RocketMQ console for ${endpoint} (${detail}): check ROCKETMQ_CONSOLE_URL and that the console is up`,
      options,
    );
    this.detail = redact(detail, options?.secrets);
  }
}
