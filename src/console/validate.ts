// Turns console JSON (unknown) into the model types, naming the exact field path of the first thing that is wrong.
// Hot path: a walk validates thousands of queue rows, so plain loops, NaN as the "not a number" sentinel, and
// field paths built only when something fails.
import { SYS_MARK } from './names.js';
import { ShapeError } from './shape-error.js';
import {
  UNKNOWN_OFFSET,
  type ClusterBrokerNames,
  type ConsoleHome,
  type ConsumeType,
  type GroupConsumeInfo,
  type LoginCheck,
  type MessageModel,
  type QueueMaxOffset,
  type QueueStatInfo,
  type TopicConsumerInfo,
  type TopicList,
} from './types.js';

/** The wrapper every console answer comes in. */
export interface ConsoleEnvelope {
  readonly status: number;
  readonly data: unknown;
  readonly errMsg: string | null;
}

/** Which groupList fields were present: they tell the dashboard version apart. */
export type GroupListShape = 'legacy' | 'address' | 'update-time';

export interface GroupList {
  readonly groups: GroupConsumeInfo[];
  /** undefined for an empty list, which tells nothing. */
  readonly shape: GroupListShape | undefined;
}

type Fields = Record<string, unknown>;

const EXPECTED_NUMBER = 'expected a number';
const EXPECTED_STRING = 'expected a string';
const EXPECTED_OBJECT = 'expected an object';
const EXPECTED_ARRAY = 'expected an array';
// Some proxies rewrite longs as strings; only plain decimal numbers are taken back.
const NUMERIC_STRING = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function validateEnvelope(body: unknown): ConsoleEnvelope {
  if (!isFields(body)) throw new ShapeError('(body)', EXPECTED_OBJECT, body);
  const status = toNumber(body.status);
  if (status !== status) throw new ShapeError('status', EXPECTED_NUMBER, body.status);
  const errMsg = typeof body.errMsg === 'string' ? body.errMsg : null;
  return { status, data: body.data, errMsg };
}

export function validateTopicList(data: unknown): TopicList {
  if (!isFields(data)) throw new ShapeError('data', EXPECTED_OBJECT, data);
  const list = data.topicList;
  if (!Array.isArray(list)) throw new ShapeError('data.topicList', EXPECTED_ARRAY, list);
  let systemMarked = false;
  for (let i = 0; i < list.length; i++) {
    const topic: unknown = list[i];
    if (typeof topic !== 'string') throw new ShapeError(`data.topicList[${i}]`, EXPECTED_STRING, topic);
    if (!systemMarked && topic.startsWith(SYS_MARK)) systemMarked = true;
  }
  return { topics: list as string[], systemMarked };
}

/** `topic/queryConsumerByTopic.query`: consumer group -> its consumption of the topic. */
export function validateConsumersOfTopic(data: unknown): Map<string, TopicConsumerInfo> {
  if (!isFields(data)) throw new ShapeError('data', EXPECTED_OBJECT, data);
  const byGroup = new Map<string, TopicConsumerInfo>();
  for (const group in data) {
    byGroup.set(group, validateTopicConsumerInfo(data[group], memberPath('data', group)));
  }
  return byGroup;
}

/** `consumer/queryTopicByConsumer.query`: one entry per topic (dashboard 2.1: per topic and broker). */
export function validateTopicConsumerInfoList(data: unknown): TopicConsumerInfo[] {
  if (!Array.isArray(data)) throw new ShapeError('data', EXPECTED_ARRAY, data);
  const infos: TopicConsumerInfo[] = new Array<TopicConsumerInfo>(data.length);
  for (let i = 0; i < data.length; i++) infos[i] = validateTopicConsumerInfo(data[i], `data[${i}]`);
  return infos;
}

export function validateTopicConsumerInfo(value: unknown, path: string): TopicConsumerInfo {
  if (!isFields(value)) throw new ShapeError(path, EXPECTED_OBJECT, value);
  const topic = value.topic;
  if (typeof topic !== 'string') throw new ShapeError(`${path}.topic`, EXPECTED_STRING, topic);
  const diffTotal = toNumber(value.diffTotal);
  if (diffTotal !== diffTotal) throw new ShapeError(`${path}.diffTotal`, EXPECTED_NUMBER, value.diffTotal);
  const lastTimestamp = toTimestamp(value.lastTimestamp);
  if (lastTimestamp !== lastTimestamp) throw new ShapeError(`${path}.lastTimestamp`, EXPECTED_NUMBER, value.lastTimestamp);
  const rows = value.queueStatInfoList;
  if (!Array.isArray(rows)) throw new ShapeError(`${path}.queueStatInfoList`, EXPECTED_ARRAY, rows);
  const queues: QueueStatInfo[] = new Array<QueueStatInfo>(rows.length);
  for (let i = 0; i < rows.length; i++) queues[i] = validateQueueStatInfo(rows[i], path, i);
  return { topic, diffTotal, lastTimestamp, queueStatInfoList: queues };
}

/** `parentPath` is the TopicConsumerInfo's path; the row's own path is built only on failure. */
export function validateQueueStatInfo(row: unknown, parentPath: string, index: number): QueueStatInfo {
  if (!isFields(row)) throw new ShapeError(rowPath(parentPath, index, ''), EXPECTED_OBJECT, row);
  const brokerName = row.brokerName;
  if (typeof brokerName !== 'string') throw new ShapeError(rowPath(parentPath, index, 'brokerName'), EXPECTED_STRING, brokerName);
  const queueId = toNumber(row.queueId);
  if (queueId !== queueId) throw new ShapeError(rowPath(parentPath, index, 'queueId'), EXPECTED_NUMBER, row.queueId);
  const brokerOffset = toNumber(row.brokerOffset);
  if (brokerOffset !== brokerOffset) throw new ShapeError(rowPath(parentPath, index, 'brokerOffset'), EXPECTED_NUMBER, row.brokerOffset);
  const consumerOffset = toNumber(row.consumerOffset);
  if (consumerOffset !== consumerOffset) {
    throw new ShapeError(rowPath(parentPath, index, 'consumerOffset'), EXPECTED_NUMBER, row.consumerOffset);
  }
  const clientInfo = row.clientInfo;
  if (clientInfo !== null && clientInfo !== undefined && typeof clientInfo !== 'string') {
    throw new ShapeError(rowPath(parentPath, index, 'clientInfo'), 'expected a string or null', clientInfo);
  }
  const lastTimestamp = toTimestamp(row.lastTimestamp);
  if (lastTimestamp !== lastTimestamp) throw new ShapeError(rowPath(parentPath, index, 'lastTimestamp'), EXPECTED_NUMBER, row.lastTimestamp);
  return {
    brokerName, queueId: countOrNaN(queueId), brokerOffset: offsetOrNaN(brokerOffset), consumerOffset: offsetOrNaN(consumerOffset),
    clientInfo: clientInfo ?? null, lastTimestamp,
  };
}

// A queue id or an offset is a whole number from 0 to 2^53 - 1; anything else (negative, fractional, or beyond what
// a double holds exactly) is unknown, NaN, never a wrong number.
function countOrNaN(value: number): number {
  return Number.isSafeInteger(value) && value >= 0 ? value : NaN;
}

// A queue row's offset, or the broker's -1 for "unknown" kept as such: the lag is then unknown for a reason of its
// own (exporter_lag_anomalies{reason="unknown_offset"}), not an impossible number.
function offsetOrNaN(value: number): number {
  return value === UNKNOWN_OFFSET ? value : countOrNaN(value);
}

// The console prints each key with MessageQueue.toString(): "MessageQueue [topic=T, brokerName=B, queueId=N]". Topic
// and broker names hold no ", "; parsed by position, not by a backtracking pattern, whatever the key's length.
const BROKER_PART = ', brokerName=';
const QUEUE_PART = ', queueId=';
const QUEUE_ID = /^\d{1,10}\]$/;

function messageQueueOf(key: string): { readonly brokerName: string; readonly queueId: number } | undefined {
  if (!key.startsWith('MessageQueue [topic=')) return undefined;
  const queueAt = key.lastIndexOf(QUEUE_PART);
  const brokerAt = key.lastIndexOf(BROKER_PART, queueAt);
  if (queueAt < 0 || brokerAt < 0) return undefined;
  const id = key.slice(queueAt + QUEUE_PART.length);
  if (!QUEUE_ID.test(id)) return undefined;
  return { brokerName: key.slice(brokerAt + BROKER_PART.length, queueAt), queueId: Number(id.slice(0, -1)) };
}

/** `topic/stats.query`: each queue's max offset and the store time of its last message. */
export function validateTopicStats(data: unknown): QueueMaxOffset[] {
  if (!isFields(data)) throw new ShapeError('data', EXPECTED_OBJECT, data);
  const table = data.offsetTable;
  if (!isFields(table)) throw new ShapeError('data.offsetTable', EXPECTED_OBJECT, table);
  const queues: QueueMaxOffset[] = [];
  for (const key in table) {
    const path = memberPath('data.offsetTable', key);
    const queue = messageQueueOf(key);
    if (queue === undefined) throw new ShapeError(path, 'expected a key "MessageQueue [topic=…, brokerName=…, queueId=…]"', key);
    const entry = table[key];
    if (!isFields(entry)) throw new ShapeError(path, EXPECTED_OBJECT, entry);
    const maxOffset = toNumber(entry.maxOffset);
    if (maxOffset !== maxOffset) throw new ShapeError(`${path}.maxOffset`, EXPECTED_NUMBER, entry.maxOffset);
    const lastUpdateTimestamp = toTimestamp(entry.lastUpdateTimestamp);
    if (lastUpdateTimestamp !== lastUpdateTimestamp) {
      throw new ShapeError(`${path}.lastUpdateTimestamp`, EXPECTED_NUMBER, entry.lastUpdateTimestamp);
    }
    queues.push({ brokerName: queue.brokerName, queueId: queue.queueId, maxOffset: countOrNaN(maxOffset), lastUpdateTimestamp });
  }
  return queues;
}

/** `ops/homePage.query`: `currentNamesrv` (dashboards), else the first entry of `namesvrAddrList`. */
export function validateHomePage(data: unknown): ConsoleHome {
  if (!isFields(data)) throw new ShapeError('data', EXPECTED_OBJECT, data);
  if (typeof data.currentNamesrv === 'string') return { nameServer: data.currentNamesrv };
  const list = data.namesvrAddrList;
  if (!Array.isArray(list)) throw new ShapeError('data.namesvrAddrList', EXPECTED_ARRAY, list);
  const first: unknown = list[0];
  if (first !== undefined && typeof first !== 'string') throw new ShapeError('data.namesvrAddrList[0]', EXPECTED_STRING, first);
  return { nameServer: first ?? '' };
}

/** `consumer/groupList.query`, legacy (no `address`) and dashboard (>= 2.0 `address`, >= 2.1 `updateTime`) shapes. */
export function validateGroupList(data: unknown): GroupList {
  if (!Array.isArray(data)) throw new ShapeError('data', EXPECTED_ARRAY, data);
  const groups: GroupConsumeInfo[] = new Array<GroupConsumeInfo>(data.length);
  let withAddress = false;
  let withUpdateTime = false;
  for (let i = 0; i < data.length; i++) {
    const entry: unknown = data[i];
    groups[i] = validateGroupConsumeInfo(entry, `data[${i}]`);
    if (isFields(entry)) {
      if ('address' in entry) withAddress = true;
      if ('updateTime' in entry) withUpdateTime = true;
    }
  }
  const shape: GroupListShape | undefined =
    data.length === 0 ? undefined : withUpdateTime ? 'update-time' : withAddress ? 'address' : 'legacy';
  return { groups, shape };
}

export function validateGroupConsumeInfo(value: unknown, path: string): GroupConsumeInfo {
  if (!isFields(value)) throw new ShapeError(path, EXPECTED_OBJECT, value);
  const group = value.group;
  if (typeof group !== 'string') throw new ShapeError(`${path}.group`, EXPECTED_STRING, group);
  const version = value.version;
  if (version !== null && version !== undefined && typeof version !== 'string') {
    throw new ShapeError(`${path}.version`, 'expected a string or null', version);
  }
  const count = toNumber(value.count);
  if (count !== count) throw new ShapeError(`${path}.count`, EXPECTED_NUMBER, value.count);
  const consumeTps = toNumber(value.consumeTps);
  if (consumeTps !== consumeTps) throw new ShapeError(`${path}.consumeTps`, EXPECTED_NUMBER, value.consumeTps);
  const diffTotal = toNumber(value.diffTotal);
  if (diffTotal !== diffTotal) throw new ShapeError(`${path}.diffTotal`, EXPECTED_NUMBER, value.diffTotal);
  return {
    group,
    version: version ?? null,
    count,
    consumeType: toConsumeType(value.consumeType),
    messageModel: toMessageModel(value.messageModel),
    consumeTps,
    diffTotal,
    address: toAddressList(value.address, path),
    subGroupType: typeof value.subGroupType === 'string' ? value.subGroupType : null,
  };
}

/** `cluster/list.query`: broker names from brokerAddrTable and from every cluster's member list. */
export function validateClusterBrokerNames(data: unknown): ClusterBrokerNames {
  if (!isFields(data)) throw new ShapeError('data', EXPECTED_OBJECT, data);
  const info = data.clusterInfo;
  if (!isFields(info)) throw new ShapeError('data.clusterInfo', EXPECTED_OBJECT, info);
  const brokerTable = info.brokerAddrTable;
  if (!isFields(brokerTable)) throw new ShapeError('data.clusterInfo.brokerAddrTable', EXPECTED_OBJECT, brokerTable);
  const clusterTable = info.clusterAddrTable;
  if (!isFields(clusterTable)) throw new ShapeError('data.clusterInfo.clusterAddrTable', EXPECTED_OBJECT, clusterTable);
  const brokers = new Set<string>(Object.keys(brokerTable));
  // The console asks each address (masters and slaves) for its runtime: what the call costs the brokers.
  let addresses = 0;
  for (const name in brokerTable) {
    const entry = brokerTable[name];
    const addrs = isFields(entry) ? entry.brokerAddrs : undefined;
    if (isFields(addrs)) addresses += Object.keys(addrs).length;
  }
  const clusters: string[] = [];
  const clusterOf = new Map<string, string>();
  for (const cluster in clusterTable) {
    clusters.push(cluster);
    const members = clusterTable[cluster];
    const membersPath = memberPath('data.clusterInfo.clusterAddrTable', cluster);
    if (!Array.isArray(members)) throw new ShapeError(membersPath, EXPECTED_ARRAY, members);
    for (let i = 0; i < members.length; i++) {
      const broker: unknown = members[i];
      if (typeof broker !== 'string') throw new ShapeError(`${membersPath}[${i}]`, EXPECTED_STRING, broker);
      brokers.add(broker);
      clusterOf.set(broker, cluster);
    }
  }
  return { clusters, brokers: [...brokers], addresses, clusterOf };
}

export function validateLoginCheck(data: unknown): LoginCheck {
  if (!isFields(data)) throw new ShapeError('data', EXPECTED_OBJECT, data);
  const { loginRequired, logined } = data;
  if (typeof loginRequired !== 'boolean') throw new ShapeError('data.loginRequired', 'expected a boolean', loginRequired);
  if (typeof logined !== 'boolean') throw new ShapeError('data.logined', 'expected a boolean', logined);
  return { loginRequired, logined };
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number, or NaN when the value is neither a finite number nor a numeric string. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'string' && NUMERIC_STRING.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : NaN;
  }
  return NaN;
}

// Older consoles have no lastTimestamp; 0 is the model's "unknown".
function toTimestamp(value: unknown): number {
  return value === undefined || value === null ? 0 : toNumber(value);
}

// Enums the exporter does not know (a newer console) are "unknown", not an error.
function toMessageModel(value: unknown): MessageModel | null {
  return value === 'CLUSTERING' || value === 'BROADCASTING' ? value : null;
}

function toConsumeType(value: unknown): ConsumeType | null {
  return value === 'CONSUME_PASSIVELY' || value === 'CONSUME_ACTIVELY' || value === 'CONSUME_POP' ? value : null;
}

function toAddressList(value: unknown, path: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new ShapeError(`${path}.address`, 'expected an array or null', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw new ShapeError(`${path}.address[${i}]`, EXPECTED_STRING, value[i]);
  }
  return value as string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function memberPath(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function rowPath(parentPath: string, index: number, field: string): string {
  const row = `${parentPath}.queueStatInfoList[${index}]`;
  return field === '' ? row : `${row}.${field}`;
}
