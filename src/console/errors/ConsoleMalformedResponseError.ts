// The console answered, but the body is unusable: not JSON, cut off, or not the shape the API documents.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleMalformedResponseError extends ConsoleError {
  readonly kind = 'malformed' as const;
  /**
   * Set (only) when the body is no console's answer at all: an HTML page, or JSON without the `{status, data, errMsg}`
   * wrapper; what answers may be something else than a console (../target.ts).
   */
  declare readonly foreign?: true;

  /** @param problem where and what, e.g. `data.queueStatInfoList[3].brokerOffset: expected a number` */
  constructor(endpoint: string, readonly problem: string, options?: ConsoleErrorOptions & { readonly foreign?: boolean }) {
    super(
      endpoint,
      `the RocketMQ console answered ${endpoint} with an unusable body: ${problem}; check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers`,
      options,
    );
    if (options?.foreign === true) Object.defineProperty(this, 'foreign', { value: true, enumerable: true });
  }
}
