// pino JSON logs on stdout; secrets are never passed to the logger, and redaction is the second line of defence.
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { name: 'rocketmq-lag-exporter' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['password', '*.password', 'consolePassword', '*.consolePassword'], censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
