// The console session: whether a login is needed, one login for concurrent callers, one more when the console asks,
// and a fast failure for a growing while after a failed login. It speaks no HTTP: the client lends it raw attempts.
import {
  ConsoleAuthError,
  ConsoleError,
  ConsoleTimeoutError,
  ConsoleUnreachableError,
} from './errors/index.js';
import { isForeignAnswer } from './target.js';
import type { LoginCheck } from './types.js';
import { isLoginDemand } from './unwrap.js';

export type ConsoleLoginEvent =
  | { readonly ok: true }
  /** `error` says why (refused credentials, or a console that failed, timed out, or was out of reach); no attempt for `retryInMs`. */
  | { readonly ok: false; readonly error: ConsoleError; readonly retryInMs: number };

export interface ConsoleCredentials {
  readonly username: string;
  readonly password: string;
}

/** One request each, made by the client (slot, timeout, onRequest report); each fails with a ConsoleError. */
export interface LoginAttempts {
  /** `GET /login/check.query`. */
  check(): Promise<LoginCheck>;
  /** `POST /login/login.do` (with its CSRF token where needed); ConsoleAuthError `bad_credentials` when the console refuses them. */
  login(credentials: ConsoleCredentials): Promise<void>;
}

export interface ConsoleSessionOptions {
  /** Undefined: never log in; a console that asks for a login fails the call with ConsoleAuthError `login_required`. */
  readonly credentials: ConsoleCredentials | undefined;
  readonly attempts: LoginAttempts;
  readonly onLogin?: ((event: ConsoleLoginEvent) => void) | undefined;
}

// After a failed login, calls fail at once with its error instead of each trying (and logging) a login: for 10 s,
// doubled after each failure in a row up to 5 min, so that a console refusing or failing logins is not hammered.
export const LOGIN_BACKOFF_FIRST_MS = 10_000;
export const LOGIN_BACKOFF_MAX_MS = 300_000;

export class ConsoleSession {
  private readonly credentials: ConsoleCredentials | undefined;
  private readonly attempts: LoginAttempts;
  private readonly onLogin: ConsoleSessionOptions['onLogin'];
  private readonly secrets: readonly string[];
  /** Counts successful logins: a call that was refused under an older session need not log in again. */
  private generation = 0;
  private ready = false;
  private setup: Promise<void> | undefined;
  private loginInFlight: Promise<void> | undefined;
  private failedLogin: { readonly error: ConsoleError; readonly until: number; readonly inARow: number } | undefined;

  constructor(options: ConsoleSessionOptions) {
    this.credentials = options.credentials;
    this.attempts = options.attempts;
    this.onLogin = options.onLogin;
    const password = options.credentials?.password;
    this.secrets = password === undefined || password === '' ? [] : [password];
  }

  /**
   * Runs `call` (one request to `endpoint`) in a session: logs in first if needed, and once more (then runs `call`
   * once more) if the console asks for a login. Fails with ConsoleAuthError `session_rejected` if it asks again.
   */
  async run<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
    if (!this.ready && this.credentials !== undefined) await this.setUp();
    const generation = this.generation;
    try {
      return await call();
    } catch (error) {
      if (!isLoginDemand(error) || this.credentials === undefined) throw error;
    }
    await this.relogin(generation);
    try {
      return await call();
    } catch (error) {
      if (isLoginDemand(error)) throw new ConsoleAuthError(endpoint, 'session_rejected', undefined, { secrets: this.secrets });
      throw error;
    }
  }

  /** First guarded call: ask whether a login is needed at all, and log in if so (shared by concurrent calls). */
  private setUp(): Promise<void> {
    this.setup ??= this.checkThenLogin().finally(() => {
      this.setup = undefined;
    });
    return this.setup;
  }

  private async checkThenLogin(): Promise<void> {
    this.throwIfLoginBackingOff();
    let required = true;
    try {
      const check = await this.attempts.check();
      required = check.loginRequired && !check.logined;
    } catch (error) {
      // Console 1.0 has no login at all (404). A page or other JSON is no console's answer: no login is tried, and the
      // call itself tells what answers instead (not_console). A console out of reach fails this call; any other failed
      // check is no answer, and the login itself will tell.
      if (error instanceof ConsoleError && isForeignAnswer(error)) required = false;
      else if (error instanceof ConsoleUnreachableError || error instanceof ConsoleTimeoutError) throw error;
    }
    if (required) await this.login();
    else this.ready = true;
  }

  /** Logs in again unless another call already did since `seenGeneration`; concurrent callers share one login. */
  private async relogin(seenGeneration: number): Promise<void> {
    if (this.generation !== seenGeneration) return;
    this.loginInFlight ??= Promise.resolve()
      .then(() => {
        this.throwIfLoginBackingOff();
        return this.login();
      })
      .finally(() => {
        this.loginInFlight = undefined;
      });
    await this.loginInFlight;
  }

  private async login(): Promise<void> {
    const credentials = this.credentials;
    if (credentials === undefined) return;
    try {
      await this.attempts.login(credentials);
      this.generation++;
      this.ready = true;
      this.failedLogin = undefined;
    } catch (error) {
      if (!(error instanceof ConsoleError)) throw error;
      const inARow = (this.failedLogin?.inARow ?? 0) + 1;
      const retryInMs = Math.min(LOGIN_BACKOFF_MAX_MS, LOGIN_BACKOFF_FIRST_MS * 2 ** (inARow - 1));
      this.failedLogin = { error, until: Date.now() + retryInMs, inARow };
      this.notifyLogin({ ok: false, error, retryInMs });
      throw error;
    }
    this.notifyLogin({ ok: true });
  }

  private throwIfLoginBackingOff(): void {
    if (this.failedLogin !== undefined && Date.now() < this.failedLogin.until) throw this.failedLogin.error;
  }

  private notifyLogin(event: ConsoleLoginEvent): void {
    try {
      this.onLogin?.(event);
    } catch {
      // ignored on purpose: an observer must not break the login
    }
  }
}
