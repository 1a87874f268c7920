import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Family } from '../../src/metrics/families.js';
import { formatValue, TextWriter } from '../../src/metrics/text.js';

const labelled: Family = { name: 'msg_diff_queue', type: 'gauge', help: 'Lag per queue', unit: 'messages', labels: ['broker', 'queueId'], perQueue: false, byDefault: true, standard: false };
const bare: Family = { name: 'exporter_up', type: 'gauge', help: 'Up', unit: undefined, labels: [], perQueue: false, byDefault: true, standard: false };

test('a family: HELP with its unit, TYPE, then one line per sample, label values escaped, no braces without labels', () => {
  const w = new TextWriter('mq');
  w.header(labelled);
  w.sample(labelled, ['broker "a"\\b\nc', '0'], 5);
  w.sample(labelled, ['broker-b'], 0.5);
  w.header(bare);
  w.sample(bare, [], 1);
  assert.equal(w.take(), [
    '# HELP mq_msg_diff_queue Lag per queue (messages).',
    '# TYPE mq_msg_diff_queue gauge',
    'mq_msg_diff_queue{broker="broker \\"a\\"\\\\b\\nc",queueId="0"} 5',
    'mq_msg_diff_queue{broker="broker-b",queueId=""} 0.5',
    '# HELP mq_exporter_up Up.',
    '# TYPE mq_exporter_up gauge',
    'mq_exporter_up 1',
    '',
  ].join('\n'));
  assert.equal(w.empty, true);
});

test('family() yields a chunk whenever about 64K characters have accumulated, and keeps the rest', () => {
  const w = new TextWriter('mq');
  const values = Array.from({ length: 3000 }, (_, i) => ({ labels: [`broker-${'x'.repeat(40)}`, String(i)], value: i }));
  const chunks = [...w.family(labelled, values)];
  const rest = w.take();
  const lines = (chunks.join('') + rest).split('\n');
  assert.deepEqual([chunks.length, lines.length, lines[2], lines[3001]], [
    4, 3003, `mq_msg_diff_queue{broker="broker-${'x'.repeat(40)}",queueId="0"} 0`, `mq_msg_diff_queue{broker="broker-${'x'.repeat(40)}",queueId="2999"} 2999`,
  ]);
  assert.deepEqual(chunks.map((c) => c.length >= 64 * 1024 && c.endsWith('\n')), [true, true, true, true]);
});

test('values: integers as they are, fractions to the millisecond, NaN and infinities as Prometheus spells them', () => {
  const cases: [number, string][] = [[0, '0'], [-3, '-3'], [123456789012, '123456789012'], [0.8, '0.8'], [1.23456, '1.235'], [1718102345.5, '1718102345.5'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf']];
  assert.deepEqual(cases.map(([v]) => formatValue(v)), cases.map(([, text]) => text));
});
