// Basic authentication against the bcrypt hashes of the web configuration's basic_auth_users. bcrypt is slow on purpose
// (cost 10: about 90 ms of CPU in JavaScript), so a verified user and password is remembered for a while under a keyed
// hash of the pair, never the pair itself: a scrape every 15 s costs one bcrypt every CACHE_TTL_MS, not one per scrape.
import { createHmac, randomBytes } from 'node:crypto';

/** The challenge of a 401. */
export const BASIC_AUTH_CHALLENGE = 'Basic realm="rocketmq-lag-exporter"';

/** allowed; denied (no, malformed or wrong credentials); busy: too many verifications waiting, try again shortly. */
export type Verdict = 'allowed' | 'denied' | 'busy';

export interface BasicAuthOptions {
  /** How long a verified user and password is taken without bcrypt; default 5 min. */
  readonly cacheTtlMs?: number;
  /** Verified pairs remembered at most; default 64. */
  readonly cacheSize?: number;
  /** bcrypt verifications running or waiting at most (they run one at a time); past it: busy. Default 8. */
  readonly maxPending?: number;
  readonly now?: () => number;
  /** bcryptjs' compare; tests count the calls. */
  readonly compare?: (password: string, hash: string) => Promise<boolean>;
}

const CACHE_TTL_MS = 5 * 60_000;

/** The user and password of an `Authorization: Basic` header; undefined when there is none or it is malformed. */
export function basicCredentials(header: string | undefined): { readonly user: string; readonly password: string } | undefined {
  const match = /^basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuth {
  // Keys the cache's hashes: they cannot be checked against guesses by anyone who reads the process's memory.
  private readonly secret = randomBytes(32);
  /** Keyed hash of a verified user and password → when it stops counting (ms). */
  private readonly verified = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly cacheSize: number;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly compare: (password: string, hash: string) => Promise<boolean>;
  /** A hash of nothing, of the users' highest cost: an unknown user costs as much time as a known one. */
  private readonly decoy: string;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** `users`: user name → bcrypt hash, checked by web-config.ts; at least one. */
  constructor(private readonly users: ReadonlyMap<string, string>, options: BasicAuthOptions = {}) {
    this.ttlMs = options.cacheTtlMs ?? CACHE_TTL_MS;
    this.cacheSize = options.cacheSize ?? 64;
    this.maxPending = options.maxPending ?? 8;
    this.now = options.now ?? Date.now;
    // bcryptjs is loaded at the first check: a process without basic_auth_users never holds it.
    this.compare = options.compare ?? (async (password, hash) => (await import('bcryptjs')).default.compare(password, hash));
    const cost = Math.max(4, ...[...users.values()].map((hash) => Number(hash.slice(4, 6))));
    // bcrypt compares a computed hash of the full 60 characters: the salt decides the work, the rest only has to be there.
    this.decoy = decoySalt(cost) + '.'.repeat(31);
  }

  /** Checks an Authorization header. */
  async check(authorization: string | undefined): Promise<Verdict> {
    const credentials = basicCredentials(authorization);
    if (credentials === undefined) return 'denied';
    const key = createHmac('sha256', this.secret).update(JSON.stringify([credentials.user, credentials.password])).digest('base64');
    const until = this.verified.get(key);
    if (until !== undefined && until > this.now()) {
      // Each use keeps a verified pair (the users are read once, at start): a scraper every few minutes never
      // waits behind a flood of guesses for its own bcrypt.
      this.remember(key);
      return 'allowed';
    }
    // bcrypt reads 72 bytes at most: a longer password would match on its first 72 alone.
    if (Buffer.byteLength(credentials.password) > MAX_PASSWORD_BYTES) return 'denied';
    if (this.pending >= this.maxPending) return 'busy';
    const hash = this.users.get(credentials.user);
    // bcryptjs compares the hashes in constant time; an unknown user is compared against the decoy, in the same time.
    const match = await this.oneAtATime(() => this.compare(credentials.password, hash ?? this.decoy));
    if (!match || hash === undefined) return 'denied';
    this.remember(key);
    return 'allowed';
  }

  /** bcrypt runs in slices on the event loop; one verification at a time keeps a flood of guesses from starving scrapes. */
  private oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run.finally(() => {
      this.pending--;
    });
  }

  private remember(key: string): void {
    const now = this.now();
    this.verified.delete(key);
    this.verified.set(key, now + this.ttlMs);
    if (this.verified.size <= this.cacheSize) return;
    for (const [k, until] of this.verified) if (until <= now) this.verified.delete(k);
    // Still full: the oldest goes (a Map iterates in insertion order).
    for (const k of this.verified.keys()) {
      if (this.verified.size <= this.cacheSize) break;
      this.verified.delete(k);
    }
  }
}

const MAX_PASSWORD_BYTES = 72;

// bcrypt's own base64 alphabet.
const BCRYPT_BASE64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random bcrypt salt of `cost`, `$2b$NN$` and 22 characters, as bcryptjs' genSaltSync makes one. */
function decoySalt(cost: number): string {
  const chars = Array.from(randomBytes(22), (byte) => BCRYPT_BASE64[byte % 64] as string).join('');
  return `$2b$${String(cost).padStart(2, '0')}$${chars}`;
}
