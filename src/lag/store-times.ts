// Time lag from broker store times (DESIGN.md, "Truth rules"): exact (offset, store time) points of each queue,
// gathered from the queue rows (message consumerOffset - 1 was stored at lastTimestamp) and from topic/stats.query
// (message maxOffset - 1 was stored at lastUpdateTimestamp), kept across walks, and the store time of a consumer's
// first unconsumed message interpolated between the nearest two. Never extrapolated; sample times are never used.
import { QueueMap } from './queues.js';

/** Points kept per queue: the few nearest its consumers are what an estimate needs. */
export const POINTS_PER_QUEUE = 6;

/** How far behind the consumer of one queue is, in seconds; every field NaN when unknown. */
export interface TimeLag {
  /** The age of the first unconsumed message, interpolated between exact points; 0 when caught up. */
  readonly seconds: number;
  /** At least this old: the nearest message at or after it that has a known store time. */
  readonly lower: number;
  /** At most this old: the nearest message before it that has a known store time. */
  readonly upper: number;
}

export type MutableTimeLag = { -readonly [K in keyof TimeLag]: TimeLag[K] };

export const CAUGHT_UP: TimeLag = { seconds: 0, lower: 0, upper: 0 };
export const UNKNOWN_TIME_LAG: TimeLag = { seconds: NaN, lower: NaN, upper: NaN };

/** Per point: offset, store time. */
const STRIDE = 2;
/** Per queue: its point count, then its points. */
const SLOT = 1 + STRIDE * POINTS_PER_QUEUE;
const NONE = -1;

/**
 * The points of the queues whose time lag needs them, sorted by offset, all in one Float64Array (a slot per queue):
 * no object per queue. Store times are a fact of
 * the queue, not of a group: every group's rows add to it.
 *
 * A consumer whose last consumed message is younger than `resolutionMs` and with no point kept after it is reported
 * at that message's age, its upper bound: a point after it could only lower the figure by less than the resolution,
 * and would cost a console call per topic and walk. Only the other queues behind keep points, and
 * only while they are behind: a walk starts with `beginWalk`, marks the queues it needs (`need`), records, and
 * forgets every other queue at `endWalk`.
 */
export class StoreTimes {
  /** The slot of each queue kept. */
  private readonly slots = new QueueMap<number>();
  private points = new Float64Array(SLOT * 64);
  /** The walk each slot was last needed in. */
  private readonly neededIn: number[] = [];
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
  private walk = 0;

  constructor(private readonly resolutionMs: number) {}

  /** Queues with points kept. */
  get size(): number {
    return this.slots.size;
  }

  /** Whether a row's time lag needs points: behind, with a message before it, last consumed longer ago than the resolution. */
  needsPoints(consumerOffset: number, lag: number, lastTimestamp: number, now: number): boolean {
    return lag > 0 && consumerOffset > 0 && !this.withinResolution(lastTimestamp, now);
  }

  beginWalk(): void {
    this.walk++;
  }

  /** The queue's time lag needs points in this walk: keep them (and record into them) until the next. */
  need(topic: string, broker: string, queueId: number): void {
    let slot = this.slots.get(topic, broker, queueId);
    if (slot === undefined) {
      slot = this.allocate();
      this.slots.set(topic, broker, queueId, slot);
    }
    this.neededIn[slot] = this.walk;
  }

  /** Forgets the queues this walk did not need. */
  endWalk(): void {
    this.slots.retain((slot) => this.neededIn[slot] === this.walk, (slot) => this.freeSlots.push(slot));
  }

  /**
   * Message `offset` of the queue was stored at `storeTime` (ms), as read from the console at `readAt`; kept when the
   * queue is needed and both are known. A store time later than `readAt` (broker and exporter clocks apart) is
   * kept as `readAt`.
   */
  record(topic: string, broker: string, queueId: number, offset: number, storeTime: number, readAt: number): void {
    if (!(offset >= 0) || !(storeTime > 0)) return;
    if (storeTime > readAt) storeTime = readAt;
    const slot = this.slotOf(topic, broker, queueId);
    if (slot === NONE) return;
    const p = this.points;
    const base = slot * SLOT;
    let n = p[base] as number;
    let at = 0;
    while (at < n && (p[base + 1 + STRIDE * at] as number) < offset) at++;
    if (at < n && p[base + 1 + STRIDE * at] === offset) {
      // The same message again (a group that did not move): its store time does not change.
      return;
    }
    if (n === POINTS_PER_QUEUE) {
      // Full: the lowest point goes (or the new one, if lower still). A row's own last consumed message is the
      // point before it (see timeLag): what is kept serves as the point after some consumer, the lowest the least.
      if (at === 0) return;
      p.copyWithin(base + 1, base + 1 + STRIDE, base + 1 + STRIDE * n);
      n--;
      at--;
    }
    p.copyWithin(base + 1 + STRIDE * (at + 1), base + 1 + STRIDE * at, base + 1 + STRIDE * n);
    p[base + 1 + STRIDE * at] = offset;
    p[base + 2 + STRIDE * at] = storeTime;
    p[base] = n + 1;
  }

  /** Whether a queue that needs points has none at or after `consumerOffset`: then only the topic's stats can give one. */
  wantsPointAtOrAfter(topic: string, broker: string, queueId: number, consumerOffset: number): boolean {
    const slot = this.slotOf(topic, broker, queueId);
    if (slot === NONE) return false;
    const base = slot * SLOT;
    const n = this.points[base] as number;
    return n === 0 || (this.points[base + 1 + STRIDE * (n - 1)] as number) < consumerOffset;
  }

  /**
   * The time lag at `now` (ms) of a consumer whose next message is `consumerOffset`, `lag` messages behind, whose last
   * consumed message was stored at `lastTimestamp` (0: unknown), 0 when caught up. Otherwise the store time of
   * message `consumerOffset` interpolated between the point before it (the last consumed message, else the nearest
   * kept) and the nearest kept point at or after it, as seconds before `now`, within the bounds they give. Without a
   * point after it: the last consumed message's age when within the resolution (the upper bound; lower bound 0),
   * else unknown, with its upper bound when that is known.
   *
   * `out`: where to write it (a caller asking once per row, who copies it at once, passes the same one each time:
   * no object and no boxed number per row); a new one by default.
   */
  timeLag(
    topic: string, broker: string, queueId: number, consumerOffset: number, lag: number, lastTimestamp: number, now: number,
    out: MutableTimeLag = { seconds: NaN, lower: NaN, upper: NaN },
  ): TimeLag {
    if (lag === 0) return CAUGHT_UP;
    const slot = this.slotOf(topic, broker, queueId);
    const p = this.points;
    const base = slot * SLOT;
    const n = slot === NONE ? 0 : (p[base] as number);
    let after = 0;
    while (after < n && (p[base + 1 + STRIDE * after] as number) < consumerOffset) after++;
    let o1 = consumerOffset - 1;
    let t1 = consumerOffset > 0 && lastTimestamp > 0 ? Math.min(lastTimestamp, now) : NaN;
    if (Number.isNaN(t1) && after > 0) {
      o1 = p[base + 1 + STRIDE * (after - 1)] as number;
      t1 = p[base + 2 + STRIDE * (after - 1)] as number;
    }
    if (after === n) {
      if (Number.isNaN(t1)) return UNKNOWN_TIME_LAG;
      const age = ageAt(now, t1);
      return this.withinResolution(lastTimestamp, now) ? written(out, age, 0, age) : written(out, NaN, NaN, age);
    }
    if (Number.isNaN(t1)) return UNKNOWN_TIME_LAG;
    const o2 = p[base + 1 + STRIDE * after] as number;
    const t2 = p[base + 2 + STRIDE * after] as number;
    // Store times never go back along a queue; should a broker's clock have, the later point bounds both.
    const earliest = Math.min(t1, t2);
    const stored = earliest + ((t2 - earliest) * (consumerOffset - o1)) / (o2 - o1);
    return written(out, ageAt(now, stored), ageAt(now, t2), ageAt(now, earliest));
  }

  private withinResolution(lastTimestamp: number, now: number): boolean {
    return lastTimestamp > 0 && now - lastTimestamp <= this.resolutionMs;
  }

  private slotOf(topic: string, broker: string, queueId: number): number {
    return this.slots.get(topic, broker, queueId) ?? NONE;
  }

  private allocate(): number {
    const reused = this.freeSlots.pop();
    const slot = reused ?? this.slotCount++;
    if ((slot + 1) * SLOT > this.points.length) {
      const grown = new Float64Array(Math.ceil((this.points.length * 1.5) / SLOT) * SLOT);
      grown.set(this.points);
      this.points = grown;
    }
    this.points[slot * SLOT] = 0;
    return slot;
  }
}

function written(out: MutableTimeLag, seconds: number, lower: number, upper: number): TimeLag {
  out.seconds = seconds;
  out.lower = lower;
  out.upper = upper;
  return out;
}

/** Seconds from `storeTime` to `now`; a store time in the future (clocks apart) is 0. */
function ageAt(now: number, storeTime: number): number {
  return now > storeTime ? (now - storeTime) / 1000 : 0;
}
