// One import for callers that branch on the error class.
export { ConsoleError, CONSOLE_ERROR_KINDS, type ConsoleErrorKind, type ConsoleErrorOptions } from './ConsoleError.js';
export { ConsoleUnreachableError } from './ConsoleUnreachableError.js';
export { ConsoleTimeoutError } from './ConsoleTimeoutError.js';
export { ConsoleHttpStatusError } from './ConsoleHttpStatusError.js';
export { ConsoleStatusError } from './ConsoleStatusError.js';
export { ConsoleAuthError, type ConsoleAuthReason } from './ConsoleAuthError.js';
export { ConsoleMalformedResponseError } from './ConsoleMalformedResponseError.js';
export { ConsoleResponseTooLargeError } from './ConsoleResponseTooLargeError.js';
export { ConsoleDeadlineError } from './ConsoleDeadlineError.js';
export { ConsoleNotAConsoleError } from './ConsoleNotAConsoleError.js';
export { ConsoleTlsError, isCertificateError } from './ConsoleTlsError.js';
