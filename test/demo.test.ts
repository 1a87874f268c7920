import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './support/net.js';


test('the demo shows real lag lines within seconds, then stops cleanly', async () => {
  const port = await freePort();
  const demo = spawn(process.execPath, ['--import', 'tsx', new URL('../scripts/demo.ts', import.meta.url).pathname, '--once', '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  demo.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  demo.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const started = Date.now();
  const [code] = await once(demo, 'exit') as [number | null];
  assert.equal(code, 0, out);
  assert.ok(Date.now() - started < 20_000, 'within seconds');
  const lag = out.split('\n').filter((l) => /^ {2}rocketmq_msg_diff_consumergroup\{consumerGroup="[^"]+"\} [1-9]\d*$/.test(l));
  assert.ok(lag.length >= 2, out);
  assert.match(out, new RegExp(`metrics: http://127\\.0\\.0\\.1:${port}/metrics`));
});
