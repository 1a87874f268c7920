// Bundles the exporter into one CommonJS file with esbuild: what the image and a bare-metal install run, no node_modules.
// Usage: node --import tsx scripts/bundle.ts [--outfile PATH] [--sourcemap[=true|false]]
import { chmodSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export interface BundleOptions {
  readonly outfile: string;
  /** A linked .map beside the bundle; run with NODE_OPTIONS=--enable-source-maps to use it. */
  readonly sourcemap: boolean;
}

export const DEFAULT_OUTFILE = 'dist/bundle/rocketmq-lag-exporter.cjs';

/** Writes the bundle; the entry's `#!/usr/bin/env node` line is kept, so the file runs as a command. */
export async function bundle(options: BundleOptions): Promise<void> {
  await build({
    entryPoints: ['src/main.ts'],
    bundle: true,
    platform: 'node',
    // CommonJS runs from any file name (no package.json "type" needed) and lets the CJS dependencies require node builtins.
    format: 'cjs',
    target: 'node20.15',
    outfile: options.outfile,
    sourcemap: options.sourcemap ? 'linked' : false,
    minifySyntax: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  chmodSync(options.outfile, 0o755);
}

function parseArgs(argv: readonly string[]): BundleOptions {
  let outfile = DEFAULT_OUTFILE;
  let sourcemap = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--outfile' && argv[i + 1] !== undefined) outfile = argv[++i] ?? outfile;
    else if (arg === '--sourcemap' || arg === '--sourcemap=true') sourcemap = true;
    else if (arg === '--sourcemap=false') sourcemap = false;
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: bundle.ts [--outfile PATH] [--sourcemap[=true|false]]`);
  }
  return { outfile, sourcemap };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundle(parseArgs(process.argv.slice(2)));
}
