// Bundles the extension client, the language server and the CLI with esbuild.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** One row per bundle. Test bundles are built by the test harnesses themselves. */
const bundles = [
  { entry: 'client/src/extension.ts', out: 'dist/client.js', external: ['vscode'] },
  { entry: 'server/src/server.ts', out: 'dist/server.js', external: [] },
  { entry: 'server/src/evaluationWorker.ts', out: 'dist/evaluationWorker.js', external: [] },
  { entry: 'cli/src/cli.ts', out: 'dist/cli.js', external: [], banner: '#!/usr/bin/env node' },
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's UMD entry requires its modules dynamically, which esbuild cannot follow: take the ESM builds.
  mainFields: ['module', 'main'],
};

const contexts = [];
for (const b of bundles) {
  if (!existsSync(path.join(root, b.entry))) continue;
  const options = {
    ...common,
    entryPoints: [b.entry],
    outfile: b.out,
    external: b.external,
    banner: b.banner ? { js: b.banner } : undefined,
  };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    contexts.push(ctx);
  } else {
    await esbuild.build(options);
  }
}
if (watch) console.log('watching…');
