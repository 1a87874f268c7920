// Measures how fast the simulator answers a full topic-driven walk (list + queryConsumerByTopic per topic) at scale L.
// Run: node --import tsx test/sim/bench-sim.ts [--scale L] [--concurrency 8] [--walks 3] [--in-process]

import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'L' },
    concurrency: { type: 'string', default: '8' },
    walks: { type: 'string', default: '3' },
    'in-process': { type: 'boolean', default: false },
  },
});
const concurrency = Number(values.concurrency);
const walks = Number(values.walks);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function get(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts the simulator in its own process, so that this client does not share its event loop. */
async function startChild(scale: string): Promise<{ url: string; child: ChildProcess }> {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--scale', scale, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { url, child };
}

async function walk(base: string): Promise<{ requests: number; bytes: number; ms: number }> {
  const started = performance.now();
  const list = await new Promise<string>((resolve, reject) => {
    request(`${base}/topic/list.query?skipSysProcess=true`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
  const topics = (JSON.parse(list) as { data: { topicList: string[] } }).data.topicList;
  let next = 0;
  let bytes = list.length;
  const worker = async (): Promise<void> => {
    while (next < topics.length) {
      const topic = topics[next++] as string;
      const r = await get(`${base}/topic/queryConsumerByTopic.query?topic=${encodeURIComponent(topic)}`);
      if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${topic}`);
      bytes += r.bytes;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: topics.length + 1, bytes, ms: performance.now() - started };
}

const scale = values.scale ?? 'L';
let stop: () => Promise<void>;
let base: string;
if (values['in-process'] === true) {
  const sim = await startSimulator({ scale: scale as 'L' });
  base = sim.url;
  stop = () => sim.stop();
} else {
  const { url, child } = await startChild(scale);
  base = url;
  stop = async () => {
    child.kill('SIGTERM');
  };
}

console.log(`scale ${scale}, concurrency ${concurrency}, simulator ${values['in-process'] === true ? 'in this process' : 'in its own process'} at ${base}`);
for (let i = 0; i < walks; i++) {
  const r = await walk(base);
  console.log(
    `walk ${i + 1}: ${r.requests} requests in ${r.ms.toFixed(0)} ms = ${Math.round((r.requests / r.ms) * 1000)} requests/s, ${(r.bytes / 1048576).toFixed(1)} MiB`,
  );
}
agent.destroy();
await stop();
