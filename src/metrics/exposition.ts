// What /metrics answers: a snapshot's lag families, prepared once per walk, then the health families of the scrape.
import type { GroupStatus } from '../lag/status.js';
import type { Snapshot, SnapshotSummary } from '../lag/types.js';
import { deflateInSlices, gzipMember, inflate, NOTHING, type Deflated } from './gzip.js';
import { lagFamilyText } from './lag-families.js';

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_TEXT = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export interface RenderOptions {
  readonly prefix: string;
  readonly families: ReadonlySet<string>;
  /** COMPAT_OFFICIAL: the official exporter's families too. */
  readonly compatOfficial?: boolean;
}

export interface ExpositionOptions {
  readonly maxSnapshotAgeMs: number;
  readonly now: () => number;
}

export interface Rendered {
  readonly contentType: string;
  /** 'gzip' when the body is one gzip member. */
  readonly contentEncoding: 'gzip' | undefined;
  /** Bytes of the body as sent. */
  readonly length: number;
  /** The body in order; an uncompressed answer gets the lag families inflated on the way out. */
  readonly parts: readonly (Buffer | AsyncIterable<Buffer>)[];
}

/**
 * What scrapes are answered from until the next walk: a snapshot's summary and its lag families, rendered once and
 * kept deflated only (about 16 times smaller than their text: 30 MB at scale L). The per-queue rows are not kept:
 * once rendered they are garbage, which is most of a snapshot's memory.
 */
export interface PreparedSnapshot extends SnapshotSummary {
  readonly rowCount: number;
  readonly lagFamilies: Promise<Deflated>;
  /** The landing page's ten most lagging groups: by lag, highest first, then by name; those whose lag is unknown last. */
  readonly topGroups: readonly TopGroup[];
}

export interface TopGroup {
  readonly group: string;
  /** Unconsumed messages; undefined when unknown (no row of the group with a known lag), never 0 for that. */
  readonly lag: number | undefined;
  /** Worst time lag (seconds) over its queues whose time lag is known (consumergroup_max_lag_seconds); undefined when unknown. */
  readonly timeLagSeconds: number | undefined;
  readonly status: GroupStatus;
}

/** Starts rendering a new snapshot's lag families, in slices, right after its walk. */
export function prepareSnapshot(snapshot: Snapshot, options: RenderOptions): PreparedSnapshot {
  const s = snapshot;
  const lagFamilies = deflateInSlices(lagFamilyText(snapshot, options.prefix, options.families, options.compatOfficial));
  // A failure reaches the scrapes that wait for this render; here it must not become an unhandled rejection.
  lagFamilies.catch(() => undefined);
  return {
    startedAt: s.startedAt, finishedAt: s.finishedAt, flavour: s.flavour, rowsDropped: s.rowsDropped, groups: s.groups,
    anomalies: s.anomalies, futureStoreTimes: s.futureStoreTimes, nameServer: s.nameServer, clusters: s.clusters, failures: s.failures, topicsWalked: s.topicsWalked, carried: s.carried, cost: s.cost,
    rowCount: s.rows.length, lagFamilies, topGroups: topGroups(s),
  };
}

/** Broadcast and never-committed groups have no lag to rank; every other group without a known lag is ranked as unknown. */
function topGroups(s: Snapshot): TopGroup[] {
  const lagOf = new Map(s.rollups.byGroup.map((v) => [v.labels[0], v.value]));
  const timeLagOf = new Map(s.rollups.maxLagSecondsByGroup.map((v) => [v.labels[0], v.value]));
  const ranked: TopGroup[] = [];
  for (const { group, status } of s.groups) {
    const lag = lagOf.get(group);
    if (lag === undefined && (status === 'broadcast' || status === 'uncommitted')) continue;
    ranked.push({ group, lag, timeLagSeconds: timeLagOf.get(group), status });
  }
  const rank = (g: TopGroup) => g.lag ?? -1;
  return ranked.sort((a, b) => rank(b) - rank(a) || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)).slice(0, 10);
}

export class Exposition {
  /** @param healthText the health families' text at the time of a scrape */
  constructor(private readonly healthText: () => string, private readonly options: ExpositionOptions) {}

  /** The lag families first (what a person opening /metrics looks for), then the health families of this scrape. */
  async render(prepared: PreparedSnapshot | undefined, openMetrics: boolean, gzip: boolean): Promise<Rendered> {
    const lag = await this.lagFamilies(prepared);
    const health = this.healthText();
    const tail = Buffer.from(openMetrics ? toOpenMetrics(health) + EOF : health);
    const contentType = openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    if (gzip) {
      const parts = gzipMember(lag, tail);
      return { contentType, contentEncoding: 'gzip', length: parts.reduce((n, p) => n + p.length, 0), parts };
    }
    return { contentType, contentEncoding: undefined, length: lag.length + tail.length, parts: [inflate(lag), tail] };
  }

  /** Stale data is never presented as fresh: past MAX_SNAPSHOT_AGE the lag families are left out. */
  private lagFamilies(prepared: PreparedSnapshot | undefined): Promise<Deflated> {
    if (prepared === undefined) return NO_LAG;
    if (this.options.now() - prepared.startedAt > this.options.maxSnapshotAgeMs) return NO_LAG;
    return prepared.lagFamilies;
  }
}

const NO_LAG: Promise<Deflated> = Promise.resolve(NOTHING);
const EOF = '# EOF\n';

/** Prometheus text as OpenMetrics: no blank lines, counter families named without _total, no EOF yet. */
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
