import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, gunzipSync } from 'node:zlib';
import { deflateInSlices, gzipMember, inflate, NOTHING } from '../../src/metrics/gzip.js';

function* chunksOf(text: string, size: number): Generator<string, void, undefined> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const LAG = Array.from({ length: 5000 }, (_, i) => `rocketmq_msg_diff_detail{topic="t_${i % 37}",consumerGroup="g\\"é${i % 11}",queueId="${i % 16}"} ${i * 7}\n`).join('');
const HEALTH = Buffer.from('# HELP x y\n# TYPE x gauge\nx 1\n# EOF\n');

test('text deflated in slices keeps its byte length and CRC-32, and inflates back to itself', async () => {
  const lag = await deflateInSlices(chunksOf(LAG, 4096));
  assert.deepEqual({ length: lag.length, crc: lag.crc }, { length: Buffer.byteLength(LAG), crc: crc32(LAG) });
  const parts: Buffer[] = [];
  for await (const chunk of inflate(lag)) parts.push(chunk);
  assert.equal(Buffer.concat(parts).toString(), LAG);
});

test('a gzip member spliced from the cached lag blocks and the per-scrape text decodes to their concatenation, checksum and length included', async () => {
  const lag = await deflateInSlices(chunksOf(LAG, 4096));
  const body = Buffer.concat(gzipMember(lag, HEALTH));
  // gunzip checks the trailer: CRC-32 and length of the whole.
  assert.equal(gunzipSync(body).toString(), LAG + HEALTH.toString());
  assert.deepEqual([body.readUInt32LE(body.length - 8), body.readUInt32LE(body.length - 4)],
    [crc32(LAG + HEALTH.toString()), Buffer.byteLength(LAG) + HEALTH.length]);
  assert.ok(body.length < Buffer.byteLength(LAG) / 5, `${body.length} bytes: compressed`);
});

test('empty parts are allowed on either side', async () => {
  assert.equal(gunzipSync(Buffer.concat(gzipMember(NOTHING, HEALTH))).toString(), HEALTH.toString());
  const lag = await deflateInSlices(chunksOf(LAG, 1000));
  assert.equal(gunzipSync(Buffer.concat(gzipMember(lag, Buffer.alloc(0)))).toString(), LAG);
  assert.equal(gunzipSync(Buffer.concat(gzipMember(NOTHING, Buffer.alloc(0)))).toString(), '');
  const parts: Buffer[] = [];
  for await (const chunk of inflate(NOTHING)) parts.push(chunk);
  assert.deepEqual(parts, []);
});
