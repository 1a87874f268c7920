// At most `permits` console requests in flight; the rest wait in arrival order.

export class Semaphore {
  private available: number;
  private readonly waiting: (() => void)[] = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`permits must be a positive integer, got ${permits}`);
    this.available = permits;
  }

  /** Resolves with a permit; rejects with the signal's reason if it is aborted first (the permit is not taken). */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const take = (): void => {
        signal?.removeEventListener('abort', giveUp);
        resolve();
      };
      const giveUp = (): void => {
        const at = this.waiting.indexOf(take);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason as Error);
      };
      this.waiting.push(take);
      signal?.addEventListener('abort', giveUp, { once: true });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    // The permit passes straight to the next waiter, so a newcomer cannot overtake the queue.
    if (next !== undefined) next();
    else this.available++;
  }
}
