import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, crc32Combine, deflateInSlices, deflateNow, gzipMember, inflate } from '../../src/metrics/gzip.js';
import { acceptsGzip } from '../../src/server.js';

function* chunksOf(text: string, size: number): Generator<string, void, undefined> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const LAG = Array.from({ length: 5000 }, (_, i) => `rocketmq_msg_diff_detail{topic="t_${i % 37}",consumerGroup="g\\"é${i % 11}",queueId="${i % 16}"} ${i * 7}\n`).join('');

test('CRC-32 and its combination agree with zlib', () => {
  const a = Buffer.from('rocketmq_exporter_console_reachable 1\n');
  const b = Buffer.from(LAG);
  assert.equal(crc32(a), zlibCrc32(a));
  assert.equal(crc32Combine(crc32(a), crc32(b), b.length), zlibCrc32(Buffer.concat([a, b])));
  assert.equal(crc32Combine(crc32(a), 0, 0), crc32(a));
});

test('a gzip member spliced from per-scrape text and the cached lag blocks decodes to their concatenation', async () => {
  const health = Buffer.from('# HELP x y\n# TYPE x gauge\nx 1\n');
  const lag = await deflateInSlices(chunksOf(LAG, 4096));
  const body = Buffer.concat(gzipMember([deflateNow(health), lag, deflateNow(Buffer.from('# EOF\n'))]));
  assert.equal(gunzipSync(body).toString(), health.toString() + LAG + '# EOF\n');
  assert.ok(body.length < Buffer.byteLength(LAG) / 5, 'compressed');
});

test('empty parts are allowed, and inflate gives the text back for scrapers without gzip', async () => {
  const lag = await deflateInSlices(chunksOf(LAG, 1000));
  assert.equal(gunzipSync(Buffer.concat(gzipMember([deflateNow(Buffer.alloc(0)), lag]))).toString(), LAG);
  const parts: Buffer[] = [];
  for await (const chunk of inflate(lag)) parts.push(chunk);
  assert.equal(Buffer.concat(parts).toString(), LAG);
});

test('Accept-Encoding negotiation', () => {
  assert.equal(acceptsGzip('gzip'), true);
  assert.equal(acceptsGzip('deflate, gzip;q=0.5'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip(undefined), false);
});
