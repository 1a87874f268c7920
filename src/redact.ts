// Masks secrets in text bound for logs, labels or error messages, above all text that came from the console.

const MASK = '[redacted]';

// An ACL clientId `ip@AK|SK|group|pid` carries the secret key: any run of three or more `|`-joined segments.
const PIPE_RUN = /[^\s|"'`,;()<>[\]{}]*(?:\|[^\s|"'`,;()<>[\]{}]*){2,}/g;
// A segment that could be an access or secret key: six or more key-alphabet characters.
const KEY_LIKE = /[A-Za-z0-9+/=_.-]{6,}/;
// `secretKey=...`, `"accessKey": "..."`, `password ...`: the value after the word.
const KEYWORD_VALUE =
  /(?<![A-Za-z0-9])(access[_-]?key|secret[_-]?key|passw(?:or)?d)(?![A-Za-z0-9])(["']?(?:\s*[:=]\s*|\s+)["']?)([^\s"',;&()[\]{}]{6,})/gi;

/**
 * Returns `text` with every configured secret, every ACL clientId run and every value after an
 * accessKey/secretKey/password word replaced by `[redacted]`.
 */
export function redact(text: string, secrets?: readonly string[]): string {
  // Pipe runs first: a secret masked inside a run would break the run apart.
  let out = text.includes('|') ? text.replace(PIPE_RUN, maskPipeRun) : text;
  if (secrets !== undefined) {
    for (const secret of secrets) {
      if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(MASK);
    }
  }
  return out.replace(KEYWORD_VALUE, maskKeywordValue);
}

function maskPipeRun(run: string): string {
  const segments = run.split('|');
  let keyLike = false;
  for (const segment of segments) {
    if (KEY_LIKE.test(segment)) {
      keyLike = true;
      break;
    }
  }
  if (!keyLike) return run;
  // Keep `ip@` so the message still says which consumer it was about.
  const first = segments[0] ?? '';
  const at = first.lastIndexOf('@');
  return at >= 0 ? `${first.slice(0, at + 1)}${MASK}` : MASK;
}

function maskKeywordValue(_match: string, word: string, separator: string): string {
  return `${word}${separator}${MASK}`;
}
