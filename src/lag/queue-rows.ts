// A snapshot's per-queue rows, column by column: no object per row. At L-hepyu a walk has 68,400 rows; as objects
// they lived from the snapshot to the end of the render, long enough to be promoted, then collected.
import type { TimeLag } from './store-times.js';
import type { QueueLag } from './types.js';

const QUEUE_ID = 0;
const BROKER_OFFSET = 1;
const CONSUMER_OFFSET = 2;
const LAG = 3;
const LAG_SECONDS = 4;
const LAG_SECONDS_LOWER = 5;
const LAG_SECONDS_UPPER = 6;
const STRIDE = 7;

export class QueueRows implements Iterable<QueueLag> {
  /** Rows served; roll-ups count `added`, which is more when MAX_SERIES capped them. */
  length = 0;
  private added = 0;
  private readonly topics: string[];
  private readonly groups: string[];
  private readonly brokers: string[];
  private readonly clientIps: string[];
  private readonly clientPids: string[];
  private readonly numbers: Float64Array;

  /** `capacity`: rows that may be added, at most; `served`: how many of them are served (MAX_SERIES). */
  constructor(capacity: number, private readonly served: number) {
    this.topics = new Array<string>(capacity);
    this.groups = new Array<string>(capacity);
    this.brokers = new Array<string>(capacity);
    this.clientIps = new Array<string>(capacity);
    this.clientPids = new Array<string>(capacity);
    this.numbers = new Float64Array(capacity * STRIDE);
  }

  /** Rows added, served or not. */
  get total(): number {
    return this.added;
  }

  /** The fields of QueueLag, one by one: no object to build and drop per row. */
  add(
    topic: string, group: string, broker: string, queueId: number, brokerOffset: number, consumerOffset: number, lag: number,
    clientIp: string, clientPid: string, timeLag: TimeLag,
  ): void {
    const i = this.added++;
    if (i >= this.topics.length) throw new RangeError(`more rows than the ${this.topics.length} announced`);
    this.topics[i] = topic;
    this.groups[i] = group;
    this.brokers[i] = broker;
    this.clientIps[i] = clientIp;
    this.clientPids[i] = clientPid;
    const at = i * STRIDE;
    this.numbers[at + QUEUE_ID] = queueId;
    this.numbers[at + BROKER_OFFSET] = brokerOffset;
    this.numbers[at + CONSUMER_OFFSET] = consumerOffset;
    this.numbers[at + LAG] = lag;
    this.numbers[at + LAG_SECONDS] = timeLag.seconds;
    this.numbers[at + LAG_SECONDS_LOWER] = timeLag.lower;
    this.numbers[at + LAG_SECONDS_UPPER] = timeLag.upper;
    if (i < this.served) this.length = i + 1;
  }

  topic(i: number): string {
    return this.topics[i] as string;
  }

  group(i: number): string {
    return this.groups[i] as string;
  }

  broker(i: number): string {
    return this.brokers[i] as string;
  }

  clientIp(i: number): string {
    return this.clientIps[i] as string;
  }

  clientPid(i: number): string {
    return this.clientPids[i] as string;
  }

  queueId(i: number): number {
    return this.numbers[i * STRIDE + QUEUE_ID] as number;
  }

  consumerOffset(i: number): number {
    return this.numbers[i * STRIDE + CONSUMER_OFFSET] as number;
  }

  lag(i: number): number {
    return this.numbers[i * STRIDE + LAG] as number;
  }

  /** NaN when unknown. */
  lagSeconds(i: number): number {
    return this.numbers[i * STRIDE + LAG_SECONDS] as number;
  }

  lagSecondsLower(i: number): number {
    return this.numbers[i * STRIDE + LAG_SECONDS_LOWER] as number;
  }

  lagSecondsUpper(i: number): number {
    return this.numbers[i * STRIDE + LAG_SECONDS_UPPER] as number;
  }

  /** Row i as an object (tests, the bench's baseline); the hot paths read the columns. */
  at(i: number): QueueLag {
    const at = i * STRIDE;
    const n = this.numbers;
    return {
      topic: this.topic(i), group: this.group(i), broker: this.broker(i), queueId: n[at + QUEUE_ID] as number,
      brokerOffset: n[at + BROKER_OFFSET] as number, consumerOffset: n[at + CONSUMER_OFFSET] as number, lag: n[at + LAG] as number,
      clientIp: this.clientIp(i), clientPid: this.clientPid(i),
      timeLag: { seconds: n[at + LAG_SECONDS] as number, lower: n[at + LAG_SECONDS_LOWER] as number, upper: n[at + LAG_SECONDS_UPPER] as number },
    };
  }

  /** The served rows, as objects. */
  *[Symbol.iterator](): Iterator<QueueLag> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}
