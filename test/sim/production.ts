// The write history of one message queue as piecewise-linear segments, in exact integer arithmetic.

/** Offsets are tracked in millionths of a message so that fractional rates stay exact. */
export const MICRO = 1_000_000;

interface Segment {
  /** Start time (ms). */
  readonly t: number;
  /** Value at `t`, in micro-messages. */
  readonly v: number;
  /** Micro-messages per ms (= messages per second × 1000). */
  readonly r: number;
}

/** Messages per second to micro-messages per ms. */
export function microPerMs(ratePerSec: number): number {
  return Math.max(0, Math.round(ratePerSec * 1000));
}

function ceilDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b < a) q++;
  while ((q - 1) * b >= a) q--;
  return q;
}

function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q;
}

/** Broker offset of a queue as a function of time; the message at offset o was stored when the value reached o + 1. */
export class Production {
  private readonly segments: Segment[];
  /** Rate assumed before the first segment, so old messages have store times too. */
  private readonly historyRate: number;

  /** `startOffset` may have a fraction: the part of the next message already counted. */
  constructor(startMs: number, startOffset: number, ratePerSec: number) {
    const r = microPerMs(ratePerSec);
    this.segments = [{ t: startMs, v: Math.round(startOffset * MICRO), r }];
    // An idle queue's old messages are spread at one per 1000 s.
    this.historyRate = r > 0 ? r : 1;
  }

  private segmentIndexAt(t: number): number {
    const segments = this.segments;
    for (let i = segments.length - 1; i >= 0; i--) if ((segments[i] as Segment).t <= t) return i;
    return -1;
  }

  private valueAt(t: number): number {
    const i = this.segmentIndexAt(t);
    if (i < 0) {
      const first = this.segments[0] as Segment;
      return Math.max(0, first.v - this.historyRate * (first.t - t));
    }
    const s = this.segments[i] as Segment;
    return s.v + s.r * (t - s.t);
  }

  /** Broker (max) offset at time t. */
  offsetAt(t: number): number {
    return Math.floor(this.valueAt(t) / MICRO);
  }

  /** Messages per second at time t. */
  rateAt(t: number): number {
    const i = this.segmentIndexAt(t);
    return (i < 0 ? this.historyRate : (this.segments[i] as Segment).r) / 1000;
  }

  /** Micro-messages per ms at time t (the unit consumers use). */
  microRateAt(t: number): number {
    const i = this.segmentIndexAt(t);
    return i < 0 ? this.historyRate : (this.segments[i] as Segment).r;
  }

  /** Store time (ms) of the message at `offset`, looking only at history up to `now`; 0 when it never existed. */
  storeTime(offset: number, now: number): number {
    if (offset < 0) return 0;
    const target = (offset + 1) * MICRO;
    const segments = this.segments;
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i] as Segment;
      if (s.t > now || s.r === 0 || target <= s.v) continue;
      const next = segments[i + 1];
      const end = next !== undefined && next.t <= now ? s.v + s.r * (next.t - s.t) : s.v + s.r * (now - s.t);
      if (target <= end) return s.t + ceilDiv(target - s.v, s.r);
    }
    const first = segments[0] as Segment;
    if (target <= first.v) return first.t - floorDiv(first.v - target, this.historyRate);
    return 0;
  }

  /** Producers change their rate from time t on. */
  setRate(t: number, ratePerSec: number): void {
    this.append({ t, v: this.valueAt(t), r: microPerMs(ratePerSec) });
  }

  /** The topic was deleted and created again at time t: offsets restart at 0. */
  restart(t: number): void {
    this.append({ t, v: 0, r: (this.segments[this.segments.length - 1] as Segment).r });
  }

  private append(segment: Segment): void {
    const last = this.segments[this.segments.length - 1] as Segment;
    if (segment.t < last.t) throw new RangeError('production history only grows forward in time');
    this.segments.push(segment);
  }
}
