// Time lag from broker store times (DESIGN.md, "Truth rules"): exact (offset, store time) points of each queue,
// gathered from the queue rows (message consumerOffset - 1 was stored at lastTimestamp) and from topic/stats.query
// (message maxOffset - 1 was stored at lastUpdateTimestamp), kept across walks, and the store time of a consumer's
// first unconsumed message interpolated between the nearest two. Never extrapolated; sample times are never used.

/** Points kept per queue: the few nearest any consumer are what an estimate needs. */
export const POINTS_PER_QUEUE = 8;

/** How far behind the consumer of one queue is, in seconds; every field NaN when unknown. */
export interface TimeLag {
  /** The age of the first unconsumed message, interpolated between exact points; 0 when caught up. */
  readonly seconds: number;
  /** At least this old: the nearest message at or after it that has a known store time. */
  readonly lower: number;
  /** At most this old: the nearest message before it that has a known store time. */
  readonly upper: number;
  /** A store time was later than the observation (clocks apart): clamped to 0. */
  readonly skewed: boolean;
}

export const CAUGHT_UP: TimeLag = { seconds: 0, lower: 0, upper: 0, skewed: false };
export const UNKNOWN_TIME_LAG: TimeLag = { seconds: NaN, lower: NaN, upper: NaN, skewed: false };

const SEP = '\u0000';
/** Offset, store time, recording order. */
const STRIDE = 3;

/**
 * Per queue (topic, broker, queue id) a short list of points sorted by offset, in one Float64Array: [count, then per
 * point its offset, store time and the order it was recorded in]. Store times are a fact of the queue, not of a
 * group: every group's rows add to it.
 */
export class StoreTimes {
  private readonly queues = new Map<string, Float64Array>();
  /** Recording order, to drop a full queue's oldest point first. */
  private recorded = 0;

  /**
   * `resolutionMs`: the walk interval. A consumer whose last consumed message is younger than that, with no point
   * known after it, is reported at that message's age, its upper bound: a point after it could only lower the
   * figure by less than the time between two walks, and would cost a console call per topic and walk.
   */
  constructor(private readonly resolutionMs: number) {}

  /** Queues with points. */
  get size(): number {
    return this.queues.size;
  }

  /** Message `offset` of the queue was stored at `storeTime` (ms); ignored unless both are known. */
  record(topic: string, broker: string, queueId: number, offset: number, storeTime: number): void {
    if (!(offset >= 0) || !(storeTime > 0)) return;
    const key = topic + SEP + broker + SEP + queueId;
    let points = this.queues.get(key);
    if (points === undefined) {
      points = new Float64Array(1 + STRIDE * POINTS_PER_QUEUE);
      this.queues.set(key, points);
    }
    const order = ++this.recorded;
    let n = points[0] as number;
    let at = 0;
    while (at < n && (points[1 + STRIDE * at] as number) < offset) at++;
    if (at < n && points[1 + STRIDE * at] === offset) {
      // The same message again (a group that did not move): its store time does not change; it is fresh again.
      points[2 + STRIDE * at] = storeTime;
      points[3 + STRIDE * at] = order;
      return;
    }
    if (n === POINTS_PER_QUEUE) {
      let oldest = 0;
      for (let i = 1; i < n; i++) if ((points[3 + STRIDE * i] as number) < (points[3 + STRIDE * oldest] as number)) oldest = i;
      points.copyWithin(1 + STRIDE * oldest, 1 + STRIDE * (oldest + 1), 1 + STRIDE * n);
      n--;
      if (oldest < at) at--;
    }
    points.copyWithin(1 + STRIDE * (at + 1), 1 + STRIDE * at, 1 + STRIDE * n);
    points[1 + STRIDE * at] = offset;
    points[2 + STRIDE * at] = storeTime;
    points[3 + STRIDE * at] = order;
    points[0] = n + 1;
  }

  /**
   * Whether a consumer at `consumerOffset` whose last consumed message was stored at `lastTimestamp` (0: unknown)
   * needs a point at or after its offset for its time lag: none is known, and that message is not recent enough to
   * stand for it (see `timeLag`).
   */
  wantsPointAtOrAfter(topic: string, broker: string, queueId: number, consumerOffset: number, lastTimestamp: number, now: number): boolean {
    if (lastTimestamp > 0 && now - lastTimestamp <= this.resolutionMs) return false;
    const points = this.queues.get(topic + SEP + broker + SEP + queueId);
    if (points === undefined) return true;
    const n = points[0] as number;
    return n === 0 || (points[1 + STRIDE * (n - 1)] as number) < consumerOffset;
  }

  /**
   * The time lag at `now` (ms) of a consumer whose next message is `consumerOffset`, `lag` messages behind: 0 when
   * caught up; otherwise the store time of message `consumerOffset` interpolated between the nearest known points
   * before and at or after it, as seconds before `now`, within the bounds they give; without a point at or after it,
   * the age of the point before when that is within the resolution (the upper bound, lower bound 0); else unknown.
   */
  timeLag(topic: string, broker: string, queueId: number, consumerOffset: number, lag: number, now: number): TimeLag {
    if (lag === 0) return CAUGHT_UP;
    const points = this.queues.get(topic + SEP + broker + SEP + queueId);
    if (points === undefined) return UNKNOWN_TIME_LAG;
    const n = points[0] as number;
    let after = 0;
    while (after < n && (points[1 + STRIDE * after] as number) < consumerOffset) after++;
    if (after === 0) return UNKNOWN_TIME_LAG;
    if (after === n) {
      const last = points[2 + STRIDE * (n - 1)] as number;
      if (now - last > this.resolutionMs) return UNKNOWN_TIME_LAG;
      return { seconds: ageAt(now, last), lower: 0, upper: ageAt(now, last), skewed: last > now };
    }
    const o1 = points[1 + STRIDE * (after - 1)] as number;
    const t1 = points[2 + STRIDE * (after - 1)] as number;
    const o2 = points[1 + STRIDE * after] as number;
    const t2 = points[2 + STRIDE * after] as number;
    // Store times never go back along a queue; should a broker's clock have, the later point bounds both.
    const earliest = Math.min(t1, t2);
    const stored = earliest + ((t2 - earliest) * (consumerOffset - o1)) / (o2 - o1);
    return { seconds: ageAt(now, stored), lower: ageAt(now, t2), upper: ageAt(now, earliest), skewed: t2 > now };
  }
}

/** Seconds from `storeTime` to `now`; a store time in the future (clocks apart) is 0. */
function ageAt(now: number, storeTime: number): number {
  return now > storeTime ? (now - storeTime) / 1000 : 0;
}
