/**
 * Starts the emulator and code-server for the harnesses (extension-host suite, vsix check, UI e2e),
 * each in a fresh temporary profile, and opens the workbench in headless Debian Chromium.
 * Recipe: ../shared/notes/real-vscode-host.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { start, type Started } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CODE_SERVER_ENTRY = path.join(REPO_ROOT, '.cache/code-server/node_modules/code-server/out/node/entry.js');
export const EMULATOR_USER = 'emulator';
export const EMULATOR_PASSWORD = 'emulator';

export function assertCodeServerInstalled(): void {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}; run: bash scripts/setup-code-server.sh`);
  }
}

export interface Emulator {
  readonly url: string;
  /** Absent when an already running emulator is used. */
  readonly logFile?: string;
  stop(): Promise<void>;
}

/**
 * The emulator as users run it: `node dist/cli.js emulator --port 0`.
 * QUALYS_EMULATOR_URL: use an emulator that is already running (e.g. the sandbox's) instead.
 */
export async function startEmulatorProcess(logDir: string): Promise<Emulator> {
  const running = process.env.QUALYS_EMULATOR_URL;
  if (running) return { url: running, stop: async () => undefined };
  const cli = path.join(REPO_ROOT, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run: node scripts/build.mjs`);
  const proc = start(process.execPath, [cli, 'emulator', '--port', '0'], path.join(logDir, 'emulator.log'), { cwd: REPO_ROOT });
  try {
    const m = await proc.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000, 'emulator');
    return { url: m[1]!, logFile: proc.logFile, stop: () => proc.stop() };
  } catch (e) {
    await proc.stop();
    throw e;
  }
}

export interface CodeServerOptions {
  readonly tempDir: string;
  /** Folder the workbench opens. */
  readonly workspace: string;
  readonly emulatorUrl: string;
  /** Defaults to an empty one under tempDir. */
  readonly extensionsDir?: string;
  readonly extraSettings?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  /** false: no QUALYS_PASSWORD, so the user signs in through the UI (default true). */
  readonly signedIn?: boolean;
}

export interface CodeServer {
  readonly url: string;
  readonly process: Started;
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

/** Settings a test profile needs: signed in to the emulator, no distractions from the workbench. */
export function profileSettings(emulatorUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'qualysPolicy.platform': emulatorUrl,
    'qualysPolicy.username': EMULATOR_USER,
    'qualysPolicy.push.confirm': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'editor.quickSuggestionsDelay': 10,
    ...extra,
  };
}

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  const userDataDir = path.join(o.tempDir, 'user-data');
  const extensionsDir = o.extensionsDir ?? path.join(o.tempDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(profileSettings(o.emulatorUrl, o.extraSettings), null, 2));
  // An own config file, so code-server never writes one into the user's home.
  const configFile = path.join(o.tempDir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\n');
  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    o.workspace,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, QUALYS_PASSWORD: EMULATOR_PASSWORD, ...o.env };
  if (o.signedIn === false) delete env.QUALYS_PASSWORD;
  const proc = start(process.execPath, args, path.join(o.tempDir, 'code-server.log'), { cwd: o.tempDir, env });
  try {
    const m = await proc.waitForOutput(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000, 'code-server');
    return { url: m[1]!, process: proc, userDataDir, extensionsDir };
  } catch (e) {
    await proc.stop();
    throw e;
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** The workbench URL that opens `folder`, optionally with a development extension and its tests. */
export function workbenchUrl(
  serverUrl: string,
  folder: string,
  dev?: { extensionDevelopmentPath: string; extensionTestsPath?: string },
): string {
  const authority = new URL(serverUrl).host;
  const params = new URLSearchParams({ folder });
  if (dev) {
    const payload: [string, string][] = [['extensionDevelopmentPath', `vscode-remote://${authority}${dev.extensionDevelopmentPath}`]];
    if (dev.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${dev.extensionTestsPath}`]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${serverUrl.replace(/\/$/, '')}/?${params.toString()}`;
}
