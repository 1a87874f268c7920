// HTTP from the outside, as Prometheus and a liveness probe see the exporter: timed GETs and a /healthz poller.
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Fetched {
  readonly status: number;
  /** From sending the request to the last byte of the body. */
  readonly ms: number;
  /** Bytes on the wire (compressed when the exporter compressed). */
  readonly wireBytes: number;
  readonly contentEncoding: string | undefined;
  readonly body: Buffer;
}

/** What Prometheus 2.x sends on every scrape. */
export const PROMETHEUS_HEADERS: Readonly<Record<string, string>> = {
  Accept: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  'Accept-Encoding': 'gzip',
  'X-Prometheus-Scrape-Timeout-Seconds': '10',
};

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function get(url: string, headers: Readonly<Record<string, string>> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - started,
          wireBytes: body.length,
          contentEncoding: res.headers['content-encoding'],
          body,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The exposition text of a scrape, decompressed if it came gzip-encoded. */
export function textOf(fetched: Fetched): string {
  return (fetched.contentEncoding === 'gzip' ? gunzipSync(fetched.body) : fetched.body).toString('utf8');
}

/** Asks /healthz over and over (one at a time, `gapMs` apart) and records how long each answer took. */
export class HealthPoller {
  private readonly latencies: number[] = [];
  private running = true;
  private readonly done: Promise<void>;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: string, private readonly gapMs = 10) {
    this.done = this.loop();
  }

  async stop(): Promise<number[]> {
    this.running = false;
    await this.done;
    this.agent.destroy();
    return this.latencies;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        request(`${this.base}/healthz`, { agent: this.agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        }).on('error', reject).end();
      });
      this.latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, this.gapMs));
    }
  }
}

/** The value of an unlabelled sample (or the first sample) of `name` in exposition text. */
export function sampleOf(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Samples (lines that are not comments) in exposition text. */
export function seriesOf(text: string): number {
  let n = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start && text.charCodeAt(start) !== 35) n++;
    start = end + 1;
  }
  return n;
}
