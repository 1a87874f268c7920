// The simulator's time source: state is computed from it when read, so a frozen clock gives exact numbers.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A clock tests can move forward. */
export interface AdjustableClock extends Clock {
  readonly live: boolean;
  advance(ms: number): void;
}

/** 2024-06-11T10:00:00Z, the day the fixtures were recorded. */
export const DEFAULT_EPOCH_MS = Date.UTC(2024, 5, 11, 10, 0, 0);

/** Frozen time: only `advance` and `set` move it, so every number is reproducible. */
export class ManualClock implements AdjustableClock {
  readonly live = false;
  private current: number;

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative number of ms, got ${ms}`);
    this.current += ms;
  }

  set(ms: number): void {
    if (ms < this.current) throw new RangeError('the simulated cluster cannot go back in time');
    this.current = ms;
  }
}

/** Wall-clock time; `advance` jumps ahead of it (e.g. to expire sessions without waiting). */
export class LiveClock implements AdjustableClock {
  readonly live = true;
  private skew = 0;

  now(): number {
    return Date.now() + this.skew;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative number of ms, got ${ms}`);
    this.skew += ms;
  }
}
