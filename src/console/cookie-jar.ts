// The console's session lives in cookies (JSESSIONID, and whatever else a proxy adds): keep them all, send them all.

export class CookieJar {
  private readonly cookies = new Map<string, string>();
  private header: string | undefined;

  /** Takes every `Set-Cookie` of a response. */
  store(setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    if (typeof setCookie === 'string') this.storeOne(setCookie);
    else for (const line of setCookie) this.storeOne(line);
  }

  /** The value of one cookie, or undefined. */
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The `Cookie` header to send, or undefined when there is none. */
  cookieHeader(): string | undefined {
    return this.header;
  }

  private storeOne(line: string): void {
    const end = line.indexOf(';');
    const pair = end < 0 ? line : line.slice(0, end);
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name === '') return;
    if (end >= 0 && isExpired(line.slice(end + 1))) this.cookies.delete(name);
    else this.cookies.set(name, value);
    this.header = this.cookies.size === 0 ? undefined : [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

// A server deletes a cookie by sending it already expired.
function isExpired(attributes: string): boolean {
  const maxAge = /(?:^|;)\s*max-age\s*=\s*(-?\d+)/i.exec(attributes);
  if (maxAge?.[1] !== undefined) return Number(maxAge[1]) <= 0;
  const expires = /(?:^|;)\s*expires\s*=\s*([^;]+)/i.exec(attributes);
  if (expires?.[1] === undefined) return false;
  const at = Date.parse(expires[1]);
  return Number.isFinite(at) && at <= Date.now();
}
