// Every RocketMQ clientId shape of API.md, and the labels an exporter must derive from each.

import type { Prng } from './prng.js';

/**
 * java48 `ip@pid`; java49 `ip@pid#nanotime`; cpp `ip@pid#instanceName`; unit `ip@pid@unitName`;
 * broadcast `ip@DEFAULT`; spring `ip@<nameserver>@pid` (spring-nano adds `#nanotime`);
 * acl `ip@AK|SK|group|pid`; grpc `hostname@pid@index@base36time`.
 */
export type ClientShape = 'java48' | 'java49' | 'cpp' | 'unit' | 'broadcast' | 'spring' | 'spring-nano' | 'acl' | 'grpc';

export const CLIENT_SHAPES: readonly ClientShape[] = ['java49', 'java48', 'cpp', 'unit', 'spring', 'spring-nano', 'acl', 'grpc', 'broadcast'];

/** What an exporter should put in consumerClientIP / consumerClientPID for a clientId. */
export interface ClientLabels {
  readonly ip: string;
  readonly pid: string;
}

export const NO_CLIENT_LABELS: ClientLabels = { ip: '', pid: '' };

/** The parts of a process identity that a restart changes. */
export interface ProcessIdentity {
  pid: number;
  /** System.nanoTime() at start, decimal. */
  nano: string;
}

/** Fixed parts of a client, chosen when it is created. */
export interface ClientIdParts {
  readonly shape: ClientShape;
  readonly ip: string;
  readonly hostname: string;
  readonly group: string;
  readonly nameserver: string;
  readonly instanceName: string;
  readonly unitName: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly grpcIndex: number;
}

export function formatClientId(parts: ClientIdParts, identity: ProcessIdentity): string {
  const ip = parts.ip;
  const pid = identity.pid;
  switch (parts.shape) {
    case 'java48':
      return `${ip}@${pid}`;
    case 'java49':
      return `${ip}@${pid}#${identity.nano}`;
    case 'cpp':
      return `${ip}@${pid}#${parts.instanceName}`;
    case 'unit':
      return `${ip}@${pid}@${parts.unitName}`;
    case 'broadcast':
      return `${ip}@DEFAULT`;
    case 'spring':
      return `${ip}@${parts.nameserver}@${pid}`;
    case 'spring-nano':
      return `${ip}@${parts.nameserver}@${pid}#${identity.nano}`;
    case 'acl':
      return `${ip}@${parts.accessKey}|${parts.secretKey}|${parts.group}|${pid}`;
    case 'grpc':
      return `${parts.hostname}@${pid}@${parts.grpcIndex}@${BigInt(identity.nano).toString(36)}`;
  }
}

export function expectedLabels(parts: ClientIdParts, identity: ProcessIdentity): ClientLabels {
  if (parts.shape === 'broadcast') return { ip: parts.ip, pid: 'DEFAULT' };
  if (parts.shape === 'grpc') return { ip: parts.hostname, pid: String(identity.pid) };
  return { ip: parts.ip, pid: String(identity.pid) };
}

/** A plausible PID: containers often run the JVM as PID 1 or 6, hosts give larger numbers. */
export function drawPid(prng: Prng, avoid?: number): number {
  for (;;) {
    const roll = prng.next();
    const pid = roll < 0.2 ? 1 : roll < 0.25 ? 6 : prng.int(1000, 65000);
    if (pid !== avoid) return pid;
  }
}

/** System.nanoTime() of a JVM that has been up a while: 13 to 16 digits. */
export function drawNano(prng: Prng): string {
  return prng.digits(prng.int(13, 16));
}

const BASE64ISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function drawAccessKey(prng: Prng): string {
  return `LTAI${prng.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
}

/** A secret key as long and as random as a real one, so a leak is easy to search for. */
export function drawSecretKey(prng: Prng): string {
  return prng.chars(32, BASE64ISH);
}

/** RocketMQ's MQVersion ordinal for `V<major>_<minor>_<patch>`, anchored on the fixture's V4_9_4 = 402. */
export function versionCode(desc: string): number {
  const match = /^V(\d)_(\d)_(\d)$/.exec(desc);
  if (match === null) throw new Error(`not a release version: ${desc}`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return 213 + ((major - 4) * 100 + minor * 10 + patch) * 2 + 1;
}

/** Client library version and language each shape comes from. */
export function clientRuntime(shape: ClientShape): { language: string; versionDesc: string } {
  switch (shape) {
    case 'java48':
    case 'acl':
      return { language: 'JAVA', versionDesc: 'V4_7_1' };
    case 'cpp':
      return { language: 'CPP', versionDesc: 'V4_7_1' };
    case 'grpc':
      return { language: 'JAVA', versionDesc: 'V5_1_4' };
    default:
      return { language: 'JAVA', versionDesc: 'V4_9_4' };
  }
}
