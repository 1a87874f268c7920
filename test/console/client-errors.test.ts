import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import type { ConsoleClientOptions } from '../../src/console/client.js';
import type { GroupConsumeInfo } from '../../src/console/types.js';
import {
  ConsoleHttpStatusError,
  ConsoleMalformedResponseError,
  ConsoleResponseTooLargeError,
  ConsoleStatusError,
  ConsoleTimeoutError,
  ConsoleUnreachableError,
} from '../../src/console/errors/index.js';
import { freePort } from '../support/net.js';
import {
  delay, recordingClient, rejection, sendFixture, sendJson, startFakeConsole, type ClientHarness, type Handler,
} from '../support/console-fake-server.js';
import { consoleFixtureText } from '../support/fixtures.js';

const PASSWORD = 'Pa55-w0rd-xyz';

type Harness = ClientHarness;

async function withConsole(handler: Handler, options: Partial<ConsoleClientOptions> = {}): Promise<Harness> {
  const fake = await startFakeConsole(handler);
  return withUrl(fake.url, options, () => fake.close());
}

function withUrl(baseUrl: string, options: Partial<ConsoleClientOptions>, stop: () => Promise<void> = async () => {}): Harness {
  return recordingClient(baseUrl, options, stop);
}


test('a refused connection is ConsoleUnreachableError, pointing at ROCKETMQ_CONSOLE_URL', async () => {
  const h = withUrl(`http://127.0.0.1:${await freePort()}`, {});
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleUnreachableError);
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.endpoint, '/topic/list.query');
    assert.match(error.message, /ECONNREFUSED/);
    assert.match(error.message, /check ROCKETMQ_CONSOLE_URL and that the console is up/);
    assert.deepEqual(h.events.map((e) => [e.endpoint, e.outcome]), [['/topic/list.query', 'unreachable']]);
  } finally {
    await h.close();
  }
});

test('a connection reset before the response is ConsoleUnreachableError', async () => {
  const h = await withConsole((_req, res) => {
    res.socket?.destroy();
  });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleUnreachableError, error.message);
  } finally {
    await h.close();
  }
});

test('a console that never answers is ConsoleTimeoutError after timeoutMs, and the request is dropped', async () => {
  let serverSawClose = false;
  const h = await withConsole(
    (_req, res) => {
      res.on('close', () => {
        serverSawClose = true;
      });
    },
    { timeoutMs: 150 },
  );
  try {
    const started = Date.now();
    const error = await rejection(h.client.consumersOfTopic('order_topic'));
    const elapsed = Date.now() - started;
    assert.ok(error instanceof ConsoleTimeoutError);
    assert.equal(error.kind, 'timeout');
    assert.equal(error.timeoutMs, 150);
    assert.match(error.message, /raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY/);
    assert.ok(elapsed >= 140 && elapsed < 1500, `elapsed ${elapsed} ms`);
    await delay(50);
    assert.equal(serverSawClose, true);
    assert.equal(h.events[0]?.outcome, 'timeout');
    assert.ok((h.events[0]?.durationSeconds ?? 0) >= 0.14);
  } finally {
    await h.close();
  }
});

test('the timeout covers the body too: headers then silence is ConsoleTimeoutError', async () => {
  const h = await withConsole(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":0,"data":{"topicList":[');
    },
    { timeoutMs: 200 },
  );
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleTimeoutError, error.message);
  } finally {
    await h.close();
  }
});

test('HTTP 500 is ConsoleHttpStatusError with the status', async () => {
  const h = await withConsole((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html>Whitelabel Error Page</html>');
  });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleHttpStatusError);
    assert.equal(error.status, 500);
    assert.equal(error.kind, 'http_status');
    assert.equal(h.events[0]?.outcome, 'http_status');
  } finally {
    await h.close();
  }
});

test('a redirect that is not to the login page is not followed: ConsoleHttpStatusError with the location', async () => {
  const h = await withConsole((_req, res) => {
    res.writeHead(301, { location: 'https://console.example/topic/list.query' });
    res.end();
  });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleHttpStatusError);
    assert.equal(error.status, 301);
    assert.match(error.message, /redirects to https:\/\/console\.example/);
  } finally {
    await h.close();
  }
});

test('status -1 is ConsoleStatusError with the first line of errMsg', async () => {
  const h = await withConsole((_req, res) => sendFixture(res, 'consumer-consumerConnection.query.error-not-online.json'));
  try {
    const error = await rejection(h.client.consumerConnection({ ...group('order_audit_group'), address: null }));
    assert.ok(error instanceof ConsoleStatusError);
    assert.equal(error.kind, 'console_error');
    assert.equal(error.status, -1);
    assert.equal(
      error.consoleMessage,
      'org.apache.rocketmq.client.exception.MQBrokerException: CODE: 206  DESC: the consumer group[order_audit_group] not online',
    );
    assert.doesNotMatch(error.message, /For more information/);
    assert.equal(h.events[0]?.outcome, 'console_error');
  } finally {
    await h.close();
  }
});

test('"offset table is empty" (a group without offsets, console 1.x and 2.0) is an empty answer, as on 2.1', async () => {
  const h = await withConsole((_req, res) => sendFixture(res, 'consumer-queryTopicByConsumer.query.error-broadcast.json'));
  try {
    assert.deepEqual(await h.client.topicsOfGroup({ ...group('order_cache_broadcast_group'), address: null }), []);
  } finally {
    await h.close();
  }
});

test('a console error message is capped and redacted (password, ACL clientId)', async () => {
  const errMsg = `failed for 10.0.2.19@RocketMQ|${'S'.repeat(12)}9|order_group|3131 with ${PASSWORD} ${'x'.repeat(600)}\nsecond line`;
  const h = await withConsole(
    (req, res) => {
      // No login on this console: the check answers 404, as on console 1.0.
      if (req.path === '/login/check.query') {
        res.writeHead(404).end();
        return;
      }
      sendJson(res, { status: -1, data: null, errMsg });
    },
    { username: 'admin', password: PASSWORD },
  );
  try {
    const error = await rejection(h.client.clusterBrokerNames());
    assert.ok(error instanceof ConsoleStatusError);
    assert.equal(error.endpoint, '/cluster/list.query');
    assert.ok(!error.message.includes(PASSWORD));
    assert.ok(!error.message.includes('SSSSSSSSSSSS9'));
    assert.match(error.consoleMessage, /^failed for 10\.0\.2\.19@\[redacted\] with \[redacted\] x+…$/);
    assert.ok(error.consoleMessage.length <= 301);
    assert.doesNotMatch(error.message, /second line/);
  } finally {
    await h.close();
  }
});

test('a body that is not JSON is ConsoleMalformedResponseError', async () => {
  const h = await withConsole((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":0,"data":{"topicList":["a",');
  });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleMalformedResponseError);
    assert.equal(error.kind, 'malformed');
    assert.match(error.message, /\(body\): not valid JSON/);
  } finally {
    await h.close();
  }
});

test('an HTML page where JSON was expected says so', async () => {
  const h = await withConsole((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><html><body>RocketMQ Dashboard</body></html>');
  });
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleMalformedResponseError);
    assert.match(error.message, /an HTML page, not JSON/);
  } finally {
    await h.close();
  }
});

test('a body cut off by a reset after the headers is ConsoleMalformedResponseError (the console did answer)', async () => {
  const h = await withConsole((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 5000 });
    res.write(consoleFixtureText('topic-queryConsumerByTopic.query.json').slice(0, 1000));
    setTimeout(() => res.socket?.destroy(), 20);
  });
  try {
    const error = await rejection(h.client.consumersOfTopic('order_topic'));
    assert.ok(error instanceof ConsoleMalformedResponseError, error.message);
    assert.match(error.message, /\(body\): cut off after 1000 bytes/);
  } finally {
    await h.close();
  }
});

test('a body over the cap is ConsoleResponseTooLargeError as soon as the cap is passed, without waiting for the rest', async () => {
  const h = await withConsole(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Chunked, no length: the client only learns the size by reading; the rest never comes.
      res.write(`{"status":0,"data":{"topicList":[${'"t",'.repeat(600)}`);
    },
    { maxResponseBytes: 1024, timeoutMs: 3000 },
  );
  try {
    const started = Date.now();
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleResponseTooLargeError, error.message);
    assert.equal(error.kind, 'too_large');
    assert.equal(error.maxBytes, 1024);
    assert.match(error.message, /raise CONSOLE_MAX_RESPONSE_BYTES/);
    assert.ok(Date.now() - started < 1000, 'did not wait for the timeout');
    assert.equal(h.events[0]?.outcome, 'too_large');
  } finally {
    await h.close();
  }
});

test('a declared Content-Length over the cap fails before reading the body', async () => {
  const h = await withConsole(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 });
      res.write('{');
    },
    { maxResponseBytes: 4096 },
  );
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleResponseTooLargeError);
  } finally {
    await h.close();
  }
});

test('a wrong field type names the exact field path', async () => {
  const broken = JSON.parse(consoleFixtureText('topic-queryConsumerByTopic.query.json')) as {
    data: { order_consumer_group: { queueStatInfoList: Record<string, unknown>[] } };
  };
  const row = broken.data.order_consumer_group.queueStatInfoList[3];
  assert.ok(row);
  row.brokerOffset = 'lots';
  const h = await withConsole((_req, res) => sendJson(res, broken));
  try {
    const error = await rejection(h.client.consumersOfTopic('order_topic'));
    assert.ok(error instanceof ConsoleMalformedResponseError);
    assert.equal(error.problem, 'data.order_consumer_group.queueStatInfoList[3].brokerOffset: expected a number, got a string');
    assert.equal(h.events[0]?.outcome, 'malformed');
  } finally {
    await h.close();
  }
});

test('a wrapper without status is malformed, not success', async () => {
  const h = await withConsole((_req, res) => sendJson(res, { topicList: [] }));
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleMalformedResponseError);
    assert.match(error.message, /status: expected a number/);
  } finally {
    await h.close();
  }
});

test('a server that does not speak HTTP is malformed', async () => {
  const tcp = createTcpServer((socket) => {
    socket.on('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  const h = withUrl(`http://127.0.0.1:${port}`, {}, () => new Promise<void>((resolve) => tcp.close(() => resolve())));
  try {
    const error = await rejection(h.client.listTopics());
    assert.ok(error instanceof ConsoleMalformedResponseError, `${error.name}: ${error.message}`);
  } finally {
    await h.close();
  }
});

test('numbers sent as strings by a proxy are accepted', async () => {
  const text = consoleFixtureText('topic-queryConsumerByTopic.query.json').replace(/"(brokerOffset|consumerOffset|diffTotal)": (\d+)/g, '"$1": "$2"');
  const h = await withConsole((_req, res) => sendJson(res, text));
  try {
    const byGroup = await h.client.consumersOfTopic('order_topic');
    assert.equal(byGroup.get('order_consumer_group')?.queueStatInfoList[0]?.brokerOffset, 1528390);
    assert.equal(byGroup.get('order_consumer_group')?.diffTotal, 1908);
  } finally {
    await h.close();
  }
});

test('an onRequest observer that throws does not fail the call', async () => {
  const h = await withConsole((_req, res) => sendFixture(res, 'topic-list.query.json'), {
    onRequest: () => {
      throw new Error('observer bug');
    },
  });
  try {
    const list = await h.client.listTopics();
    assert.equal(list.topics.length, 17);
  } finally {
    await h.close();
  }
});

function group(name: string): GroupConsumeInfo {
  return {
    group: name,
    version: null,
    count: 0,
    consumeType: null,
    messageModel: null,
    consumeTps: 0,
    diffTotal: -1,
    address: null,
    subGroupType: null,
  };
}
