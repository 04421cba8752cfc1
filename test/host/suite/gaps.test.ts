/**
 * Behaviours the other suites leave out: plain `.json` detection and its setting, the push's
 * requests as the emulator records them, where the password does (not) end up after sign-in,
 * and language features on a `qualys-library:` document.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { QualysPolicyExtensionApi } from '../../../client/src/extension';
import { EMULATOR_CREDENTIALS, EXTENSION_ID, activateExtension, answering, emulatorUrl, eventually, workspaceRoot } from './helpers';

const POLICY_ID = 5656121; // "Documentation_Policy" in the emulator's tenant
const LIBRARY_POLICY_ID = 1464495;
const EVALUATION_PATH = '/pcas/v3/policy/section/control/technology/evaluation';

interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

async function requestLog(): Promise<RecordedRequest[]> {
  const res = await fetch(new URL('/__emulator/requests', emulatorUrl()));
  assert.equal(res.status, 200, 'GET /__emulator/requests');
  return (await res.json()) as RecordedRequest[];
}

/** The requests that change the tenant (sign-in and reads left out). */
const writes = (log: readonly RecordedRequest[]): string[] =>
  log.filter((r) => r.method !== 'GET' && !r.path.startsWith('/auth')).map((r) => `${r.method} ${r.path}`);

const run = <T>(command: string, ...args: unknown[]): Thenable<T> => vscode.commands.executeCommand<T>(command, ...args);

const openDocument = (uri: vscode.Uri): vscode.TextDocument | undefined =>
  vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

describe('gaps: detection, push requests, secrets and library documents', () => {
  let ext: QualysPolicyExtensionApi;

  before(async () => {
    ext = (await activateExtension()) as unknown as QualysPolicyExtensionApi;
    await ext.languageClientReady;
  });

  describe('plain .json detection', () => {
    const policyText = (): string => readFileSync(path.join(workspaceRoot().fsPath, 'good.policy.json'), 'utf8');
    const created: vscode.Uri[] = [];

    async function writePlainJson(name: string): Promise<vscode.Uri> {
      const uri = vscode.Uri.joinPath(workspaceRoot(), `${name}-${Date.now()}.json`);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(policyText()));
      created.push(uri);
      return uri;
    }

    after(async () => {
      await vscode.workspace.getConfiguration('qualysPolicy').update('detectPlainJson', undefined, vscode.ConfigurationTarget.Global);
      await run('workbench.action.closeAllEditors');
      for (const uri of created) await vscode.workspace.fs.delete(uri);
    });

    it('opens an exported policy named something.json as qualys-policy', async () => {
      const uri = await writePlainJson('exported');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await eventually(() => openDocument(uri)?.languageId === 'qualys-policy');
    });

    it('leaves a fresh one as json with qualysPolicy.detectPlainJson false', async () => {
      const config = () => vscode.workspace.getConfiguration('qualysPolicy');
      await config().update('detectPlainJson', false, vscode.ConfigurationTarget.Global);
      await eventually(() => config().get<boolean>('detectPlainJson') === false);
      const uri = await writePlainJson('undetected');
      // The detector decides when the document opens (the open event comes before openTextDocument resolves).
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      assert.equal(openDocument(uri)?.languageId, 'json');
      await run('workbench.action.closeActiveEditor');
    });
  });

  describe('push', () => {
    let pulled: vscode.Uri;
    let original: string | undefined;

    const push = () => answering(run<{ kind: string }>('qualysPolicy.push', pulled, { confirm: false }), () => run('notifications.clearAll'));

    async function setFirstValue(value: string): Promise<void> {
      const doc = await vscode.workspace.openTextDocument(pulled);
      const text = doc.getText();
      const node = findNodeAtLocation(parseTree(text)!, ['sections', 0, 'controls', 0, 'technologies', 0, 'evaluate', 'dp', 'v', 0]);
      assert.ok(node && node.type === 'string', 'the first data point has a string `v`');
      original ??= node.value as string;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(pulled, new vscode.Range(doc.positionAt(node.offset), doc.positionAt(node.offset + node.length)), JSON.stringify(value));
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
    }

    before(async () => {
      const result = await run<{ file: string }>('qualysPolicy.pullPolicy', { policyId: POLICY_ID }, { overwrite: true, open: false });
      assert.ok(result, 'pullPolicy returned nothing (see the Qualys output channel)');
      pulled = vscode.Uri.file(result.file);
    });

    after(async () => {
      // Put the tenant back as it was for the suites that follow.
      if (original === undefined) return;
      await setFirstValue(original);
      const outcome = await push();
      assert.equal(outcome?.kind, 'pushed', JSON.stringify(outcome));
    });

    it('pushes one edited value as exactly one evaluation PUT, then nothing', async () => {
      const doc = await vscode.workspace.openTextDocument(pulled);
      const current = (findNodeAtLocation(parseTree(doc.getText())!, ['sections', 0, 'controls', 0, 'technologies', 0, 'evaluate', 'dp', 'v', 0])?.value as string) ?? '';
      await setFirstValue(current === '2' ? '3' : '2');

      const start = (await requestLog()).length;
      const outcome = await push();
      assert.equal(outcome?.kind, 'pushed', JSON.stringify(outcome));
      assert.deepEqual(writes((await requestLog()).slice(start)), [`PUT ${EVALUATION_PATH}`]);

      const again = (await requestLog()).length;
      const second = await push();
      assert.equal(second?.kind, 'up-to-date', JSON.stringify(second));
      assert.deepEqual(writes((await requestLog()).slice(again)), []);
    });
  });

  describe('secrets after sign-in', () => {
    it('keeps the password out of the qualysPolicy settings', async () => {
      assert.equal(await run('qualysPolicy.signIn', { platform: emulatorUrl(), ...EMULATOR_CREDENTIALS }), true);
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] } };
      const sections = ([] as { properties: Record<string, unknown> }[]).concat(manifest.contributes.configuration);
      const keys = sections.flatMap((s) => Object.keys(s.properties)).filter((k) => k.startsWith('qualysPolicy.'));
      assert.ok(keys.length > 0);
      const config = vscode.workspace.getConfiguration();
      // The emulator's username is the same word as its password, so the username setting is left out.
      const leaked = keys
        .filter((k) => k !== 'qualysPolicy.username')
        .filter((k) => {
          const i = config.inspect(k);
          const set = JSON.stringify([i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue]);
          return set.includes(EMULATOR_CREDENTIALS.password) || /Bearer/i.test(set);
        });
      assert.deepEqual(leaked, []);
      // No setting is the password under another name either.
      const secretLike = keys.filter((k) => /password|secret|token/i.test(k) && config.inspect(k)?.globalValue !== undefined);
      assert.deepEqual(secretLike, []);
    });
  });

  describe('qualys-library: documents', () => {
    let doc: vscode.TextDocument;

    before(async () => {
      const opened = await run<vscode.TextDocument>('qualysPolicy.openLibraryPolicy', { policyId: LIBRARY_POLICY_ID });
      assert.ok(opened, 'openLibraryPolicy returned nothing (see the Qualys output channel)');
      doc = opened;
      assert.equal(doc.uri.scheme, 'qualys-library');
    });

    after(async () => {
      await run('workbench.action.closeAllEditors');
    });

    it('has document symbols', async () => {
      const symbols = await eventually(async () => {
        const found = await run<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri);
        return found && found.length > 0 ? found : undefined;
      });
      const names = (s: vscode.DocumentSymbol): string[] => [s.name, ...s.children.flatMap(names)];
      assert.ok(symbols.flatMap(names).some((n) => /\d/.test(n)), `symbols: ${symbols.flatMap(names).slice(0, 20).join(', ')}`);
    });

    it('has a hover on a controlId', async () => {
      const match = /"controlId"\s*:\s*(\d+)/.exec(doc.getText());
      assert.ok(match, 'the library policy has a controlId');
      const at = doc.positionAt(match.index + match[0].length - 1);
      const hovers = await eventually(async () => {
        const found = await run<vscode.Hover[] | undefined>('vscode.executeHoverProvider', doc.uri, at);
        return found && found.length > 0 ? found : undefined;
      });
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.ok(text.trim().length > 0, 'the hover has text');
    });
  });
});
