/**
 * One UI session for the e2e suite: the emulator, code-server with the extension *installed*
 * (linked into the extensions dir as VS Code lays extensions out), a workspace seeded from
 * examples/, and headless Chromium with a Playwright trace running.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  REPO_ROOT,
  launchChromium,
  startCodeServer,
  startEmulatorProcess,
  workbenchUrl,
  type CodeServer,
  type Emulator,
} from '../host/codeServer';
import { Workbench } from './workbench';

export const ARTIFACTS = path.join(REPO_ROOT, 'test/e2e/artifacts');

export interface Session {
  readonly tempDir: string;
  readonly workspace: string;
  readonly emulator: Emulator;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly workbench: Workbench;
}

export async function startSession(options: { signedIn?: boolean } = {}): Promise<Session> {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'qualys-e2e-'));
  const workspace = path.join(tempDir, 'workspace');
  cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  const extensionsDir = path.join(tempDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const { publisher, name, version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, string>;
  // QUALYS_E2E_EXTENSION: another build of the extension to install (default: this checkout).
  symlinkSync(process.env.QUALYS_E2E_EXTENSION ?? REPO_ROOT, path.join(extensionsDir, `${publisher}.${name}-${version}`));

  const emulator = await startEmulatorProcess(tempDir);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      tempDir,
      workspace,
      emulatorUrl: emulator.url,
      extensionsDir,
      signedIn: options.signedIn,
      extraSettings: { 'workbench.colorTheme': 'Default Light Modern', 'window.commandCenter': false },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.tracing.start({ screenshots: true, snapshots: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(workbenchUrl(server.url, workspace));
    const workbench = new Workbench(page);
    await workbench.waitUntilReady();
    return { tempDir, workspace, emulator, server, browser, context, page, workbench };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await server?.process.stop();
    await emulator.stop();
    throw e;
  }
}

/** Stops everything; keeps the trace (and the temp dir with the server logs) when something failed. */
export async function endSession(s: Session, failed: boolean): Promise<void> {
  try {
    if (failed) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await s.context.tracing.stop({ path: path.join(ARTIFACTS, 'trace.zip') });
      cpSync(s.server.process.logFile, path.join(ARTIFACTS, 'code-server.log'));
      if (s.emulator.logFile) cpSync(s.emulator.logFile, path.join(ARTIFACTS, 'emulator.log'));
    } else {
      await s.context.tracing.stop();
    }
  } finally {
    await s.browser.close().catch(() => undefined);
    await s.server.process.stop();
    await s.emulator.stop();
    if (!failed) rmSync(s.tempDir, { recursive: true, force: true });
  }
}
