// What Grafana does with a dashboard's queries before they reach Prometheus: template variables resolved, "All" expanded, queries listed.
import { readFileSync } from 'node:fs';

export interface DashboardTarget {
  readonly refId: string;
  readonly expr: string;
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly format?: string;
  readonly legendFormat?: string;
  readonly datasource?: unknown;
}

export interface DashboardPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: unknown;
  readonly gridPos?: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
  readonly targets?: readonly DashboardTarget[];
  /** A collapsed row keeps its panels here. */
  readonly panels?: readonly DashboardPanel[];
}

export interface TemplateVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query: string };
  readonly definition?: string;
  readonly includeAll?: boolean;
  readonly multi?: boolean;
  readonly allValue?: string | null;
  readonly regex?: string;
  readonly datasource?: unknown;
  readonly description?: string;
  readonly current?: { readonly text?: unknown; readonly value?: unknown };
}

export interface Dashboard {
  readonly title: string;
  readonly uid: string;
  readonly schemaVersion: number;
  readonly panels: readonly DashboardPanel[];
  readonly templating: { readonly list: readonly TemplateVariable[] };
}

export interface PanelQuery {
  readonly panel: DashboardPanel;
  readonly target: DashboardTarget;
  /** Grafana sends instant queries for `instant: true` targets, range queries otherwise. */
  readonly instant: boolean;
}

export function loadDashboard(url: URL): Dashboard {
  return JSON.parse(readFileSync(url, 'utf8')) as Dashboard;
}

/** Every panel, those inside collapsed rows included. */
export function allPanels(dashboard: Dashboard): DashboardPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel, target, instant: target.instant === true && target.range !== true })));
}

/** The text of a query variable: a string, or the query editor's object. */
export function variableQuery(variable: TemplateVariable): string {
  const q = variable.query;
  const text = typeof q === 'string' ? q : q?.query ?? '';
  return text !== '' ? text : variable.definition ?? '';
}

/** `label_values(metric{selector}, label)` or `label_values(label)`. */
export function parseLabelValues(query: string): { readonly match: string | undefined; readonly label: string } {
  const m = /^\s*label_values\(\s*(?:(.+?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(query);
  if (m === null) throw new Error(`not a label_values() query: ${query}`);
  return { match: m[1], label: m[2] as string };
}

/** Grafana's escaping of one value of a multi-value or All variable (prometheusSpecialRegexEscape). */
export function regexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

/** Grafana's escaping of a single-value variable that is neither multi nor All (prometheusRegularEscape). */
export function regularEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

/** What "All" becomes in a query: the custom all value verbatim, else every option escaped and joined as (a|b|c). */
export function allValue(variable: TemplateVariable, options: readonly string[]): string {
  if (typeof variable.allValue === 'string' && variable.allValue !== '') return variable.allValue;
  const escaped = options.map(regexEscape);
  return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join('|')})`;
}

const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\$\{(\w+)(?::[^}]+)?\}/g;

/** Replaces $var, ${var} and [[var]] with their values; an unknown variable is an error, as it would break the panel. */
export function interpolate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(VARIABLE, (whole, a?: string, b?: string, c?: string) => {
    const name = a ?? b ?? c ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`unknown variable ${whole} in ${text}`);
    return value;
  });
}

/** Names of the variables a text uses. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export type LabelValuesLookup = (label: string, match: string | undefined) => Promise<string[]>;

export interface ResolvedVariables {
  /** Variable name -> text substituted in queries, every variable set to All. */
  readonly values: Record<string, string>;
  /** Variable name -> the options its query found. */
  readonly options: Record<string, string[]>;
}

/** A text box's value as the dashboard is saved: its current value, else its default (the query). */
export function textboxValue(variable: TemplateVariable): string {
  const current = variable.current?.value;
  if (typeof current === 'string') return current;
  return typeof variable.query === 'string' ? variable.query : '';
}

/**
 * Resolves the variables in order as a dashboard opened with its defaults does: a text box at its saved value (or the
 * one `set` gives), each query variable set to All.
 */
export async function resolveVariables(
  dashboard: Dashboard, lookup: LabelValuesLookup, builtins: Readonly<Record<string, string>>, set: Readonly<Record<string, string>> = {},
): Promise<ResolvedVariables> {
  const values: Record<string, string> = { ...builtins };
  const options: Record<string, string[]> = {};
  for (const variable of dashboard.templating.list) {
    if (variable.type === 'datasource') continue;
    if (variable.type === 'textbox') {
      const value = set[variable.name] ?? textboxValue(variable);
      options[variable.name] = [value];
      values[variable.name] = regularEscape(value);
      continue;
    }
    if (variable.type !== 'query') throw new Error(`variable ${variable.name}: type ${variable.type} not emulated`);
    if ((variable.regex ?? '') !== '') throw new Error(`variable ${variable.name}: regex not emulated`);
    if (variable.includeAll !== true) throw new Error(`variable ${variable.name}: no All option to select`);
    const { match, label } = parseLabelValues(interpolate(variableQuery(variable), values));
    const found = (await lookup(label, match)).filter((v) => v !== '');
    options[variable.name] = found;
    values[variable.name] = allValue(variable, found);
  }
  return { values, options };
}
