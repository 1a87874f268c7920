// The console's models, as the exporter uses them after validation (see docs/console-api.md).

export type Flavour = 'console-1.0' | 'console-2019' | 'dashboard-1.0' | 'dashboard-2.0' | 'dashboard-2.1';

export type MessageModel = 'CLUSTERING' | 'BROADCASTING';
export type ConsumeType = 'CONSUME_ACTIVELY' | 'CONSUME_PASSIVELY' | 'CONSUME_POP';

/** The broker's "unknown offset": an offset of -1 is a fact that the offset is not known, never a number of messages. */
export const UNKNOWN_OFFSET = -1;

/**
 * Queue ids and offsets are whole numbers below 2^53; NaN where the console sent an impossible one, and an offset
 * UNKNOWN_OFFSET where it sent that (either way the row's lag is unknown).
 */
export interface QueueStatInfo {
  readonly brokerName: string;
  readonly queueId: number;
  readonly brokerOffset: number;
  readonly consumerOffset: number;
  /** RocketMQ clientId of the owning consumer process; null when unassigned or unknown. May hold an ACL secret: parse, never print. */
  readonly clientInfo: string | null;
  /** Broker store time (ms) of the last consumed message; 0 when unknown. */
  readonly lastTimestamp: number;
}

export interface TopicConsumerInfo {
  readonly topic: string;
  readonly diffTotal: number;
  readonly lastTimestamp: number;
  readonly queueStatInfoList: readonly QueueStatInfo[];
}

/** `ops/homePage.query`: the name servers the console is pointed at (`currentNamesrv` on dashboards, else its list). */
export interface ConsoleHome {
  readonly nameServer: string;
}

/** One queue of a topic on its broker, from `topic/stats.query`. */
export interface QueueMaxOffset {
  readonly brokerName: string;
  readonly queueId: number;
  /** The next offset to be written; NaN when impossible. */
  readonly maxOffset: number;
  /** Broker store time (ms) of the message at maxOffset - 1; 0 when unknown. */
  readonly lastUpdateTimestamp: number;
}

export interface GroupConsumeInfo {
  readonly group: string;
  readonly version: string | null;
  /** Online consumer clients. */
  readonly count: number;
  readonly consumeType: ConsumeType | null;
  readonly messageModel: MessageModel | null;
  readonly consumeTps: number;
  /** -1 when the console could not compute it. */
  readonly diffTotal: number;
  /** Broker addresses (dashboard >= 2.0); null on older consoles. */
  readonly address: readonly string[] | null;
  readonly subGroupType: string | null;
}

/** `topic/list.query` without `skipSysProcess`. */
export interface TopicList {
  /** Names as listed; system topics carry the `%SYS%` marker when `systemMarked`. */
  readonly topics: readonly string[];
  /** True when the console marked system topics with `%SYS%` (console 2019 and later); false on console 1.0, whose list gives no such hint. */
  readonly systemMarked: boolean;
}

/** Cluster and broker names from `cluster/list.query`; console 1.0 lists them as topics without a `%SYS%` marker. */
export interface ClusterBrokerNames {
  readonly clusters: readonly string[];
  readonly brokers: readonly string[];
  /** Broker addresses, masters and slaves: the console asks each for its runtime. */
  readonly addresses: number;
  /** The cluster each broker is in (clusterAddrTable). */
  readonly clusterOf: ReadonlyMap<string, string>;
}

/** `login/check.query`. */
export interface LoginCheck {
  readonly loginRequired: boolean;
  readonly logined: boolean;
}
