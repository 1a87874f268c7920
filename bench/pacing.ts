// Console requests per minute under several scrapers, computed with the exporter's own Refresher on a virtual clock.
import { Refresher } from '../src/lag/refresher.js';
import { NO_COST } from '../src/lag/cost.js';
import { buildSnapshot } from '../src/lag/snapshot.js';
import { NOTHING_CARRIED } from '../src/lag/types.js';

const MINUTE_MS = 60_000;

/**
 * Walks the console sees in one minute when `scrapers` Prometheus servers scrape every `intervalMs`, each with its
 * own phase; the worst phase is taken. A walk is taken to be instant, which only favours more walks.
 */
export async function walksPerMinute(scrapers: number, intervalMs: number, minRefreshIntervalMs: number): Promise<number> {
  let worst = 0;
  for (const phaseMs of [0, 1, 1000, intervalMs / 2, intervalMs - 1]) {
    let clock = 0;
    let walks = 0;
    const refresher = new Refresher(async () => {
      walks++;
      return buildSnapshot({ startedAt: clock, finishedAt: clock, observations: [], groups: undefined, failures: [], flavour: undefined, topicsWalked: 0, carried: NOTHING_CARRIED, cost: NO_COST, groupsWithoutOffsets: [], advanced: new Set(), rewound: new Set(), storeTimes: undefined, futureStoreTimes: 0, nameServer: undefined, clusters: undefined }, undefined, 1);
    }, { refreshIntervalMs: () => minRefreshIntervalMs, now: () => clock });
    const scrapes: number[] = [];
    for (let s = 0; s < scrapers; s++) {
      for (let t = s * phaseMs; t < MINUTE_MS; t += intervalMs) scrapes.push(t);
    }
    for (const t of scrapes.sort((a, b) => a - b)) {
      clock = t;
      await refresher.forScrape(intervalMs);
    }
    worst = Math.max(worst, walks);
  }
  return worst;
}
