// Durations as written in configuration: `500ms`, `10s`, `2m`, `1h`, `1m30s`, or plain seconds (`15`, `2.5`).

const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof unitMs;

const plainSeconds = /^\d+(?:\.\d+)?$/;
const withUnits = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const term = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Milliseconds (rounded to a whole millisecond) of a duration text; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (plainSeconds.test(text)) return Math.round(Number(text) * 1_000);
  if (!withUnits.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(term)) ms += Number(amount) * unitMs[unit as Unit];
  return Math.round(ms);
}

/** The shortest text `parseDuration` reads back as the same whole number of milliseconds: `1m30s`, `500ms`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const amount = Math.floor(rest / unitMs[unit]);
    if (amount > 0) parts.push(`${amount}${unit}`);
    rest -= amount * unitMs[unit];
  }
  return parts.join('');
}
