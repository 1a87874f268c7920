// The exporter's configuration: every environment variable is read, checked and typed here, once, at start.

import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { formatDuration, parseDuration } from './duration.js';

export type WalkMode = 'topic' | 'group';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** Base URL of the console, http or https, may carry a path prefix, no trailing slash. */
  readonly consoleUrl: string;
  readonly consoleUsername: string | undefined;
  /** Secret: never printed anywhere. */
  readonly consolePassword: string | undefined;
  /** '' means all interfaces; an IPv6 address comes without brackets. */
  readonly listenHost: string;
  readonly listenPort: number;
  /** Starts with '/'. */
  readonly metricsPath: string;
  /** A valid Prometheus metric name prefix. */
  readonly metricsPrefix: string;
  readonly ignoredTopics: ReadonlySet<string>;
  /** Full-match (anchored) regexes; an exclude match wins over an include match. */
  readonly topicInclude: RegExp | undefined;
  readonly topicExclude: RegExp | undefined;
  readonly groupInclude: RegExp | undefined;
  readonly groupExclude: RegExp | undefined;
  readonly includeSystemTopics: boolean;
  /** Retry backlog counted as the group's lag. */
  readonly includeRetryTopics: boolean;
  readonly includeDlqTopics: boolean;
  readonly walkMode: WalkMode;
  /** Per console request. */
  readonly consoleTimeoutMs: number;
  /** Console requests in flight at once, 1..64. */
  readonly consoleConcurrency: number;
  readonly consoleMaxResponseBytes: number;
  /** 0 means every scrape walks. */
  readonly minRefreshIntervalMs: number;
  /** Past it the lag families are dropped; at least minRefreshIntervalMs. */
  readonly maxSnapshotAgeMs: number;
  /** Scrape budget when Prometheus sends no X-Prometheus-Scrape-Timeout-Seconds. */
  readonly scrapeTimeoutMs: number;
  /** Per-queue families (msg_diff_detail, offsets, per-queue time lag). */
  readonly queueDetail: boolean;
  /** Hard cap on per-queue rows exported. */
  readonly maxSeries: number;
  readonly logLevel: LogLevel;
}

/** An invalid configuration value; the message is one line naming the variable, the problem and an example. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export type VariableSection = 'console' | 'server' | 'filters' | 'collection' | 'output';

export interface VariableSpec {
  readonly section: VariableSection;
  /** Canonical UPPER_SNAKE name. */
  readonly name: string;
  /** The hepyu exporters' names for the same setting. */
  readonly aliases: readonly string[];
  /** The default as written in env.default.config; '' means unset. */
  readonly default: string;
  /** A valid value, shown in error messages. */
  readonly example: string;
  /** One line for --help and env.default.config. */
  readonly description: string;
  /** The value is never printed. */
  readonly secret: boolean;
}

const table = [
  {
    section: 'console',
    name: 'ROCKETMQ_CONSOLE_URL',
    aliases: ['rocketmqConsoleIPAndPort'],
    default: 'http://127.0.0.1:8080',
    example: 'http://rocketmq-console:8080',
    description:
      'Base URL of the RocketMQ console, http or https, with its context path if any (http://console:8080/rocketmq); no credentials in it.',
    secret: false,
  },
  {
    section: 'console',
    name: 'ROCKETMQ_CONSOLE_USERNAME',
    aliases: [],
    default: '',
    example: 'admin',
    description: 'Console login user, for a console with login enabled; taken verbatim.',
    secret: false,
  },
  {
    section: 'console',
    name: 'ROCKETMQ_CONSOLE_USERNAME_FILE',
    aliases: [],
    default: '',
    example: '/run/secrets/rocketmq-console/username',
    description: 'File holding the console login user (one trailing newline dropped), instead of ROCKETMQ_CONSOLE_USERNAME.',
    secret: false,
  },
  {
    section: 'console',
    name: 'ROCKETMQ_CONSOLE_PASSWORD',
    aliases: [],
    default: '',
    example: 'change-me',
    description: 'Console login password (secret, never printed); needs ROCKETMQ_CONSOLE_USERNAME.',
    secret: true,
  },
  {
    section: 'console',
    name: 'ROCKETMQ_CONSOLE_PASSWORD_FILE',
    aliases: [],
    default: '',
    example: '/run/secrets/rocketmq-console/password',
    description:
      'File holding the console password, such as a mounted Kubernetes Secret (one trailing newline dropped), instead of ROCKETMQ_CONSOLE_PASSWORD.',
    secret: false,
  },
  {
    section: 'console',
    name: 'CONSOLE_TIMEOUT',
    aliases: [],
    default: '10s',
    example: '10s',
    description: 'Time limit of one console request (durations: 500ms, 10s, 2m, 1h, 1m30s, or plain seconds).',
    secret: false,
  },
  {
    section: 'console',
    name: 'CONSOLE_CONCURRENCY',
    aliases: [],
    default: '16',
    example: '8',
    description: 'Console requests in flight at once, 1..64; the requests per walk stay the same, a lower value spreads them out.',
    secret: false,
  },
  {
    section: 'console',
    name: 'CONSOLE_MAX_RESPONSE_BYTES',
    aliases: [],
    default: '33554432',
    example: '32MiB',
    description: 'Largest console response body accepted, in bytes (or with KiB, MiB, GiB); 1024 to 256MiB.',
    secret: false,
  },
  {
    section: 'server',
    name: 'LISTEN_ADDRESS',
    aliases: ['listenAddress'],
    default: ':5558',
    example: ':5558',
    description: 'Address of the HTTP server: [host]:port, [ipv6]:port; no host means all interfaces.',
    secret: false,
  },
  {
    section: 'server',
    name: 'METRICS_PATH',
    aliases: ['metricsPath'],
    default: '/metrics',
    example: '/metrics',
    description: 'HTTP path of the metrics endpoint; not /, /healthz or /readyz.',
    secret: false,
  },
  {
    section: 'server',
    name: 'SCRAPE_TIMEOUT',
    aliases: [],
    default: '10s',
    example: '10s',
    description:
      'Scrape budget when Prometheus sends no X-Prometheus-Scrape-Timeout-Seconds; past it the last complete snapshot is served.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'IGNORED_TOPICS',
    aliases: ['ignoredTopics'],
    default: '',
    example: 'TBW102,BenchmarkTest',
    description: 'Comma-separated exact topic names never walked.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'TOPIC_INCLUDE_REGEX',
    aliases: [],
    default: '',
    example: 'orders|payments-.*',
    description: 'Walk only topics whose whole name matches this JavaScript regex; empty means every topic.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'TOPIC_EXCLUDE_REGEX',
    aliases: [],
    default: '',
    example: 'test-.*',
    description: 'Skip topics whose whole name matches this regex; exclude wins over include.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'GROUP_INCLUDE_REGEX',
    aliases: [],
    default: '',
    example: 'billing-.*',
    description: 'Export only consumer groups whose whole name matches this regex; empty means every group.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'GROUP_EXCLUDE_REGEX',
    aliases: [],
    default: '',
    example: 'tools_consumer|.*-canary',
    description: 'Skip consumer groups whose whole name matches this regex; exclude wins over include.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'INCLUDE_SYSTEM_TOPICS',
    aliases: [],
    default: 'false',
    example: 'false',
    description: "Also walk RocketMQ's system topics (booleans: true/false, 1/0, yes/no).",
    secret: false,
  },
  {
    section: 'filters',
    name: 'INCLUDE_RETRY_TOPICS',
    aliases: [],
    default: 'true',
    example: 'true',
    description: 'Count the backlog of each %RETRY% topic as lag of its consumer group.',
    secret: false,
  },
  {
    section: 'filters',
    name: 'INCLUDE_DLQ_TOPICS',
    aliases: [],
    default: 'false',
    example: 'false',
    description: 'Also walk %DLQ% (dead-letter) topics.',
    secret: false,
  },
  {
    section: 'collection',
    name: 'WALK_MODE',
    aliases: [],
    default: 'topic',
    example: 'group',
    description: 'Discovery: topic (one console call per topic, every console version) or group (one call per consumer group).',
    secret: false,
  },
  {
    section: 'collection',
    name: 'MIN_REFRESH_INTERVAL',
    aliases: [],
    default: '15s',
    example: '15s',
    description: 'Shortest time between two walks of the console, however many scrapers; 0 walks on every scrape.',
    secret: false,
  },
  {
    section: 'collection',
    name: 'MAX_SNAPSHOT_AGE',
    aliases: [],
    default: '5m',
    example: '5m',
    description: 'Lag families are dropped once the last complete walk is older than this; at least MIN_REFRESH_INTERVAL.',
    secret: false,
  },
  {
    section: 'output',
    name: 'METRICS_PREFIX',
    aliases: ['metricsPrefix'],
    default: 'rocketmq',
    example: 'rocketmq',
    description: 'Prefix of every metric name: letters, digits and underscores, not starting with a digit.',
    secret: false,
  },
  {
    section: 'output',
    name: 'QUEUE_DETAIL',
    aliases: [],
    default: 'true',
    example: 'false',
    description: 'Export per-queue families (msg_diff_detail, offsets, per-queue time lag); false keeps the roll-ups only.',
    secret: false,
  },
  {
    section: 'output',
    name: 'MAX_SERIES',
    aliases: [],
    default: '200000',
    example: '200000',
    description: 'Hard cap on the per-queue rows exported.',
    secret: false,
  },
  {
    section: 'output',
    name: 'LOG_LEVEL',
    aliases: [],
    default: 'info',
    example: 'debug',
    description: 'Log level: fatal, error, warn, info, debug, trace or silent.',
    secret: false,
  },
] as const satisfies readonly VariableSpec[];

type VariableName = (typeof table)[number]['name'];

/** Every variable the exporter reads, in the order of --help and env.default.config. */
export const variables: readonly VariableSpec[] = table;

const sectionTitles: Readonly<Record<VariableSection, string>> = {
  console: 'Console',
  server: 'Server',
  filters: 'Filters',
  collection: 'Collection',
  output: 'Output and logging',
};

const specs = new Map<string, VariableSpec>(variables.map((spec) => [spec.name, spec]));

function specOf(name: VariableName): VariableSpec {
  const spec = specs.get(name);
  if (spec === undefined) throw new Error(`${name} is missing from the variables table`);
  return spec;
}

/** For --help: a usage line, then every variable with its default and description. */
export function helpText(): string {
  const aliases = variables.flatMap((spec) => spec.aliases.map((alias) => `${alias} (${spec.name})`));
  const lines = [
    'Usage: rocketmq-lag-exporter [--help | --version]',
    '',
    'Exports RocketMQ consumer lag, read from the RocketMQ console HTTP API, as Prometheus metrics.',
    'Configured by environment variables only; an empty value counts as unset. Defaults are shown.',
    `The hepyu exporters' names are accepted as aliases: ${aliases.join(', ')}.`,
  ];
  for (const [section, title] of Object.entries(sectionTitles)) {
    lines.push('', `${title}:`);
    for (const spec of variables.filter((candidate) => candidate.section === section)) {
      const alias = spec.aliases.length > 0 ? `  (alias: ${spec.aliases.join(', ')})` : '';
      lines.push(`  ${spec.name}=${spec.default}${alias}`, `      ${spec.description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Where a value came from: the name the user set (canonical or alias) and the variable it configures. */
interface Field {
  readonly variable: string;
  readonly spec: VariableSpec;
}

type Parser<T> = (raw: string, field: Field) => T;

function invalid(field: Field, problem: string, expected?: string): ConfigError {
  const hint = expected === undefined ? '' : `${expected}, `;
  return new ConfigError(field.variable, `${field.variable}: ${problem}; ${hint}for example ${field.variable}=${field.spec.example}`);
}

function quote(raw: string): string {
  return JSON.stringify(raw);
}

/** The value of a variable, or undefined when unset or empty; only secrets keep their surrounding spaces. */
function valueOf(env: Readonly<Record<string, string | undefined>>, name: string, secret: boolean): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = secret ? raw : raw.trim();
  return value === '' ? undefined : value;
}

/** Parses the canonical variable and its aliases; set to different values they are an error, unset they give the default. */
function resolve<T>(
  env: Readonly<Record<string, string | undefined>>,
  name: VariableName,
  parse: Parser<T>,
  sameness: (value: T) => string = (value) => JSON.stringify(value),
): T {
  const spec = specOf(name);
  const given: { readonly field: Field; readonly raw: string; readonly value: T }[] = [];
  for (const variable of [spec.name, ...spec.aliases]) {
    const raw = valueOf(env, variable, spec.secret);
    if (raw === undefined) continue;
    const field = { variable, spec };
    given.push({ field, raw, value: parse(raw, field) });
  }
  const [first, ...others] = given;
  if (first === undefined) return parse(spec.default, { variable: spec.name, spec });
  for (const other of others) {
    if (sameness(other.value) !== sameness(first.value)) {
      throw invalid(
        first.field,
        `set together with ${other.field.variable}, to a different value (${quote(first.raw)} and ${quote(other.raw)})`,
        'set only one',
      );
    }
  }
  return first.value;
}

const schemePrefix = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The alias (hepyu's host:port) may omit the scheme; the canonical URL names it. */
function consoleUrl(raw: string, field: Field): string {
  // Userinfo or a query may hold a password, so such a value is never echoed.
  const shown = /[@?#]/.test(raw) ? 'the value (not shown, it may hold credentials)' : quote(raw);
  const bareHostAllowed = field.variable !== field.spec.name;
  if (!schemePrefix.test(raw) && !bareHostAllowed) {
    throw invalid(field, `${shown} has no http:// or https:// scheme`, 'expected a URL');
  }
  let url: URL;
  try {
    url = new URL(schemePrefix.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw invalid(field, `${shown} is not a URL`, 'expected http(s)://host[:port][/path]');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(field, `${shown} is not an http or https URL`, 'expected http(s)://host[:port][/path]');
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(
      field,
      'the URL carries credentials',
      'put them in ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD instead',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalid(field, 'the URL has a query or fragment', 'expected a base URL');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

const listenForm = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/;
const hostName = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

function listenAddress(raw: string, field: Field): ListenAddress {
  const match = listenForm.exec(raw);
  const [, bracketed, plain, port] = match ?? [];
  const validHost = bracketed !== undefined ? isIPv6(bracketed) : plain === '' || hostName.test(plain ?? '');
  if (match === null || port === undefined || !validHost) {
    throw invalid(field, `${quote(raw)} is not a listen address`, 'expected [host]:port');
  }
  const number = Number(port);
  if (number > 65535) throw invalid(field, `port ${port} is out of range`, 'expected 0..65535');
  return { host: bracketed ?? plain ?? '', port: number };
}

const reservedPaths: Readonly<Record<string, string>> = {
  '/': 'the landing page',
  '/healthz': 'the liveness endpoint',
  '/readyz': 'the readiness endpoint',
};

function metricsPath(raw: string, field: Field): string {
  if (!raw.startsWith('/')) throw invalid(field, `${quote(raw)} does not start with "/"`);
  if (/[\s?#]/.test(raw)) throw invalid(field, `${quote(raw)} contains a space, "?" or "#"`, 'expected a plain path');
  const owner = reservedPaths[raw];
  if (owner !== undefined) throw invalid(field, `${quote(raw)} is taken by ${owner}`);
  return raw;
}

function metricsPrefix(raw: string, field: Field): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(raw)) {
    throw invalid(
      field,
      `${quote(raw)} is not a valid metric name prefix`,
      'expected letters, digits and underscores, not starting with a digit',
    );
  }
  return raw;
}

function topicList(raw: string): ReadonlySet<string> {
  return new Set(
    raw
      .split(',')
      .map((topic) => topic.trim())
      .filter((topic) => topic !== ''),
  );
}

function fullMatchRegex(raw: string, field: Field): RegExp | undefined {
  if (raw === '') return undefined;
  try {
    // Compiled alone first, so that a value like `a)|(b` cannot escape the anchors.
    new RegExp(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error);
    throw invalid(field, `${quote(raw)} is not a valid regular expression (${reason})`);
  }
  return new RegExp(`^(?:${raw})$`);
}

const booleans: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

function boolean(raw: string, field: Field): boolean {
  const value = booleans[raw.toLowerCase()];
  if (value === undefined) throw invalid(field, `${quote(raw)} is not a boolean`, 'expected true or false (or 1/0, yes/no)');
  return value;
}

function oneOf<T extends string>(what: string, choices: readonly T[]): Parser<T> {
  return (raw, field) => {
    const value = choices.find((choice) => choice === raw.toLowerCase());
    if (value === undefined) {
      throw invalid(field, `${quote(raw)} is not ${what}`, `expected one of ${choices.join(', ')}`);
    }
    return value;
  };
}

// Timers overflow past 2^31 ms (about 24.8 days); a day is already far beyond any sensible setting.
const longestDurationMs = 24 * 3_600_000;

function duration(zeroAllowed: boolean): Parser<number> {
  return (raw, field) => {
    const ms = parseDuration(raw);
    if (ms === undefined) {
      throw invalid(field, `${quote(raw)} is not a duration`, 'expected a number with unit ms, s, m or h, or plain seconds');
    }
    if (ms === 0 && !zeroAllowed) throw invalid(field, `${quote(raw)} is too short`, 'expected at least 1ms');
    if (ms > longestDurationMs) throw invalid(field, `${quote(raw)} is too long`, 'expected at most 24h');
    return ms;
  };
}

function integer(min: number, max: number): Parser<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}..${max}`;
  return (raw, field) => {
    if (!/^\d+$/.test(raw)) throw invalid(field, `${quote(raw)} is not an integer`, `expected ${range}`);
    const value = Number(raw);
    if (value < min || value > max) throw invalid(field, `${raw} is out of range`, `expected ${range}`);
    return value;
  };
}

const byteUnits: Readonly<Record<string, number>> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const fewestResponseBytes = 1024;
// A response body is decoded into one string, and V8 strings stop short of 512 MiB.
const mostResponseBytes = 256 * 1024 ** 2;

function byteSize(raw: string, field: Field): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const [, amount, unit] = match ?? [];
  const scale = byteUnits[(unit ?? '').toLowerCase()];
  if (amount === undefined || scale === undefined) {
    throw invalid(field, `${quote(raw)} is not a byte size`, 'expected a number of bytes, optionally with KiB, MiB or GiB');
  }
  const bytes = Number(amount) * scale;
  if (bytes < fewestResponseBytes || bytes > mostResponseBytes) {
    throw invalid(field, `${quote(raw)} is out of range`, 'expected 1024 bytes to 256MiB');
  }
  return bytes;
}

function dropTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

interface Credential {
  readonly value: string;
  readonly variable: string;
}

/** A credential from its variable or from the file its _FILE variable names; never both, and never echoed. */
function credential(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
  name: VariableName,
  fileName: VariableName,
): Credential | undefined {
  const spec = specOf(name);
  const fileField = { variable: fileName, spec: specOf(fileName) };
  const direct = valueOf(env, name, true);
  const path = valueOf(env, fileName, false);
  if (direct !== undefined && path !== undefined) throw invalid(fileField, `set together with ${name}`, 'set only one');
  if (direct !== undefined) return { value: direct, variable: name };
  if (path === undefined) return undefined;
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split(', ')[0] ?? error.message) : 'unreadable';
    throw invalid(fileField, `cannot read ${quote(path)} (${reason})`, 'expected a readable file');
  }
  const value = dropTrailingNewline(content);
  if (value === '') throw invalid(fileField, `${quote(path)} is empty`, `expected a file holding ${spec.name}`);
  return { value, variable: fileName };
}

function readTextFile(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Reads and checks every variable; the first invalid one throws a ConfigError. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = readTextFile,
): Config {
  const consoleUrlValue = resolve(env, 'ROCKETMQ_CONSOLE_URL', consoleUrl);
  const username = credential(env, readFile, 'ROCKETMQ_CONSOLE_USERNAME', 'ROCKETMQ_CONSOLE_USERNAME_FILE');
  const password = credential(env, readFile, 'ROCKETMQ_CONSOLE_PASSWORD', 'ROCKETMQ_CONSOLE_PASSWORD_FILE');
  if (password !== undefined && username === undefined) {
    throw new ConfigError(
      password.variable,
      `${password.variable}: set without ROCKETMQ_CONSOLE_USERNAME; set the user too, for example ROCKETMQ_CONSOLE_USERNAME=admin`,
    );
  }
  const listen = resolve(env, 'LISTEN_ADDRESS', listenAddress);
  const minRefreshIntervalMs = resolve(env, 'MIN_REFRESH_INTERVAL', duration(true));
  const maxSnapshotAgeMs = resolve(env, 'MAX_SNAPSHOT_AGE', duration(false));
  if (maxSnapshotAgeMs < minRefreshIntervalMs) {
    throw invalid(
      { variable: 'MAX_SNAPSHOT_AGE', spec: specOf('MAX_SNAPSHOT_AGE') },
      `${formatDuration(maxSnapshotAgeMs)} is shorter than MIN_REFRESH_INTERVAL (${formatDuration(minRefreshIntervalMs)}), so snapshots would expire between walks`,
      'expected at least MIN_REFRESH_INTERVAL',
    );
  }
  return Object.freeze({
    consoleUrl: consoleUrlValue,
    consoleUsername: username?.value,
    consolePassword: password?.value,
    listenHost: listen.host,
    listenPort: listen.port,
    metricsPath: resolve(env, 'METRICS_PATH', metricsPath),
    metricsPrefix: resolve(env, 'METRICS_PREFIX', metricsPrefix),
    ignoredTopics: resolve(env, 'IGNORED_TOPICS', topicList, (topics) => [...topics].sort().join(',')),
    topicInclude: resolve(env, 'TOPIC_INCLUDE_REGEX', fullMatchRegex),
    topicExclude: resolve(env, 'TOPIC_EXCLUDE_REGEX', fullMatchRegex),
    groupInclude: resolve(env, 'GROUP_INCLUDE_REGEX', fullMatchRegex),
    groupExclude: resolve(env, 'GROUP_EXCLUDE_REGEX', fullMatchRegex),
    includeSystemTopics: resolve(env, 'INCLUDE_SYSTEM_TOPICS', boolean),
    includeRetryTopics: resolve(env, 'INCLUDE_RETRY_TOPICS', boolean),
    includeDlqTopics: resolve(env, 'INCLUDE_DLQ_TOPICS', boolean),
    walkMode: resolve(env, 'WALK_MODE', oneOf<WalkMode>('a walk mode', ['topic', 'group'])),
    consoleTimeoutMs: resolve(env, 'CONSOLE_TIMEOUT', duration(false)),
    consoleConcurrency: resolve(env, 'CONSOLE_CONCURRENCY', integer(1, 64)),
    consoleMaxResponseBytes: resolve(env, 'CONSOLE_MAX_RESPONSE_BYTES', byteSize),
    minRefreshIntervalMs,
    maxSnapshotAgeMs,
    scrapeTimeoutMs: resolve(env, 'SCRAPE_TIMEOUT', duration(false)),
    queueDetail: resolve(env, 'QUEUE_DETAIL', boolean),
    maxSeries: resolve(env, 'MAX_SERIES', integer(1, Number.MAX_SAFE_INTEGER)),
    logLevel: resolve(
      env,
      'LOG_LEVEL',
      oneOf<LogLevel>('a log level', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    ),
  });
}
