// How consumers move: queue allocation among a group's clients, and a consumer offset as a function of time.

import type { ConsumerClient, ConsumerTrack } from './entities.js';
import { MICRO, type Production } from './production.js';

/** AllocateMessageQueueAveragely: contiguous blocks, the first `mod` clients get one more. */
export function averageOwners(queueCount: number, clients: readonly ConsumerClient[]): (ConsumerClient | null)[] {
  const owners: (ConsumerClient | null)[] = new Array<ConsumerClient | null>(queueCount).fill(null);
  const n = clients.length;
  const mod = queueCount % n;
  for (let index = 0; index < n; index++) {
    const big = mod > 0 && index < mod;
    const size = queueCount <= n ? 1 : big ? Math.floor(queueCount / n) + 1 : Math.floor(queueCount / n);
    const start = big ? index * size : index * size + mod;
    for (let k = 0; k < Math.min(size, queueCount - start); k++) owners[start + k] = clients[index] as ConsumerClient;
  }
  return owners;
}

/** Consumed up to the head as it was `delay` ms ago, at most `cap` per ms since `since`, never moving back. */
export function consumerOffsetAt(track: ConsumerTrack, production: Production, t: number): number {
  const dt = t - track.since;
  if (dt <= 0) return track.c0;
  const head = production.offsetAt(t);
  const behind = production.offsetAt(t - track.delay);
  const follow = head < behind ? head : behind;
  const line = track.c0 + Math.floor((track.cap * dt) / MICRO);
  const offset = follow < line ? follow : line;
  return offset > track.c0 ? offset : track.c0;
}
