// A console answer's queue rows, kept compactly from the moment the answer arrives: its numbers in one Float64Array,
// each of its broker and client names once, so that a parsed body is garbage at once and a walk holds a few bytes a
// queue.
import type { QueueStatInfo } from '../console/types.js';

/** The numbers of row i are at `numbers[i * STRIDE + field]`. */
export const STRIDE = 4;
export const QUEUE_ID = 0;
export const BROKER_OFFSET = 1;
export const CONSUMER_OFFSET = 2;
/** Broker store time (ms) of the last consumed message; 0 when unknown. */
export const LAST_TIMESTAMP = 3;

/**
 * Whether a row's broker or consumer offset is one: not the broker's -1 for "unknown" (UNKNOWN_OFFSET) nor NaN (an
 * impossible number). NaN fails every comparison by itself; -1 does not, so whatever compares offsets asks this first.
 */
export function isOffset(value: number): boolean {
  return value >= 0;
}

/** The queue rows of one (topic, group) answer, in the console's order. */
export interface QueueBlock {
  readonly length: number;
  readonly brokers: readonly string[];
  /** The owning consumer's clientId; null when unassigned. May hold an ACL secret: parse, never print. */
  readonly clients: readonly (string | null)[];
  readonly numbers: Float64Array;
}

/** One instance of each distinct name: an answer's rows name the same few brokers and clients. */
class Names {
  private readonly seen = new Map<string, string>();

  of(name: string): string {
    const known = this.seen.get(name);
    if (known !== undefined) return known;
    this.seen.set(name, name);
    return name;
  }
}

export function queueBlock(list: readonly QueueStatInfo[]): QueueBlock {
  const names = new Names();
  const n = list.length;
  const brokers = new Array<string>(n);
  const clients = new Array<string | null>(n);
  const numbers = new Float64Array(n * STRIDE);
  for (let i = 0; i < n; i++) {
    const q = list[i] as QueueStatInfo;
    brokers[i] = names.of(q.brokerName);
    clients[i] = q.clientInfo === null ? null : names.of(q.clientInfo);
    const at = i * STRIDE;
    numbers[at + QUEUE_ID] = q.queueId;
    numbers[at + BROKER_OFFSET] = q.brokerOffset;
    numbers[at + CONSUMER_OFFSET] = q.consumerOffset;
    numbers[at + LAST_TIMESTAMP] = q.lastTimestamp;
  }
  return { length: n, brokers, clients, numbers };
}

/**
 * A value per queue (topic, broker, queue id), in nested maps: no key string is built per row, and the rows of one
 * topic mostly come one after another.
 */
export class QueueMap<T> {
  private readonly byTopic = new Map<string, Map<string, Map<number, T>>>();
  private count = 0;

  /** Queues with a value. */
  get size(): number {
    return this.count;
  }

  get(topic: string, broker: string, queueId: number): T | undefined {
    return this.byTopic.get(topic)?.get(broker)?.get(queueId);
  }

  set(topic: string, broker: string, queueId: number, value: T): void {
    let byBroker = this.byTopic.get(topic);
    if (byBroker === undefined) {
      byBroker = new Map();
      this.byTopic.set(topic, byBroker);
    }
    let byQueue = byBroker.get(broker);
    if (byQueue === undefined) {
      byQueue = new Map();
      byBroker.set(broker, byQueue);
    }
    if (!byQueue.has(queueId)) this.count++;
    byQueue.set(queueId, value);
  }

  /** The queues of `topic` with a value. */
  queuesOf(topic: string): number {
    let queues = 0;
    for (const byQueue of this.byTopic.get(topic)?.values() ?? []) queues += byQueue.size;
    return queues;
  }

  /** Forgets every queue whose value `keep` refuses, each handed to `forgotten`. */
  retain(keep: (value: T) => boolean, forgotten: (value: T) => void): void {
    for (const [topic, byBroker] of this.byTopic) {
      for (const [broker, byQueue] of byBroker) {
        for (const [queueId, value] of byQueue) {
          if (keep(value)) continue;
          byQueue.delete(queueId);
          this.count--;
          forgotten(value);
        }
        if (byQueue.size === 0) byBroker.delete(broker);
      }
      if (byBroker.size === 0) this.byTopic.delete(topic);
    }
  }
}
