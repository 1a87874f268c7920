// What /metrics answers: the health families (prom-client) and the snapshot's lag families (rendered once per snapshot).
import type { Snapshot } from '../lag/types.js';
import { renderLagFamilies } from './lag-families.js';
import type { SelfMetrics } from './self-metrics.js';

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_TEXT = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export interface ExpositionOptions {
  readonly prefix: string;
  readonly queueDetail: boolean;
  readonly maxSnapshotAgeMs: number;
  readonly now: () => number;
}

export interface Rendered {
  readonly contentType: string;
  readonly chunks: readonly Buffer[];
}

export class Exposition {
  private cached: { readonly snapshot: Snapshot; readonly body: readonly Buffer[] } | undefined;

  constructor(private readonly self: SelfMetrics, private readonly options: ExpositionOptions) {}

  async render(snapshot: Snapshot | undefined, openMetrics: boolean): Promise<Rendered> {
    const health = await this.self.registry.metrics();
    const lag = this.lagText(snapshot);
    if (openMetrics) {
      return { contentType: OPENMETRICS_TEXT, chunks: [Buffer.from(toOpenMetrics(health)), ...lag, EOF] };
    }
    return { contentType: PROMETHEUS_TEXT, chunks: [Buffer.from(health), ...lag] };
  }

  /** Stale data is never presented as fresh: past MAX_SNAPSHOT_AGE the lag families are left out. */
  private lagText(snapshot: Snapshot | undefined): readonly Buffer[] {
    if (snapshot === undefined) return EMPTY;
    if (this.options.now() - snapshot.startedAt > this.options.maxSnapshotAgeMs) return EMPTY;
    if (this.cached?.snapshot !== snapshot) {
      this.cached = { snapshot, body: renderLagFamilies(snapshot, this.options.prefix, this.options.queueDetail) };
    }
    return this.cached.body;
  }
}

const EMPTY: readonly Buffer[] = [];
const EOF = Buffer.from('# EOF\n');

/** prom-client's text output as OpenMetrics: no blank lines, counter families named without _total, no EOF yet. */
export function toOpenMetrics(text: string): string {
  const counters = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+)_total counter$/gm)) counters.add(m[1] ?? '');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const name = line.slice(7, line.indexOf(' ', 7));
      if (name.endsWith('_total') && counters.has(name.slice(0, -6))) {
        out.push(line.slice(0, 7) + name.slice(0, -6) + line.slice(7 + name.length));
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n') + '\n';
}
