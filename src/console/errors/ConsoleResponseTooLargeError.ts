// The body passed CONSOLE_MAX_RESPONSE_BYTES; the request was aborted without reading the rest.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleResponseTooLargeError extends ConsoleError {
  readonly kind = 'too_large' as const;

  constructor(endpoint: string, readonly maxBytes: number, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `the RocketMQ console's answer to ${endpoint} is larger than ${maxBytes} bytes: raise CONSOLE_MAX_RESPONSE_BYTES`,
      options,
    );
  }
}
