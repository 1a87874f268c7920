// ROCKETMQ_CONSOLE_URL pointing at something that is not a RocketMQ console: one error that names what is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sendJson, startFakeConsole } from '../support/console-fake-server.js';
import { sampleValue, startStack } from '../support/stack.js';

test('RocketMQ Studio at ROCKETMQ_CONSOLE_URL: the walk fails with one error line naming it, kind not_console', async () => {
  const studio = await startFakeConsole((req, res) => {
    if (req.path.startsWith('/api/')) sendJson(res, { code: 0, message: 'success', data: [] });
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<html><title>RocketMQ Studio</title></html>');
  });
  const stack = await startStack({ env: { ROCKETMQ_CONSOLE_URL: studio.url } });
  try {
    const samples = await stack.scrape();
    assert.equal(sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'not_console' }), 1);
    const errors = stack.logs.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]?.kind, 'not_console');
    assert.match(errors[0]?.msg ?? '', /found a REST API answering \{code, message, data\} at \/api\/topic\/list \(RocketMQ Studio, or another service\), which this exporter does not read; set it to the URL of a rocketmq-console or rocketmq-dashboard/);
    assert.deepEqual(studio.requests.filter((r) => r.path.startsWith('/api/')).length, 1, 'one probe for the walk');
  } finally {
    await stack.stop();
    await studio.close();
  }
});

test('with credentials too: a page at the login check tries no login, and the walk fails with the one not_console error', async () => {
  const page = '<html><head><title>Welcome to nginx!</title></head></html>';
  const nginx = await startFakeConsole((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  const stack = await startStack({ env: { ROCKETMQ_CONSOLE_URL: nginx.url, ROCKETMQ_CONSOLE_USERNAME: 'admin', ROCKETMQ_CONSOLE_PASSWORD: 'S3cret-pass-9' } });
  try {
    const samples = await stack.scrape();
    assert.equal(sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'not_console' }), 1);
    assert.deepEqual(nginx.requests.filter((r) => r.method === 'POST').length, 0, 'no login posted');
    const lines = stack.logs.filter((l) => l.level === 'error' || l.level === 'warn');
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.match(lines[0]?.msg ?? '', /found an answer of another kind: \(body\): an HTML page titled "Welcome to nginx!", not JSON/);
  } finally {
    await stack.stop();
    await nginx.close();
  }
});
