// Standalone simulator: `npm run sim -- --flavor dashboard-2.1 --scale M --port 8080`.

import { parseArgs } from 'node:util';
import { ALL_FLAVOURS, describeModel, isFlavour, isScaleName, SCALE_NAMES, startSimulator, type NotLoggedInAnswer } from './index.js';
import { traitsOf } from './flavours.js';

const HELP = `RocketMQ console simulator: serves the console HTTP API from a model cluster whose true lag is known.

Usage: npm run sim -- [options]

  --flavor NAME        ${ALL_FLAVOURS.join(' | ')} (default dashboard-1.0)
  --scale NAME         ${SCALE_NAMES.join(' | ')} (default S)
  --port N             listen port on 127.0.0.1 (default 8080; 8082 for dashboard-2.1; 0 = any free port)
  --seed N             seed of the generated cluster (default 1)
  --live               follow the wall clock (default: time frozen at 2024-06-11T10:00:00Z)
  --login USER:PASS    require session login with these credentials
  --not-logged-in X    redirect (HTTP 302, default) | status (status -1 "user not login")
  --context-path PATH  serve under a context path, e.g. /console
  --latency-ms N       delay every answer by N ms
  --cache-building N   dashboard-2.1: first N groupList requests answer "Cache is being built"
  --help               this text
`;

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n\n${HELP}`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} needs a non-negative integer, got "${value}"`);
  return n;
}

const { values } = parseArgs({
  options: {
    flavor: { type: 'string' },
    flavour: { type: 'string' },
    scale: { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string' },
    live: { type: 'boolean' },
    login: { type: 'string' },
    'not-logged-in': { type: 'string' },
    'context-path': { type: 'string' },
    'latency-ms': { type: 'string' },
    'cache-building': { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
});

if (values.help === true) {
  process.stdout.write(HELP);
  process.exit(0);
}

const flavour = values.flavor ?? values.flavour ?? 'dashboard-1.0';
if (!isFlavour(flavour)) fail(`unknown flavour "${flavour}"`);
const scale = values.scale ?? 'S';
if (!isScaleName(scale)) fail(`unknown scale "${scale}"`);
let login: { username: string; password: string } | undefined;
if (values.login !== undefined) {
  const colon = values.login.indexOf(':');
  if (colon <= 0) fail('--login needs USER:PASS, e.g. admin:secret');
  login = { username: values.login.slice(0, colon), password: values.login.slice(colon + 1) };
}
const notLoggedIn = values['not-logged-in'] ?? 'redirect';
if (notLoggedIn !== 'redirect' && notLoggedIn !== 'status') fail(`--not-logged-in is redirect or status, got "${notLoggedIn}"`);

try {
  const sim = await startSimulator({
    flavour,
    scale,
    seed: integer('seed', values.seed, 1),
    port: integer('port', values.port, traitsOf(flavour).defaultPort),
    clock: values.live === true ? 'live' : 'frozen',
    ...(login === undefined ? {} : { login }),
    notLoggedIn: notLoggedIn as NotLoggedInAnswer,
    contextPath: values['context-path'] ?? '',
    latencyMs: integer('latency-ms', values['latency-ms'], 0),
    groupListBuildingAnswers: integer('cache-building', values['cache-building'], 0),
  });
  process.stdout.write(`${sim.url}\n`);
  process.stdout.write(
    `${flavour}, scale ${scale}, seed ${values.seed ?? 1}, clock ${values.live === true ? 'live' : 'frozen'}${login === undefined ? '' : `, login ${login.username}`}: ${describeModel(sim.model)}\n`,
  );
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
