// Writes k8s/components/prometheus-rule/prometheusrule.yaml from rules/rocketmq-lag.rules.yml: kustomize cannot wrap a
// plain Prometheus rule file, so the file's text becomes the PrometheusRule's spec, comments and all.
// Usage: node --import tsx scripts/prometheus-rule.ts   (test/packaging/k8s.test.ts checks the output is current)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const RULES_FILE = 'rules/rocketmq-lag.rules.yml';
export const PROMETHEUS_RULE_FILE = 'k8s/components/prometheus-rule/prometheusrule.yaml';

/** The PrometheusRule manifest for a rule file's text: the file (a mapping with `groups:`) indented under `spec:`. */
export function renderPrometheusRule(rulesText: string, rulesFile = RULES_FILE): string {
  const lines = rulesText.replace(/^---\n/, '').replace(/\n+$/, '').split('\n');
  if (!lines.some((line) => line.startsWith('groups:'))) throw new Error(`${rulesFile}: no top-level "groups:"`);
  const spec = lines.map((line) => (line === '' ? '' : `  ${line}`)).join('\n');
  return [
    `# Generated from ${rulesFile} by scripts/prometheus-rule.ts: edit the rule file, then run`,
    '#   node --import tsx scripts/prometheus-rule.ts',
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: rocketmq-lag-exporter',
    '  labels:',
    '    app.kubernetes.io/name: rocketmq-lag-exporter',
    'spec:',
    spec,
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = new URL('../', import.meta.url).pathname;
  const text = renderPrometheusRule(readFileSync(join(root, RULES_FILE), 'utf8'));
  writeFileSync(join(root, PROMETHEUS_RULE_FILE), text);
  process.stdout.write(`wrote ${PROMETHEUS_RULE_FILE}\n`);
}
