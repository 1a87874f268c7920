// The console answered `status -1`: the call failed inside the console (broker RPC error, group offline, cache building).
import { redact } from '../../redact.js';
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

// Java messages carry stack-ish tails and FAQ links; the first line says what happened.
const MAX_CONSOLE_MESSAGE = 300;

export class ConsoleStatusError extends ConsoleError {
  readonly kind = 'console_error' as const;
  /** The console's `errMsg`: first line only, redacted, capped. */
  readonly consoleMessage: string;

  constructor(endpoint: string, readonly status: number, errMsg: string | null, options?: ConsoleErrorOptions) {
    const summary = summarise(errMsg, options?.secrets);
    super(endpoint, `the RocketMQ console failed to serve ${endpoint} (status ${status}): ${summary}`, options);
    this.consoleMessage = summary;
  }
}

/** First line, redacted before it is cut so that a cut never leaves half a secret. */
export function summarise(errMsg: string | null, secrets?: readonly string[]): string {
  if (errMsg === null || errMsg.trim() === '') return 'no error message';
  const firstLine = redact(errMsg.trim().split(/\r?\n/, 1)[0] ?? '', secrets);
  return firstLine.length > MAX_CONSOLE_MESSAGE ? `${firstLine.slice(0, MAX_CONSOLE_MESSAGE)}…` : firstLine;
}
