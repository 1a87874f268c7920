import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import {
  ConsoleMalformedResponseError,
  ConsoleResponseTooLargeError,
  ConsoleTimeoutError,
  ConsoleUnreachableError,
} from '../../src/console/errors/index.js';
import { Transport, type TransportOptions } from '../../src/console/transport.js';
import { delay, described, rejection, sendFixture, sendJson, startFakeConsole, type FakeConsole, type Handler } from '../support/console-fake-server.js';
import { consoleFixtureText } from '../support/fixtures.js';
import { freePort } from '../support/net.js';

interface Harness {
  readonly transport: Transport;
  readonly fake: FakeConsole;
  close(): Promise<void>;
}

function transportTo(baseUrl: string, options: Partial<TransportOptions> = {}): Transport {
  return new Transport({ baseUrl, timeoutMs: 2000, connections: 2, maxResponseBytes: 1024 * 1024, secrets: [], ...options });
}

async function open(handler: Handler, options: Partial<TransportOptions> = {}): Promise<Harness> {
  const fake = await startFakeConsole(handler);
  const transport = transportTo(fake.url, options);
  return {
    transport,
    fake,
    close: async () => {
      await transport.close(100);
      await fake.close();
    },
  };
}

const NOT_HTTP_ADVICE = 'check that ROCKETMQ_CONSOLE_URL points at a RocketMQ console or dashboard and that no proxy alters its answers';

test('a console that never answers is ConsoleTimeoutError after timeoutMs, and the request is dropped', async () => {
  let serverSawClose = false;
  const h = await open(
    (_req, res) => {
      res.on('close', () => {
        serverSawClose = true;
      });
    },
    { timeoutMs: 150 },
  );
  try {
    const started = Date.now();
    const error = await rejection(h.transport.exchange('/topic/queryConsumerByTopic.query', 'topic=order_topic'));
    const elapsed = Date.now() - started;
    assert.ok(error instanceof ConsoleTimeoutError);
    assert.deepEqual(described(error), {
      name: 'ConsoleTimeoutError',
      kind: 'timeout',
      endpoint: '/topic/queryConsumerByTopic.query',
      timeoutMs: 150,
      message: 'the RocketMQ console did not answer /topic/queryConsumerByTopic.query within 150 ms: raise CONSOLE_TIMEOUT, or lower CONSOLE_CONCURRENCY if the console is overloaded',
    });
    assert.ok(elapsed >= 140 && elapsed < 1500, `elapsed ${elapsed} ms`);
    await delay(50);
    assert.equal(serverSawClose, true);
  } finally {
    await h.close();
  }
});

test('the timeout covers the body too: headers then silence is ConsoleTimeoutError', async () => {
  const h = await open(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":0,"data":{"topicList":[');
    },
    { timeoutMs: 200 },
  );
  try {
    const error = await rejection(h.transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleTimeoutError, error.message);
    assert.equal(error.timeoutMs, 200);
  } finally {
    await h.close();
  }
});

const TOO_LARGE = {
  name: 'ConsoleResponseTooLargeError',
  kind: 'too_large',
  endpoint: '/topic/list.query',
} as const;

test('a body over the cap is ConsoleResponseTooLargeError as soon as the cap is passed, without waiting for the rest', async () => {
  const h = await open(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Chunked, no length: the client only learns the size by reading; the rest never comes.
      res.write(`{"status":0,"data":{"topicList":[${'"t",'.repeat(600)}`);
    },
    { maxResponseBytes: 1024, timeoutMs: 3000 },
  );
  try {
    const started = Date.now();
    const error = await rejection(h.transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleResponseTooLargeError, error.message);
    assert.deepEqual(described(error), {
      ...TOO_LARGE,
      maxBytes: 1024,
      message: "the RocketMQ console's answer to /topic/list.query is larger than 1024 bytes: raise CONSOLE_MAX_RESPONSE_BYTES",
    });
    assert.ok(Date.now() - started < 1000, 'did not wait for the timeout');
  } finally {
    await h.close();
  }
});

test('a declared Content-Length over the cap fails before reading the body', async () => {
  const h = await open(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 });
      res.write('{');
    },
    { maxResponseBytes: 4096 },
  );
  try {
    const error = await rejection(h.transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleResponseTooLargeError);
    assert.deepEqual(described(error), {
      ...TOO_LARGE,
      maxBytes: 4096,
      message: "the RocketMQ console's answer to /topic/list.query is larger than 4096 bytes: raise CONSOLE_MAX_RESPONSE_BYTES",
    });
  } finally {
    await h.close();
  }
});

test('a declared Content-Length over the cap whose body already arrived whole fails the call, and nothing else', async () => {
  // The body is dropped unread; undici then reports the abort on the body stream, which must not escape.
  const h = await open((_req, res) => sendFixture(res, 'topic-list.query.json'), { maxResponseBytes: 64 });
  try {
    const error = await rejection(h.transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleResponseTooLargeError);
    assert.deepEqual(described(error), {
      ...TOO_LARGE,
      maxBytes: 64,
      message: "the RocketMQ console's answer to /topic/list.query is larger than 64 bytes: raise CONSOLE_MAX_RESPONSE_BYTES",
    });
    // An error escaping on the dropped body would surface here, as an uncaught exception failing this test.
    await delay(50);
  } finally {
    await h.close();
  }
});

test('a body cut off by a reset after the headers is ConsoleMalformedResponseError (the console did answer)', async () => {
  const h = await open((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 5000 });
    res.write(consoleFixtureText('topic-queryConsumerByTopic.query.json').slice(0, 1000));
    setTimeout(() => res.socket?.destroy(), 20);
  });
  try {
    const error = await rejection(h.transport.exchange('/topic/queryConsumerByTopic.query', 'topic=order_topic'));
    assert.ok(error instanceof ConsoleMalformedResponseError, error.message);
    assert.deepEqual(described(error), {
      name: 'ConsoleMalformedResponseError',
      kind: 'malformed',
      endpoint: '/topic/queryConsumerByTopic.query',
      problem: '(body): cut off after 1000 bytes (UND_ERR_SOCKET)',
      message: `the RocketMQ console answered /topic/queryConsumerByTopic.query with an unusable body: (body): cut off after 1000 bytes (UND_ERR_SOCKET); ${NOT_HTTP_ADVICE}`,
    });
  } finally {
    await h.close();
  }
});

test('a refused connection is ConsoleUnreachableError, pointing at ROCKETMQ_CONSOLE_URL', async () => {
  const port = await freePort();
  const transport = transportTo(`http://127.0.0.1:${port}`);
  try {
    const error = await rejection(transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleUnreachableError);
    assert.deepEqual(described(error), {
      name: 'ConsoleUnreachableError',
      kind: 'unreachable',
      endpoint: '/topic/list.query',
      detail: `connect ECONNREFUSED 127.0.0.1:${port}`,
      message: `cannot reach the RocketMQ console for /topic/list.query (connect ECONNREFUSED 127.0.0.1:${port}): check ROCKETMQ_CONSOLE_URL and that the console is up`,
    });
  } finally {
    await transport.close(100);
  }
});

test('a connection reset before the response is ConsoleUnreachableError', async () => {
  const h = await open((_req, res) => {
    res.socket?.destroy();
  });
  try {
    const error = await rejection(h.transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleUnreachableError, error.message);
    assert.equal(error.detail, 'UND_ERR_SOCKET: other side closed');
  } finally {
    await h.close();
  }
});

test('a server that does not speak HTTP is ConsoleMalformedResponseError, without the bytes it sent', async () => {
  const tcp = createTcpServer((socket) => {
    socket.on('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  const transport = transportTo(`http://127.0.0.1:${port}`);
  try {
    const error = await rejection(transport.exchange('/topic/list.query', ''));
    assert.ok(error instanceof ConsoleMalformedResponseError, `${error.name}: ${error.message}`);
    assert.deepEqual(described(error), {
      name: 'ConsoleMalformedResponseError',
      kind: 'malformed',
      endpoint: '/topic/list.query',
      problem: '(response): not an HTTP response',
      message: `the RocketMQ console answered /topic/list.query with an unusable body: (response): not an HTTP response; ${NOT_HTTP_ADVICE}`,
    });
    assert.equal(error.cause, undefined);
  } finally {
    await transport.close(100);
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
});

test('cookies the console sets are kept and sent back on every later request, until it deletes them', async () => {
  let answered = 0;
  const h = await open((_req, res) => {
    answered++;
    const setCookie: Record<number, string[]> = {
      1: ['JSESSIONID=S1; Path=/; HttpOnly', 'route=r1; Path=/'],
      3: ['route=; Max-Age=0; Path=/'],
    };
    sendJson(res, { status: 0, data: null, errMsg: null }, answered in setCookie ? { 'set-cookie': setCookie[answered] ?? [] } : {});
  });
  try {
    for (let i = 0; i < 4; i++) await h.transport.exchange('/topic/list.query', '');
    assert.deepEqual(h.fake.requests.map((r) => r.headers.cookie), [undefined, 'JSESSIONID=S1; route=r1', 'JSESSIONID=S1; route=r1', 'JSESSIONID=S1']);
    assert.equal(h.transport.cookies.cookieHeader(), 'JSESSIONID=S1');
  } finally {
    await h.close();
  }
});

test('a redirect is handed back as it came, not followed', async () => {
  const h = await open((_req, res) => {
    res.writeHead(302, { location: '/#/login?redirect=%2F', 'content-length': 0 });
    res.end();
  });
  try {
    assert.deepEqual(await h.transport.exchange('/topic/list.query', ''), { statusCode: 302, location: '/#/login?redirect=%2F', body: Buffer.alloc(0) });
    assert.equal(h.fake.requests.length, 1);
  } finally {
    await h.close();
  }
});

test('an interim answer (103 Early Hints) is not the answer: neither its Location nor its cookie is taken', async () => {
  const tcp = createTcpServer((socket) => {
    socket.once('data', () => socket.write(
      'HTTP/1.1 103 Early Hints\r\nLocation: /early\r\nSet-Cookie: early=1\r\n\r\n'
      + 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    ));
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  const transport = transportTo(`http://127.0.0.1:${port}`);
  try {
    assert.deepEqual(await transport.exchange('/topic/list.query', ''), { statusCode: 200, location: undefined, body: Buffer.from('{}') });
    assert.equal(transport.cookies.cookieHeader(), undefined);
  } finally {
    await transport.close(100);
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
});

test('the cookie of an answer whose body was cut off is kept and sent with the next request', async () => {
  let answered = 0;
  const h = await open((_req, res) => {
    answered++;
    if (answered === 1) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100, 'set-cookie': 'JSESSIONID=S1; Path=/' });
      res.write('{"status"');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    sendJson(res, { status: 0, data: null, errMsg: null });
  });
  try {
    assert.ok((await rejection(h.transport.exchange('/topic/list.query', ''))) instanceof ConsoleMalformedResponseError);
    await h.transport.exchange('/topic/list.query', '');
    assert.deepEqual(h.fake.requests.map((r) => r.headers.cookie), [undefined, 'JSESSIONID=S1']);
  } finally {
    await h.close();
  }
});

test('a call cancelled while it waits for a connection fails at once, and is never sent', async () => {
  const h = await open(async (_req, res) => {
    await delay(400);
    sendJson(res, { status: 0, data: null, errMsg: null });
  }, { connections: 1 });
  try {
    const first = h.transport.exchange('/topic/list.query', 'n=1');
    const cancel = new AbortController();
    const started = Date.now();
    const second = rejection(h.transport.exchange('/topic/list.query', 'n=2', undefined, cancel.signal));
    setTimeout(() => cancel.abort(), 50);
    const error = await second;
    const elapsed = Date.now() - started;
    assert.equal(error.name, 'ConsoleDeadlineError');
    assert.equal(elapsed < 300, true, `failed after ${elapsed} ms, not at the cancel`);
    await first;
    await delay(50);
    assert.deepEqual(h.fake.requests.map((r) => r.url), ['/topic/list.query?n=1']);
  } finally {
    await h.close();
  }
});

test('a form is POSTed url-encoded, JSON as JSON with its CSRF token; a query is sent as given', async () => {
  const h = await open((_req, res) => sendJson(res, { status: 0, data: null, errMsg: null }));
  try {
    await h.transport.exchange('/login/login.do', '', { type: 'form', text: 'username=admin&password=p%26ss' });
    await h.transport.exchange('/login/login.do', '', { type: 'json', text: '{"username":"admin"}', csrfToken: 'T-1' });
    await h.transport.exchange('/consumer/groupList.query', 'skipSysGroup=false');
    const [form, json, list] = h.fake.requests;
    assert.deepEqual(
      [form?.method, form?.url, form?.headers['content-type'], form?.headers['x-xsrf-token'], form?.body],
      ['POST', '/login/login.do', 'application/x-www-form-urlencoded', undefined, 'username=admin&password=p%26ss'],
    );
    assert.deepEqual(
      [json?.method, json?.url, json?.headers['content-type'], json?.headers['x-xsrf-token'], json?.body],
      ['POST', '/login/login.do', 'application/json', 'T-1', '{"username":"admin"}'],
    );
    assert.deepEqual([list?.method, list?.url, list?.headers['content-type'], list?.body], ['GET', '/consumer/groupList.query?skipSysGroup=false', undefined, '']);
  } finally {
    await h.close();
  }
});

test('a big answer split over many chunks is read whole', async () => {
  const many = Array.from({ length: 5000 }, (_, i) => `topic_${i}`);
  const body = JSON.stringify({ status: 0, data: { topicList: many, brokerAddr: null }, errMsg: null });
  let chunks = 0;
  const h = await open(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < body.length; i += 1000) {
      res.write(body.slice(i, i + 1000));
      chunks++;
      // A pause between writes, so that they reach the client as separate chunks.
      if (chunks % 10 === 0) await delay(1);
    }
    res.end();
  });
  try {
    const response = await h.transport.exchange('/topic/list.query', '');
    assert.equal(chunks, 64);
    assert.equal(body.length, 63_957);
    assert.deepEqual(response, { statusCode: 200, location: undefined, body: Buffer.from(body) });
  } finally {
    await h.close();
  }
});

test('a console URL that is not http or https is refused', () => {
  assert.throws(() => transportTo('ftp://console.example/'), new TypeError('the console URL must be http or https'));
});

test("the undici module the transport loads on its own is the pool undici's index exports (undici is pinned)", async () => {
  const undici = await import('undici');
  const { default: PoolClass } = await import('undici/lib/dispatcher/pool.js');
  assert.equal(PoolClass, undici.Pool);
});
