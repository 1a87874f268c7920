// The exporter's configuration: every environment variable is declared once, in `declarations`; the Config type,
// loadConfig, --help, env.default.config and the README's table all derive from that list.

import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { formatDuration, parseDuration } from './duration.js';
import { DEFAULT_LAG_FAMILIES, LAG_FAMILY_NAMES } from './metrics/families.js';

const walkModes = ['group', 'topic'] as const;
export type WalkMode = (typeof walkModes)[number];
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

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

/** Where a value came from, for its error messages. */
interface Field {
  /** The name the user set: canonical, alias or _FILE. */
  readonly variable: string;
  /** A valid value of that variable. */
  readonly example: string;
  /** Set through a hepyu alias rather than the canonical name. */
  readonly isAlias: boolean;
}

/** Reads a variable's text into its typed value; it knows the limits, and states them alike in docs and errors. */
interface Parser<T> {
  /** The accepted values with their limits, for --help, env.default.config and the README: "an integer, 1..64". */
  readonly accepts: string;
  /** Surrounding spaces belong to the value (credentials); otherwise they are trimmed. */
  readonly verbatim?: boolean;
  /** The value of a set variable, or of '' for an unset one; throws a ConfigError naming field.variable. */
  read(raw: string, field: Field): T;
  /** Equal keys mean the same setting, when a variable and its alias are both set; JSON by default. */
  key?(value: T): string;
}

function invalid(field: Field, problem: string, expected?: string): ConfigError {
  const hint = expected === undefined ? '' : `${expected}, `;
  return new ConfigError(field.variable, `${field.variable}: ${problem}; ${hint}for example ${field.variable}=${field.example}`);
}

function quote(raw: string): string {
  return JSON.stringify(raw);
}

/** "a, b or c", for limits listed in prose. */
function eitherOf(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

const schemePrefix = /^[a-z][a-z0-9+.-]*:\/\//i;

/** An http(s) base URL without a trailing slash; the alias (hepyu's host:port) may omit the scheme. */
const consoleUrl: Parser<string> = {
  accepts: 'http(s)://host[:port][/path]',
  read(raw, field) {
    // Userinfo or a query may hold a password, so such a value is never echoed.
    const shown = /[@?#]/.test(raw) ? 'the value (not shown, it may hold credentials)' : quote(raw);
    if (!schemePrefix.test(raw) && !field.isAlias) {
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
  },
};

/** A login credential exactly as given, spaces included; unset is undefined. */
const credential: Parser<string | undefined> = {
  accepts: 'any text, taken verbatim',
  verbatim: true,
  read: (raw) => (raw === '' ? undefined : raw),
};

/** PEM certificates (a CA bundle), given whole or through the _FILE variant; unset is undefined. Never echoed. */
const pemCertificates: Parser<string | undefined> = {
  accepts: 'PEM certificates (-----BEGIN CERTIFICATE-----)',
  verbatim: true,
  read(raw, field) {
    if (raw === '') return undefined;
    if (!raw.includes('-----BEGIN CERTIFICATE-----')) throw invalid(field, 'holds no PEM certificate', 'expected the CA certificate(s) that signed the console\'s certificate, in PEM');
    return raw;
  },
};

/** At most this many consoles in CONSOLES: each one has its own walks, client pool and snapshot. */
export const MAX_CONSOLES = 32;
const consoleNameForm = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** CONSOLES: the names of the consoles one exporter serves at /probe?target=NAME; unset is none (one console). */
const consoleNames: Parser<readonly string[]> = {
  accepts: `comma-separated names of lower-case letters, digits and -, not starting with -, at most 63 characters, at most ${MAX_CONSOLES} names`,
  read(raw, field) {
    const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
    if (raw !== '' && names.length === 0) throw invalid(field, `${quote(raw)} names no console`, 'expected comma-separated names');
    for (const name of names) {
      if (!consoleNameForm.test(name)) throw invalid(field, `${quote(name)} is not a console name`, 'expected lower-case letters, digits and -, not starting with -');
      // ROCKETMQ_CONSOLE_PASSWORD_X_FILE would be the file of x and the password of x-file alike.
      if (name === 'file' || name.endsWith('-file')) throw invalid(field, `${quote(name)} ends in "file", which the _FILE variables take`, 'expected another name');
    }
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw invalid(field, `${quote(twice)} is named twice`, 'expected each console once');
    if (names.length > MAX_CONSOLES) throw invalid(field, `${names.length} consoles are more than ${MAX_CONSOLES}`, `expected at most ${MAX_CONSOLES}; run another exporter for the others`);
    return names;
  },
  key: (names) => names.join(','),
};

export interface Shard {
  /** 0 to count - 1. */
  readonly index: number;
  readonly count: number;
}

/** `i/n`: this replica walks the consumer groups whose name hashes to i among n; unset walks them all. */
const shard: Parser<Shard | undefined> = {
  accepts: 'i/n, 0 <= i < n',
  read(raw, field) {
    if (raw === '') return undefined;
    const match = /^(\d{1,4})\/(\d{1,4})$/.exec(raw.trim());
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (match === null || count < 1 || index >= count) throw invalid(field, `${quote(raw)} is not a shard`, 'expected i/n with 0 <= i < n, e.g. 0/3');
    return { index, count };
  },
  key: (value) => (value === undefined ? '' : `${value.index}/${value.count}`),
};

/** A RocketMQ 5 proxy's host:port, as the console's `address` parameter takes it; unset is undefined. */
const proxyAddress: Parser<string | undefined> = {
  accepts: 'host:port or [ipv6]:port',
  read(raw, field) {
    if (raw === '') return undefined;
    const [, bracketed, plain, digits] = listenForm.exec(raw) ?? [];
    const port = Number(digits);
    const validHost = bracketed !== undefined ? isIPv6(bracketed) : plain !== undefined && hostName.test(plain);
    if (!validHost || !Number.isInteger(port) || port < 1 || port > highestPort) {
      throw invalid(field, `${quote(raw)} is not a host:port address`, 'expected host:port');
    }
    return raw;
  },
};

interface ListenAddress {
  /** '' means all interfaces; an IPv6 address comes without brackets. */
  readonly host: string;
  readonly port: number;
}

const listenForm = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/;
const hostName = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const highestPort = 65535;

const listenAddress: Parser<ListenAddress> = {
  accepts: `[host]:port or [ipv6]:port, port 0..${highestPort}`,
  read(raw, field) {
    const match = listenForm.exec(raw);
    const [, bracketed, plain, port] = match ?? [];
    const validHost = bracketed !== undefined ? isIPv6(bracketed) : plain === '' || hostName.test(plain ?? '');
    if (match === null || port === undefined || !validHost) {
      throw invalid(field, `${quote(raw)} is not a listen address`, 'expected [host]:port');
    }
    const number = Number(port);
    if (number > highestPort) throw invalid(field, `port ${port} is out of range`, `expected 0..${highestPort}`);
    return { host: bracketed ?? plain ?? '', port: number };
  },
};

const reservedPaths: Readonly<Record<string, string>> = {
  '/': 'the landing page',
  '/healthz': 'the liveness endpoint',
  '/readyz': 'the readiness endpoint',
};

/** A path starting with '/' that no other endpoint serves. */
const metricsPath: Parser<string> = {
  accepts: `a path starting with /, not ${eitherOf(Object.keys(reservedPaths))}`,
  read(raw, field) {
    if (!raw.startsWith('/')) throw invalid(field, `${quote(raw)} does not start with "/"`);
    if (/[\s?#]/.test(raw)) throw invalid(field, `${quote(raw)} contains a space, "?" or "#"`, 'expected a plain path');
    const owner = reservedPaths[raw];
    if (owner !== undefined) throw invalid(field, `${quote(raw)} is taken by ${owner}`);
    return raw;
  },
};

const prefixForm = 'letters, digits and underscores, not starting with a digit';

/** A valid Prometheus metric name prefix. */
const metricsPrefix: Parser<string> = {
  accepts: prefixForm,
  read(raw, field) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(raw)) {
      throw invalid(field, `${quote(raw)} is not a valid metric name prefix`, `expected ${prefixForm}`);
    }
    return raw;
  },
};

const topicList: Parser<ReadonlySet<string>> = {
  accepts: 'comma-separated topic names',
  read: (raw) =>
    new Set(
      raw
        .split(',')
        .map((topic) => topic.trim())
        .filter((topic) => topic !== ''),
    ),
  key: (topics) => [...topics].sort().join(','),
};

/** Anchored, so it matches whole names only; unset is undefined. */
const fullMatchRegex: Parser<RegExp | undefined> = {
  accepts: 'a JavaScript regular expression',
  read(raw, field) {
    if (raw === '') return undefined;
    try {
      // Compiled alone first, so that a value like `a)|(b` cannot escape the anchors.
      new RegExp(raw);
    } catch (error) {
      const reason =
        error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error);
      throw invalid(field, `${quote(raw)} is not a valid regular expression (${reason})`);
    }
    return new RegExp(`^(?:${raw})$`);
  },
};

const booleans: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };
const booleanForms = 'true or false (or 1/0, yes/no)';

const boolean: Parser<boolean> = {
  accepts: booleanForms,
  read(raw, field) {
    const value = booleans[raw.toLowerCase()];
    if (value === undefined) throw invalid(field, `${quote(raw)} is not a boolean`, `expected ${booleanForms}`);
    return value;
  },
};

/**
 * The lag families to export: `default`, `all`, or changes to the default set (`+queue_consumer_offset,-msg_diff_detail`),
 * optionally after `all` or `default` (`all,-msg_diff_detail`).
 */
const familySet: Parser<ReadonlySet<string>> = {
  accepts: `default, all, or a comma-separated list of +family and -family changes to the default set, after an optional all; families: ${LAG_FAMILY_NAMES.join(', ')}`,
  read(raw, field) {
    const words = raw.split(',').map((w) => w.trim()).filter((w) => w !== '');
    const families = new Set(words[0] === 'all' ? LAG_FAMILY_NAMES : DEFAULT_LAG_FAMILIES);
    for (const [i, word] of words.entries()) {
      if (i === 0 && (word === 'all' || word === 'default')) continue;
      const name = word.slice(1);
      if ((word[0] !== '+' && word[0] !== '-') || !LAG_FAMILY_NAMES.includes(name)) {
        throw invalid(field, `${quote(word)} is not +family or -family of a known family`, `expected ${eitherOf(['default', 'all', '+name', '-name'])} with a name among ${LAG_FAMILY_NAMES.join(', ')}`);
      }
      if (word[0] === '+') families.add(name);
      else families.delete(name);
    }
    return families;
  },
  key: (families) => [...families].sort().join(','),
};

/** One of a few words, in any case; `what` names them in errors ("a walk mode"). */
function oneOf<T extends string>(what: string, choices: readonly T[]): Parser<T> {
  const accepts = `one of ${choices.join(', ')}`;
  return {
    accepts,
    read(raw, field) {
      const value = choices.find((choice) => choice === raw.toLowerCase());
      if (value === undefined) throw invalid(field, `${quote(raw)} is not ${what}`, `expected ${accepts}`);
      return value;
    },
  };
}

/** Milliseconds, from minMs to maxMs. */
function duration(minMs: number, maxMs: number): Parser<number> {
  return {
    accepts: `${formatDuration(minMs)} to ${formatDuration(maxMs)} (500ms, 10s, 2m, 1h, 1m30s, or plain seconds)`,
    read(raw, field) {
      const ms = parseDuration(raw);
      if (ms === undefined) {
        throw invalid(field, `${quote(raw)} is not a duration`, 'expected a number with unit ms, s, m or h, or plain seconds');
      }
      if (ms < minMs) throw invalid(field, `${quote(raw)} is too short`, `expected at least ${formatDuration(minMs)}`);
      if (ms > maxMs) throw invalid(field, `${quote(raw)} is too long`, `expected at most ${formatDuration(maxMs)}`);
      return ms;
    },
  };
}

// Timers overflow past 2^31 ms (about 24.8 days); a day is already far beyond any sensible setting.
const day = 24 * 3_600_000;

/** A whole number from min to max; without max, up to the largest exact integer. */
function integer(min: number, max?: number): Parser<number> {
  const range = max === undefined ? `at least ${min}` : `${min}..${max}`;
  const highest = max ?? Number.MAX_SAFE_INTEGER;
  return {
    accepts: `an integer, ${range}`,
    read(raw, field) {
      if (!/^\d+$/.test(raw)) throw invalid(field, `${quote(raw)} is not an integer`, `expected ${range}`);
      const value = Number(raw);
      if (value < min || value > highest) throw invalid(field, `${raw} is out of range`, `expected ${range}`);
      return value;
    },
  };
}

const mebibyte = 1024 ** 2;
const byteUnits: Readonly<Record<string, number>> = { '': 1, b: 1, kib: 1024, mib: mebibyte, gib: 1024 * mebibyte };
const byteForm = 'a number of bytes, optionally with KiB, MiB or GiB';

/** Limits read best as whole MiB; anything smaller or uneven, as plain bytes. */
function formatBytes(bytes: number): string {
  return bytes % mebibyte === 0 ? `${bytes / mebibyte}MiB` : `${bytes} bytes`;
}

/** Bytes, from min to max. */
function byteSize(min: number, max: number): Parser<number> {
  const range = `${formatBytes(min)} to ${formatBytes(max)}`;
  return {
    accepts: `${range}, as ${byteForm}`,
    read(raw, field) {
      const [, amount, unit] = /^(\d+)\s*([a-z]*)$/i.exec(raw) ?? [];
      const scale = byteUnits[(unit ?? '').toLowerCase()];
      if (amount === undefined || scale === undefined) {
        throw invalid(field, `${quote(raw)} is not a byte size`, `expected ${byteForm}`);
      }
      const bytes = Number(amount) * scale;
      if (bytes < min || bytes > max) throw invalid(field, `${quote(raw)} is out of range`, `expected ${range}`);
      return bytes;
    },
  };
}

/** The exporter-toolkit web configuration file; web-config.ts reads and checks it at start. Unset is undefined. */
const webConfigFile: Parser<string | undefined> = {
  accepts: 'a path to a readable YAML file in the exporter-toolkit web configuration format',
  read: (raw) => (raw === '' ? undefined : raw),
};

const sectionTitles = {
  console: 'Console',
  server: 'Server',
  filters: 'Filters',
  collection: 'Collection',
  output: 'Output and logging',
} as const;

export type Section = keyof typeof sectionTitles;

/** One environment variable, declared once: Config, loadConfig and the docs derive from it. */
interface Declaration {
  /** Canonical UPPER_SNAKE name. */
  readonly name: string;
  /** The hepyu exporters' names for the same setting. */
  readonly aliases?: readonly string[];
  /** As written in env.default.config; '' means unset. */
  readonly default: string;
  /** Reads the value; it carries the limits. */
  readonly parser: Parser<unknown>;
  /** One line for --help, env.default.config and the README; the parser adds the accepted values. */
  readonly help: string;
  readonly section: Section;
  /** A valid value, shown in error messages. */
  readonly example: string;
  /** The value is never printed. */
  readonly secret?: true;
  /** The value may come instead from the file NAME_FILE names (a mounted Secret); an example path. */
  readonly file?: { readonly example: string };
  /** The Config field the value fills; for a value with parts, the field each part fills. */
  readonly field: string | Readonly<Record<string, string>>;
}

// Every variable, in the order of --help, env.default.config and the README. Per declaration: the name, its hepyu aliases,
// default and example, an optional _FILE variant and secrecy; the parser (with its limits), section and Config field;
// then the help, one line without the limits.
const declarations = [
  {
    name: 'ROCKETMQ_CONSOLE_URL', aliases: ['rocketmqConsoleIPAndPort'], default: 'http://127.0.0.1:8080', example: 'http://rocketmq-console:8080',
    parser: consoleUrl, section: 'console', field: 'consoleUrl',
    help: 'Base URL of the RocketMQ console, with its context path if any (http://console:8080/rocketmq); no credentials in it. The hepyu alias may omit the scheme (host:port).',
  },
  {
    name: 'ROCKETMQ_CONSOLE_USERNAME', default: '', example: 'admin', file: { example: '/run/secrets/rocketmq-console/username' },
    parser: credential, section: 'console', field: 'consoleUsername',
    help: 'Console login user, for a console with login enabled (with dashboard 2.1 authMode acl: the ACL access key).',
  },
  {
    name: 'ROCKETMQ_CONSOLE_PASSWORD', default: '', example: 'change-me', file: { example: '/run/secrets/rocketmq-console/password' }, secret: true,
    parser: credential, section: 'console', field: 'consolePassword',
    help: 'Console login password (with dashboard 2.1 authMode acl: the ACL secret key); needs ROCKETMQ_CONSOLE_USERNAME.',
  },
  {
    name: 'ROCKETMQ_CONSOLE_CA', default: '', example: '-----BEGIN CERTIFICATE-----…', file: { example: '/etc/rocketmq-lag-exporter/console-ca.pem' },
    parser: pemCertificates, section: 'console', field: 'consoleCa',
    help: 'CA certificate(s), PEM, that signed the certificate of a console behind HTTPS with an internal CA; usually through ROCKETMQ_CONSOLE_CA_FILE. Unset: the system\'s CAs.',
  },
  {
    name: 'ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY', default: 'false', example: 'false',
    parser: boolean, section: 'console', field: 'consoleTlsInsecureSkipVerify',
    help: 'DANGER: accept any certificate from the console, so that anyone on the path can read the console password and forge every number; for a test only, never in production. Set ROCKETMQ_CONSOLE_CA_FILE instead.',
  },
  {
    name: 'ROCKETMQ_PROXY_ADDRESS', default: '', example: 'rmq-proxy:8081',
    parser: proxyAddress, section: 'console', field: 'proxyAddress',
    help: 'A RocketMQ 5 proxy, passed to the console\'s group list (dashboard 2.x) so that it counts the consumers connected through the proxy (gRPC clients), which it cannot see otherwise.',
  },
  {
    name: 'CONSOLES', default: '', example: 'east,west',
    parser: consoleNames, section: 'console', field: 'consoles',
    help: 'Many consoles, one exporter: their names, each scraped at /probe?target=NAME, while /metrics keeps the process\'s own families only (README, "Many consoles: /probe"). With N the name upper-cased and - as _, each needs ROCKETMQ_CONSOLE_URL_N and may have ROCKETMQ_CONSOLE_USERNAME_N, ROCKETMQ_CONSOLE_PASSWORD_N and ROCKETMQ_CONSOLE_CA_N (these three also as N_FILE; the CA defaults to ROCKETMQ_CONSOLE_CA); every other variable applies to each console. ROCKETMQ_CONSOLE_URL, _USERNAME and _PASSWORD must then be unset. Unset: the one console of ROCKETMQ_CONSOLE_URL.',
  },
  {
    name: 'CONSOLE_TIMEOUT', default: '10s', example: '10s',
    parser: duration(1, day), section: 'console', field: 'consoleTimeoutMs',
    help: 'Time limit of one console request.',
  },
  {
    name: 'CONSOLE_CONCURRENCY', default: '16', example: '8',
    parser: integer(1, 64), section: 'console', field: 'consoleConcurrency',
    help: 'Console requests in flight at once; the requests per walk stay the same, a lower value spreads them out.',
  },
  {
    name: 'CONSOLE_MAX_RESPONSE_BYTES', default: '33554432', example: '32MiB',
    // A response body is decoded into one string, and V8 strings stop short of 512 MiB.
    parser: byteSize(1024, 256 * mebibyte), section: 'console', field: 'consoleMaxResponseBytes',
    help: 'Largest console response body accepted.',
  },
  {
    name: 'CONSOLE_MAX_REQUEST_RATE', default: '0', example: '50',
    parser: integer(0), section: 'console', field: 'consoleMaxRequestRate',
    help: 'Console requests per second at most, a hard ceiling; 0: no limit (CONSOLE_CONCURRENCY and the budgets still apply).',
  },
  {
    name: 'LISTEN_ADDRESS', aliases: ['listenAddress'], default: ':5558', example: ':5558',
    parser: listenAddress, section: 'server', field: { host: 'listenHost', port: 'listenPort' },
    help: 'Address of the HTTP server; no host means all interfaces.',
  },
  {
    name: 'METRICS_PATH', aliases: ['metricsPath'], default: '/metrics', example: '/metrics',
    parser: metricsPath, section: 'server', field: 'metricsPath',
    help: 'HTTP path of the metrics endpoint.',
  },
  {
    name: 'SCRAPE_TIMEOUT', default: '10s', example: '10s',
    parser: duration(1, day), section: 'server', field: 'scrapeTimeoutMs',
    help: 'Scrape budget when Prometheus sends no X-Prometheus-Scrape-Timeout-Seconds; past it the last complete snapshot is served.',
  },
  {
    name: 'WEB_CONFIG_FILE', default: '', example: '/etc/rocketmq-lag-exporter/web/web-config.yml',
    parser: webConfigFile, section: 'server', field: 'webConfigFile',
    help: 'Web configuration file, as Prometheus exporters read with --web.config.file: HTTPS (tls_server_config), basic authentication (basic_auth_users) and extra response headers (http_server_config.headers); /healthz and /readyz need no password. Unset: plain HTTP without authentication (README, "Protecting /metrics: TLS and basic auth").',
  },
  {
    name: 'IGNORED_TOPICS', aliases: ['ignoredTopics'], default: '', example: 'TBW102,BenchmarkTest',
    parser: topicList, section: 'filters', field: 'ignoredTopics',
    help: 'Exact topic names never walked.',
  },
  {
    name: 'TOPIC_INCLUDE_REGEX', default: '', example: 'orders|payments-.*',
    parser: fullMatchRegex, section: 'filters', field: 'topicInclude',
    help: 'Walk only topics whose whole name matches; empty means every topic.',
  },
  {
    name: 'TOPIC_EXCLUDE_REGEX', default: '', example: 'test-.*',
    parser: fullMatchRegex, section: 'filters', field: 'topicExclude',
    help: 'Skip topics whose whole name matches; exclude wins over include.',
  },
  {
    name: 'GROUP_INCLUDE_REGEX', default: '', example: 'billing-.*',
    parser: fullMatchRegex, section: 'filters', field: 'groupInclude',
    help: 'Export only consumer groups whose whole name matches; empty means every group.',
  },
  {
    name: 'GROUP_EXCLUDE_REGEX', default: '', example: 'tools_consumer|.*-canary',
    parser: fullMatchRegex, section: 'filters', field: 'groupExclude',
    help: 'Skip consumer groups whose whole name matches; exclude wins over include.',
  },
  {
    name: 'INCLUDE_SYSTEM_TOPICS', default: 'false', example: 'false',
    parser: boolean, section: 'filters', field: 'includeSystemTopics',
    help: "Also walk RocketMQ's system topics.",
  },
  {
    name: 'INCLUDE_RETRY_TOPICS', default: 'true', example: 'true',
    parser: boolean, section: 'filters', field: 'includeRetryTopics',
    help: 'Count the backlog of each %RETRY% topic as lag of its consumer group.',
  },
  {
    name: 'INCLUDE_DLQ_TOPICS', default: 'false', example: 'false',
    parser: boolean, section: 'filters', field: 'includeDlqTopics',
    help: 'Also walk %DLQ% (dead-letter) topics.',
  },
  {
    name: 'SHARD', default: '', example: '0/3',
    parser: shard, section: 'collection', field: 'shard',
    help: 'i/n: this replica walks only the consumer groups whose name hashes to i among n, so that n replicas (SHARD=0/n to n-1/n) walk each group exactly once between them (README, "Shards"); unset: every group.',
  },
  {
    name: 'WALK_MODE', default: 'group', example: 'topic',
    parser: oneOf('a walk mode', walkModes), section: 'collection', field: 'walkMode',
    help: 'How the walk asks: group (one console call per consumer group, retry topics included: the cheapest for the cluster) or topic (one call per topic, retry topics included).',
  },
  {
    name: 'MIN_REFRESH_INTERVAL', default: '15s', example: '15s',
    parser: duration(0, day), section: 'collection', field: 'minRefreshIntervalMs',
    help: 'Shortest time between two walks of the console, however many scrapers; 0 walks on every scrape. The console budgets may space walks further.',
  },
  {
    name: 'CONSOLE_RPC_BUDGET', default: '60000', example: '30000',
    parser: integer(0), section: 'collection', field: 'consoleRpcBudget',
    help: 'Console RPCs per minute (name server, broker and consumer relays, as docs/console-api.md models them) the walks may cost the cluster on average; after a walk the next waits until its cost fits; 0: no budget.',
  },
  {
    name: 'CONSOLE_RELAY_BUDGET', default: '24000', example: '10000',
    parser: integer(0), section: 'collection', field: 'consoleRelayBudget',
    help: 'Of those, relays to consumer processes per minute (each lands on a production consumer); 0: no budget.',
  },
  {
    name: 'WALK_TIMEOUT', default: '30s', example: '20s',
    parser: duration(1, day), section: 'collection', field: 'walkTimeoutMs',
    help: 'Deadline of a whole walk: calls not answered by then are given up and their topics or groups keep their last data.',
  },
  {
    name: 'MAX_SNAPSHOT_AGE', default: '5m', example: '5m',
    parser: duration(1, day), section: 'collection', field: 'maxSnapshotAgeMs',
    help: 'Lag families are dropped once the last complete walk is older than this; at least MIN_REFRESH_INTERVAL.',
  },
  {
    name: 'STATUS_WINDOW', default: '5m', example: '10m',
    parser: duration(1, day), section: 'collection', field: 'statusWindowMs',
    help: 'Recent walks a consumer group\'s status is decided over (at least the last two): stalled, stopped and lagging need it all watched and without progress, ok needs lag 0 once in it (README, "Group status").',
  },
  {
    name: 'METRICS_PREFIX', aliases: ['metricsPrefix'], default: 'rocketmq', example: 'rocketmq',
    parser: metricsPrefix, section: 'output', field: 'metricsPrefix',
    help: 'Prefix of every metric name.',
  },
  {
    name: 'METRIC_FAMILIES', default: 'default', example: '+queue_consumer_offset,+queue_broker_offset',
    parser: familySet, section: 'output', field: 'metricFamilies',
    help: 'Lag families exported (names without METRICS_PREFIX): the default set is the seven msg_diff families, msg_diff_unknown_queues, consumergroup_status, consumergroup_max_lag_seconds, consumergroup_time_lag_unknown_queues and consumergroup_online_clients; -msg_diff_detail keeps the roll-ups only (README, "Series").',
  },
  {
    name: 'COMPAT_OFFICIAL', default: 'false', example: 'true',
    parser: boolean, section: 'output', field: 'compatOfficial',
    help: 'Also export the official apache/rocketmq-exporter\'s lag series under its names and labels (rocketmq_group_diff, rocketmq_consumer_offset, ...; README, "Official exporter compatibility"), for its dashboards and alert rules.',
  },
  {
    name: 'MAX_SERIES', default: '200000', example: '200000',
    parser: integer(1), section: 'output', field: 'maxSeries',
    help: 'Hard cap on the per-queue rows exported.',
  },
  {
    name: 'LOG_LEVEL', default: 'info', example: 'debug',
    parser: oneOf('a log level', logLevels), section: 'output', field: 'logLevel',
    help: 'Least severe level logged; silent logs nothing.',
  },
] as const satisfies readonly Declaration[];

type Declared = (typeof declarations)[number];
type ValueOf<D> = D extends { readonly parser: Parser<infer T> } ? T : never;

/** Each Config field a declaration fills, with the type of its value. */
type FieldsOf<D> = D extends { readonly field: infer Name extends string }
  ? { readonly name: Name; readonly value: ValueOf<D> }
  : D extends { readonly field: infer Parts }
    ? { [Part in keyof Parts]: { readonly name: Parts[Part]; readonly value: ValueOf<D>[Part & keyof ValueOf<D>] } }[keyof Parts]
    : never;

/** The exporter's configuration: one field per declaration, two for LISTEN_ADDRESS (listenHost, listenPort). */
export type Config = { readonly [F in FieldsOf<Declared> as F['name'] & string]: F['value'] } & {
  /** CONSOLES' consoles with their own variables, in CONSOLES' order; empty without CONSOLES. */
  readonly consoleTargets: readonly ConsoleTarget[];
};

type FileBacked = Extract<Declared, { readonly file: object }>['name'];

function fileVariable<Name extends string>(name: Name): `${Name}_FILE` {
  return `${name}_FILE`;
}

/** Every variable name the exporter reads, canonical or _FILE. */
export type VariableName = Declared['name'] | `${FileBacked}_FILE`;

/** One environment variable as --help, env.default.config and the README show it: a declaration, or its _FILE variant. */
export interface Variable {
  readonly name: string;
  readonly aliases: readonly string[];
  /** '' means unset. */
  readonly default: string;
  readonly section: Section;
  readonly help: string;
  /** The accepted values with their limits, from the parser. */
  readonly accepts: string;
  readonly example: string;
  readonly secret: boolean;
}

const declared: readonly Declaration[] = declarations;

function documented(declaration: Declaration): Variable[] {
  const { name, section, file } = declaration;
  const variable = {
    name,
    aliases: declaration.aliases ?? [],
    default: declaration.default,
    section,
    help: declaration.secret === true ? `${declaration.help} Secret: never printed.` : declaration.help,
    accepts: declaration.parser.accepts,
    example: declaration.example,
    secret: declaration.secret === true,
  };
  if (file === undefined) return [variable];
  const fromFile = {
    name: fileVariable(name),
    aliases: [],
    default: '',
    section,
    help: `File holding ${name}, such as a mounted Kubernetes Secret (one trailing newline dropped); set this or ${name}, not both.`,
    accepts: 'a path to a readable, non-empty file',
    example: file.example,
    secret: false,
  };
  return [variable, fromFile];
}

/** Every variable the exporter reads, in the order of --help, env.default.config and the README. */
export const variables: readonly Variable[] = declared.flatMap(documented);

/** A variable's help and accepted values, in one line. */
function summary(variable: Variable): string {
  return `${variable.help} Values: ${variable.accepts}.`;
}

function inSection(section: string): readonly Variable[] {
  return variables.filter((variable) => variable.section === section);
}

/** For --help: a usage line, then every variable with its default and description. */
export function helpText(): string {
  const aliases = variables.flatMap((variable) => variable.aliases.map((alias) => `${alias} (${variable.name})`));
  const lines = [
    'Usage: rocketmq-lag-exporter [--help | --version]',
    '',
    'Exports RocketMQ consumer lag, read from the RocketMQ console HTTP API, as Prometheus metrics.',
    'Configured by environment variables only; an empty value counts as unset. Defaults are shown.',
    `The hepyu exporters' names are accepted as aliases: ${aliases.join(', ')}.`,
  ];
  for (const [section, title] of Object.entries(sectionTitles)) {
    lines.push('', `${title}:`);
    for (const variable of inSection(section)) {
      const alias = variable.aliases.length > 0 ? `  (alias: ${variable.aliases.join(', ')})` : '';
      lines.push(`  ${variable.name}=${variable.default}${alias}`, `      ${summary(variable)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The text of env.default.config: every variable with its default, usable by a shell, systemd and docker alike. */
export function referenceEnvFile(): string {
  const lines = [
    '# rocketmq-lag-exporter: every environment variable, with its default.',
    '# Usable as a shell source file, a systemd EnvironmentFile and a docker --env-file.',
    '# An empty value counts as unset. Generated from src/config.ts by make docs.',
    "# The hepyu exporters' names are accepted as aliases, so a hepyu deployment runs unchanged:",
    ...variables.flatMap((variable) => variable.aliases.map((alias) => `#   ${alias} = ${variable.name}`)),
  ];
  for (const [section, title] of Object.entries(sectionTitles)) {
    lines.push('', `# --- ${title.toLowerCase()} ---`);
    for (const variable of inSection(section)) lines.push('', `# ${summary(variable)}`, `${variable.name}=${variable.default}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every name the exporter reads (canonical, alias or _FILE), with what its error messages need. */
const fields = new Map<string, Field>(
  variables.flatMap((variable) =>
    [variable.name, ...variable.aliases].map((name): [string, Field] => [
      name,
      { variable: name, example: variable.example, isAlias: name !== variable.name },
    ]),
  ),
);

function fieldOf(variable: string): Field {
  const field = fields.get(variable);
  if (field === undefined) throw new Error(`${variable} is not declared`);
  return field;
}

/** Variables no longer read, with what replaced them: set, they stop the start rather than being silently ignored. */
const retired: Readonly<Record<string, string>> = {
  QUEUE_DETAIL: 'unset it and use METRIC_FAMILIES (the per-queue offsets and time lag are opt-in now), for example METRIC_FAMILIES=-msg_diff_detail for QUEUE_DETAIL=false',
};

type Env = Readonly<Record<string, string | undefined>>;
type ReadFile = (path: string) => string;

/** The variables set, by name: an empty value counts as unset, and only verbatim values keep their surrounding spaces. */
function givenValues(env: Env): ReadonlyMap<string, string> {
  const given = new Map<string, string>();
  const take = (variable: string, verbatim: boolean) => {
    const raw = env[variable];
    const value = verbatim ? raw : raw?.trim();
    if (value !== undefined && value !== '') given.set(variable, value);
  };
  for (const declaration of declared) {
    for (const variable of [declaration.name, ...(declaration.aliases ?? [])]) take(variable, declaration.parser.verbatim === true);
    if (declaration.file !== undefined) take(fileVariable(declaration.name), false);
  }
  return given;
}

function dropTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** The content of the file a _FILE variable names, without one trailing newline; never echoed. */
function fileContent(path: string, field: Field, holding: string, readFile: ReadFile): string {
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split(', ')[0] ?? error.message) : 'unreadable';
    throw invalid(field, `cannot read ${quote(path)} (${reason})`, 'expected a readable file');
  }
  const value = dropTrailingNewline(content);
  if (value === '') throw invalid(field, `${quote(path)} is empty`, `expected a file holding ${holding}`);
  return value;
}

/** A declaration's value: from its name or an alias (set together, they must agree), else its _FILE variant, else its default. */
function valueOf(declaration: Declaration, given: ReadonlyMap<string, string>, readFile: ReadFile): unknown {
  const { name, parser } = declaration;
  const readings = [name, ...(declaration.aliases ?? [])].flatMap((variable) => {
    const raw = given.get(variable);
    if (raw === undefined) return [];
    const field = fieldOf(variable);
    return [{ field, raw, value: parser.read(raw, field) }];
  });
  const [first, ...others] = readings;
  if (first !== undefined) {
    const key = (value: unknown) => parser.key?.(value) ?? JSON.stringify(value);
    const other = others.find((candidate) => key(candidate.value) !== key(first.value));
    if (other === undefined) return first.value;
    throw invalid(
      first.field,
      `set together with ${other.field.variable}, to a different value (${quote(first.raw)} and ${quote(other.raw)})`,
      'set only one',
    );
  }
  const path = declaration.file === undefined ? undefined : given.get(fileVariable(name));
  if (path !== undefined) {
    const field = fieldOf(fileVariable(name));
    return parser.read(fileContent(path, field, name, readFile), field);
  }
  return parser.read(declaration.default, fieldOf(name));
}

function fill(config: Record<string, unknown>, field: Declaration['field'], value: unknown): void {
  if (typeof field === 'string') {
    config[field] = value;
    return;
  }
  // The parts of such a value are the keys of its declaration's field map, which Config's type follows.
  const parts = value as Readonly<Record<string, unknown>>;
  for (const [part, name] of Object.entries(field)) config[name] = parts[part];
}

/** What the checks across variables see, once every variable has parsed. */
interface Loaded {
  readonly config: Config;
  readonly given: ReadonlyMap<string, string>;
}

type CrossCheck = (loaded: Loaded) => ConfigError | undefined;

/** A variable and its _FILE variant both set leave unclear which one was meant. */
function notWithItsFile(name: FileBacked): CrossCheck {
  const file = fileVariable(name);
  return ({ given }) => (given.has(name) && given.has(file) ? invalid(fieldOf(file), `set together with ${name}`, 'set only one') : undefined);
}

/** The console takes a password only with a user; alone it would be silently unused. */
function passwordNeedsUser({ config, given }: Loaded): ConfigError | undefined {
  if (config.consolePassword === undefined || config.consoleUsername !== undefined) return undefined;
  const password: VariableName = given.has('ROCKETMQ_CONSOLE_PASSWORD') ? 'ROCKETMQ_CONSOLE_PASSWORD' : 'ROCKETMQ_CONSOLE_PASSWORD_FILE';
  const user = fieldOf('ROCKETMQ_CONSOLE_USERNAME');
  return new ConfigError(password, `${password}: set without ${user.variable}; set the user too, for example ${user.variable}=${user.example}`);
}

/** A snapshot must outlive the pause between walks, or scrapes between walks would have no lag. */
function snapshotOutlivesRefresh({ config }: Loaded): ConfigError | undefined {
  const { maxSnapshotAgeMs, minRefreshIntervalMs } = config;
  if (maxSnapshotAgeMs >= minRefreshIntervalMs) return undefined;
  return invalid(
    fieldOf('MAX_SNAPSHOT_AGE'),
    `${formatDuration(maxSnapshotAgeMs)} is shorter than MIN_REFRESH_INTERVAL (${formatDuration(minRefreshIntervalMs)}), so snapshots would expire between walks`,
    'expected at least MIN_REFRESH_INTERVAL',
  );
}

/** CONSOLES replaces the single console's variables (which console would they mean?) and takes /probe. */
function consolesReplaceOneConsole({ config, given }: Loaded): ConfigError | undefined {
  const [first] = config.consoles;
  if (first === undefined) return undefined;
  const replaced = replacedByConsoles.find((variable) => given.has(variable));
  if (replaced !== undefined) {
    const own = consoleTargetVariables(first).url;
    return new ConfigError(replaced, `${replaced}: set together with CONSOLES, whose consoles each have their own variables; unset it, for example ${own}=http://rocketmq-console-${first}:8080`);
  }
  if (config.metricsPath === '/probe') return invalid(fieldOf('METRICS_PATH'), '"/probe" is taken by the consoles of CONSOLES', 'expected another path');
  return undefined;
}

/** The rules that involve two variables, checked in this order after every variable has parsed. */
const crossChecks: readonly CrossCheck[] = [
  consolesReplaceOneConsole,
  notWithItsFile('ROCKETMQ_CONSOLE_USERNAME'),
  notWithItsFile('ROCKETMQ_CONSOLE_PASSWORD'),
  passwordNeedsUser,
  snapshotOutlivesRefresh,
];

function readTextFile(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Reads and checks every variable; the first invalid one throws a ConfigError. */
export function loadConfig(env: Env, readFile: ReadFile = readTextFile): Config {
  for (const [name, replacement] of Object.entries(retired)) {
    if (env[name] !== undefined && env[name] !== '') throw new ConfigError(name, `${name}: no longer read; ${replacement}`);
  }
  const given = givenValues(env);
  const values: Record<string, unknown> = {};
  for (const declaration of declared) fill(values, declaration.field, valueOf(declaration, given, readFile));
  // Filled from every declaration, so it has each Config field with its declared type.
  const loaded = { config: values as Config, given };
  for (const check of crossChecks) {
    const error = check(loaded);
    if (error !== undefined) throw error;
  }
  const consoleTargets = consoleTargetsOf(loaded, env, readFile);
  return Object.freeze({ ...loaded.config, consoleTargets });
}

/** One console of CONSOLES: its name and the console settings its own variables give. */
export interface ConsoleTarget {
  readonly name: string;
  readonly consoleUrl: string;
  readonly consoleUsername: string | undefined;
  readonly consolePassword: string | undefined;
  readonly consoleCa: string | undefined;
}

/** The variables one console of CONSOLES reads, by the single-console variable they stand for. */
export function consoleTargetVariables(name: string): { readonly url: string; readonly username: string; readonly password: string; readonly ca: string } {
  const n = name.toUpperCase().replaceAll('-', '_');
  return { url: `ROCKETMQ_CONSOLE_URL_${n}`, username: `ROCKETMQ_CONSOLE_USERNAME_${n}`, password: `ROCKETMQ_CONSOLE_PASSWORD_${n}`, ca: `ROCKETMQ_CONSOLE_CA_${n}` };
}

/** Every name the consoles of the environment's CONSOLES read (the _FILE variants included); none without CONSOLES. */
export function consoleTargetNames(env: Env): ReadonlySet<string> {
  const names = (env.CONSOLES ?? '').split(',').map((name) => name.trim()).filter((name) => consoleNameForm.test(name));
  return new Set(names.flatMap((name) => {
    const v = consoleTargetVariables(name);
    return [v.url, v.username, fileVariable(v.username), v.password, fileVariable(v.password), v.ca, fileVariable(v.ca)];
  }));
}

/** The single-console variables CONSOLES replaces: set with it, which console they meant is unclear. */
const replacedByConsoles = ['ROCKETMQ_CONSOLE_URL', 'rocketmqConsoleIPAndPort', 'ROCKETMQ_CONSOLE_USERNAME', 'ROCKETMQ_CONSOLE_USERNAME_FILE', 'ROCKETMQ_CONSOLE_PASSWORD', 'ROCKETMQ_CONSOLE_PASSWORD_FILE'] as const;

/** A per-console variable, read like a declared one: trimmed unless verbatim, else from its _FILE variant, else unset (''). */
function targetValue<T>(parser: Parser<T>, variable: string, example: string, file: string | undefined, env: Env, readFile: ReadFile): T {
  const field: Field = { variable, example, isAlias: false };
  const raw = env[variable];
  const value = parser.verbatim === true ? raw : raw?.trim();
  const fileName = file === undefined ? undefined : fileVariable(variable);
  const path = fileName === undefined ? undefined : env[fileName]?.trim();
  const fileField: Field | undefined = fileName === undefined ? undefined : { variable: fileName, example: file ?? '', isAlias: false };
  const given = value !== undefined && value !== '';
  if (given && fileField !== undefined && path !== undefined && path !== '') throw invalid(fileField, `set together with ${variable}`, 'set only one');
  if (given) return parser.read(value, field);
  if (fileField !== undefined && path !== undefined && path !== '') return parser.read(fileContent(path, fileField, variable, readFile), fileField);
  return parser.read('', field);
}

/** The consoles of CONSOLES with their own variables; none without it. */
function consoleTargetsOf({ config }: Loaded, env: Env, readFile: ReadFile): ConsoleTarget[] {
  return config.consoles.map((name) => {
    const v = consoleTargetVariables(name);
    const secrets = `/run/secrets/rocketmq-console-${name}`;
    const urlExample = `http://rocketmq-console-${name}:8080`;
    if ((env[v.url]?.trim() ?? '') === '') {
      throw invalid({ variable: v.url, example: urlExample, isAlias: false }, `not set, and CONSOLES names ${quote(name)}`, 'each console needs its URL');
    }
    const consoleUrlOf = targetValue(consoleUrl, v.url, urlExample, undefined, env, readFile);
    const consoleUsername = targetValue(credential, v.username, 'admin', `${secrets}/username`, env, readFile);
    const consolePassword = targetValue(credential, v.password, 'change-me', `${secrets}/password`, env, readFile);
    if (consolePassword !== undefined && consoleUsername === undefined) {
      const password = env[v.password] !== undefined && env[v.password] !== '' ? v.password : fileVariable(v.password);
      throw new ConfigError(password, `${password}: set without ${v.username}; set the user too, for example ${v.username}=admin`);
    }
    const consoleCa = targetValue(pemCertificates, v.ca, '-----BEGIN CERTIFICATE-----…', `/etc/rocketmq-lag-exporter/console-${name}-ca.pem`, env, readFile) ?? config.consoleCa;
    return { name, consoleUrl: consoleUrlOf, consoleUsername, consolePassword, consoleCa };
  });
}

/** A variable set in the environment that looks like one of the exporter's but is none: read by nothing. */
export interface UnknownVariable {
  readonly name: string;
  /** The known name (canonical, _FILE or alias) nearest to it, for "did you mean". */
  readonly closest: string;
}

/** Every name the exporter reads, in the order of --help: each variable with its aliases, a _FILE variant after its variable. */
const knownNames: readonly string[] = variables.flatMap((variable) => [variable.name, ...variable.aliases]);
const knownLowerCase: readonly string[] = knownNames.map((name) => name.toLowerCase());
/** Names never warned about: the ones read, and the retired ones, which loadConfig refuses with their replacement. */
const notUnknown: ReadonlySet<string> = new Set([...knownNames, ...Object.keys(retired)]);

// Leading words other software uses too (WEB_CONCURRENCY, LOG_FORMAT, MAX_THREADS...): only a near miss of one of our
// names starting with them is taken for ours.
const SHARED_WORDS: ReadonlySet<string> = new Set(['WEB', 'LOG', 'MAX', 'MIN', 'INCLUDE']);

/** The leading words of the declared names with their underscore (ROCKETMQ_, CONSOLE_, WALK_...): a variable starting with one is taken for ours. */
const ownPrefixes: readonly string[] = [
  ...new Set(declared.map(({ name }) => name.split('_', 1)[0] ?? name).filter((word) => !SHARED_WORDS.has(word)).map((word) => `${word}_`)),
];

/** A name this close to a known one, case aside, is taken for a typo of it. */
const NEAR_MISS_DISTANCE = 2;

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The variables Kubernetes sets for each Service in the namespace (service links, on unless enableServiceLinks: false):
 * <SVC>_SERVICE_HOST, <SVC>_SERVICE_PORT[_<name>], <SVC>_PORT[_<port>_<proto>[_ADDR|_PORT|_PROTO]]. A Service named
 * rocketmq-console gives ROCKETMQ_CONSOLE_PORT and the like: Kubernetes' variables, not typos of ours.
 */
function serviceLinkVariables(names: readonly string[]): ReadonlySet<string> {
  const services = names.filter((name) => name.endsWith('_SERVICE_HOST')).map((name) => name.slice(0, -'_SERVICE_HOST'.length));
  const ofService = (name: string, service: string) =>
    [`${service}_SERVICE_HOST`, `${service}_SERVICE_PORT`, `${service}_PORT`].some((stem) => name === stem || name.startsWith(`${stem}_`));
  return new Set(names.filter((name) => services.some((service) => ofService(name, service))));
}

/**
 * The variables set (not empty) that look like the exporter's but are none of its names, aliases or _FILE variants,
 * by name: those starting with one of its leading words (ROCKETMQ_, CONSOLE_...), and near misses of a known name
 * (edit distance at most 2, case aside), each with the closest known name. Other software's variables (PATH,
 * KUBERNETES_SERVICE_HOST...) match neither rule. Values are never read beyond emptiness, so none can leak.
 */
export function unknownVariables(env: Env): UnknownVariable[] {
  const targets = consoleTargetNames(env);
  const set = Object.keys(env).filter((name) => env[name] !== undefined && env[name] !== '' && !notUnknown.has(name) && !targets.has(name));
  const links = serviceLinkVariables(Object.keys(env));
  const unknown: UnknownVariable[] = [];
  for (const name of set.sort()) {
    if (links.has(name)) continue;
    const lower = name.toLowerCase();
    const distances = knownLowerCase.map((known) => editDistance(lower, known));
    const nearest = Math.min(...distances);
    if (nearest > NEAR_MISS_DISTANCE && !ownPrefixes.some((prefix) => name.startsWith(prefix))) continue;
    unknown.push({ name, closest: knownNames[distances.indexOf(nearest)] ?? '' });
  }
  return unknown;
}
