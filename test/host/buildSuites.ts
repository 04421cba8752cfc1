/** Bundles the extension-host suites with esbuild; npm packages (mocha) and `vscode` stay external. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './codeServer';

export const SUITES_OUT = path.join(REPO_ROOT, 'out/host-tests');

/** Returns the compiled index.js of `test/host/<suite>/`. */
export async function buildSuite(suite: 'suite' | 'vsix-suite'): Promise<string> {
  const srcDir = path.join(REPO_ROOT, 'test/host', suite);
  const outDir = path.join(SUITES_OUT, suite);
  const entries = readdirSync(srcDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: entries.map((f) => path.join(srcDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    packages: 'external',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}
