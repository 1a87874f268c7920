// At most `permits` console requests in flight; the rest wait in arrival order.
import { onAbort } from './abort.js';

interface Waiter {
  readonly take: () => void;
  gaveUp: boolean;
}

export class Semaphore {
  private available: number;
  private readonly waiting: Waiter[] = [];

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
      const unregister = signal === undefined ? undefined : onAbort(signal, () => {
        // Left in the queue, passed over by release: a walk's deadline gives up every waiter at once.
        waiter.gaveUp = true;
        reject(signal.reason as Error);
      });
      const waiter: Waiter = {
        take: () => {
          unregister?.();
          resolve();
        },
        gaveUp: false,
      };
      this.waiting.push(waiter);
    });
  }

  release(): void {
    let next = this.waiting.shift();
    while (next?.gaveUp === true) next = this.waiting.shift();
    // The permit passes straight to the next waiter, so a newcomer cannot overtake the queue.
    if (next !== undefined) next.take();
    else this.available++;
  }
}
