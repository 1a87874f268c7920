// Every metric family the exporter writes, declared once: name (after the prefix), type, help, unit and labels in
// order. The lag renderer, the health families, the README's metrics table and the tests all read this catalogue.

export type FamilyType = 'gauge' | 'counter' | 'histogram';

export interface Family {
  /** After `METRICS_PREFIX_` (the whole name for a standard family); counters end in `_total`. */
  readonly name: string;
  readonly type: FamilyType;
  /** What a sample means and where it comes from, without the unit. */
  readonly help: string;
  /** What the value counts, shown in HELP; undefined for info families (always 1) and flags (0 or 1). */
  readonly unit: string | undefined;
  readonly labels: readonly string[];
  /** One series per queue row, capped by MAX_SERIES. */
  readonly perQueue: boolean;
  /** Exported unless METRIC_FAMILIES says otherwise; the rest are exported only when METRIC_FAMILIES asks for them. */
  readonly byDefault: boolean;
  /** A name every exporter shares (process_*, nodejs_*): METRICS_PREFIX is not put before it. */
  readonly standard: boolean;
}

/** The labels that name one queue of one group, first in every per-queue family so that their lines share a head. */
export const QUEUE_LABELS = ['topic', 'consumerGroup', 'broker', 'queueId'] as const;
/** The owner of a queue, after QUEUE_LABELS in msg_diff_detail. */
export const CLIENT_LABELS = ['consumerClientIP', 'consumerClientPID'] as const;

interface Shape {
  readonly perQueue?: true;
  /** Left out unless METRIC_FAMILIES asks for it. */
  readonly optIn?: true;
  readonly standard?: true;
}

function family(name: string, type: FamilyType, unit: string | undefined, labels: readonly string[], help: string, shape: Shape = {}): Family {
  return { name, type, help, unit, labels, perQueue: shape.perQueue === true, byDefault: shape.optIn !== true, standard: shape.standard === true };
}

/**
 * The lag domain: the snapshot's numbers, rendered once per walk. The seven msg_diff families are hepyu's contract;
 * with the group status, time lag and online clients they are the default set, about the hepyu exporter's series
 * count (README, "Series"). The others are opt-in through METRIC_FAMILIES.
 */
export const LAG_FAMILIES = {
  detail: family('msg_diff_detail', 'gauge', 'messages', [...QUEUE_LABELS, ...CLIENT_LABELS],
    'Unconsumed messages of one queue for one clustering consumer group, with the client owning the queue', { perQueue: true }),
  topic: family('msg_diff_topic', 'gauge', 'messages', ['topic'],
    'Unconsumed messages of a topic, summed over its clustering consumer groups and queues'),
  group: family('msg_diff_consumergroup', 'gauge', 'messages', ['consumerGroup'],
    'Unconsumed messages of a consumer group, summed over its topics (retry topics included) and queues'),
  topicGroup: family('msg_diff_topic_consumergroup', 'gauge', 'messages', ['topic', 'consumerGroup'],
    'Unconsumed messages of a consumer group on one topic, summed over queues'),
  broker: family('msg_diff_broker', 'gauge', 'messages', ['broker'],
    'Unconsumed messages on a broker, summed over topics, groups and queues'),
  queue: family('msg_diff_queue', 'gauge', 'messages', ['broker', 'queueId'],
    'Unconsumed messages of one queue id on a broker, summed over topics and groups'),
  client: family('msg_diff_clientinfo', 'gauge', 'messages', [...CLIENT_LABELS],
    'Unconsumed messages in the queues owned by one consumer process; empty IP and PID for unowned queues'),
  unknown: family('msg_diff_unknown_queues', 'gauge', 'queue rows', ['topic', 'consumerGroup'],
    'Queue rows of a consumer group on a topic whose lag is unknown (consumer offset ahead of the broker offset, an offset of -1, which the broker sends when it does not know it, or an impossible number from the console) and, when the console\'s stats of the group failed (no row for the topic), the queues of the topic seen in the walk (at least 1); all left out of every msg_diff family and sum: the roll-ups of that topic and group lack these parts; no sample when there are none'),
  queueLagSeconds: family('queue_lag_seconds', 'gauge', 'seconds', QUEUE_LABELS,
    'Time lag of a queue: age of its first unconsumed message, its store time interpolated between exact broker store times (never extrapolated); 0 when caught up, no sample when unknown', { perQueue: true, optIn: true }),
  maxLagSeconds: family('consumergroup_topic_max_lag_seconds', 'gauge', 'seconds', ['topic', 'consumerGroup'],
    'Worst time lag of a consumer group on one topic, over its queues whose time lag is known (queue_lag_seconds)', { optIn: true }),
  groupMaxLagSeconds: family('consumergroup_max_lag_seconds', 'gauge', 'seconds', ['consumerGroup'],
    'Worst time lag of a consumer group over its topics (retry topics included): age of its oldest unconsumed message, from broker store times; 0 when caught up, no sample when unknown'),
  groupTimeLagUnknown: family('consumergroup_time_lag_unknown_queues', 'gauge', 'queues', ['consumerGroup'],
    'Lagging queues of a consumer group whose time lag is unknown (no store time on one side of its next message), left out of consumergroup_max_lag_seconds; no sample when there are none'),
  groupMaxLagLowerBound: family('consumergroup_max_lag_lower_bound_seconds', 'gauge', 'seconds', ['consumerGroup'],
    'Lower bound of consumergroup_max_lag_seconds: the oldest unconsumed message is at least this old (from the newest store time known after it)', { optIn: true }),
  groupMaxLagUpperBound: family('consumergroup_max_lag_upper_bound_seconds', 'gauge', 'seconds', ['consumerGroup'],
    'Upper bound of consumergroup_max_lag_seconds: the oldest unconsumed message is at most this old (from the store time of the last consumed message); no sample when a lagging queue has none', { optIn: true }),
  consumerOffset: family('queue_consumer_offset', 'gauge', 'messages', QUEUE_LABELS,
    'Committed consumer offset of one queue for one consumer group; rate() is the consume rate', { perQueue: true, optIn: true }),
  brokerOffset: family('queue_broker_offset', 'gauge', 'messages', ['topic', 'broker', 'queueId'],
    'Max offset of one queue on its broker; rate() is the produce rate', { perQueue: true, optIn: true }),
  groupInfo: family('consumergroup_info', 'gauge', undefined, ['consumerGroup', 'messageModel', 'consumeType', 'version'],
    'Consumer group facts from the console; always 1. UNKNOWN when the console did not say', { optIn: true }),
  groupClients: family('consumergroup_online_clients', 'gauge', 'processes', ['consumerGroup'],
    'Consumer processes online in a consumer group, as the console counts them; no sample when it counts none while the group\'s offsets moved since the last walk (consumers behind a RocketMQ 5 proxy, which it cannot see: set ROCKETMQ_PROXY_ADDRESS)'),
  groupTps: family('consumergroup_consume_tps', 'gauge', 'messages per second', ['consumerGroup'],
    'Consume rate of a consumer group as the console reports it', { optIn: true }),
  groupStatus: family('consumergroup_status', 'gauge', undefined, ['consumerGroup', 'status'],
    'Consumer group status: one series per group, 1, labelled with its state: broadcast (offsets on the clients, no lag) or uncommitted (no offset ever committed, no lag); else, over STATUS_WINDOW, the first that holds: unknown (fewer than two walks, its call failed in this walk, or not yet watched over the whole window for what needs it), ok (lag 0 at some walk in the window), rewind (a consumer offset went back), stopped (lag, no offset moved across the window, no consumer online), stalled (the same with a consumer online), lagging (offsets move but the lag grew and never shrank across the window), ok otherwise. Alert on the label, e.g. {status="stalled"}'),
} as const satisfies Record<string, Family>;

/** The names of the lag families (after the prefix), the words of METRIC_FAMILIES. */
export const LAG_FAMILY_NAMES: readonly string[] = Object.values(LAG_FAMILIES).map((f) => f.name);
/** The families whose values come from store times: when none is exported, the walk asks no topic/stats.query. */
const TIME_LAG_FAMILIES: readonly Family[] = [
  LAG_FAMILIES.queueLagSeconds, LAG_FAMILIES.maxLagSeconds, LAG_FAMILIES.groupMaxLagSeconds, LAG_FAMILIES.groupTimeLagUnknown,
  LAG_FAMILIES.groupMaxLagLowerBound, LAG_FAMILIES.groupMaxLagUpperBound,
];

export function exportsTimeLag(families: ReadonlySet<string>): boolean {
  return TIME_LAG_FAMILIES.some((f) => families.has(f.name));
}

/** The lag families exported when METRIC_FAMILIES is unset. */
export const DEFAULT_LAG_FAMILIES: ReadonlySet<string> = new Set(Object.values(LAG_FAMILIES).filter((f) => f.byDefault).map((f) => f.name));

/**
 * The official apache/rocketmq-exporter's lag families, behind COMPAT_OFFICIAL: its names (METRICS_PREFIX is not put
 * before them), labels, label order and quirks, so that its dashboards, alert rules and queries work unchanged. Values
 * come from the same known rows as the msg_diff families: a topic and group with unknown rows has no sample here (the
 * official exporter would show a wrong number).
 */
export const COMPAT_FAMILIES = {
  groupDiff: family('rocketmq_group_diff', 'gauge', 'messages', ['group', 'topic', 'countOfOnlineConsumers', 'msgModel'],
    'Unconsumed messages of a clustering consumer group on a topic (not a retry or DLQ topic), summed over queues; countOfOnlineConsumers as the console counts them, msgModel "1" (CLUSTERING), as the official exporter labels them', { standard: true }),
  groupRetryDiff: family('rocketmq_group_retrydiff', 'gauge', 'messages', ['group', 'topic', 'countOfOnlineConsumers', 'msgModel'],
    'Unconsumed messages of a clustering consumer group on its retry topic (topic="%RETRY%group", or a POP retry topic), summed over queues; labels as rocketmq_group_diff', { standard: true }),
  consumerOffset: family('rocketmq_consumer_offset', 'gauge', 'messages', ['cluster', 'broker', 'topic', 'group'],
    'Committed consumer offsets of a consumer group on a topic, summed over the topic\'s queues on one broker; cluster is the broker\'s own cluster', { standard: true }),
  producerOffset: family('rocketmq_producer_offset', 'gauge', 'messages', ['cluster', 'broker', 'topic'],
    'Max offsets of a topic summed over its queues on one broker (queues some consumer group reports); cluster is the broker\'s own cluster', { standard: true }),
  latencyByStoreTime: family('rocketmq_group_get_latency_by_storetime', 'gauge', 'milliseconds', ['cluster', 'broker', 'topic', 'group'],
    'Worst time lag of a consumer group on a topic over its queues on one broker: age of the oldest unconsumed message from broker store times (0 when caught up); no sample when a queue\'s is unknown', { standard: true }),
  messageAccumulation: family('rocketmq_message_accumulation', 'gauge', 'messages', ['cluster', 'group', 'topic'],
    'Unconsumed messages of a consumer group on a topic within one cluster: rocketmq_producer_offset minus rocketmq_consumer_offset, as a gauge', { standard: true }),
} as const satisfies Record<string, Family>;

/** The exporter's own health, rendered on every scrape. */
export const HEALTH_FAMILIES = {
  consoleReachable: family('exporter_console_reachable', 'gauge', undefined, [],
    'Whether the console answered the last walk: 1 when a per-topic or per-group call succeeded, or when the console refused the login (see exporter_last_walk_failed); 0 before the first walk and when none succeeded'),
  lastWalkFailed: family('exporter_last_walk_failed', 'gauge', undefined, ['kind'],
    'Why the last walk brought nothing new, 1 for its error kind (auth, unreachable, timeout, deadline, console_error, ...); no sample after a walk that did'),
  consoleInfo: family('exporter_console_info', 'gauge', undefined, ['name_server', 'cluster'],
    'Which cluster the served data is of: the name servers the console read from in the walk behind it (ops/homePage.query) and, one series each, the clusters they serve (cluster/list.query, read again when the name server changes and every two minutes); always 1, an empty label when the console could not tell. The console\'s choice is global: a walk during which it changed is discarded (exporter_last_walk_failed{kind="namesrv_changed"})'),
  walkDuration: family('exporter_walk_duration_seconds', 'gauge', 'seconds', [],
    'Wall time of the last finished walk over the console'),
  snapshotAge: family('exporter_snapshot_age_seconds', 'gauge', 'seconds', [],
    'Age of the lag data served, from the start of the walk that gathered it'),
  snapshotTimestamp: family('exporter_snapshot_timestamp_seconds', 'gauge', 'seconds', [],
    'Unix time at which the walk that gathered the lag data served started'),
  walkFailures: family('exporter_walk_failures', 'gauge', 'calls', ['scope', 'kind'],
    'Console calls that failed in the walk behind the served data, by scope (topic, group, topic_list, group_list) and error kind'),
  carriedUnits: family('exporter_carried_units', 'gauge', 'topics or groups', [],
    'Topics or groups whose call failed in the walk behind the served data and whose last good data is served instead, until MAX_SNAPSHOT_AGE'),
  carriedAge: family('exporter_carried_data_age_seconds', 'gauge', 'seconds', [],
    'Age of the oldest data carried from an earlier walk into the served data; 0 when nothing is carried'),
  lagAnomalies: family('exporter_lag_anomalies', 'gauge', 'rows', ['reason'],
    'Queue rows of the served data that were wrong, by reason: negative_diff (consumer offset ahead of the broker offset), unknown_offset (a broker or consumer offset of -1, which the broker sends when it does not know it), impossible_number (a negative, fractional or too large offset or queue id), failed_stats (a topic and consumer group answered without a row, the console\'s stats of the group having failed: one per topic and group, not per row), each left out of every msg_diff family and sum as unknown (msg_diff_unknown_queues); duplicate (the same queue again, counted once)'),
  futureStoreTimes: family('exporter_future_store_times', 'gauge', 'store times', [],
    'Broker store times read in the walk behind the served data (queue rows and topic stats) that were later than the exporter\'s clock when read: broker and exporter clocks apart, time lag taken from the exporter\'s clock; sync the clocks (NTP)'),
  seriesDropped: family('exporter_series_dropped', 'gauge', 'rows', [],
    'Per-queue rows left out of the served data by MAX_SERIES; roll-ups still count them'),
  walkCost: family('exporter_walk_console_rpcs', 'gauge', 'RPCs', ['kind'],
    'What the walk behind the served data cost the cluster, by the cost model of docs/console-api.md: name server and broker RPCs, and relays to consumer processes (kind relay)'),
  refreshInterval: family('exporter_refresh_interval_seconds', 'gauge', 'seconds', [],
    'Shortest time from the start of the last good walk to the next: MIN_REFRESH_INTERVAL, or longer to stay within CONSOLE_RPC_BUDGET and CONSOLE_RELAY_BUDGET'),
  walks: family('exporter_walks_total', 'counter', 'walks', ['result'],
    'Walks over the console by result: complete, partial (some topics or groups failed, their last data carried), failed (nothing new)'),
  consoleRequests: family('exporter_console_requests_total', 'counter', 'requests', ['endpoint', 'outcome'],
    'Requests made to the console, by endpoint path and outcome (success or the error kind)'),
  consoleRequestDuration: family('exporter_console_request_duration_seconds', 'histogram', 'seconds', ['endpoint'],
    'Time from sending a console request to having its whole body, by endpoint path'),
  buildInfo: family('exporter_build_info', 'gauge', undefined, ['version', 'nodejs'],
    'Exporter version and Node.js runtime; always 1'),
  walkEventLoopDelay: family('exporter_walk_event_loop_delay_max_seconds', 'gauge', 'seconds', [],
    'Longest event-loop delay from the start of the last walk to the end of its render and of the collection after it, past the 10 ms sampling period (perf_hooks): how long a scrape or a probe could have waited for an answer meanwhile'),
} as const satisfies Record<string, Family>;

const standard = { standard: true } as const;

/** The process, under the names every exporter uses; read at scrape time, no timer between walks. */
export const RUNTIME_FAMILIES = {
  cpuUser: family('process_cpu_user_seconds_total', 'counter', 'seconds', [], 'User CPU time spent by the process', standard),
  cpuSystem: family('process_cpu_system_seconds_total', 'counter', 'seconds', [], 'System CPU time spent by the process', standard),
  cpu: family('process_cpu_seconds_total', 'counter', 'seconds', [], 'User and system CPU time spent by the process', standard),
  startTime: family('process_start_time_seconds', 'gauge', 'seconds', [], 'Unix time at which the process started', standard),
  residentMemory: family('process_resident_memory_bytes', 'gauge', 'bytes', [], 'Resident memory of the process', standard),
  openFds: family('process_open_fds', 'gauge', 'file descriptors', [], 'Open file descriptors of the process (Linux only)', standard),
  heapTotal: family('nodejs_heap_size_total_bytes', 'gauge', 'bytes', [], 'V8 heap reserved', standard),
  heapUsed: family('nodejs_heap_size_used_bytes', 'gauge', 'bytes', [], 'V8 heap in use', standard),
  external: family('nodejs_external_memory_bytes', 'gauge', 'bytes', [], 'Memory of JavaScript objects kept outside the V8 heap (buffers)', standard),
} as const satisfies Record<string, Family>;

/** The HELP text: the help, then the unit in parentheses. */
export function helpOf(f: Family): string {
  return f.unit === undefined ? `${f.help}.` : `${f.help} (${f.unit}).`;
}
