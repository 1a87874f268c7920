// Base of every failure of a console call; `kind` is fit for a metric label, the message for a person.
import { redact } from '../../redact.js';

export const CONSOLE_ERROR_KINDS = [
  'unreachable', 'timeout', 'http_status', 'console_error', 'auth', 'malformed', 'too_large', 'deadline', 'not_console', 'tls',
] as const;

export type ConsoleErrorKind = (typeof CONSOLE_ERROR_KINDS)[number];

export interface ConsoleErrorOptions {
  /** Secrets to mask in the message (the console password). */
  readonly secrets?: readonly string[] | undefined;
  readonly cause?: unknown;
}

export abstract class ConsoleError extends Error {
  abstract readonly kind: ConsoleErrorKind;

  /** @param endpoint the console path without query, e.g. `/topic/queryConsumerByTopic.query` */
  protected constructor(readonly endpoint: string, message: string, options: ConsoleErrorOptions = {}) {
    super(redact(message, options.secrets), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}
