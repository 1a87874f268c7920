// Single flight and pacing of walks: however many scrapers, the console sees at most one walk per interval.
import type { WalkFailure, Snapshot } from './types.js';
import { failureOf, WalkFailedError } from './source.js';

export interface WalkOutcome {
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Wall time of the walk, from a monotonic clock. */
  readonly durationSeconds: number;
  /** The console answered the listing call; the walk produced a snapshot (maybe partial). */
  readonly ok: boolean;
  /** Why the walk produced nothing, when it did not. */
  readonly failure: WalkFailure | undefined;
}

export interface RefresherOptions<S> {
  /** Shortest time from one walk's start to the next, given what the last good walk produced. */
  readonly refreshIntervalMs: (current: S | undefined) => number;
  readonly now: () => number;
  readonly onWalk?: (outcome: WalkOutcome, snapshot: S | undefined) => void;
}

/** `S`: what a walk produces and scrapes are answered from (a Snapshot, or what the exporter keeps of one). */
export class Refresher<S = Snapshot> {
  private current: S | undefined;
  private outcome: WalkOutcome | undefined;
  private inflight: Promise<void> | undefined;
  private lastStart: number | undefined;
  private walks = 0;

  constructor(
    private readonly walk: (previous: S | undefined) => Promise<S>,
    private readonly options: RefresherOptions<S>,
  ) {}

  /** The last snapshot a walk produced; kept when later walks fail. */
  get snapshot(): S | undefined {
    return this.current;
  }

  get lastWalk(): WalkOutcome | undefined {
    return this.outcome;
  }

  get walking(): boolean {
    return this.inflight !== undefined;
  }

  /** Walks started so far. */
  get walkCount(): number {
    return this.walks;
  }

  /** Starts a walk unless one is in flight or the last one started less than the minimum interval ago. */
  refresh(): Promise<void> {
    if (this.inflight !== undefined) return this.inflight;
    const now = this.options.now();
    if (this.lastStart !== undefined && now - this.lastStart < this.options.refreshIntervalMs(this.current)) return Promise.resolve();
    this.lastStart = now;
    this.walks++;
    const run = this.run(now).finally(() => {
      this.inflight = undefined;
    });
    this.inflight = run;
    return run;
  }

  /** For a scrape: refresh if due, wait for the walk at most `budgetMs`, then give the newest snapshot there is. */
  async forScrape(budgetMs: number): Promise<S | undefined> {
    const walk = this.refresh();
    if (this.inflight !== undefined) await within(walk, budgetMs);
    return this.current;
  }

  private async run(startedAt: number): Promise<void> {
    const t0 = performance.now();
    const durationSeconds = () => (performance.now() - t0) / 1000;
    try {
      const snapshot = await this.walk(this.current);
      this.current = snapshot;
      this.outcome = { startedAt, finishedAt: this.options.now(), durationSeconds: durationSeconds(), ok: true, failure: undefined };
    } catch (error) {
      const failure = error instanceof WalkFailedError ? error.failure : failureOf('walk', '', error);
      this.outcome = { startedAt, finishedAt: this.options.now(), durationSeconds: durationSeconds(), ok: false, failure };
    }
    this.options.onWalk?.(this.outcome, this.current);
  }
}

function within(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    void work.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
