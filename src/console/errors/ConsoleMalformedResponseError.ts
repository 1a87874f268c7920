// The console answered, but the body is unusable: not JSON, cut off, or not the shape the API documents.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleMalformedResponseError extends ConsoleError {
  readonly kind = 'malformed' as const;

  /** @param problem where and what, e.g. `data.queueStatInfoList[3].brokerOffset: expected a number` */
  constructor(endpoint: string, readonly problem: string, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `the RocketMQ console answered ${endpoint} with an unusable body: ${problem}; check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers`,
      options,
    );
  }
}
