// A tiny stand-in console for the console client's tests: real HTTP on 127.0.0.1, answers from the recorded fixtures.
import assert from 'node:assert/strict';
import { ConsoleClient, type ConsoleClientOptions, type ConsoleLoginEvent, type ConsoleRequestEvent } from '../../src/console/client.js';
import { ConsoleError } from '../../src/console/errors/index.js';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { consoleFixtureText } from './fixtures.js';

export interface SeenRequest {
  readonly method: string;
  /** Path and query as sent, e.g. `/topic/queryConsumerByTopic.query?topic=%25RETRY%25g`. */
  readonly url: string;
  /** Path without query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeConsole {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Most requests being handled at the same time. */
  readonly maxInFlight: () => number;
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export async function startFakeConsole(handler: Handler): Promise<FakeConsole> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      inFlight--;
    };
    res.on('finish', done);
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://fake');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      void Promise.resolve(handler(seen, res)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, body: string | object, headers: Record<string, string | string[]> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(200, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    // Every console response carries it, even 200s: not a challenge.
    'www-authenticate': 'Basic realm="rocketmq"',
    ...headers,
  });
  response.end(text);
}

export function sendFixture(response: ServerResponse, name: string, headers: Record<string, string | string[]> = {}): void {
  sendJson(response, consoleFixtureText(name), headers);
}

/** The console's answer to a guarded call without a valid session. */
export function sendLoginRedirect(response: ServerResponse): void {
  response.writeHead(302, { location: '/#/login?redirect=%2F', 'content-length': 0 });
  response.end();
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ClientHarness {
  readonly client: ConsoleClient;
  readonly events: ConsoleRequestEvent[];
  readonly loginEvents: ConsoleLoginEvent[];
  close(): Promise<void>;
}

/** A console client for tests, recording every request and login event; `stop` runs after the client closes. */
export function recordingClient(baseUrl: string, options: Partial<ConsoleClientOptions> = {}, stop: () => Promise<void> = async () => {}): ClientHarness {
  const events: ConsoleRequestEvent[] = [];
  const loginEvents: ConsoleLoginEvent[] = [];
  const client = new ConsoleClient({
    baseUrl,
    timeoutMs: 2000,
    concurrency: 4,
    maxResponseBytes: 1024 * 1024,
    onRequest: (event) => events.push(event),
    onLogin: (event) => loginEvents.push(event),
    ...options,
  });
  return {
    client,
    events,
    loginEvents,
    close: async () => {
      await client.close();
      await stop();
    },
  };
}

/** The ConsoleError a call fails with; fails the test if it succeeds or throws something else. */
export async function rejection(promise: Promise<unknown>): Promise<ConsoleError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConsoleError, `a ConsoleError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** What a test compares of a ConsoleError: class name, kind, endpoint, message, and its class's own fields (status, reason…). */
export function described(error: ConsoleError): Record<string, unknown> {
  return { ...error, message: error.message };
}
