/** Shared by the extension-host tests: the extension under test, its workspace and the emulator. */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'qualys-policy.qualys-policy';

/** What activate() returns to tests (client/src/extension.ts). */
export interface ExtensionTestApi {
  languageClientReady: Promise<unknown>;
  [key: string]: unknown;
}

export async function activateExtension(): Promise<ExtensionTestApi> {
  const ext = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return ext.activate();
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the harness opens a workspace folder; none is open');
  return folder.uri;
}

export function emulatorUrl(): string {
  const url = process.env.QUALYS_TEST_EMULATOR_URL;
  if (!url) throw new Error('QUALYS_TEST_EMULATOR_URL is not set: run this suite through test/host/runInCodeServer.ts');
  return url;
}

/** Opens a file of the test workspace in an editor. */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The position of `needle` in the document, moved `delta` characters to the right. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' is not in ${doc.uri.path}`);
  return doc.positionAt(offset + delta);
}

/** Waits until the diagnostics of `uri` satisfy `accept` (the server publishes asynchronously); mocha's timeout bounds it. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (ds: readonly vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const ds = vscode.languages.getDiagnostics(uri);
      if (!accept(ds)) return false;
      sub.dispose();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

export const EMULATOR_CREDENTIALS = { username: 'emulator', password: 'emulator' } as const;

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `poke` (e.g. accept the open quick pick) until `work` settles: for commands that ask the
 * user something and have no argument to answer it. Mocha's timeout bounds it.
 */
export async function answering<T>(work: Thenable<T>, poke: () => Thenable<unknown>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(work).finally(() => {
    settled = true;
  });
  while (!settled) {
    await poke();
    await Promise.race([result.catch(() => undefined), delay(100)]);
  }
  return result;
}

/** Accepts whatever quick pick (or input box) a command shows, with its default selection. */
export const acceptQuickPick = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

/** Re-checks `probe` until it returns a value (not undefined/false); mocha's timeout bounds it. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await delay(100);
  }
}
