// Turns a RocketMQ clientId into the (IP, PID) labels of the lag families (rules: API.md, "clientInfo").

export interface ClientLabels {
  readonly ip: string;
  readonly pid: string;
}

const NONE: ClientLabels = { ip: '', pid: '' };
const DIGITS = /^[0-9]+$/;
// Anything that is not plainly an address or a process id is dropped rather than exported.
const SAFE_IP = /^[0-9A-Za-z.:_[\]-]{1,253}$/;
const SAFE_PID = /^[0-9A-Za-z._-]{1,64}$/;

/**
 * ip: text before the first '@'. pid: the first '@'-separated part that is all digits once cut at '#',
 * else the first part cut at '#'. The ACL form `ip@AK|SK|group|pid` keeps only the last '|' field,
 * so the secret key never reaches a label.
 */
export function parseClientId(clientId: string | null): ClientLabels {
  if (clientId === null || clientId === '') return NONE;
  const at = clientId.indexOf('@');
  const rawIp = at < 0 ? clientId : clientId.slice(0, at);
  const ip = SAFE_IP.test(rawIp) ? rawIp : '';
  if (at < 0) return { ip, pid: '' };
  const rest = clientId.slice(at + 1);
  let pid: string;
  if (rest.includes('|')) {
    pid = cutAtHash(rest.slice(rest.lastIndexOf('|') + 1));
    if (!DIGITS.test(pid)) pid = '';
  } else {
    pid = firstPid(rest);
  }
  return { ip, pid: SAFE_PID.test(pid) ? pid : '' };
}

function firstPid(rest: string): string {
  const parts = rest.split('@');
  for (const part of parts) {
    const candidate = cutAtHash(part);
    if (DIGITS.test(candidate)) return candidate;
  }
  return cutAtHash(parts[0] ?? '');
}

function cutAtHash(part: string): string {
  const hash = part.indexOf('#');
  return hash < 0 ? part : part.slice(0, hash);
}
