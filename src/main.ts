#!/usr/bin/env node
// The process: arguments, configuration, logger, signals. Everything else is in exporter.ts.
import { baselineWasmOnly, fullCollector, keepYoungGenerationSmall } from './memory.js';

// Before the rest is loaded: loading it grows V8's young generation to 8 MB, which it keeps (bench/NOTES.md).
keepYoungGenerationSmall();
baselineWasmOnly();

const EXIT_CONFIG = 2;

async function main(argv: readonly string[]): Promise<void> {
  const [{ ConfigError, helpText, loadConfig, unknownVariables }, { startExporter }, { createLogger }, { loadWebConfig }, { VERSION }] = await Promise.all([
    import('./config.js'), import('./exporter.js'), import('./log.js'), import('./web-config.js'), import('./version.js'),
  ]);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText());
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`rocketmq-lag-exporter ${VERSION}\n`);
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(`unknown argument ${JSON.stringify(argv[0])}: configuration comes from environment variables; see --help\n`);
    process.exit(EXIT_CONFIG);
  }

  let config;
  let webConfig;
  try {
    config = loadConfig(process.env);
    // Read and checked here, so that an invalid file stops the start like an invalid variable.
    webConfig = await loadWebConfig(config.webConfigFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`config error: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  // Read by nothing, so most likely a typo: named with the known name nearest to it, never with its value.
  for (const { name, closest } of unknownVariables(process.env)) {
    logger.warn({ variable: name, closest }, `unknown variable ${name}: did you mean ${closest}?`);
  }
  const exporter = await startExporter(config, logger, { afterRender: fullCollector(), webConfig });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight scrapes');
    exporter.stop(4000).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    process.stderr.write(`cannot listen: ${code}; set LISTEN_ADDRESS to a free port, for example LISTEN_ADDRESS=:5558\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
