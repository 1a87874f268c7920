// The Kubernetes manifests: kustomize builds them, every object passes its Kubernetes (or Prometheus Operator) schema,
// the Deployment is hardened as documented, and every variable they set is one the exporter knows and accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { loadConfig, variables } from '../../src/config.js';
import { ROOT, which } from './support.js';

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

// One validator per kind the manifests may hold; a kind without one fails the test rather than passing unchecked.
const VALIDATORS: Record<string, (m: Manifest) => void> = {
  'v1/ConfigMap': (m) => new ConfigMap(m as never).validate(),
  'v1/Service': (m) => new Service(m as never).validate(),
  'apps/v1/Deployment': (m) => new Deployment(m as never).validate(),
  'networking.k8s.io/v1/NetworkPolicy': (m) => new NetworkPolicy(m as never).validate(),
  'monitoring.coreos.com/v1/ServiceMonitor': (m) => new ServiceMonitor(m as never).validate(),
  'monitoring.coreos.com/v1/PrometheusRule': (m) => new PrometheusRule(m as never).validate(),
};

function validate(manifest: Manifest): void {
  const validator = VALIDATORS[`${manifest.apiVersion}/${manifest.kind}`];
  assert.ok(validator !== undefined, `no schema for ${manifest.apiVersion} ${manifest.kind}`);
  validator(manifest);
}

function kustomize(dir: string): Manifest[] {
  const kubectl = which('kubectl');
  assert.ok(kubectl !== undefined, 'kubectl (with its built-in kustomize 4 or newer) is needed to build the manifests');
  const r = spawnSync(kubectl, ['kustomize', join(ROOT, dir)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as Manifest);
}

function only(manifests: readonly Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0] as Manifest;
}

interface Container {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number; protocol: string }>;
  env: Array<{ name: string; value: string }>;
  envFrom: Array<{ configMapRef: { name: string } }>;
  volumeMounts: Array<{ name: string; mountPath: string; readOnly: boolean }>;
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
}

interface PodSpec {
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: Array<{ name: string; secret: { secretName: string; defaultMode: number } }>;
  automountServiceAccountToken: boolean;
  enableServiceLinks: boolean;
}

function podSpec(deployment: Manifest): PodSpec {
  return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
}

function container(deployment: Manifest): Container {
  const containers = podSpec(deployment).containers;
  assert.equal(containers.length, 1, 'one container, no sidecar');
  return containers[0] as Container;
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const base = kustomize('k8s');
const example = kustomize('deploy/kubernetes-example');
// The example overlay with TLS and basic auth on /metrics too (the web-config component).
const secured = (() => {
  const dir = mkdtempSync(join(ROOT, '.kustomize-test-'));
  try {
    writeFileSync(join(dir, 'kustomization.yaml'), [
      'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: [../deploy/kubernetes-example]',
      'components: [../k8s/components/web-config]', '',
    ].join('\n'));
    return kustomize(relative(ROOT, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

test('the kustomize base builds a ConfigMap, a Deployment and a Service, each valid against the Kubernetes schema', () => {
  assert.deepEqual(base.map((m) => m.kind).sort(), ['ConfigMap', 'Deployment', 'Service']);
  for (const m of base) validate(m);
});

test('the example overlay with every component builds, each object valid, all in its namespace', () => {
  assert.deepEqual(example.map((m) => m.kind).sort(), ['ConfigMap', 'Deployment', 'NetworkPolicy', 'PrometheusRule', 'Service', 'ServiceMonitor']);
  for (const m of example) validate(m);
  assert.deepEqual([...new Set(example.map((m) => m.metadata.namespace))], ['monitoring']);
});

test('every manifest file under k8s/ is valid on its own, as kubectl apply -f would send it', () => {
  const files = readdirSync(join(ROOT, 'k8s'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
    .sort();
  assert.deepEqual(files, [
    'components/network-policy/networkpolicy.yaml',
    'components/prometheus-rule/prometheusrule.yaml',
    'components/service-monitor/servicemonitor.yaml',
    'deployment.yaml',
    'service.yaml',
  ]);
  for (const file of files) validate(parseYaml(readFileSync(join(ROOT, 'k8s', file), 'utf8')) as Manifest);
});

test('the web-config component: WEB_CONFIG_FILE from a whole Secret (rotation reaches the pod), HTTPS probes, an HTTPS ServiceMonitor with CA and password', () => {
  for (const m of secured) validate(m);
  const c = container(only(secured, 'Deployment'));
  assert.deepEqual(c.env.find((e) => e.name === 'WEB_CONFIG_FILE'), { name: 'WEB_CONFIG_FILE', value: '/etc/rocketmq-lag-exporter/web/web-config.yml' });
  assert.deepEqual(c.volumeMounts.find((v) => v.name === 'web-config'), { name: 'web-config', mountPath: '/etc/rocketmq-lag-exporter/web', readOnly: true });
  const volumes = (podSpec(only(secured, 'Deployment')) as unknown as { volumes: Array<{ name: string; secret?: { secretName: string; defaultMode: number } }> }).volumes;
  assert.deepEqual(volumes.find((v) => v.name === 'web-config')?.secret, { secretName: 'rocketmq-lag-exporter-web', defaultMode: 0o440 });
  assert.deepEqual([(c.readinessProbe.httpGet as { scheme?: string }).scheme, (c.livenessProbe.httpGet as { scheme?: string }).scheme], ['HTTPS', 'HTTPS']);
  const endpoint = (only(secured, 'ServiceMonitor').spec as { endpoints: Array<Record<string, unknown>> }).endpoints[0];
  assert.equal(endpoint?.scheme, 'https');
  assert.deepEqual(Object.keys(endpoint ?? {}).filter((k) => k === 'tlsConfig' || k === 'basicAuth').sort(), ['basicAuth', 'tlsConfig']);
});

test('the validator is live: a wrongly typed field fails', () => {
  const broken = structuredClone(only(base, 'Deployment'));
  (container(broken).ports[0] as { containerPort: unknown }).containerPort = 'metrics';
  assert.throws(() => validate(broken), /containerPort must be integer/);
});

test('the Deployment runs as non-root on a read-only root, without capabilities, under RuntimeDefault seccomp', () => {
  const deployment = only(base, 'Deployment');
  const pod = podSpec(deployment);
  assert.deepEqual(pod.securityContext, {
    runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' },
  });
  assert.deepEqual(container(deployment).securityContext, {
    allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
  });
  assert.equal(pod.automountServiceAccountToken, false);
  assert.equal(pod.enableServiceLinks, false);
  // Exact key sets: a misspelt field (which the schemas let through) shows up here.
  assert.deepEqual(Object.keys(pod).sort(), [
    'automountServiceAccountToken', 'containers', 'enableServiceLinks', 'securityContext', 'terminationGracePeriodSeconds', 'volumes',
  ]);
  assert.deepEqual(Object.keys(container(deployment)).sort(), [
    'env', 'envFrom', 'image', 'imagePullPolicy', 'livenessProbe', 'name', 'ports', 'readinessProbe', 'resources', 'securityContext', 'volumeMounts',
  ]);
});

test('probes: liveness on /healthz, readiness on /readyz, both on the named port the Service targets', () => {
  const c = container(only(base, 'Deployment'));
  assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
  assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' });
  assert.deepEqual(c.ports, [{ name: 'metrics', containerPort: 5558, protocol: 'TCP' }]);
  const service = only(base, 'Service');
  assert.deepEqual((service.spec as { ports: unknown }).ports, [{ name: 'metrics', port: 5558, targetPort: 'metrics', protocol: 'TCP' }]);
  assert.deepEqual((service.spec as { selector: unknown }).selector, { 'app.kubernetes.io/name': 'rocketmq-lag-exporter' });
  assert.match(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'), /^EXPOSE 5558$/m);
});

test('resources: requests and limits as measured by make image-test (README, "Deployment")', () => {
  assert.deepEqual(container(only(base, 'Deployment')).resources, {
    requests: { cpu: '100m', memory: '96Mi' },
    limits: { cpu: '1', memory: '384Mi' },
  });
});

test('the console password comes from the Secret as a file (_FILE form), the rest from the generated ConfigMap', () => {
  const deployment = only(base, 'Deployment');
  const c = container(deployment);
  const configMap = only(base, 'ConfigMap');
  assert.match(configMap.metadata.name, /^rocketmq-lag-exporter-[a-z0-9]{10}$/);
  assert.deepEqual(c.envFrom, [{ configMapRef: { name: configMap.metadata.name } }]);
  assert.deepEqual(c.env, [
    { name: 'ROCKETMQ_CONSOLE_USERNAME_FILE', value: '/etc/rocketmq-lag-exporter/console/username' },
    { name: 'ROCKETMQ_CONSOLE_PASSWORD_FILE', value: '/etc/rocketmq-lag-exporter/console/password' },
  ]);
  assert.deepEqual(c.volumeMounts, [{ name: 'console-login', mountPath: '/etc/rocketmq-lag-exporter/console', readOnly: true }]);
  assert.deepEqual(podSpec(deployment).volumes, [{ name: 'console-login', secret: { secretName: 'rocketmq-lag-exporter-console', defaultMode: 0o440 } }]);
});

test('the variables set by the manifests are exactly ones the exporter knows, by their canonical names, and it accepts them', () => {
  const known = new Set(variables.map((v) => v.name));
  for (const manifests of [base, example, secured]) {
    const c = container(only(manifests, 'Deployment'));
    const data = only(manifests, 'ConfigMap').data as Record<string, string>;
    const names = [...Object.keys(data), ...c.env.map((e) => e.name)];
    assert.deepEqual(names.filter((n) => !known.has(n)), []);
    assert.equal(new Set(names).size, names.length, 'no variable set twice');

    // The Secret's files, where the Deployment mounts them.
    const files = new Map(c.env.map((e) => [e.value, e.name.includes('PASSWORD') ? 'secret\n' : 'admin\n']));
    // The web configuration file is read by web-config.ts at start, not by loadConfig: its path is taken as it is.
    const env = Object.fromEntries([...Object.entries(data), ...c.env.map((e) => [e.name, e.value])]);
    const config = loadConfig(env, (path) => {
      const content = files.get(path);
      if (content === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return content;
    });
    assert.deepEqual({ user: config.consoleUsername, password: config.consolePassword, port: config.listenPort },
      { user: 'admin', password: 'secret', port: 5558 });
  }
});

test('the image is the package version; the example overlay renames it', () => {
  assert.equal(container(only(base, 'Deployment')).image, `rocketmq-lag-exporter:${PACKAGE_VERSION}`);
  assert.equal(container(only(example, 'Deployment')).image, `registry.example.com/rocketmq-lag-exporter:${PACKAGE_VERSION}`);
});

test('ServiceMonitor and NetworkPolicy select the exporter and its named port', () => {
  const podLabels = (only(example, 'Deployment').spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
  const serviceLabels = only(example, 'Service').metadata.labels;
  const monitor = only(example, 'ServiceMonitor').spec as { selector: { matchLabels: Record<string, string> }; endpoints: unknown[] };
  assert.deepEqual(monitor.selector.matchLabels, serviceLabels);
  assert.deepEqual(monitor.endpoints, [{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '25s' }]);
  const policy = only(example, 'NetworkPolicy').spec as {
    podSelector: { matchLabels: Record<string, string> }; policyTypes: string[]; ingress: Array<{ ports: unknown }>;
  };
  assert.deepEqual(policy.podSelector.matchLabels, podLabels);
  assert.deepEqual(policy.policyTypes, ['Ingress', 'Egress']);
  assert.deepEqual(policy.ingress.map((i) => i.ports), [[{ port: 'metrics', protocol: 'TCP' }]]);
});

test('the PrometheusRule holds the rule file\'s groups (make docs generates it; test/docs.test.ts checks it is current)', () => {
  const rulesText = readFileSync(join(ROOT, 'rules/rocketmq-lag.rules.yml'), 'utf8');
  const rule = only(example, 'PrometheusRule');
  assert.deepEqual((rule.spec as { groups: unknown }).groups, (parseYaml(rulesText) as { groups: unknown }).groups);
});
