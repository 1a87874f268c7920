// The walk's deadline (WALK_TIMEOUT) passed before this call was made or answered; it was given up, not sent or cut.
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

export class ConsoleDeadlineError extends ConsoleError {
  readonly kind = 'deadline' as const;

  constructor(endpoint: string, options?: ConsoleErrorOptions) {
    super(
      endpoint,
      `the walk passed WALK_TIMEOUT before ${endpoint} was answered: its last data is carried; raise WALK_TIMEOUT or CONSOLE_CONCURRENCY, or narrow the walk with the topic and group filters`,
      options,
    );
  }
}
