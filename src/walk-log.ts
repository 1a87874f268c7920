// Logs a walk's outcome once per change of state, not once per scrape: a dead console is one line, not thousands.
import type { Logger } from './log.js';
import type { WalkOutcome } from './lag/refresher.js';
import type { SnapshotSummary } from './lag/types.js';

type Walked = SnapshotSummary & { readonly rowCount: number };

export function walkLogger(logger: Logger): (outcome: WalkOutcome, snapshot: Walked | undefined) => void {
  let lastState: string | undefined;
  return (outcome, snapshot) => {
    const durationSeconds = outcome.durationSeconds;
    const state = stateOf(outcome, snapshot);
    if (state === lastState) {
      logger.debug({ durationSeconds, rows: snapshot?.rowCount }, 'walk done');
      return;
    }
    const recovered = lastState !== undefined;
    lastState = state;
    if (!outcome.ok) {
      const f = outcome.failure;
      logger.error({ kind: f?.kind, scope: f?.scope, durationSeconds },
        `walk failed, serving the last data until MAX_SNAPSHOT_AGE: ${f?.message ?? 'unknown error'}`);
      return;
    }
    const failures = snapshot?.failures ?? [];
    const first = failures[0];
    if (first !== undefined) {
      logger.warn({ failures: failures.length, durationSeconds, rows: snapshot?.rowCount },
        `walk partial: ${failures.length} console calls failed, the rest is exported; first: ${first.scope} ${first.name}: ${first.message}`);
    } else {
      logger.info({ durationSeconds, rows: snapshot?.rowCount, topics: snapshot?.topicsWalked, flavour: snapshot?.flavour },
        recovered ? 'walk complete again' : 'first walk complete');
    }
    if (snapshot !== undefined && snapshot.rowsDropped > 0) {
      logger.warn({ dropped: snapshot.rowsDropped },
        'MAX_SERIES reached: per-queue rows dropped (roll-ups still count them); raise MAX_SERIES or filter topics');
    }
  };
}

function stateOf(outcome: WalkOutcome, snapshot: Walked | undefined): string {
  if (!outcome.ok) return `failed:${outcome.failure?.kind ?? 'internal'}`;
  const kinds = [...new Set((snapshot?.failures ?? []).map((f) => `${f.scope}:${f.kind}`))].sort().join(',');
  return `ok:${kinds}:${(snapshot?.rowsDropped ?? 0) > 0 ? 'capped' : ''}`;
}
