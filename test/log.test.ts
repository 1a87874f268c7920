import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLevel } from '../src/config.js';
import { createLogger, type Logger } from '../src/log.js';

/** A logger writing into memory, and the lines it wrote, parsed. */
function memoryLogger(level: LogLevel): { logger: Logger; raw: string[]; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const logger = createLogger(level, { write: (chunk: string) => { raw.push(chunk); } });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** A line without its time, which every test but the first leaves to the first. */
function withoutTime(line: Record<string, unknown> | undefined): Record<string, unknown> {
  assert.ok(line !== undefined, 'a line was written');
  const copy = { ...line };
  delete copy.time;
  return copy;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test('a line: level as a label, the exporter\'s name, an ISO time, the message and the fields; no pid or hostname', () => {
  const { logger, raw, lines } = memoryLogger('info');
  const before = Date.now();
  logger.info({ rows: 12, topics: 3 }, 'first walk complete');
  assert.equal(raw.length, 1);
  assert.ok(raw[0]?.endsWith('\n'), 'one JSON document per line');
  assert.deepEqual(lines().map(withoutTime), [
    { level: 'info', name: 'rocketmq-lag-exporter', rows: 12, topics: 3, msg: 'first walk complete' },
  ]);
  const time = lines()[0]?.time;
  assert.equal(typeof time, 'string');
  assert.match(time as string, ISO_TIME);
  const at = Date.parse(time as string);
  assert.ok(at >= before - 1 && at <= Date.now() + 1, 'the time is now');
});

const levels: ReadonlyArray<readonly [string, (logger: Logger) => void, string]> = [
  ['error', (l) => l.error('e'), 'error'],
  ['warn', (l) => l.warn('w'), 'warn'],
  ['info', (l) => l.info('i'), 'info'],
  ['debug', (l) => l.debug('d'), 'debug'],
  ['trace', (l) => l.trace('t'), 'trace'],
  ['fatal', (l) => l.fatal('f'), 'fatal'],
];

for (const [name, log, label] of levels) {
  test(`level ${name} is written as the label "${label}"`, () => {
    const { logger, lines } = memoryLogger('trace');
    log(logger);
    assert.deepEqual(lines().map((l) => l.level), [label]);
  });
}

test('lines below the configured level are not written', () => {
  const { logger, lines } = memoryLogger('warn');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  assert.deepEqual(lines().map((l) => [l.level, l.msg]), [['warn', 'w'], ['error', 'e']]);
});

test('level silent writes nothing', () => {
  const { logger, raw } = memoryLogger('silent');
  logger.fatal('f');
  assert.deepEqual(raw, []);
});

test('password, consolePassword and nested *.password / *.consolePassword are written as [redacted]', () => {
  const { logger, raw, lines } = memoryLogger('info');
  logger.info({
    password: 'pw-top',
    consolePassword: 'pw-console',
    console: { username: 'admin', password: 'pw-nested', consolePassword: 'pw-nested-console' },
    user: 'admin',
  }, 'login');
  assert.deepEqual(lines().map(withoutTime), [{
    level: 'info',
    name: 'rocketmq-lag-exporter',
    password: '[redacted]',
    consolePassword: '[redacted]',
    console: { username: 'admin', password: '[redacted]', consolePassword: '[redacted]' },
    user: 'admin',
    msg: 'login',
  }]);
  assert.ok(!raw.join('').includes('pw-'), 'no password text in the output');
});

test('redaction leaves the logged object itself untouched', () => {
  const { logger } = memoryLogger('info');
  const fields = { password: 'pw', console: { password: 'pw2' } };
  logger.info(fields, 'login');
  assert.deepEqual(fields, { password: 'pw', console: { password: 'pw2' } });
});

test('a child logger keeps the name, the level label and the redaction', () => {
  const { logger, lines } = memoryLogger('info');
  logger.child({ component: 'console' }).warn({ password: 'pw' }, 'relogin');
  assert.deepEqual(lines().map(withoutTime), [
    { level: 'warn', name: 'rocketmq-lag-exporter', component: 'console', password: '[redacted]', msg: 'relogin' },
  ]);
});
