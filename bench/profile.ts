// Where the exporter's CPU goes: runs it under --cpu-prof against the simulator, walks and scrapes, then sums the
// profile by function and by area. Run: npm run build && node --import tsx bench/profile.ts [--scale L] [--latency 0]
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { get, PROMETHEUS_HEADERS } from './http.js';
import { startExporter, startSim } from './processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'L' },
    latency: { type: 'string', default: '0' },
    walks: { type: 'string', default: '5' },
    main: { type: 'string', default: 'dist/main.js' },
    dir: { type: 'string', default: 'bench/profiles' },
    top: { type: 'string', default: '25' },
  },
});

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The part of the program a function belongs to, from its script URL. */
function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (url === '') return functionName === '(garbage collector)' || functionName === '(idle)' ? functionName : 'native and builtins';
  const src = /\/dist\/(.+)\/[^/]+\.js$/.exec(url) ?? /\/dist\/([^/]+)\.js$/.exec(url);
  if (src !== null && !url.includes('node_modules')) return `exporter: ${src[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return `package: ${pkg[1]}`;
  return url.startsWith('node:') ? 'node internals' : 'other';
}

function summarise(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i] ?? -1);
    if (node === undefined) continue;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    const name = `${f.functionName === '' ? '(anonymous)' : f.functionName} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + dt);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const line = (ms: number, what: string) => `${(ms / 1000).toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${what}`;
  const out = [`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms profiled`, '', 'by area (self time):'];
  for (const [area, t] of [...areas].filter(([a]) => a !== '(idle)').sort((a, b) => b[1] - a[1])) out.push(line(t, area));
  out.push('', `top ${top} functions (self time):`);
  for (const [name, t] of [...self].filter(([n]) => !n.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(line(t, name));
  return out.join('\n');
}

const inRepo = (path: string) => (path.startsWith('/') ? path : `${ROOT}${path}`);
const dir = inRepo(values.dir);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const sim = await startSim(values.scale, Number(values.latency));
try {
  const exporter = await startExporter({
    main: inRepo(values.main),
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    env: { ROCKETMQ_CONSOLE_URL: sim.url, MIN_REFRESH_INTERVAL: '0', CONSOLE_RPC_BUDGET: '0', CONSOLE_RELAY_BUDGET: '0', SCRAPE_TIMEOUT: '120s' },
  });
  const cold = { ...PROMETHEUS_HEADERS, 'X-Prometheus-Scrape-Timeout-Seconds': '120' };
  for (let i = 0; i < Number(values.walks); i++) await get(`${exporter.base}/metrics`, cold);
  // SIGTERM: the exporter exits 0 and V8 writes the profile.
  await exporter.stop();
} finally {
  await sim.stop();
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no profile written to ${dir}`);
process.stdout.write(`scale ${values.scale}, ${values.latency} ms console latency, ${values.walks} walks after the first; profile ${values.dir}/${file}\n\n`);
process.stdout.write(summarise(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as CpuProfile, Number(values.top)) + '\n');
