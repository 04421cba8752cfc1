/**
 * Pull a tenant policy (tree item or `{ policyId }`), pull a library policy, pull the latest
 * version of the open file, and open a library policy read-only.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { QualysClient } from '../api';
import type { Policy } from '../../../server/src/model/policy';
import { showError } from '../errors';
import { policyIdOf } from '../../../server/src/model/identity';
import { pullToFile, policyFileIn, type PullResult } from '../sync/pull';
import { policyIdFromFileName } from '../sync/policyFile';
import { libraryUri } from '../views/libraryDocuments';
import { documentUriArg, optionsArg, policiesFolder, policyIdArg } from './args';

export interface PullOptions {
  /** Answer to "overwrite local edits?" without asking (tests). */
  overwrite?: boolean;
  /** Open the file after pulling (default true). */
  open?: boolean;
}

export interface PullDeps {
  getApi: () => Promise<QualysClient>;
  afterPull?: () => void;
}

/** Writes `policy` into `file` (or the policies folder), asking before it overwrites local edits. */
export async function writePulled(policy: Policy, options: Partial<PullOptions> & { file?: string; recordBase: boolean }): Promise<PullResult> {
  const file = options.file ?? (await policyFileIn(policiesFolder(), policy));
  const dirtyBuffer = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty);
  const result = await pullToFile({
    policy,
    file,
    recordBase: options.recordBase,
    confirmOverwrite: async (_file, reason) => {
      if (options.overwrite !== undefined) return options.overwrite;
      const choice = await vscode.window.showWarningMessage(
        `${reason}. Replace it with the version from Qualys?`,
        { modal: true, detail: 'Your local edits will be lost. Compare first to keep them.' },
        'Replace',
      );
      return choice === 'Replace';
    },
  });
  if (dirtyBuffer && result.status === 'updated') {
    // The file changed under an editor with unsaved edits: say so instead of leaving a silent clash.
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(file)} was replaced on disk while it had unsaved edits in the editor.`);
  }
  if (options.open !== false && result.status !== 'kept') {
    await vscode.window.showTextDocument(vscode.Uri.file(result.file), { preview: false });
  }
  return result;
}

function reportPull(result: PullResult, policy: Policy): void {
  const name = vscode.workspace.asRelativePath(result.file);
  const text = {
    created: `Pulled "${policy.policyTitle}" to ${name}.`,
    updated: `Updated ${name} from Qualys.`,
    unchanged: `${name} is already up to date.`,
    kept: `Kept your local edits in ${name}.`,
  }[result.status];
  void vscode.window.setStatusBarMessage(text, 5000);
}

async function pullTenant(deps: PullDeps, policyId: number, options: Partial<PullOptions>, file?: string): Promise<PullResult> {
  const api = await deps.getApi();
  const policy = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pulling policy ${policyId}…`, cancellable: true },
    (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return api.exportPolicy({ policyId }, controller.signal);
    },
  );
  const result = await writePulled(policy, { ...options, file, recordBase: true });
  reportPull(result, policy);
  deps.afterPull?.();
  return result;
}

async function policyIdOfFile(uri: vscode.Uri): Promise<number | undefined> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = doc?.getText() ?? (await fs.readFile(uri.fsPath, 'utf8'));
  // A file whose JSON names no policy still names it in its file name.
  return policyIdOf(text) ?? policyIdFromFileName(uri.fsPath);
}

export function registerPullCommands(deps: PullDeps): vscode.Disposable[] {
  return [
    /** (node | {policyId} | id, {overwrite?, open?}) → PullResult */
    vscode.commands.registerCommand('qualysPolicy.pullPolicy', async (arg?: unknown, opts?: unknown) => {
      let policyId = policyIdArg(arg);
      if (policyId === undefined) {
        const typed = await vscode.window.showInputBox({ prompt: 'Policy id to pull', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'Enter a numeric policy id') });
        if (!typed) return undefined;
        policyId = Number(typed.trim());
      }
      try {
        return await pullTenant(deps, policyId, optionsArg<PullOptions>(opts));
      } catch (e) {
        await showError(`Pulling policy ${policyId} failed`, e, () => vscode.commands.executeCommand('qualysPolicy.pullPolicy', policyId));
        return undefined;
      }
    }),
    /** (uri | {uri}, {overwrite?}) → PullResult: re-pulls the policy of a file into that same file. */
    vscode.commands.registerCommand('qualysPolicy.pullLatest', async (arg?: unknown, opts?: unknown) => {
      const uri = documentUriArg(arg);
      if (!uri || uri.scheme !== 'file') {
        void vscode.window.showWarningMessage('Open a pulled policy file to pull its latest version.');
        return undefined;
      }
      const policyId = await policyIdOfFile(uri);
      if (policyId === undefined) {
        void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} names no policyId: pull the policy from the Tenant view instead.`);
        return undefined;
      }
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save(); // compare what is on screen with the base, not an older disk copy
      try {
        return await pullTenant(deps, policyId, optionsArg<PullOptions>(opts), uri.fsPath);
      } catch (e) {
        await showError(`Pulling policy ${policyId} failed`, e, () => vscode.commands.executeCommand('qualysPolicy.pullLatest', uri));
        return undefined;
      }
    }),
    /** (node | {policyId}, {overwrite?, open?}) → PullResult; library pulls record no base (they are not tenant policies). */
    vscode.commands.registerCommand('qualysPolicy.pullLibraryPolicy', async (arg?: unknown, opts?: unknown) => {
      const policyId = policyIdArg(arg);
      if (policyId === undefined) return undefined;
      try {
        const api = await deps.getApi();
        const policy = await api.getLibraryPolicy({ policyId, details: 'full' });
        const result = await writePulled(policy, { ...optionsArg<PullOptions>(opts), recordBase: false });
        reportPull(result, policy);
        return result;
      } catch (e) {
        await showError(`Pulling library policy ${policyId} failed`, e);
        return undefined;
      }
    }),
    /** (node | {policyId, policyTitle?}) → the opened TextDocument */
    vscode.commands.registerCommand('qualysPolicy.openLibraryPolicy', async (arg?: unknown) => {
      const policyId = policyIdArg(arg);
      if (policyId === undefined) return undefined;
      const title = (arg as { policyTitle?: string }).policyTitle ?? `library-policy-${policyId}`;
      try {
        const doc = await vscode.workspace.openTextDocument(libraryUri({ policyId, policyTitle: title }));
        const policyDoc = doc.languageId === 'qualys-policy' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'qualys-policy');
        await vscode.window.showTextDocument(policyDoc, { preview: true });
        return policyDoc;
      } catch (e) {
        await showError(`Opening library policy ${policyId} failed`, e);
        return undefined;
      }
    }),
  ];
}
