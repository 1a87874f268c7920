// A gauge family built fresh on every collect, like client_golang's MustNewConstMetric: nothing stale survives.
import type { Registry } from 'prom-client';

export interface ConstSample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

export function registerConstGauge(
  registry: Registry, name: string, help: string, collect: () => readonly ConstSample[],
): void {
  const metric = {
    name,
    help,
    type: 'gauge',
    aggregator: 'omit',
    get: () => Promise.resolve({ name, help, type: 'gauge', aggregator: 'omit', values: collect().map((s) => ({ labels: s.labels ?? {}, value: s.value })) }),
    reset: () => undefined,
  };
  // prom-client accepts any object with get(); its Metric type wants a class instance.
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}
