import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, consoleTargetNames, helpText, loadConfig, referenceEnvFile, unknownVariables, variables } from '../src/config.js';
import { LAG_FAMILY_NAMES } from '../src/metrics/families.js';
import type { Config, VariableName } from '../src/config.js';

type Env = Record<string, string | undefined>;

// The default set, written out: a change to it shows here.
const DEFAULT_FAMILIES: ReadonlySet<string> = new Set(['msg_diff_detail', 'msg_diff_topic', 'msg_diff_consumergroup', 'msg_diff_topic_consumergroup', 'msg_diff_broker', 'msg_diff_queue', 'msg_diff_clientinfo', 'msg_diff_unknown_queues', 'consumergroup_max_lag_seconds', 'consumergroup_time_lag_unknown_queues', 'consumergroup_online_clients', 'consumergroup_status']);

const defaults: Config = {
  consoleUrl: 'http://127.0.0.1:8080',
  consoleUsername: undefined,
  consolePassword: undefined,
  consoleCa: undefined,
  consoleTlsInsecureSkipVerify: false,
  proxyAddress: undefined,
  consoles: [],
  consoleTargets: [],
  compatOfficial: false,
  shard: undefined,
  listenHost: '',
  listenPort: 5558,
  metricsPath: '/metrics',
  metricsPrefix: 'rocketmq',
  ignoredTopics: new Set(),
  topicInclude: undefined,
  topicExclude: undefined,
  groupInclude: undefined,
  groupExclude: undefined,
  includeSystemTopics: false,
  includeRetryTopics: true,
  includeDlqTopics: false,
  walkMode: 'group',
  consoleTimeoutMs: 10_000,
  consoleConcurrency: 16,
  consoleMaxResponseBytes: 33_554_432,
  consoleMaxRequestRate: 0,
  minRefreshIntervalMs: 15_000,
  consoleRpcBudget: 60_000,
  consoleRelayBudget: 24_000,
  walkTimeoutMs: 30_000,
  maxSnapshotAgeMs: 300_000,
  statusWindowMs: 300_000,
  scrapeTimeoutMs: 10_000,
  webConfigFile: undefined,
  metricFamilies: DEFAULT_FAMILIES,
  maxSeries: 200_000,
  logLevel: 'info',
};


function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError, nothing was thrown');
}

const noFiles = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

describe('loadConfig', () => {
  test('an empty environment gives every default', () => {
    assert.deepEqual(loadConfig({}, noFiles), defaults);
  });

  test('empty and blank values count as unset', () => {
    const env: Env = Object.fromEntries(variables.map((spec) => [spec.name, '']));
    assert.deepEqual(loadConfig(env, noFiles), defaults);
    assert.deepEqual(loadConfig({ LISTEN_ADDRESS: '  ', listenAddress: '', WALK_MODE: ' ' }, noFiles), defaults);
  });

  test('the returned config is frozen', () => {
    assert.ok(Object.isFrozen(loadConfig({}, noFiles)));
  });

  const validForms: readonly (readonly [Env, Partial<Config>])[] = [
    [{ ROCKETMQ_CONSOLE_URL: 'http://console:8080' }, { consoleUrl: 'http://console:8080' }],
    [{ ROCKETMQ_CONSOLE_URL: 'https://console.example.com/' }, { consoleUrl: 'https://console.example.com' }],
    [{ ROCKETMQ_CONSOLE_URL: 'http://console:8080/rocketmq/' }, { consoleUrl: 'http://console:8080/rocketmq' }],
    [{ ROCKETMQ_CONSOLE_URL: 'http://console:8080/a/b//' }, { consoleUrl: 'http://console:8080/a/b' }],
    [{ ROCKETMQ_CONSOLE_URL: 'HTTP://Console:8080' }, { consoleUrl: 'http://console:8080' }],
    [{ ROCKETMQ_CONSOLE_URL: 'http://[fd00::7]:8082' }, { consoleUrl: 'http://[fd00::7]:8082' }],
    [{ ROCKETMQ_CONSOLE_URL: ' http://console:8080 ' }, { consoleUrl: 'http://console:8080' }],
    [{ rocketmqConsoleIPAndPort: '10.0.0.7:8080' }, { consoleUrl: 'http://10.0.0.7:8080' }],
    [{ rocketmqConsoleIPAndPort: 'rocketmq-console' }, { consoleUrl: 'http://rocketmq-console' }],
    [{ rocketmqConsoleIPAndPort: 'https://console:8443/ctx' }, { consoleUrl: 'https://console:8443/ctx' }],
    [{ ROCKETMQ_CONSOLE_USERNAME: 'admin' }, { consoleUsername: 'admin' }],
    [
      { ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD: ' p a ss ' },
      { consoleUsername: 'admin', consolePassword: ' p a ss ' },
    ],
    [{ LISTEN_ADDRESS: ':9999' }, { listenHost: '', listenPort: 9999 }],
    [{ LISTEN_ADDRESS: '0.0.0.0:5558' }, { listenHost: '0.0.0.0', listenPort: 5558 }],
    [{ LISTEN_ADDRESS: 'localhost:0' }, { listenHost: 'localhost', listenPort: 0 }],
    [{ LISTEN_ADDRESS: 'exporter.local:65535' }, { listenHost: 'exporter.local', listenPort: 65535 }],
    [{ LISTEN_ADDRESS: '[::]:5558' }, { listenHost: '::', listenPort: 5558 }],
    [{ LISTEN_ADDRESS: '[::1]:80' }, { listenHost: '::1', listenPort: 80 }],
    [{ listenAddress: ':9104' }, { listenPort: 9104 }],
    [{ METRICS_PATH: '/probe/metrics' }, { metricsPath: '/probe/metrics' }],
    [{ metricsPath: '/m' }, { metricsPath: '/m' }],
    [{ METRICS_PREFIX: 'rmq_prod' }, { metricsPrefix: 'rmq_prod' }],
    [{ METRICS_PREFIX: '_x9' }, { metricsPrefix: '_x9' }],
    [{ metricsPrefix: 'RocketMQ' }, { metricsPrefix: 'RocketMQ' }],
    [{ IGNORED_TOPICS: 'TBW102' }, { ignoredTopics: new Set(['TBW102']) }],
    [{ IGNORED_TOPICS: ' TBW102 , ,BenchmarkTest,,' }, { ignoredTopics: new Set(['TBW102', 'BenchmarkTest']) }],
    [{ IGNORED_TOPICS: ',' }, { ignoredTopics: new Set() }],
    [{ ignoredTopics: 'SELF_TEST_TOPIC,%DLQ%g1' }, { ignoredTopics: new Set(['SELF_TEST_TOPIC', '%DLQ%g1']) }],
    [{ TOPIC_INCLUDE_REGEX: 'orders|payments-.*' }, { topicInclude: /^(?:orders|payments-.*)$/ }],
    [{ TOPIC_EXCLUDE_REGEX: '%RETRY%.*' }, { topicExclude: /^(?:%RETRY%.*)$/ }],
    [{ GROUP_INCLUDE_REGEX: 'billing-\\d+' }, { groupInclude: /^(?:billing-\d+)$/ }],
    [{ GROUP_EXCLUDE_REGEX: '.*-canary' }, { groupExclude: /^(?:.*-canary)$/ }],
    [{ INCLUDE_SYSTEM_TOPICS: 'true' }, { includeSystemTopics: true }],
    [{ INCLUDE_SYSTEM_TOPICS: 'YES' }, { includeSystemTopics: true }],
    [{ INCLUDE_SYSTEM_TOPICS: '1' }, { includeSystemTopics: true }],
    [{ INCLUDE_RETRY_TOPICS: 'False' }, { includeRetryTopics: false }],
    [{ INCLUDE_RETRY_TOPICS: 'no' }, { includeRetryTopics: false }],
    [{ INCLUDE_RETRY_TOPICS: '0' }, { includeRetryTopics: false }],
    [{ INCLUDE_DLQ_TOPICS: 'TRUE' }, { includeDlqTopics: true }],
    [{ WALK_MODE: 'group' }, { walkMode: 'group' }],
    [{ WALK_MODE: 'Topic' }, { walkMode: 'topic' }],
    [{ CONSOLE_TIMEOUT: '500ms' }, { consoleTimeoutMs: 500 }],
    [{ CONSOLE_TIMEOUT: '2.5' }, { consoleTimeoutMs: 2_500 }],
    [{ CONSOLE_CONCURRENCY: '1' }, { consoleConcurrency: 1 }],
    [{ CONSOLE_CONCURRENCY: '64' }, { consoleConcurrency: 64 }],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '1024' }, { consoleMaxResponseBytes: 1024 }],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '512KiB' }, { consoleMaxResponseBytes: 524_288 }],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '64 MiB' }, { consoleMaxResponseBytes: 67_108_864 }],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '32mib' }, { consoleMaxResponseBytes: 33_554_432 }],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '4096B' }, { consoleMaxResponseBytes: 4096 }],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '256MiB' }, { consoleMaxResponseBytes: 268_435_456 }],
    [{ MIN_REFRESH_INTERVAL: '0' }, { minRefreshIntervalMs: 0 }],
    [{ MIN_REFRESH_INTERVAL: '0s' }, { minRefreshIntervalMs: 0 }],
    [{ MIN_REFRESH_INTERVAL: '1m30s' }, { minRefreshIntervalMs: 90_000 }],
    [{ MAX_SNAPSHOT_AGE: '15s' }, { maxSnapshotAgeMs: 15_000 }],
    [{ MAX_SNAPSHOT_AGE: '1h' }, { maxSnapshotAgeMs: 3_600_000 }],
    [{ MIN_REFRESH_INTERVAL: '10m', MAX_SNAPSHOT_AGE: '10m' }, { minRefreshIntervalMs: 600_000, maxSnapshotAgeMs: 600_000 }],
    [{ SCRAPE_TIMEOUT: '25s' }, { scrapeTimeoutMs: 25_000 }],
    [{ METRIC_FAMILIES: '-msg_diff_detail' }, { metricFamilies: new Set([...DEFAULT_FAMILIES].filter((f) => f !== 'msg_diff_detail')) }],
    [{ METRIC_FAMILIES: 'default, +queue_consumer_offset' }, { metricFamilies: new Set([...DEFAULT_FAMILIES, 'queue_consumer_offset']) }],
    [{ METRIC_FAMILIES: 'all,-msg_diff_detail,-queue_lag_seconds,-queue_consumer_offset,-queue_broker_offset,-consumergroup_topic_max_lag_seconds,-consumergroup_max_lag_lower_bound_seconds,-consumergroup_max_lag_upper_bound_seconds,-consumergroup_info,-consumergroup_consume_tps' },
      { metricFamilies: new Set([...DEFAULT_FAMILIES].filter((f) => f !== 'msg_diff_detail')) }],
    [{ METRIC_FAMILIES: 'all' }, { metricFamilies: new Set(LAG_FAMILY_NAMES) }],
    [{ MAX_SERIES: '1' }, { maxSeries: 1 }],
    [{ MAX_SERIES: '5000000' }, { maxSeries: 5_000_000 }],
    [{ LOG_LEVEL: 'debug' }, { logLevel: 'debug' }],
    [{ LOG_LEVEL: 'SILENT' }, { logLevel: 'silent' }],
  ];
  for (const [env, expected] of validForms) {
    test(`accepts ${JSON.stringify(env)}`, () => {
      assert.deepEqual(loadConfig(env, noFiles), { ...defaults, ...expected });
    });
  }

  test('the regexes match whole names only', () => {
    const config = loadConfig({ TOPIC_INCLUDE_REGEX: 'orders|pay', GROUP_EXCLUDE_REGEX: 'g.' }, noFiles);
    const include = config.topicInclude;
    const exclude = config.groupExclude;
    assert.ok(include !== undefined && exclude !== undefined);
    assert.deepEqual(
      ['orders', 'pay', 'orders-eu', 'prepay', 'xorders'].map((topic) => include.test(topic)),
      [true, true, false, false, false],
    );
    assert.deepEqual(['g1', 'g12', 'ag1'].map((group) => exclude.test(group)), [true, false, false]);
  });

  test("hepyu's five variables alone give a working config", () => {
    const config = loadConfig(
      {
        rocketmqConsoleIPAndPort: '10.0.0.7:8080',
        ignoredTopics: 'TBW102,BenchmarkTest',
        metricsPath: '/metrics',
        listenAddress: ':9104',
        metricsPrefix: 'rocketmq',
      },
      noFiles,
    );
    assert.deepEqual(config, {
      ...defaults,
      consoleUrl: 'http://10.0.0.7:8080',
      ignoredTopics: new Set(['TBW102', 'BenchmarkTest']),
      listenPort: 9104,
    });
  });

  test('unknown variables are ignored', () => {
    assert.deepEqual(loadConfig({ PATH: '/usr/bin', HOME: '/root', listen_address: 'nonsense' }, noFiles), defaults);
  });

  const invalidValues: readonly (readonly [Env, string])[] = [
    [{ ROCKETMQ_CONSOLE_URL: 'console:8080' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ ROCKETMQ_CONSOLE_URL: 'ftp://console' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ ROCKETMQ_CONSOLE_URL: 'http://' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ ROCKETMQ_CONSOLE_URL: 'http://console:99999' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ ROCKETMQ_CONSOLE_URL: 'http://console:8080/?a=1' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ ROCKETMQ_CONSOLE_URL: 'http://console:8080/#/login' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ ROCKETMQ_CONSOLE_URL: 'http://admin@console:8080' }, 'ROCKETMQ_CONSOLE_URL'],
    [{ rocketmqConsoleIPAndPort: 'ftp://console:21' }, 'rocketmqConsoleIPAndPort'],
    [{ rocketmqConsoleIPAndPort: 'console:port' }, 'rocketmqConsoleIPAndPort'],
    [{ ROCKETMQ_CONSOLE_PASSWORD: 'pw' }, 'ROCKETMQ_CONSOLE_PASSWORD'],
    [{ LISTEN_ADDRESS: 'abc' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: '5558' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: ':' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: ':-1' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: ':65536' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: '::1:5558' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: '[]:5558' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: '[localhost]:5558' }, 'LISTEN_ADDRESS'],
    [{ LISTEN_ADDRESS: 'bad host:5558' }, 'LISTEN_ADDRESS'],
    [{ listenAddress: '9104' }, 'listenAddress'],
    [{ METRICS_PATH: 'metrics' }, 'METRICS_PATH'],
    [{ METRICS_PATH: '/' }, 'METRICS_PATH'],
    [{ METRICS_PATH: '/healthz' }, 'METRICS_PATH'],
    [{ METRICS_PATH: '/readyz' }, 'METRICS_PATH'],
    [{ METRICS_PATH: '/metrics?x=1' }, 'METRICS_PATH'],
    [{ metricsPath: 'metrics' }, 'metricsPath'],
    [{ METRICS_PREFIX: '9lives' }, 'METRICS_PREFIX'],
    [{ METRICS_PREFIX: 'rocket-mq' }, 'METRICS_PREFIX'],
    [{ METRICS_PREFIX: 'rocket:mq' }, 'METRICS_PREFIX'],
    [{ metricsPrefix: 'a.b' }, 'metricsPrefix'],
    [{ TOPIC_INCLUDE_REGEX: '[' }, 'TOPIC_INCLUDE_REGEX'],
    [{ TOPIC_EXCLUDE_REGEX: '(?i)test' }, 'TOPIC_EXCLUDE_REGEX'],
    [{ GROUP_INCLUDE_REGEX: 'a)|(b' }, 'GROUP_INCLUDE_REGEX'],
    [{ GROUP_EXCLUDE_REGEX: '*' }, 'GROUP_EXCLUDE_REGEX'],
    [{ INCLUDE_SYSTEM_TOPICS: 'maybe' }, 'INCLUDE_SYSTEM_TOPICS'],
    [{ INCLUDE_RETRY_TOPICS: 'on' }, 'INCLUDE_RETRY_TOPICS'],
    [{ INCLUDE_DLQ_TOPICS: '2' }, 'INCLUDE_DLQ_TOPICS'],
    [{ WALK_MODE: 'both' }, 'WALK_MODE'],
    [{ CONSOLE_TIMEOUT: '0' }, 'CONSOLE_TIMEOUT'],
    [{ CONSOLE_TIMEOUT: '0s' }, 'CONSOLE_TIMEOUT'],
    [{ CONSOLE_TIMEOUT: '10 s' }, 'CONSOLE_TIMEOUT'],
    [{ CONSOLE_TIMEOUT: '-1s' }, 'CONSOLE_TIMEOUT'],
    [{ CONSOLE_TIMEOUT: '25h' }, 'CONSOLE_TIMEOUT'],
    [{ CONSOLE_CONCURRENCY: '0' }, 'CONSOLE_CONCURRENCY'],
    [{ CONSOLE_CONCURRENCY: '65' }, 'CONSOLE_CONCURRENCY'],
    [{ CONSOLE_CONCURRENCY: '2.5' }, 'CONSOLE_CONCURRENCY'],
    [{ CONSOLE_CONCURRENCY: 'eight' }, 'CONSOLE_CONCURRENCY'],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '1023' }, 'CONSOLE_MAX_RESPONSE_BYTES'],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '32MB' }, 'CONSOLE_MAX_RESPONSE_BYTES'],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '1GiB' }, 'CONSOLE_MAX_RESPONSE_BYTES'],
    [{ CONSOLE_MAX_RESPONSE_BYTES: '1.5MiB' }, 'CONSOLE_MAX_RESPONSE_BYTES'],
    [{ MIN_REFRESH_INTERVAL: 'soon' }, 'MIN_REFRESH_INTERVAL'],
    [{ MAX_SNAPSHOT_AGE: '0' }, 'MAX_SNAPSHOT_AGE'],
    [{ MAX_SNAPSHOT_AGE: '10s' }, 'MAX_SNAPSHOT_AGE'],
    [{ MIN_REFRESH_INTERVAL: '10m' }, 'MAX_SNAPSHOT_AGE'],
    [{ SCRAPE_TIMEOUT: '0ms' }, 'SCRAPE_TIMEOUT'],
    [{ METRIC_FAMILIES: 'queue_consumer_offset' }, 'METRIC_FAMILIES'],
    [{ METRIC_FAMILIES: '+consumer_offsets' }, 'METRIC_FAMILIES'],
    [{ METRIC_FAMILIES: '-default' }, 'METRIC_FAMILIES'],
    [{ QUEUE_DETAIL: 'false' }, 'QUEUE_DETAIL'],
    [{ MAX_SERIES: '0' }, 'MAX_SERIES'],
    [{ MAX_SERIES: '1e6' }, 'MAX_SERIES'],
    [{ MAX_SERIES: '99999999999999999999' }, 'MAX_SERIES'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
  ];
  for (const [env, variable] of invalidValues) {
    test(`rejects ${JSON.stringify(env)} naming ${variable} in one line`, () => {
      const error = configError(() => loadConfig(env, noFiles));
      assert.equal(error.variable, variable);
      assert.ok(error.message.startsWith(`${variable}: `), error.message);
      assert.match(error.message, /; .*for example [A-Za-z_]+=\S/);
      assert.doesNotMatch(error.message, /\n/);
    });
  }

  const exactMessages: readonly (readonly [Env, string])[] = [
    [{ LISTEN_ADDRESS: 'abc' }, 'LISTEN_ADDRESS: "abc" is not a listen address; expected [host]:port, for example LISTEN_ADDRESS=:5558'],
    [{ ROCKETMQ_PROXY_ADDRESS: 'rmq-proxy' }, 'ROCKETMQ_PROXY_ADDRESS: "rmq-proxy" is not a host:port address; expected host:port, for example ROCKETMQ_PROXY_ADDRESS=rmq-proxy:8081'],
    [{ ROCKETMQ_CONSOLE_CA: 'not a certificate' }, 'ROCKETMQ_CONSOLE_CA: holds no PEM certificate; expected the CA certificate(s) that signed the console\'s certificate, in PEM, for example ROCKETMQ_CONSOLE_CA=-----BEGIN CERTIFICATE-----…'],
    [{ SHARD: '3/3' }, 'SHARD: "3/3" is not a shard; expected i/n with 0 <= i < n, e.g. 0/3, for example SHARD=0/3'],
    [{ SHARD: '1' }, 'SHARD: "1" is not a shard; expected i/n with 0 <= i < n, e.g. 0/3, for example SHARD=0/3'],
    [{ ROCKETMQ_PROXY_ADDRESS: '[fd00::1' }, 'ROCKETMQ_PROXY_ADDRESS: "[fd00::1" is not a host:port address; expected host:port, for example ROCKETMQ_PROXY_ADDRESS=rmq-proxy:8081'],
    [{ ROCKETMQ_PROXY_ADDRESS: 'rmq-proxy:0' }, 'ROCKETMQ_PROXY_ADDRESS: "rmq-proxy:0" is not a host:port address; expected host:port, for example ROCKETMQ_PROXY_ADDRESS=rmq-proxy:8081'],
    [{ LISTEN_ADDRESS: ':70000' }, 'LISTEN_ADDRESS: port 70000 is out of range; expected 0..65535, for example LISTEN_ADDRESS=:5558'],
    [
      { listenAddress: 'abc' },
      'listenAddress: "abc" is not a listen address; expected [host]:port, for example listenAddress=:5558',
    ],
    [
      { ROCKETMQ_CONSOLE_URL: 'console:8080' },
      'ROCKETMQ_CONSOLE_URL: "console:8080" has no http:// or https:// scheme; expected a URL, for example ROCKETMQ_CONSOLE_URL=http://rocketmq-console:8080',
    ],
    [
      { ROCKETMQ_CONSOLE_URL: 'http://admin:hunter2@console:8080' },
      'ROCKETMQ_CONSOLE_URL: the URL carries credentials; put them in ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD instead, for example ROCKETMQ_CONSOLE_URL=http://rocketmq-console:8080',
    ],
    [
      { ROCKETMQ_CONSOLE_PASSWORD: 'hunter2' },
      'ROCKETMQ_CONSOLE_PASSWORD: set without ROCKETMQ_CONSOLE_USERNAME; set the user too, for example ROCKETMQ_CONSOLE_USERNAME=admin',
    ],
    [{ METRICS_PATH: '/healthz' }, 'METRICS_PATH: "/healthz" is taken by the liveness endpoint; for example METRICS_PATH=/metrics'],
    [{ METRICS_PATH: 'metrics' }, 'METRICS_PATH: "metrics" does not start with "/"; for example METRICS_PATH=/metrics'],
    [
      { METRICS_PREFIX: 'rocket-mq' },
      'METRICS_PREFIX: "rocket-mq" is not a valid metric name prefix; expected letters, digits and underscores, not starting with a digit, for example METRICS_PREFIX=rocketmq',
    ],
    [
      { TOPIC_INCLUDE_REGEX: '[' },
      'TOPIC_INCLUDE_REGEX: "[" is not a valid regular expression (Unterminated character class); for example TOPIC_INCLUDE_REGEX=orders|payments-.*',
    ],
    [
      { GROUP_INCLUDE_REGEX: 'a)|(b' },
      "GROUP_INCLUDE_REGEX: \"a)|(b\" is not a valid regular expression (Unmatched ')'); for example GROUP_INCLUDE_REGEX=billing-.*",
    ],
    [
      { METRIC_FAMILIES: '+consumer_ofset' },
      'METRIC_FAMILIES: "+consumer_ofset" is not +family or -family of a known family; expected default, all, +name or -name with a name among '
        + 'msg_diff_detail, msg_diff_topic, msg_diff_consumergroup, msg_diff_topic_consumergroup, msg_diff_broker, msg_diff_queue, msg_diff_clientinfo, '
        + 'msg_diff_unknown_queues, queue_lag_seconds, consumergroup_topic_max_lag_seconds, consumergroup_max_lag_seconds, consumergroup_time_lag_unknown_queues, consumergroup_max_lag_lower_bound_seconds, consumergroup_max_lag_upper_bound_seconds, queue_consumer_offset, queue_broker_offset, consumergroup_info, '
        + 'consumergroup_online_clients, consumergroup_consume_tps, consumergroup_status, for example METRIC_FAMILIES=+queue_consumer_offset,+queue_broker_offset',
    ],
    [
      { QUEUE_DETAIL: 'false' },
      'QUEUE_DETAIL: no longer read; unset it and use METRIC_FAMILIES (the per-queue offsets and time lag are opt-in now), for example METRIC_FAMILIES=-msg_diff_detail for QUEUE_DETAIL=false',
    ],
    [{ WALK_MODE: 'both' }, 'WALK_MODE: "both" is not a walk mode; expected one of group, topic, for example WALK_MODE=topic'],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL: "verbose" is not a log level; expected one of fatal, error, warn, info, debug, trace, silent, for example LOG_LEVEL=debug',
    ],
    [
      { CONSOLE_TIMEOUT: '10 sec' },
      'CONSOLE_TIMEOUT: "10 sec" is not a duration; expected a number with unit ms, s, m or h, or plain seconds, for example CONSOLE_TIMEOUT=10s',
    ],
    [{ SCRAPE_TIMEOUT: '0' }, 'SCRAPE_TIMEOUT: "0" is too short; expected at least 1ms, for example SCRAPE_TIMEOUT=10s'],
    [
      { MAX_SNAPSHOT_AGE: '10s' },
      'MAX_SNAPSHOT_AGE: 10s is shorter than MIN_REFRESH_INTERVAL (15s), so snapshots would expire between walks; expected at least MIN_REFRESH_INTERVAL, for example MAX_SNAPSHOT_AGE=5m',
    ],
    [
      { CONSOLE_CONCURRENCY: '65' },
      'CONSOLE_CONCURRENCY: 65 is out of range; expected 1..64, for example CONSOLE_CONCURRENCY=8',
    ],
    [{ MAX_SERIES: '0' }, 'MAX_SERIES: 0 is out of range; expected at least 1, for example MAX_SERIES=200000'],
    [{ MAX_SERIES: '1e6' }, 'MAX_SERIES: "1e6" is not an integer; expected at least 1, for example MAX_SERIES=200000'],
    [
      { CONSOLE_MAX_RESPONSE_BYTES: '1GiB' },
      'CONSOLE_MAX_RESPONSE_BYTES: "1GiB" is out of range; expected 1024 bytes to 256MiB, for example CONSOLE_MAX_RESPONSE_BYTES=32MiB',
    ],
    [{ CONSOLE_TIMEOUT: '25h' }, 'CONSOLE_TIMEOUT: "25h" is too long; expected at most 24h, for example CONSOLE_TIMEOUT=10s'],
    [{ MIN_REFRESH_INTERVAL: '1d' }, 'MIN_REFRESH_INTERVAL: "1d" is not a duration; expected a number with unit ms, s, m or h, or plain seconds, for example MIN_REFRESH_INTERVAL=15s'],
    [
      { CONSOLE_MAX_RESPONSE_BYTES: '32MB' },
      'CONSOLE_MAX_RESPONSE_BYTES: "32MB" is not a byte size; expected a number of bytes, optionally with KiB, MiB or GiB, for example CONSOLE_MAX_RESPONSE_BYTES=32MiB',
    ],
  ];
  for (const [env, message] of exactMessages) {
    test(`the error for ${JSON.stringify(env)} says what is wrong and how to fix it`, () => {
      assert.equal(configError(() => loadConfig(env, noFiles)).message, message);
    });
  }
});

describe('aliases', () => {
  test('an alias and its canonical name set to different values is an error naming both', () => {
    const error = configError(() => loadConfig({ LISTEN_ADDRESS: ':5558', listenAddress: ':9104' }, noFiles));
    assert.equal(error.variable, 'LISTEN_ADDRESS');
    assert.equal(
      error.message,
      'LISTEN_ADDRESS: set together with listenAddress, to a different value (":5558" and ":9104"); set only one, for example LISTEN_ADDRESS=:5558',
    );
  });

  const conflicts: readonly Env[] = [
    { ROCKETMQ_CONSOLE_URL: 'http://a:8080', rocketmqConsoleIPAndPort: 'b:8080' },
    { ROCKETMQ_CONSOLE_URL: 'https://a:8080', rocketmqConsoleIPAndPort: 'a:8080' },
    { METRICS_PATH: '/metrics', metricsPath: '/m' },
    { METRICS_PREFIX: 'rocketmq', metricsPrefix: 'rmq' },
    { IGNORED_TOPICS: 'a,b', ignoredTopics: 'a' },
  ];
  for (const env of conflicts) {
    test(`different values conflict: ${JSON.stringify(env)}`, () => {
      const [canonical, alias] = Object.keys(env);
      const error = configError(() => loadConfig(env, noFiles));
      assert.equal(error.variable, canonical);
      assert.ok(error.message.includes(`${String(canonical)}: set together with ${String(alias)}`), error.message);
    });
  }

  const agreements: readonly (readonly [Env, Partial<Config>])[] = [
    [{ LISTEN_ADDRESS: ':9104', listenAddress: ':9104' }, { listenPort: 9104 }],
    [{ ROCKETMQ_CONSOLE_URL: 'http://10.0.0.7:8080', rocketmqConsoleIPAndPort: '10.0.0.7:8080' }, { consoleUrl: 'http://10.0.0.7:8080' }],
    [{ ROCKETMQ_CONSOLE_URL: 'http://c:8080/ctx/', rocketmqConsoleIPAndPort: 'http://c:8080/ctx' }, { consoleUrl: 'http://c:8080/ctx' }],
    [{ IGNORED_TOPICS: 'b, a', ignoredTopics: 'a,b' }, { ignoredTopics: new Set(['b', 'a']) }],
    [{ METRICS_PATH: '/metrics', metricsPath: '' }, {}],
  ];
  for (const [env, expected] of agreements) {
    test(`the same value under both names is accepted: ${JSON.stringify(env)}`, () => {
      assert.deepEqual(loadConfig(env, noFiles), { ...defaults, ...expected });
    });
  }
});

describe('_FILE variables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const user = file('username', 'admin\n');
  const password = file('password', 'p@ss word\r\n');
  const twoNewlines = file('two-newlines', 'secret\n\n');
  const empty = file('empty', '\n');

  test('credentials are read from files, dropping one trailing newline', () => {
    const config = loadConfig({ ROCKETMQ_CONSOLE_USERNAME_FILE: user, ROCKETMQ_CONSOLE_PASSWORD_FILE: password });
    assert.equal(config.consoleUsername, 'admin');
    assert.equal(config.consolePassword, 'p@ss word');
  });

  test('only one trailing newline is dropped', () => {
    const config = loadConfig({ ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD_FILE: twoNewlines });
    assert.equal(config.consolePassword, 'secret\n');
  });

  test('a file and a direct value mix', () => {
    const config = loadConfig({ ROCKETMQ_CONSOLE_USERNAME: 'ops', ROCKETMQ_CONSOLE_PASSWORD_FILE: password });
    assert.deepEqual([config.consoleUsername, config.consolePassword], ['ops', 'p@ss word']);
  });

  test('a variable and its _FILE form together are an error', () => {
    const error = configError(() =>
      loadConfig({ ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD: 'hunter2', ROCKETMQ_CONSOLE_PASSWORD_FILE: password }),
    );
    assert.equal(error.variable, 'ROCKETMQ_CONSOLE_PASSWORD_FILE');
    assert.equal(
      error.message,
      'ROCKETMQ_CONSOLE_PASSWORD_FILE: set together with ROCKETMQ_CONSOLE_PASSWORD; set only one, for example ROCKETMQ_CONSOLE_PASSWORD_FILE=/run/secrets/rocketmq-console/password',
    );
    const userError = configError(() => loadConfig({ ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_USERNAME_FILE: user }));
    assert.equal(userError.variable, 'ROCKETMQ_CONSOLE_USERNAME_FILE');
  });

  test('an unreadable file is an error naming the path', () => {
    const missing = join(dir, 'missing');
    const error = configError(() => loadConfig({ ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD_FILE: missing }));
    assert.equal(error.variable, 'ROCKETMQ_CONSOLE_PASSWORD_FILE');
    assert.equal(
      error.message,
      `ROCKETMQ_CONSOLE_PASSWORD_FILE: cannot read ${JSON.stringify(missing)} (ENOENT: no such file or directory); expected a readable file, for example ROCKETMQ_CONSOLE_PASSWORD_FILE=/run/secrets/rocketmq-console/password`,
    );
    const directory = configError(() => loadConfig({ ROCKETMQ_CONSOLE_USERNAME_FILE: dir }));
    assert.match(directory.message, /^ROCKETMQ_CONSOLE_USERNAME_FILE: cannot read ".*" \(EISDIR: illegal operation on a directory\);/);
  });

  test('an empty file is an error', () => {
    const error = configError(() => loadConfig({ ROCKETMQ_CONSOLE_USERNAME_FILE: empty }));
    assert.equal(
      error.message,
      `ROCKETMQ_CONSOLE_USERNAME_FILE: ${JSON.stringify(empty)} is empty; expected a file holding ROCKETMQ_CONSOLE_USERNAME, for example ROCKETMQ_CONSOLE_USERNAME_FILE=/run/secrets/rocketmq-console/username`,
    );
  });

  test('a variable and its _FILE form together are an error before the file is read', () => {
    const error = configError(() => loadConfig({ ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_USERNAME_FILE: '/run/secrets/u' }, noFiles));
    assert.equal(
      error.message,
      'ROCKETMQ_CONSOLE_USERNAME_FILE: set together with ROCKETMQ_CONSOLE_USERNAME; set only one, for example ROCKETMQ_CONSOLE_USERNAME_FILE=/run/secrets/rocketmq-console/username',
    );
  });

  test('a password from a file still needs a user', () => {
    const error = configError(() => loadConfig({ ROCKETMQ_CONSOLE_PASSWORD_FILE: password }));
    assert.equal(error.variable, 'ROCKETMQ_CONSOLE_PASSWORD_FILE');
    assert.ok(error.message.startsWith('ROCKETMQ_CONSOLE_PASSWORD_FILE: set without ROCKETMQ_CONSOLE_USERNAME;'));
  });

  test('the injected reader is used and told the path', () => {
    const read: string[] = [];
    const config = loadConfig({ ROCKETMQ_CONSOLE_USERNAME_FILE: '/run/secrets/u' }, (path) => {
      read.push(path);
      return 'svc\n';
    });
    assert.deepEqual(read, ['/run/secrets/u']);
    assert.equal(config.consoleUsername, 'svc');
  });
});

describe('secrets', () => {
  const secret = 'Sup3r$ecret:pw/x@y';
  const leaks: readonly Env[] = [
    { ROCKETMQ_CONSOLE_URL: `http://admin:${secret}@console:8080` },
    { ROCKETMQ_CONSOLE_URL: `ftp://admin:${secret}@console:8080` },
    { ROCKETMQ_CONSOLE_URL: `http://admin:${secret}@console:notaport` },
    { ROCKETMQ_CONSOLE_URL: `admin:${secret}@console:8080` },
    { rocketmqConsoleIPAndPort: `admin:${secret}@console:8080` },
    { ROCKETMQ_CONSOLE_URL: `http://console:8080/?password=${secret}` },
    { ROCKETMQ_CONSOLE_URL: 'http://console:99999/?password=Sup3rSecret' },
    { ROCKETMQ_CONSOLE_PASSWORD: secret },
    { ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD: secret, ROCKETMQ_CONSOLE_PASSWORD_FILE: '/run/secrets/p' },
    { ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD: secret, LISTEN_ADDRESS: 'abc' },
    { ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD: secret, MAX_SNAPSHOT_AGE: '1s' },
  ];
  for (const env of leaks) {
    test(`the password never appears in the error for ${Object.keys(env).join(', ')}`, () => {
      const error = configError(() => loadConfig(env, () => 'unused'));
      for (const part of [secret, 'Sup3r', 'ecret:pw']) assert.ok(!error.message.includes(part), error.message);
    });
  }

  test('a password file content never appears in an error', () => {
    const error = configError(() =>
      loadConfig({ ROCKETMQ_CONSOLE_PASSWORD_FILE: '/run/secrets/p', LISTEN_ADDRESS: 'abc' }, () => `${secret}\n`),
    );
    assert.ok(!error.message.includes('Sup3r'), error.message);
  });

  test('helpText shows no secret value', () => {
    const spec = variables.find((candidate) => candidate.name === 'ROCKETMQ_CONSOLE_PASSWORD');
    assert.ok(spec?.secret);
    assert.equal(spec.default, '');
    assert.ok(!helpText().includes(spec.example));
    assert.ok(!helpText().includes(secret));
  });
});

describe('declarations', () => {
  test('an invalid variable is reported before a rule across two variables', () => {
    const error = configError(() => loadConfig({ MIN_REFRESH_INTERVAL: '10m', LISTEN_ADDRESS: 'abc' }, noFiles));
    assert.equal(error.variable, 'LISTEN_ADDRESS');
  });

  test('every default parses to the same config as leaving the variable unset', () => {
    for (const variable of variables) {
      assert.deepEqual(loadConfig({ [variable.name]: variable.default }, noFiles), defaults, variable.name);
    }
  });

  // What each declaration's example gives, with the variables it needs; typed by name, so a new declaration needs a row.
  const examples: Readonly<Record<VariableName, readonly [Env, Partial<Config>]>> = {
    ROCKETMQ_CONSOLE_URL: [{}, { consoleUrl: 'http://rocketmq-console:8080' }],
    ROCKETMQ_CONSOLE_USERNAME: [{}, { consoleUsername: 'admin' }],
    ROCKETMQ_CONSOLE_USERNAME_FILE: [{}, { consoleUsername: 'content of /run/secrets/rocketmq-console/username' }],
    ROCKETMQ_CONSOLE_PASSWORD: [{ ROCKETMQ_CONSOLE_USERNAME: 'admin' }, { consoleUsername: 'admin', consolePassword: 'change-me' }],
    ROCKETMQ_CONSOLE_PASSWORD_FILE: [
      { ROCKETMQ_CONSOLE_USERNAME: 'admin' },
      { consoleUsername: 'admin', consolePassword: 'content of /run/secrets/rocketmq-console/password' },
    ],
    ROCKETMQ_CONSOLE_CA: [{}, { consoleCa: '-----BEGIN CERTIFICATE-----…' }],
    ROCKETMQ_CONSOLE_CA_FILE: [{}, { consoleCa: 'content of /etc/rocketmq-lag-exporter/console-ca.pem: -----BEGIN CERTIFICATE-----' }],
    ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY: [{}, { consoleTlsInsecureSkipVerify: false }],
    ROCKETMQ_PROXY_ADDRESS: [{}, { proxyAddress: 'rmq-proxy:8081' }],
    CONSOLES: [
      { ROCKETMQ_CONSOLE_URL_EAST: 'http://east:8080', ROCKETMQ_CONSOLE_URL_WEST: 'http://west:8080' },
      {
        consoles: ['east', 'west'],
        consoleTargets: [
          { name: 'east', consoleUrl: 'http://east:8080', consoleUsername: undefined, consolePassword: undefined, consoleCa: undefined },
          { name: 'west', consoleUrl: 'http://west:8080', consoleUsername: undefined, consolePassword: undefined, consoleCa: undefined },
        ],
      },
    ],
    CONSOLE_TIMEOUT: [{}, { consoleTimeoutMs: 10_000 }],
    CONSOLE_CONCURRENCY: [{}, { consoleConcurrency: 8 }],
    CONSOLE_MAX_RESPONSE_BYTES: [{}, { consoleMaxResponseBytes: 33_554_432 }],
    CONSOLE_MAX_REQUEST_RATE: [{}, { consoleMaxRequestRate: 50 }],
    LISTEN_ADDRESS: [{}, { listenHost: '', listenPort: 5558 }],
    METRICS_PATH: [{}, { metricsPath: '/metrics' }],
    SCRAPE_TIMEOUT: [{}, { scrapeTimeoutMs: 10_000 }],
    WEB_CONFIG_FILE: [{}, { webConfigFile: '/etc/rocketmq-lag-exporter/web/web-config.yml' }],
    IGNORED_TOPICS: [{}, { ignoredTopics: new Set(['TBW102', 'BenchmarkTest']) }],
    TOPIC_INCLUDE_REGEX: [{}, { topicInclude: /^(?:orders|payments-.*)$/ }],
    TOPIC_EXCLUDE_REGEX: [{}, { topicExclude: /^(?:test-.*)$/ }],
    GROUP_INCLUDE_REGEX: [{}, { groupInclude: /^(?:billing-.*)$/ }],
    GROUP_EXCLUDE_REGEX: [{}, { groupExclude: /^(?:tools_consumer|.*-canary)$/ }],
    INCLUDE_SYSTEM_TOPICS: [{}, { includeSystemTopics: false }],
    INCLUDE_RETRY_TOPICS: [{}, { includeRetryTopics: true }],
    INCLUDE_DLQ_TOPICS: [{}, { includeDlqTopics: false }],
    SHARD: [{}, { shard: { index: 0, count: 3 } }],
    WALK_MODE: [{}, { walkMode: 'topic' }],
    MIN_REFRESH_INTERVAL: [{}, { minRefreshIntervalMs: 15_000 }],
    CONSOLE_RPC_BUDGET: [{}, { consoleRpcBudget: 30_000 }],
    CONSOLE_RELAY_BUDGET: [{}, { consoleRelayBudget: 10_000 }],
    WALK_TIMEOUT: [{}, { walkTimeoutMs: 20_000 }],
    MAX_SNAPSHOT_AGE: [{}, { maxSnapshotAgeMs: 300_000 }],
    STATUS_WINDOW: [{}, { statusWindowMs: 600_000 }],
    METRICS_PREFIX: [{}, { metricsPrefix: 'rocketmq' }],
    METRIC_FAMILIES: [{}, { metricFamilies: new Set([...DEFAULT_FAMILIES, 'queue_consumer_offset', 'queue_broker_offset']) }],
    COMPAT_OFFICIAL: [{}, { compatOfficial: true }],
    MAX_SERIES: [{}, { maxSeries: 200_000 }],
    LOG_LEVEL: [{}, { logLevel: 'debug' }],
  };

  test('the example table covers every variable, in the declared order', () => {
    assert.deepEqual(Object.keys(examples), variables.map((variable) => variable.name));
  });

  // A .pem file holds a certificate.
  const contentOf = (path: string): string => `content of ${path}${path.endsWith('.pem') ? ': -----BEGIN CERTIFICATE-----' : ''}\n`;
  for (const variable of variables) {
    const [needs, expected] = examples[variable.name as VariableName];
    test(`${variable.name}'s example ${variable.example} parses`, () => {
      assert.deepEqual(loadConfig({ ...needs, [variable.name]: variable.example }, contentOf), { ...defaults, ...expected });
    });
  }

  test('a _FILE variant is documented right after its variable, from the same declaration', () => {
    const names = variables.map((variable) => variable.name);
    assert.deepEqual(names.slice(1, 5), [
      'ROCKETMQ_CONSOLE_USERNAME',
      'ROCKETMQ_CONSOLE_USERNAME_FILE',
      'ROCKETMQ_CONSOLE_PASSWORD',
      'ROCKETMQ_CONSOLE_PASSWORD_FILE',
    ]);
    assert.deepEqual(variables[4], {
      name: 'ROCKETMQ_CONSOLE_PASSWORD_FILE',
      aliases: [],
      default: '',
      section: 'console',
      help: 'File holding ROCKETMQ_CONSOLE_PASSWORD, such as a mounted Kubernetes Secret (one trailing newline dropped); set this or ROCKETMQ_CONSOLE_PASSWORD, not both.',
      accepts: 'a path to a readable, non-empty file',
      example: '/run/secrets/rocketmq-console/password',
      secret: false,
    });
  });

  test('--help shows a variable with its default, its help and the limits its parser checks', () => {
    const lines = helpText().split('\n');
    const at = lines.indexOf('  CONSOLE_CONCURRENCY=16');
    assert.deepEqual(lines.slice(at, at + 2), [
      '  CONSOLE_CONCURRENCY=16',
      '      Console requests in flight at once; the requests per walk stay the same, a lower value spreads them out. Values: an integer, 1..64.',
    ]);
  });

  test('env.default.config shows a variable as a comment with its help and limits, then NAME=default', () => {
    const lines = referenceEnvFile().split('\n');
    const at = lines.indexOf('CONSOLE_MAX_RESPONSE_BYTES=33554432');
    assert.deepEqual(lines.slice(at - 2, at + 1), [
      '',
      '# Largest console response body accepted. Values: 1024 bytes to 256MiB, as a number of bytes, optionally with KiB, MiB or GiB.',
      'CONSOLE_MAX_RESPONSE_BYTES=33554432',
    ]);
  });

  const envFileLines = referenceEnvFile().split('\n');

  test('env.default.config reads alike as a shell source, a systemd EnvironmentFile and a docker --env-file', () => {
    const unsafe = envFileLines.filter((line) => line !== '' && !line.startsWith('#') && !/^[A-Z][A-Z0-9_]*=[^\s"'`$\\]*$/.test(line));
    assert.deepEqual(unsafe, []);
    assert.equal(envFileLines.at(-1), '');
  });

  test('loading env.default.config gives the same config as an empty environment', () => {
    const assignments = envFileLines.filter((line) => line !== '' && !line.startsWith('#'));
    const env = Object.fromEntries(assignments.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    assert.equal(assignments.length, variables.length);
    assert.deepEqual(loadConfig(env, noFiles), loadConfig({}, noFiles));
  });
});

describe('unknownVariables', () => {
  const PASSWORD = 'S3cretPassw0rd!';

  test('typos of a name or an alias, by name, each with the closest known name, never with its value', () => {
    const env: Env = {
      rocketmqConsoleIpAndPort: 'console:8080',
      ROCKETMQ_CONSOLE_PASWORD: PASSWORD,
      CONSOLE_TIMEOUTS: '5s',
      ROCKETMQ_CONSOLE_URL: 'http://console:8080',
      PATH: '/usr/bin',
    };
    const unknown = unknownVariables(env);
    assert.deepEqual(unknown, [
      { name: 'CONSOLE_TIMEOUTS', closest: 'CONSOLE_TIMEOUT' },
      { name: 'ROCKETMQ_CONSOLE_PASWORD', closest: 'ROCKETMQ_CONSOLE_PASSWORD' },
      { name: 'rocketmqConsoleIpAndPort', closest: 'rocketmqConsoleIPAndPort' },
    ]);
    assert.equal(JSON.stringify(unknown).includes(PASSWORD), false);
  });

  test('a near miss of a _FILE variant, a name in the wrong case and one letter too many or too few', () => {
    assert.deepEqual(unknownVariables({ ROCKETMQ_CONSOLE_PASSWORD_FIEL: '/run/secrets/password', log_level: 'debug', METRIC_PREFIX: 'rmq', METRICS_FAMILIES: 'all' }), [
      { name: 'METRICS_FAMILIES', closest: 'METRIC_FAMILIES' },
      { name: 'METRIC_PREFIX', closest: 'METRICS_PREFIX' },
      { name: 'ROCKETMQ_CONSOLE_PASSWORD_FIEL', closest: 'ROCKETMQ_CONSOLE_PASSWORD_FILE' },
      { name: 'log_level', closest: 'LOG_LEVEL' },
    ]);
  });

  test('every known name, alias and _FILE variant (and the retired QUEUE_DETAIL, which loadConfig refuses) is not unknown', () => {
    const env = Object.fromEntries(variables.flatMap((v) => [v.name, ...v.aliases]).map((name) => [name, 'x']));
    assert.deepEqual(unknownVariables({ ...env, QUEUE_DETAIL: 'false' }), []);
  });

  test('one letter more than any known name is a near miss of that name', () => {
    for (const name of variables.flatMap((v) => [v.name, ...v.aliases])) {
      assert.deepEqual(unknownVariables({ [`${name}X`]: '1' }), [{ name: `${name}X`, closest: name }]);
    }
  });

  test('a name starting with a leading word of a declared name is taken for ours, however far from any name', () => {
    const shared = ['WEB', 'LOG', 'MAX', 'MIN', 'INCLUDE'];
    const words = [...new Set(variables.map((v) => v.name.split('_')[0]))].filter((w) => !shared.includes(w ?? ''));
    assert.ok(words.includes('ROCKETMQ') && words.includes('CONSOLE') && words.includes('WALK') && words.includes('METRIC') && words.includes('METRICS'));
    // Words other software uses too: only near misses count.
    assert.deepEqual(unknownVariables({ WEB_CONCURRENCY: '4', LOG_FORMAT: 'json', MAX_THREADS: '8', INCLUDE_PATH: '/x' }), []);
    assert.deepEqual(unknownVariables({ WEB_CONFIG_FIL: '/x' }), [{ name: 'WEB_CONFIG_FIL', closest: 'WEB_CONFIG_FILE' }]);
    for (const word of words) {
      const name = `${word}_QQQQQQQQQQQQQQQQQQQQ`;
      assert.deepEqual(unknownVariables({ [name]: '1' }).map((u) => u.name), [name]);
    }
    assert.deepEqual(unknownVariables({ WALK_CONCURRENCY: '4', LISTEN_PORT: '5558' }), [
      { name: 'LISTEN_PORT', closest: 'LISTEN_ADDRESS' },
      { name: 'WALK_CONCURRENCY', closest: 'CONSOLE_CONCURRENCY' },
    ]);
  });

  test("other software's variables are not ours: a container's, systemd's, Kubernetes'", () => {
    const env: Env = {
      PATH: '/usr/local/bin:/usr/bin', HOME: '/home/exporter', HOSTNAME: 'rocketmq-lag-exporter-7d9f', TZ: 'UTC', LANG: 'C.UTF-8',
      TERM: 'xterm', PWD: '/app', SHLVL: '1', USER: 'exporter', LOGNAME: 'exporter', NODE_OPTIONS: '--max-old-space-size=256',
      NODE_ENV: 'production', NODE_VERSION: '20.19.0', YARN_VERSION: '1.22.22', INVOCATION_ID: 'abc', JOURNAL_STREAM: '8:123',
      KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443', KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    };
    assert.deepEqual(unknownVariables(env), []);
  });

  test("Kubernetes' service links of a Service named like ours are not ours; a typo beside them still is", () => {
    const links: Env = {
      ROCKETMQ_CONSOLE_SERVICE_HOST: '10.96.4.2', ROCKETMQ_CONSOLE_SERVICE_PORT: '8080', ROCKETMQ_CONSOLE_SERVICE_PORT_HTTP: '8080',
      ROCKETMQ_CONSOLE_PORT: 'tcp://10.96.4.2:8080', ROCKETMQ_CONSOLE_PORT_8080_TCP: 'tcp://10.96.4.2:8080',
      ROCKETMQ_CONSOLE_PORT_8080_TCP_PROTO: 'tcp', ROCKETMQ_CONSOLE_PORT_8080_TCP_PORT: '8080', ROCKETMQ_CONSOLE_PORT_8080_TCP_ADDR: '10.96.4.2',
    };
    assert.deepEqual(unknownVariables({ ...links, ROCKETMQ_CONSOLE_PASWORD: PASSWORD }), [
      { name: 'ROCKETMQ_CONSOLE_PASWORD', closest: 'ROCKETMQ_CONSOLE_PASSWORD' },
    ]);
    // Without the Service's host variable, the same name is no service link.
    assert.deepEqual(unknownVariables({ ROCKETMQ_CONSOLE_PORT: 'tcp://10.96.4.2:8080' }), [{ name: 'ROCKETMQ_CONSOLE_PORT', closest: 'ROCKETMQ_CONSOLE_URL' }]);
  });

  test('an empty or unset variable is unset, as loadConfig reads it: nothing is lost, no warning', () => {
    assert.deepEqual(unknownVariables({ ROCKETMQ_CONSOLE_PASWORD: '', CONSOLE_TIMEOUTS: undefined }), []);
  });
});

describe('CONSOLES: many consoles, one exporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-consoles-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const PASSWORD = 'Tw0-consoles-S3cret!';
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const two: Env = { CONSOLES: 'east,west-2', ROCKETMQ_CONSOLE_URL_EAST: 'http://east:8080/', ROCKETMQ_CONSOLE_URL_WEST_2: 'https://west:8443/rocketmq' };

  test('each name, with - as _ and upper-cased, has its own URL; the rest is unset; every other setting is shared', () => {
    const config = loadConfig({ ...two, CONSOLE_TIMEOUT: '3s' }, noFiles);
    assert.deepEqual(config.consoles, ['east', 'west-2']);
    assert.deepEqual(config.consoleTargets, [
      { name: 'east', consoleUrl: 'http://east:8080', consoleUsername: undefined, consolePassword: undefined, consoleCa: undefined },
      { name: 'west-2', consoleUrl: 'https://west:8443/rocketmq', consoleUsername: undefined, consolePassword: undefined, consoleCa: undefined },
    ]);
    assert.equal(config.consoleTimeoutMs, 3000);
    assert.deepEqual(loadConfig({ CONSOLES: ' east , ,', ROCKETMQ_CONSOLE_URL_EAST: 'http://east' }, noFiles).consoles, ['east']);
  });

  test('credentials and CA per console, given or from _FILE variants; the CA defaults to ROCKETMQ_CONSOLE_CA', () => {
    const config = loadConfig({
      ...two,
      ROCKETMQ_CONSOLE_USERNAME_EAST: 'ops', ROCKETMQ_CONSOLE_PASSWORD_EAST_FILE: file('east-password', `${PASSWORD}\n`),
      ROCKETMQ_CONSOLE_USERNAME_WEST_2_FILE: file('west-user', 'reader\n'), ROCKETMQ_CONSOLE_PASSWORD_WEST_2: ` ${PASSWORD} `,
      ROCKETMQ_CONSOLE_CA_WEST_2_FILE: file('west-ca.pem', PEM), ROCKETMQ_CONSOLE_CA: `shared ${PEM}`,
    });
    const [east, west] = config.consoleTargets;
    assert.deepEqual([east?.consoleUsername, east?.consolePassword, east?.consoleCa], ['ops', PASSWORD, `shared ${PEM}`]);
    assert.deepEqual([west?.consoleUsername, west?.consolePassword, west?.consoleCa], ['reader', ` ${PASSWORD} `, PEM.slice(0, -1)]);
  });

  const invalidForms: readonly (readonly [string, Env, string, RegExp])[] = [
    ['a name with an upper-case letter', { CONSOLES: 'East' }, 'CONSOLES', /"East" is not a console name/],
    ['a name starting with -', { CONSOLES: '-east' }, 'CONSOLES', /not a console name/],
    ['a name with _', { CONSOLES: 'east_1' }, 'CONSOLES', /not a console name/],
    ['a name ending in file', { CONSOLES: 'east,east-file' }, 'CONSOLES', /ends in "file"/],
    ['a name twice', { CONSOLES: 'east,west,east' }, 'CONSOLES', /"east" is named twice/],
    ['only commas', { CONSOLES: ' , ' }, 'CONSOLES', /names no console/],
    ['more than 32 names', { CONSOLES: Array.from({ length: 33 }, (_, i) => `c${i}`).join(',') }, 'CONSOLES', /33 consoles are more than 32/],
    ['a console without its URL', { CONSOLES: 'east,west', ROCKETMQ_CONSOLE_URL_EAST: 'http://east' }, 'ROCKETMQ_CONSOLE_URL_WEST', /^ROCKETMQ_CONSOLE_URL_WEST: not set, and CONSOLES names "west"; each console needs its URL, for example ROCKETMQ_CONSOLE_URL_WEST=http:\/\/rocketmq-console-west:8080$/],
    ['a URL without a scheme', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'east:8080' }, 'ROCKETMQ_CONSOLE_URL_EAST', /^ROCKETMQ_CONSOLE_URL_EAST: "east:8080" has no http:\/\/ or https:\/\/ scheme/],
    ['a URL with credentials', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: `http://admin:${PASSWORD}@east` }, 'ROCKETMQ_CONSOLE_URL_EAST', /carries credentials/],
    ['a password without a user', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', ROCKETMQ_CONSOLE_PASSWORD_EAST: PASSWORD }, 'ROCKETMQ_CONSOLE_PASSWORD_EAST', /set without ROCKETMQ_CONSOLE_USERNAME_EAST/],
    ['a value and its _FILE together', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', ROCKETMQ_CONSOLE_USERNAME_EAST: 'a', ROCKETMQ_CONSOLE_USERNAME_EAST_FILE: '/x' }, 'ROCKETMQ_CONSOLE_USERNAME_EAST_FILE', /set together with ROCKETMQ_CONSOLE_USERNAME_EAST; set only one/],
    ['a CA that is no PEM', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', ROCKETMQ_CONSOLE_CA_EAST: 'nope' }, 'ROCKETMQ_CONSOLE_CA_EAST', /holds no PEM certificate/],
    ['ROCKETMQ_CONSOLE_URL as well', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', ROCKETMQ_CONSOLE_URL: 'http://c' }, 'ROCKETMQ_CONSOLE_URL', /^ROCKETMQ_CONSOLE_URL: set together with CONSOLES/],
    ['the hepyu alias as well', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', rocketmqConsoleIPAndPort: 'c:8080' }, 'rocketmqConsoleIPAndPort', /set together with CONSOLES/],
    ['ROCKETMQ_CONSOLE_PASSWORD_FILE as well', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', ROCKETMQ_CONSOLE_USERNAME_EAST: 'a', ROCKETMQ_CONSOLE_PASSWORD_FILE: '/x' }, 'ROCKETMQ_CONSOLE_PASSWORD_FILE', /set together with CONSOLES/],
    ['METRICS_PATH=/probe', { CONSOLES: 'east', ROCKETMQ_CONSOLE_URL_EAST: 'http://east', METRICS_PATH: '/probe' }, 'METRICS_PATH', /"\/probe" is taken by the consoles of CONSOLES/],
  ];
  for (const [what, env, variable, message] of invalidForms) {
    test(`${what}: a config error naming ${variable}`, () => {
      const error = configError(() => loadConfig(env, (path) => (path === '/x' ? 'x\n' : noFiles(path))));
      assert.equal(error.variable, variable);
      assert.match(error.message, message);
      assert.equal(error.message.includes(PASSWORD), false, 'a password is never echoed');
    });
  }

  test('unreadable per-console _FILE: named, never its content', () => {
    const error = configError(() => loadConfig({ ...two, ROCKETMQ_CONSOLE_USERNAME_EAST: 'a', ROCKETMQ_CONSOLE_PASSWORD_EAST_FILE: join(dir, 'missing') }));
    assert.equal(error.variable, 'ROCKETMQ_CONSOLE_PASSWORD_EAST_FILE');
    assert.match(error.message, /cannot read/);
  });

  test('METRICS_PATH=/probe is fine with one console', () => {
    assert.equal(loadConfig({ METRICS_PATH: '/probe' }, noFiles).metricsPath, '/probe');
  });

  test("the configured consoles' variables are known names; another console's, or a typo, is still warned about", () => {
    const env: Env = {
      ...two, ROCKETMQ_CONSOLE_USERNAME_EAST: 'ops', ROCKETMQ_CONSOLE_PASSWORD_EAST_FILE: '/x', ROCKETMQ_CONSOLE_CA_WEST_2: PEM,
      ROCKETMQ_CONSOLE_URL_NORTH: 'http://north', ROCKETMQ_CONSOLE_PASWORD_EAST: PASSWORD,
    };
    assert.deepEqual(unknownVariables(env).map((u) => u.name), ['ROCKETMQ_CONSOLE_PASWORD_EAST', 'ROCKETMQ_CONSOLE_URL_NORTH']);
    assert.equal(JSON.stringify(unknownVariables(env)).includes(PASSWORD), false);
    assert.ok(consoleTargetNames({ CONSOLES: 'east' }).has('ROCKETMQ_CONSOLE_CA_EAST_FILE'));
    assert.equal(consoleTargetNames({}).size, 0);
  });

  test('--help documents CONSOLES and the variables of each console', () => {
    const help = helpText();
    assert.ok(help.includes('  CONSOLES='));
    for (const name of ['ROCKETMQ_CONSOLE_URL_N', 'ROCKETMQ_CONSOLE_USERNAME_N', 'ROCKETMQ_CONSOLE_PASSWORD_N', 'ROCKETMQ_CONSOLE_CA_N', '/probe?target=NAME']) {
      assert.ok(help.includes(name), name);
    }
  });
});
