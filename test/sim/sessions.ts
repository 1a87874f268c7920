// Console login sessions (JSESSIONID), with Tomcat's 30-minute idle expiry measured on the simulator clock.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export const SESSION_IDLE_MS = 30 * 60_000;

export class Sessions {
  private readonly lastSeen = new Map<string, number>();
  /** CSRF tokens handed out and not yet used by a login (Spring issues a new one with each session). */
  private readonly csrfTokens = new Set<string>();
  private succeeded = 0;
  private failed = 0;

  constructor(
    private readonly clock: Clock,
    readonly credentials: Credentials | null,
  ) {}

  get loginRequired(): boolean {
    return this.credentials !== null;
  }

  /** Checks a login form; returns the new session id, or null for bad credentials. */
  login(username: string | undefined, password: string | undefined): string | null {
    const c = this.credentials;
    if (c === null || username !== c.username || password !== c.password) {
      this.failed++;
      return null;
    }
    this.succeeded++;
    const id = randomBytes(16).toString('hex').toUpperCase();
    this.lastSeen.set(id, this.clock.now());
    return id;
  }

  /** True (and the session touched) when the id names a live session. */
  touch(id: string | undefined): boolean {
    if (id === undefined) return false;
    const seen = this.lastSeen.get(id);
    if (seen === undefined) return false;
    const now = this.clock.now();
    if (now - seen > SESSION_IDLE_MS) {
      this.lastSeen.delete(id);
      return false;
    }
    this.lastSeen.set(id, now);
    return true;
  }

  issueCsrfToken(): string {
    const token = randomUUID();
    this.csrfTokens.add(token);
    return token;
  }

  /** A POST's CSRF check: the X-XSRF-TOKEN header equals the XSRF-TOKEN cookie, and that token was handed out. */
  csrfAccepted(header: string | undefined, cookieHeader: string | undefined): boolean {
    return header !== undefined && header === cookieOf(cookieHeader, 'XSRF-TOKEN') && this.csrfTokens.has(header);
  }

  /** A login changes the token, as Spring's CsrfAuthenticationStrategy does. */
  rotateCsrfTokens(): void {
    this.csrfTokens.clear();
  }

  logout(id: string | undefined): void {
    if (id !== undefined) this.lastSeen.delete(id);
  }

  /** Drops every session, as a console restart does. */
  expireAll(): void {
    this.lastSeen.clear();
  }

  counts(): { succeeded: number; failed: number } {
    return { succeeded: this.succeeded, failed: this.failed };
  }
}

/** The JSESSIONID cookie of a request, if any. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  return cookieOf(cookieHeader, 'JSESSIONID');
}

function cookieOf(cookieHeader: string | undefined, name: string): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
