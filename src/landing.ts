// The landing page at /: what the exporter reads, how its last walk went and the most lagging groups, as one HTML
// page from the state the server has; no script, nothing fetched from elsewhere, every value escaped.
import type { WalkOutcome } from './lag/refresher.js';
import type { FailureScope, WalkFailure } from './lag/types.js';
import type { PreparedSnapshot } from './metrics/exposition.js';
import { NAMED_FAILURES } from './walk-log.js';

/** What the page shows of a snapshot. */
export type LandingSnapshot = Pick<PreparedSnapshot,
  'startedAt' | 'finishedAt' | 'flavour' | 'nameServer' | 'clusters' | 'failures' | 'topicsWalked' | 'rowCount' | 'rowsDropped'
  | 'carried' | 'groups' | 'topGroups'>;

export interface LandingState {
  readonly version: string;
  /** ROCKETMQ_CONSOLE_URL as configured (config.ts refuses one with credentials). */
  readonly consoleUrl: string;
  readonly metricsPath: string;
  /** MAX_SNAPSHOT_AGE: older data is left out of /metrics. */
  readonly maxSnapshotAgeMs: number;
  /** The exporter's clock (ms), the one walks are timed with. */
  readonly now: number;
  /** A walk is under way. */
  readonly walking: boolean;
  readonly walk: WalkOutcome | undefined;
  /** The newest snapshot: the last walk's, or an earlier one's when the last walk failed. */
  readonly snapshot: LandingSnapshot | undefined;
}

/** With CONSOLES: the consoles, each scraped at its own probe URL. */
export interface TargetsLandingState {
  readonly version: string;
  /** Where the process's own families are. */
  readonly metricsPath: string;
  /** Where each console is scraped: `${probePath}?target=NAME`. */
  readonly probePath: string;
  readonly now: number;
  readonly targets: readonly LandingTarget[];
}

export interface LandingTarget {
  /** Its name in CONSOLES. */
  readonly name: string;
  /** ROCKETMQ_CONSOLE_URL_<NAME> (config.ts refuses one with credentials). */
  readonly consoleUrl: string;
  readonly walking: boolean;
  readonly walk: WalkOutcome | undefined;
  readonly snapshot: Pick<LandingSnapshot, 'failures'> | undefined;
}

export function landingPage(state: LandingState | TargetsLandingState): string {
  const metrics = esc(state.metricsPath);
  const body = 'targets' in state
    ? targetsSection(state)
    : `${consoleSection(state)}
${walkSection(state)}
${dataSection(state)}
${groupsSection(state)}`;
  const help = 'targets' in state ? '“Many consoles: /probe”, “Endpoints” and “Configuration”' : '“Endpoints”, “Group status”, “Time lag” and “Configuration”';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>RocketMQ lag exporter</title>
<style>${STYLE}</style></head>
<body>
<header><h1>RocketMQ lag exporter <small>${esc(state.version)}</small></h1>
<nav><a href="${metrics}">${metrics}</a> <a href="/healthz">/healthz</a> <a href="/readyz">/readyz</a></nav></header>
${body}
<footer>Help: the README's sections ${help}.</footer>
</body></html>
`;
}

/** One row per console of CONSOLES: its URL, how its last walk went, and the link Prometheus scrapes. */
function targetsSection({ targets, probePath, now }: TargetsLandingState): string {
  const rows = targets.map((t) => {
    const probe = `${probePath}?target=${encodeURIComponent(t.name)}`;
    const outcome = outcomeOf(t.walk, t.snapshot);
    const why = t.walk !== undefined && !t.walk.ok ? ` <code class="kind">${esc(t.walk.failure?.kind ?? 'internal')}</code>` : '';
    const finished = t.walk === undefined ? (t.walking ? 'under way' : '') : when(t.walk.finishedAt, now);
    return `<tr><td>${esc(t.name)}</td><td><code>${esc(withoutCredentials(t.consoleUrl))}</code></td>`
      + `<td><span class="outcome ${outcome}">${outcome === 'none' ? 'none yet' : outcome}</span>${why}</td>`
      + `<td>${finished}</td><td><a href="${esc(probe)}">${esc(probe)}</a></td></tr>`;
  });
  return `<section id="targets"><h2>Consoles</h2>
<p>Each console is walked on its own and scraped at its probe; <code>${esc(probePath)}?target=NAME</code> takes only these names.</p>
<table><thead><tr><th>Target</th><th>Console URL</th><th>Last walk</th><th>Finished</th><th>Probe</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

/** How a walk went: none yet, failed, partial (some calls failed, their data carried) or complete. */
function outcomeOf(walk: WalkOutcome | undefined, snapshot: Pick<LandingSnapshot, 'failures'> | undefined): 'none' | 'failed' | 'partial' | 'complete' {
  if (walk === undefined) return 'none';
  if (!walk.ok) return 'failed';
  return (snapshot?.failures.length ?? 0) > 0 ? 'partial' : 'complete';
}

function consoleSection({ consoleUrl, snapshot }: LandingState): string {
  const clusters = snapshot?.clusters?.clusters;
  return `<section id="console"><h2>Console</h2><dl>
<dt>URL</dt><dd><code>${esc(withoutCredentials(consoleUrl))}</code></dd>
<dt>Version</dt><dd>${snapshot?.flavour === undefined ? NOT_KNOWN : esc(snapshot.flavour)}</dd>
<dt>Name server</dt><dd>${snapshot?.nameServer === undefined ? NOT_KNOWN : `<code>${esc(snapshot.nameServer)}</code>`}</dd>
<dt>Clusters</dt><dd>${clusters === undefined ? NOT_KNOWN : clusters.length === 0 ? 'none' : clusters.map((c) => `<code>${esc(c)}</code>`).join(', ')}</dd>
</dl></section>`;
}

function walkSection({ walk, walking, now, snapshot }: LandingState): string {
  if (walk === undefined) {
    return `<section id="walk"><h2>Last walk: <span class="outcome none">none yet</span></h2>
<p>No walk over the console has finished yet${walking ? '; the first one is under way' : ''}.</p></section>`;
  }
  const failures = walk.ok ? snapshot?.failures ?? [] : [];
  const outcome = outcomeOf(walk, snapshot);
  const rows = [
    `<dt>Finished</dt><dd>${when(walk.finishedAt, now)}</dd>`,
    `<dt>Took</dt><dd>${esc(took(walk.durationSeconds))}</dd>`,
  ];
  if (!walk.ok) {
    const f = walk.failure;
    rows.push(`<dt>Why</dt><dd><code class="kind">${esc(f?.kind ?? 'internal')}</code> ${esc(f?.message ?? 'unknown error')}</dd>`);
  }
  const note = outcome === 'failed'
    ? '<p>The console gave nothing new: the data below is from the last walk that did.</p>'
    : outcome === 'partial' ? partialNote(failures) : '';
  return `<section id="walk"><h2>Last walk: <span class="outcome ${outcome}">${outcome}</span></h2><dl>
${rows.join('\n')}
</dl>${note}${walking ? '<p>A walk is under way.</p>' : ''}</section>`;
}

function partialNote(failures: readonly WalkFailure[]): string {
  const sorted = [...failures].sort((a, b) => compare(a.scope, b.scope) || compare(a.name, b.name));
  const items = sorted.slice(0, NAMED_FAILURES).map((f) =>
    `<li>${esc(SCOPES[f.scope])}${f.name === '' ? '' : ` <code>${esc(f.name)}</code>`}: <code class="kind">${esc(f.kind)}</code></li>`);
  if (sorted.length > NAMED_FAILURES) items.push(`<li>and ${sorted.length - NAMED_FAILURES} more</li>`);
  const calls = failures.length === 1 ? '1 console call' : `${failures.length} console calls`;
  return `<p>${calls} failed; the last data of their topics or groups is carried:</p>
<ul class="failures">${items.join('')}</ul>`;
}

function dataSection({ snapshot, now, maxSnapshotAgeMs, metricsPath }: LandingState): string {
  if (snapshot === undefined) return '<section id="data"><h2>Data served</h2><p>No lag data yet.</p></section>';
  const age = now - snapshot.startedAt;
  const stale = age > maxSnapshotAgeMs
    ? `<p class="stale">Older than MAX_SNAPSHOT_AGE (${esc(human(maxSnapshotAgeMs / 1000))}): ${esc(metricsPath)} leaves its lag out.</p>`
    : '';
  const dropped = snapshot.rowsDropped > 0 ? ` (${count(snapshot.rowsDropped)} more left out of the per-queue families by MAX_SERIES)` : '';
  const carried = snapshot.carried.units === 0 ? '' : `<dt>Carried</dt><dd>the last data of ${count(snapshot.carried.units)} topics or groups whose call failed`
    + (snapshot.carried.oldestObservedAt === undefined ? '' : `, the oldest observed ${esc(ago(now - snapshot.carried.oldestObservedAt))}`) + '</dd>';
  return `<section id="data"><h2>Data served</h2><dl>
<dt>Walk started</dt><dd>${when(snapshot.startedAt, now)}</dd>
<dt>Age</dt><dd class="age">${esc(human(age / 1000))}</dd>
<dt>Queue rows</dt><dd>${count(snapshot.rowCount)}${dropped} from ${count(snapshot.topicsWalked)} topics</dd>
<dt>Consumer groups</dt><dd>${count(snapshot.groups.length)}</dd>
${carried}</dl>${stale}</section>`;
}

function groupsSection({ snapshot }: LandingState): string {
  const top = snapshot?.topGroups ?? [];
  if (top.length === 0) return '<section id="groups"><h2>Most lagging consumer groups</h2><p>No consumer group with lag data.</p></section>';
  const names = new Set(top.map((g) => g.group));
  const clients = new Map<string, number | undefined>();
  for (const g of snapshot?.groups ?? []) if (names.has(g.group)) clients.set(g.group, g.onlineClients);
  const rows = top.map((g) => {
    const online = clients.get(g.group);
    return `<tr><td class="group">${esc(g.group)}</td>`
      + `<td class="num lag">${g.lag === undefined ? UNKNOWN : count(g.lag)}</td>`
      + `<td class="num time-lag">${g.timeLagSeconds === undefined ? UNKNOWN : `<span title="${esc(String(g.timeLagSeconds))} s">${esc(human(g.timeLagSeconds))}</span>`}</td>`
      + `<td><span class="status ${esc(g.status)}">${esc(g.status)}</span></td>`
      + `<td class="num clients">${online === undefined ? UNKNOWN : count(online)}</td></tr>`;
  });
  return `<section id="groups"><h2>Most lagging consumer groups</h2>
<table><thead><tr><th>Group</th><th>Lag (messages)</th><th>Time lag</th><th>Status</th><th>Online clients</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

const NOT_KNOWN = '<span class="unknown">not known yet</span>';
const UNKNOWN = '<span class="unknown">unknown</span>';

const SCOPES: Readonly<Record<FailureScope, string>> = {
  topic_list: 'topic list', topic: 'topic', group_list: 'group list', group: 'group', walk: 'walk',
};

/** `<time>` with the ISO time, and how long ago. */
function when(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  return `<time datetime="${iso}">${iso}</time> (${esc(ago(now - at))})`;
}

function ago(ms: number): string {
  return ms < 0 ? 'in the future' : `${human(ms / 1000)} ago`;
}

function took(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(2)} s` : human(seconds);
}

/** Seconds for people: `0 s`, `< 1 s`, `42 s`, `4 m 12 s`, `3 h 5 m`, `2 d 4 h`. */
export function human(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  if (seconds > 0 && seconds < 0.5) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** A whole number with its thousands grouped: `1,234,567`. */
export function count(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** config.ts refuses a URL with credentials; should one get here anyway, they are not shown. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '' && u.search === '' && u.hash === '') return url;
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1d2228;background:#fbfbfc}
h1{font-size:1.5rem;margin:.2rem 0}h1 small{font-size:.9rem;color:#667;font-weight:normal}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
nav a{margin-right:1rem}a{color:#0b5cad}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{color:#556}dd{margin:0}
code{font:13px ui-monospace,monospace;background:#eef0f3;padding:0 .25rem;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #e4e6ea}
th{font-weight:600;color:#445;background:#f0f2f5}td.group{word-break:break-all}.num{text-align:right;font-variant-numeric:tabular-nums}
.unknown{color:#8a6d00;font-style:italic}
.outcome,.status{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.9em;background:#e8eaee}
.complete,.ok{background:#d7f2dd;color:#135c25}.partial,.lagging,.rewind{background:#fdf0c4;color:#6b5000}
.failed,.stalled,.stopped{background:#fbd9d6;color:#8a1c12}.status.unknown{color:#556;font-style:normal}
ul.failures{margin:.3rem 0;padding-left:1.2rem}.stale{color:#8a1c12}
footer{margin-top:2rem;color:#667;font-size:.85rem}
`;
