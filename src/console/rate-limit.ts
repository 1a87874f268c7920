// CONSOLE_MAX_REQUEST_RATE: a token bucket in front of every console request, a ceiling the operator sets.
import { onAbort } from './abort.js';

export class RateLimit {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  /** `perSecond` requests a second on average, bursts of at most `perSecond` (at least one). */
  constructor(private readonly perSecond: number, private readonly now: () => number = () => performance.now()) {
    this.tokens = Math.max(1, perSecond);
    this.last = now();
  }

  /** Resolves when a request may go; callers are let through in arrival order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.wait(signal));
    // A caller that gives up must not hold up the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted === true) throw signal.reason as Error;
      const t = this.now();
      this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((t - this.last) / 1000) * this.perSecond);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(((1 - this.tokens) / this.perSecond) * 1000, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unregister?.();
      resolve();
    }, Math.ceil(ms));
    const unregister = signal === undefined ? undefined : onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });
}
