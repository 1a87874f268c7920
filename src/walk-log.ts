// What a walk tells the log: a partial walk, one bounded line naming its failing topics or groups, every walk; a failed
// walk once per change of cause and again every FAILED_REPEAT_MS while it lasts; the first walk, recovery and MAX_SERIES
// reached once; the rest at debug.
import type { Logger } from './log.js';
import type { WalkOutcome } from './lag/refresher.js';
import type { SnapshotSummary, WalkFailure } from './lag/types.js';

type Walked = SnapshotSummary & { readonly rowCount: number };

/** Failing topics or groups named in one line; the rest are counted. */
export const NAMED_FAILURES = 10;
// A console down for an hour is six lines, not one per walk.
const FAILED_REPEAT_MS = 600_000;

export function walkLogger(logger: Logger): (outcome: WalkOutcome, snapshot: Walked | undefined) => void {
  let failedAs: { readonly cause: string; readonly loggedAt: number } | undefined;
  let last: 'none' | 'complete' | 'partial' | 'failed' = 'none';
  let capped = false;
  return (outcome, snapshot) => {
    const durationSeconds = outcome.durationSeconds;
    if (!outcome.ok) {
      last = 'failed';
      const f = outcome.failure;
      const cause = `${f?.scope ?? ''}:${f?.kind ?? 'internal'}`;
      if (failedAs?.cause === cause && outcome.finishedAt - failedAs.loggedAt < FAILED_REPEAT_MS) {
        logger.debug({ kind: f?.kind, durationSeconds }, 'walk failed again');
        return;
      }
      failedAs = { cause, loggedAt: outcome.finishedAt };
      logger.error({ kind: f?.kind, scope: f?.scope, durationSeconds },
        `walk failed, serving the last data until MAX_SNAPSHOT_AGE: ${f?.message ?? 'unknown error'}`);
      return;
    }
    failedAs = undefined;
    const failures = snapshot?.failures ?? [];
    if (failures.length > 0) {
      logger.warn({ failures: failures.length, kinds: countKinds(failures), carried: snapshot?.carried.units ?? 0, durationSeconds, rows: snapshot?.rowCount },
        partialMessage(failures, snapshot));
    } else if (last !== 'complete') {
      logger.info({ durationSeconds, rows: snapshot?.rowCount, topics: snapshot?.topicsWalked, flavour: snapshot?.flavour },
        last === 'none' ? 'first walk complete' : 'walk complete again');
    } else {
      logger.debug({ durationSeconds, rows: snapshot?.rowCount }, 'walk done');
    }
    last = failures.length > 0 ? 'partial' : 'complete';
    const dropped = snapshot?.rowsDropped ?? 0;
    if (dropped > 0 && !capped) {
      logger.warn({ dropped }, 'MAX_SERIES reached: per-queue rows dropped (roll-ups still count them); raise MAX_SERIES or filter topics');
    }
    capped = dropped > 0;
  };
}

/** `walk partial: 3 calls failed (timeout: 2, console_error: 1); groups g1, g2 and topic list; ... first: <message>`. */
function partialMessage(failures: readonly WalkFailure[], snapshot: Walked | undefined): string {
  const kinds = Object.entries(countKinds(failures)).map(([kind, n]) => `${kind}: ${n}`).join(', ');
  const names = failures.map((f) => (f.name === '' ? f.scope.replace('_', ' ') : `${f.scope} ${f.name}`)).sort();
  const shown = names.slice(0, NAMED_FAILURES).join(', ') + (names.length > NAMED_FAILURES ? ` and ${names.length - NAMED_FAILURES} more` : '');
  const carried = snapshot === undefined || snapshot.carried.units === 0 ? '' : `; their last data carried for ${snapshot.carried.units}`;
  return `walk partial: ${failures.length} console calls failed (${kinds})${carried}: ${shown}; first: ${failures[0]?.message ?? ''}`;
}

function countKinds(failures: readonly WalkFailure[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of failures) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}
