/**
 * Runs an extension-host mocha suite inside code-server's real extension host:
 * emulator + code-server (fresh profile) + headless Chromium opening the workbench with the
 * extensionDevelopmentPath / extensionTestsPath payload. Reads the suite's JSON results and
 * exits non-zero on any failure or when no results arrive.
 *
 *   npx tsx test/host/runInCodeServer.ts            the extension-host suite (test/host/suite)
 *   npx tsx test/host/runInCodeServer.ts --vsix F   installs the .vsix F and checks it activates
 *
 * Env: QUALYS_HOST_GREP (mocha grep), QUALYS_HOST_TIMEOUT_MS (default 300000), QUALYS_HOST_KEEP=1 (keep temp dir),
 * QUALYS_EMULATOR_URL (use a running emulator instead of starting one).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildSuite } from './buildSuites';
import {
  CODE_SERVER_ENTRY,
  REPO_ROOT,
  assertCodeServerInstalled,
  launchChromium,
  startCodeServer,
  startEmulatorProcess,
  workbenchUrl,
  type CodeServer,
  type Emulator,
} from './codeServer';
import { RESULTS_ENV, type HostTestResults } from './mochaRun';

export interface SuiteRun {
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  /** Pre-populated extensions dir (the installed .vsix); otherwise an empty one. */
  readonly extensionsDir?: string;
  readonly tempDir: string;
}

const TIMEOUT_MS = Number(process.env.QUALYS_HOST_TIMEOUT_MS ?? 300_000);

export async function runSuiteInCodeServer(run: SuiteRun): Promise<HostTestResults> {
  assertCodeServerInstalled();
  const workspace = path.join(run.tempDir, 'workspace');
  cpSync(path.join(REPO_ROOT, 'test/host/workspace'), workspace, { recursive: true });
  const resultsFile = path.join(run.tempDir, 'results.json');
  let emulator: Emulator | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    emulator = await startEmulatorProcess(run.tempDir);
    const emulatorUrl = emulator.url;
    server = await startCodeServer({
      tempDir: run.tempDir,
      workspace,
      emulatorUrl,
      extensionsDir: run.extensionsDir,
      env: {
        [RESULTS_ENV]: resultsFile,
        QUALYS_TEST_EMULATOR_URL: emulatorUrl,
        QUALYS_TEST_WORKSPACE: workspace,
        ...(process.env.QUALYS_HOST_GREP ? { QUALYS_HOST_GREP: process.env.QUALYS_HOST_GREP } : {}),
      },
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    // The extension host's console (mocha's spec output included) is forwarded to the page.
    const browserLog: string[] = [];
    page.on('console', (m) => browserLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => browserLog.push(`[pageerror] ${e.message}`));
    await page.goto(
      workbenchUrl(server.url, workspace, {
        extensionDevelopmentPath: run.extensionDevelopmentPath,
        extensionTestsPath: run.extensionTestsPath,
      }),
    );
    try {
      await waitForFile(resultsFile, server, TIMEOUT_MS);
    } finally {
      writeFileSync(path.join(run.tempDir, 'browser.log'), browserLog.join('\n'));
    }
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as HostTestResults;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.process.stop();
    await emulator?.stop();
  }
}

/** Resolves when the suite wrote its results; rejects with a pointer to the logs otherwise. */
function waitForFile(file: string, server: CodeServer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const timer = setInterval(() => {
      if (existsSync(file)) return finish(resolve);
      if (server.process.child.exitCode !== null) {
        return finish(() => reject(new Error(`code-server exited before the suite reported results; see ${server.process.logFile}`)));
      }
      if (Date.now() > deadline) {
        finish(() =>
          reject(
            new Error(
              `no test results after ${Math.round(timeoutMs / 1000)} s: the extension host did not run the suite to its end. ` +
                `See ${server.process.logFile} and browser.log beside it.`,
            ),
          ),
        );
      }
    }, 250);
    const finish = (settle: () => void): void => {
      clearInterval(timer);
      settle();
    };
  });
}

/** Installs a .vsix into a fresh extensions dir the way a user would (`code-server --install-extension`). */
export function installVsix(vsix: string, tempDir: string): string {
  const extensionsDir = path.join(tempDir, 'extensions');
  execFileSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--user-data-dir', path.join(tempDir, 'install-profile'), '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: path.join(tempDir, 'xdg') } },
  );
  return extensionsDir;
}

export function printResults(name: string, r: HostTestResults): void {
  console.log(`\n${name}`);
  for (const p of r.passes) console.log(`  ✓ ${p.title} (${p.durationMs} ms)`);
  for (const p of r.pending) console.log(`  - ${p.title} (pending)`);
  r.failures.forEach((f, i) => console.log(`  ${i + 1}) ${f.title}\n${indent(f.error, 6)}`));
  console.log(`\n  ${r.passes.length} passing, ${r.failures.length} failing, ${r.pending.length} pending`);
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

async function main(argv: string[]): Promise<number> {
  const vsixIndex = argv.indexOf('--vsix');
  const vsix = vsixIndex >= 0 ? argv[vsixIndex + 1] : undefined;
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'qualys-host-'));
  let ok = false;
  try {
    if (vsixIndex >= 0 && !vsix) throw new Error('--vsix needs the path of a .vsix file');
    if (vsix && !existsSync(vsix)) throw new Error(`${vsix} does not exist; run: npm run package`);
    if (!existsSync(path.join(REPO_ROOT, 'dist/client.js'))) throw new Error('dist/client.js is missing; run: node scripts/build.mjs');
    let results: HostTestResults;
    let name: string;
    if (vsix) {
      name = `packaged extension (${path.basename(vsix)}) in code-server`;
      const extensionsDir = installVsix(path.resolve(vsix), tempDir);
      results = await runSuiteInCodeServer({
        tempDir,
        extensionsDir,
        extensionDevelopmentPath: path.join(REPO_ROOT, 'test/host/vsix-probe'),
        extensionTestsPath: await buildSuite('vsix-suite'),
      });
    } else {
      name = 'extension host suite in code-server';
      results = await runSuiteInCodeServer({
        tempDir,
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: await buildSuite('suite'),
      });
    }
    printResults(name, results);
    // Machine-readable last line for scripts/test-all.sh.
    console.log(`HOST-RESULT passed=${results.passes.length} failed=${results.failures.length}`);
    ok = results.failures.length === 0 && results.passes.length > 0;
    return ok ? 0 : 1;
  } catch (e) {
    console.error(`host tests: ${e instanceof Error ? e.message : String(e)}`);
    console.log('HOST-RESULT passed=0 failed=1');
    return 1;
  } finally {
    // Logs (code-server.log, browser.log, emulator.log) stay for a failed run.
    if (ok && process.env.QUALYS_HOST_KEEP !== '1') rmSync(tempDir, { recursive: true, force: true });
    else console.error(`logs kept in ${tempDir}`);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
