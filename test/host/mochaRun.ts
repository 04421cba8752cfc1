/**
 * The `run()` contract shared by @vscode/test-electron and the code-server harness: VS Code
 * requires the compiled suite index inside the extension host and awaits its `run()`.
 * Results also go to a JSON file (env QUALYS_HOST_TEST_RESULTS) because in code-server the
 * harness cannot see the extension host's exit code.
 */
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface HostTestResults {
  passes: { title: string; durationMs: number }[];
  failures: { title: string; error: string }[];
  pending: { title: string }[];
}

export const RESULTS_ENV = 'QUALYS_HOST_TEST_RESULTS';

export function runMochaIn(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.QUALYS_HOST_GREP) mocha.grep(process.env.QUALYS_HOST_GREP);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  const results: HostTestResults = { passes: [], failures: [], pending: [] };
  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        writeResults(results);
        if (failures > 0) reject(new Error(`${failures} extension host test(s) failed`));
        else resolve();
      });
    } catch (e) {
      results.failures.push({ title: 'loading the suite', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      writeResults(results);
      reject(e);
      return;
    }
    runner.on('pass', (t) => results.passes.push({ title: t.fullTitle(), durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => results.failures.push({ title: t.fullTitle(), error: err?.stack ?? String(err) }));
    runner.on('pending', (t) => results.pending.push({ title: t.fullTitle() }));
  });
}

function writeResults(results: HostTestResults): void {
  const file = process.env[RESULTS_ENV];
  if (!file) return;
  // Atomic: the harness treats the file's appearance as "the suite finished".
  writeFileSync(file + '.tmp', JSON.stringify(results, null, 2));
  renameSync(file + '.tmp', file);
}
