import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Family } from '../../src/metrics/families.js';
import { Counter, Histogram } from '../../src/metrics/tallies.js';
import { TextWriter } from '../../src/metrics/text.js';

const shape = { perQueue: false, byDefault: true, standard: false } as const;
const walks: Family = { name: 'walks_total', type: 'counter', help: 'Walks', unit: 'walks', labels: ['result'], ...shape };
const latency: Family = { name: 'request_seconds', type: 'histogram', help: 'Latency', unit: 'seconds', labels: ['endpoint'], ...shape };

test('a counter: one sample per combination of label values, in first-seen order; HELP and TYPE even before the first', () => {
  const c = new Counter(walks);
  const empty = new TextWriter('mq');
  c.render(empty);
  assert.equal(empty.take(), '# HELP mq_walks_total Walks (walks).\n# TYPE mq_walks_total counter\n');
  c.inc(['partial']);
  c.inc(['complete'], 2);
  c.inc(['partial']);
  const w = new TextWriter('mq');
  c.render(w);
  assert.deepEqual(w.take().split('\n').slice(2), ['mq_walks_total{result="partial"} 2', 'mq_walks_total{result="complete"} 2', '']);
});

test('a histogram: cumulative buckets with le last, +Inf, sum and count per combination of label values', () => {
  const h = new Histogram(latency, [0.01, 0.1]);
  h.observe(['/a'], 0.005);
  h.observe(['/a'], 0.01);
  h.observe(['/a'], 0.5);
  h.observe(['/b "x"'], 0.05);
  const w = new TextWriter('mq');
  h.render(w);
  assert.deepEqual(w.take().split('\n'), [
    '# HELP mq_request_seconds Latency (seconds).',
    '# TYPE mq_request_seconds histogram',
    'mq_request_seconds_bucket{endpoint="/a",le="0.01"} 2',
    'mq_request_seconds_bucket{endpoint="/a",le="0.1"} 2',
    'mq_request_seconds_bucket{endpoint="/a",le="+Inf"} 3',
    'mq_request_seconds_sum{endpoint="/a"} 0.515',
    'mq_request_seconds_count{endpoint="/a"} 3',
    'mq_request_seconds_bucket{endpoint="/b \\"x\\"",le="0.01"} 0',
    'mq_request_seconds_bucket{endpoint="/b \\"x\\"",le="0.1"} 1',
    'mq_request_seconds_bucket{endpoint="/b \\"x\\"",le="+Inf"} 1',
    'mq_request_seconds_sum{endpoint="/b \\"x\\""} 0.05',
    'mq_request_seconds_count{endpoint="/b \\"x\\""} 1',
    '',
  ]);
});
