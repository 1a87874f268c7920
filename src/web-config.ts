// WEB_CONFIG_FILE: the exporter-toolkit web configuration file (what Prometheus exporters read with --web.config.file),
// read and checked at start into a WebConfig; the HTTPS server it asks for is ./tls-server.ts, loaded only then.
// Every error is a ConfigError of one line naming the file and the field; no password hash or key is ever in one.
import { readFileSync } from 'node:fs';
import { validateHeaderValue, type RequestListener, type Server } from 'node:http';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { SecureContextOptions, SecureVersion } from 'node:tls';
import { ConfigError } from './config.js';
import type { Logger } from './log.js';

const VARIABLE = 'WEB_CONFIG_FILE';

/** Go's crypto/tls client authentication policies, by their exporter-toolkit names. */
export const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const TLS_VERSIONS: Readonly<Record<string, SecureVersion>> = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' };

export interface TlsServerConfig {
  /** Absolute paths: a relative one in the file is relative to the file's folder, as exporter-toolkit reads it. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile: string | undefined;
  readonly clientAuthType: ClientAuthType;
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
}

export interface WebConfig {
  /** The path WEB_CONFIG_FILE gave, for messages. */
  readonly file: string;
  /** tls_server_config: HTTPS; undefined: plain HTTP. */
  readonly https: Https | undefined;
  /** User name → bcrypt hash; empty: no basic authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** Added to every response. */
  readonly headers: Readonly<Record<string, string>>;
}

/** tls_server_config as read, the files it names as read at start, and the server that serves them. */
export interface Https {
  readonly tls: TlsServerConfig;
  readonly files: TlsFiles;
  /** The HTTPS server for a request listener, serving the files and re-reading them when they change (./tls-server.ts). */
  server(listener: RequestListener, logger: Logger): Server;
}

/** The TLS files' content, checked: a certificate, its key, the client CAs. */
export interface TlsFiles {
  readonly options: SecureContextOptions;
  /** Of the server certificate, for the logs. */
  readonly serialNumber: string;
  readonly validTo: string;
  /** The files' state on disk when they were read (see TlsFilesWatch). */
  readonly stamp: string;
}

export type ReadFile = (path: string) => Buffer;

/** One line naming the file and, when there is one, the field. */
export function failure(file: string, field: string, problem: string): ConfigError {
  const where = field === '' ? '' : `${field}: `;
  return new ConfigError(VARIABLE, `${VARIABLE}: ${JSON.stringify(file)}: ${where}${problem}`.replace(/\s*[\r\n]+\s*/g, ' '));
}

/** The first part of a Node.js error message ("ENOENT: no such file or directory"), never a file's content. */
export function reason(error: unknown): string {
  return error instanceof Error ? (error.message.split(', ')[0] ?? error.message) : 'unreadable';
}

// Fields of exporter-toolkit's format this exporter does not implement: set, they stop the start rather than being
// silently ignored (an ignored client_allowed_sans would let in clients the file means to refuse).
const UNSUPPORTED: Readonly<Record<string, string>> = {
  rate_limit: 'a rate limit',
  'tls_server_config.cert': 'an inline certificate: use cert_file',
  'tls_server_config.key': 'an inline key: use key_file',
  'tls_server_config.client_ca': 'inline client CAs: use client_ca_file',
  'tls_server_config.cipher_suites': "Go's cipher suite names: OpenSSL's defaults for TLS 1.2 apply",
  'tls_server_config.curve_preferences': "Go's curve names: OpenSSL's defaults apply",
  'tls_server_config.client_allowed_sans': 'client SAN matching: use client_ca_file with a CA that signs only the allowed clients',
};

// exporter-toolkit's headers, and the values it allows for the two that are enumerations; no other header (Content-Type,
// Authorization, WWW-Authenticate...) can be set, so that the file cannot break the answers.
const HEADERS: Readonly<Record<string, readonly string[] | undefined>> = {
  'Strict-Transport-Security': undefined,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': undefined,
  'Content-Security-Policy': undefined,
};

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

class Reader {
  constructor(readonly file: string) {}

  fail(field: string, problem: string): ConfigError {
    return failure(this.file, field, problem);
  }

  /** A mapping with text keys, each among `known` (or an unsupported field, refused with why); null is empty. */
  mapping(value: unknown, field: string, known: readonly string[]): Map<string, unknown> {
    const entries = this.entries(value, field);
    for (const key of entries.keys()) {
      const path = field === '' ? key : `${field}.${key}`;
      const unsupported = UNSUPPORTED[path];
      if (unsupported !== undefined) throw this.fail(path, `not supported by rocketmq-lag-exporter (${unsupported}); remove it`);
      if (!known.includes(key)) throw this.fail(path, `unknown field; expected ${known.join(', ')}`);
    }
    return entries;
  }

  /** Any mapping with text keys; null is empty. */
  entries(value: unknown, field: string): Map<string, unknown> {
    if (value === null || value === undefined) return new Map();
    if (!(value instanceof Map)) throw this.fail(field === '' ? 'the document' : field, 'expected a mapping');
    const out = new Map<string, unknown>();
    for (const [key, item] of value as Map<unknown, unknown>) {
      if (typeof key !== 'string' && typeof key !== 'number') throw this.fail(field === '' ? 'the document' : field, 'a key is not plain text');
      out.set(String(key), item);
    }
    return out;
  }

  /** Text, or undefined when unset or empty. */
  text(value: unknown, field: string): string | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw this.fail(field, 'expected text');
    return value;
  }

  boolean(value: unknown, field: string): boolean | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.fail(field, 'expected true or false');
    return value;
  }

  /** A path relative to the file's folder, as exporter-toolkit joins them. */
  path(value: unknown, field: string): string | undefined {
    const path = this.text(value, field);
    return path === undefined ? undefined : isAbsolute(path) ? path : resolve(dirname(resolve(this.file)), path);
  }
}

// The YAML parser is loaded only when WEB_CONFIG_FILE is set: a process without one never holds it.
async function parseYaml(file: string, text: string): Promise<unknown> {
  const { LineCounter, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const [error] = doc.errors;
  if (error !== undefined) {
    const { line, col } = lines.linePos(error.pos[0]);
    // An alias error quotes the alias: a password pasted in place of a hash (`*secret`) would be printed.
    const what = error.code === 'BAD_ALIAS' ? 'an alias (*name) without its anchor; a value starting with * needs quotes' : error.message;
    throw failure(file, '', `not valid YAML at line ${line}, column ${col}: ${what}`);
  }
  try {
    // Maps, not objects: keys of any type reach the checks, and no key can be __proto__.
    return doc.toJS({ mapAsMap: true, maxAliasCount: 100 });
  } catch {
    // Not the parser's message, which quotes the alias: a password pasted in place of a hash (`*secret`) would be printed.
    throw failure(file, '', `not valid YAML: an alias (*name) without its anchor, or too many aliases; a value starting with * needs quotes`);
  }
}

function tlsVersion(reader: Reader, value: unknown, field: string, fallback: SecureVersion): SecureVersion {
  const name = reader.text(value, field);
  if (name === undefined) return fallback;
  const version = TLS_VERSIONS[name];
  if (version !== undefined) return version;
  const obsolete = name === 'TLS10' || name === 'TLS11';
  throw reader.fail(field, `${JSON.stringify(name)} is ${obsolete ? 'not supported (TLS 1.0 and 1.1 are obsolete)' : 'not a TLS version'}; expected TLS12 or TLS13`);
}

function clientAuthType(reader: Reader, value: unknown, field: string): ClientAuthType {
  const name = reader.text(value, field) ?? 'NoClientCert';
  // exporter-toolkit still reads the old name of RequireAnyClientCert.
  if (name === 'RequireClientCert') return 'RequireAnyClientCert';
  const found = CLIENT_AUTH_TYPES.find((type) => type === name);
  if (found === undefined) throw reader.fail(field, `${JSON.stringify(name)} is not a client auth type; expected one of ${CLIENT_AUTH_TYPES.join(', ')}`);
  return found;
}

function tlsServerConfig(reader: Reader, value: unknown): TlsServerConfig | undefined {
  const field = 'tls_server_config';
  const tls = reader.mapping(value, field, ['cert_file', 'key_file', 'client_auth_type', 'client_ca_file', 'min_version', 'max_version', 'prefer_server_cipher_suites']);
  if (tls.size === 0) return undefined;
  const certFile = reader.path(tls.get('cert_file'), `${field}.cert_file`);
  const keyFile = reader.path(tls.get('key_file'), `${field}.key_file`);
  if (certFile === undefined) throw reader.fail(`${field}.cert_file`, 'missing; HTTPS needs cert_file and key_file');
  if (keyFile === undefined) throw reader.fail(`${field}.key_file`, 'missing; HTTPS needs cert_file and key_file');
  const clientCaFile = reader.path(tls.get('client_ca_file'), `${field}.client_ca_file`);
  const authType = clientAuthType(reader, tls.get('client_auth_type'), `${field}.client_auth_type`);
  if (clientCaFile !== undefined && authType === 'NoClientCert') {
    throw reader.fail(`${field}.client_ca_file`, 'set while client_auth_type is NoClientCert, which asks for no client certificate; set client_auth_type: RequireAndVerifyClientCert');
  }
  if (clientCaFile === undefined && (authType === 'RequireAndVerifyClientCert' || authType === 'VerifyClientCertIfGiven')) {
    throw reader.fail(`${field}.client_ca_file`, `missing; client_auth_type ${authType} verifies client certificates against it`);
  }
  const minVersion = tlsVersion(reader, tls.get('min_version'), `${field}.min_version`, 'TLSv1.2');
  const maxVersion = tlsVersion(reader, tls.get('max_version'), `${field}.max_version`, 'TLSv1.3');
  if (minVersion > maxVersion) throw reader.fail(`${field}.min_version`, 'above max_version');
  // Go's TLS 1.3 ignores it, as does OpenSSL: read for compatibility, without effect.
  reader.boolean(tls.get('prefer_server_cipher_suites'), `${field}.prefer_server_cipher_suites`);
  return { certFile, keyFile, clientCaFile, clientAuthType: authType, minVersion, maxVersion };
}

function users(reader: Reader, value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const [user, hash] of reader.entries(value, 'basic_auth_users')) {
    const field = `basic_auth_users.${user}`;
    if (user === '' || user.includes(':')) throw reader.fail(`basic_auth_users`, `the user name ${JSON.stringify(user)} is empty or holds ":", which basic authentication cannot carry`);
    const cost = typeof hash === 'string' ? Number(BCRYPT.exec(hash)?.[1]) : NaN;
    // The value is never shown: it is a password hash, or a password put there by mistake.
    if (typeof hash !== 'string' || !(cost >= 4 && cost <= 31)) {
      throw reader.fail(field, 'not a bcrypt hash (the value is not shown); expected $2y$, $2a$ or $2b$ with a cost of 4 to 31, as `htpasswd -nBC 10 "" | tr -d \':\\n\'` prints');
    }
    out.set(user, hash);
  }
  return out;
}

function headers(reader: Reader, value: unknown): Record<string, string> {
  const field = 'http_server_config';
  const http = reader.mapping(value, field, ['headers', 'http2']);
  // HTTP/2 is not served (HTTP/1.1 is, which every Prometheus speaks): read for compatibility, without effect.
  reader.boolean(http.get('http2'), `${field}.http2`);
  const out: Record<string, string> = {};
  for (const [name, raw] of reader.entries(http.get('headers'), `${field}.headers`)) {
    const path = `${field}.headers.${name}`;
    if (!Object.hasOwn(HEADERS, name)) throw reader.fail(path, `this header cannot be set; expected one of ${Object.keys(HEADERS).join(', ')}`);
    const text = reader.text(raw, path);
    if (text === undefined) continue;
    const allowed = HEADERS[name];
    if (allowed !== undefined && !allowed.includes(text)) throw reader.fail(path, `${JSON.stringify(text)} is not allowed; expected ${allowed.join(' or ')}`);
    try {
      validateHeaderValue(name, text);
    } catch {
      throw reader.fail(path, 'holds characters a header cannot carry');
    }
    out[name] = text;
  }
  return out;
}

/** Reads and checks the web configuration file; undefined when WEB_CONFIG_FILE is unset. */
export async function loadWebConfig(file: string | undefined, readFile: ReadFile = readFileSync): Promise<WebConfig | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFile(file).toString('utf8');
  } catch (error) {
    throw new ConfigError(VARIABLE, `${VARIABLE}: cannot read ${JSON.stringify(file)} (${reason(error)}); expected a readable file, for example ${VARIABLE}=/etc/rocketmq-lag-exporter/web/web-config.yml`);
  }
  const reader = new Reader(file);
  const top = reader.mapping(await parseYaml(file, text), '', ['tls_server_config', 'http_server_config', 'basic_auth_users']);
  const tls = tlsServerConfig(reader, top.get('tls_server_config'));
  const config = { file, users: users(reader, top.get('basic_auth_users')), headers: headers(reader, top.get('http_server_config')) };
  if (tls === undefined) return { ...config, https: undefined };
  // node:https, node:tls and node:crypto's certificate classes, only for a process that serves HTTPS.
  const { readTlsFiles, httpsServer } = await import('./tls-server.js');
  const files = readTlsFiles(file, tls, readFile);
  return { ...config, https: { tls, files, server: (listener, logger) => httpsServer(file, tls, files, logger, listener) } };
}
