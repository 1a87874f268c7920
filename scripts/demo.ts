// `make demo`: the console simulator (live, login enabled) and the exporter against it, so a newcomer sees real lag.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startSimulator } from '../test/sim/index.js';

const { values: args } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    listen: { type: 'string', default: process.env.LISTEN_ADDRESS ?? '127.0.0.1:5558' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(`usage: npm run demo -- [--listen 127.0.0.1:5558] [--once]
Starts the console simulator (dashboard 2.0, live clock, login admin/demo-password) and the exporter against it.
--once prints the first lag lines and exits.
`);
  process.exit(0);
}

const credentials = { username: 'admin', password: 'demo-password' };
const sim = await startSimulator({ flavour: 'dashboard-2.0', scale: 'demo', clock: 'live', login: credentials });
const exporter = spawn(process.execPath, ['--import', 'tsx', new URL('../src/main.ts', import.meta.url).pathname], {
  env: {
    ...process.env,
    ROCKETMQ_CONSOLE_URL: sim.url,
    ROCKETMQ_CONSOLE_USERNAME: credentials.username,
    ROCKETMQ_CONSOLE_PASSWORD: credentials.password,
    LISTEN_ADDRESS: args.listen,
    MIN_REFRESH_INTERVAL: '5s',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  exporter.kill('SIGTERM');
  await new Promise((resolve) => (exporter.exitCode !== null ? resolve(undefined) : exporter.once('exit', resolve)));
  await sim.stop();
  process.exit(code);
}
exporter.once('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`the exporter exited (${code}); see its log above\n`);
    void sim.stop().then(() => process.exit(1));
  }
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const host = args.listen.startsWith(':') ? `127.0.0.1${args.listen}` : args.listen;
const metricsUrl = `http://${host}/metrics`;
const deadline = Date.now() + 30_000;
let text = '';
while (Date.now() < deadline) {
  try {
    const res = await fetch(metricsUrl);
    text = await res.text();
    if (text.includes('_msg_diff_consumergroup{')) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 200));
}
const lagLines = text.split('\n').filter((l) => l.startsWith('rocketmq_msg_diff_consumergroup{'));
if (lagLines.length === 0) {
  process.stderr.write(`no lag lines from ${metricsUrl} within 30 s\n`);
  await stop(1);
}
process.stdout.write(`
RocketMQ lag exporter demo
  console simulator (login ${credentials.username}/${credentials.password}): ${sim.url}
  exporter:  http://${host}/    metrics: ${metricsUrl}

Consumer group lag right now (rocketmq_msg_diff_consumergroup):
${lagLines.map((l) => '  ' + l).join('\n')}

Try: curl -s ${metricsUrl} | grep -E 'msg_diff_detail|consumergroup_status'
${args.once ? '' : 'Producers and consumers are live: lag changes every few seconds. Ctrl-C stops both.\n'}`);
if (args.once) await stop(0);
