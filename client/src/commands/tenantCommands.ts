/**
 * Tenant view actions: lock/unlock, activate/deactivate, delete (modal confirmation naming the
 * policy), compare with the local file, reveal a control in the local file. Each accepts a tree
 * node or `{ policyId }` (and `{ policyId, controlId }` for reveal).
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { QualysClient } from '../api';
import { showError } from '../errors';
import { policyFileIn } from '../sync/pull';
import type { TenantSnapshotProvider } from '../views/libraryDocuments';
import { optionsArg, policiesFolder, policyIdArg } from './args';

export interface TenantCommandDeps {
  getApi: () => Promise<QualysClient>;
  snapshots: TenantSnapshotProvider;
  refresh: () => void;
}

function titleOf(arg: unknown, policyId: number): string {
  const t = (arg as { policyTitle?: unknown } | undefined)?.policyTitle;
  return typeof t === 'string' ? `"${t}"` : `policy ${policyId}`;
}

/** The pulled file of a policy in the policies folder, if there is one. */
async function localFileOf(policyId: number, policyTitle: string): Promise<vscode.Uri | undefined> {
  const file = await policyFileIn(policiesFolder(), { policyId, policyTitle });
  try {
    await fs.access(file);
    return vscode.Uri.file(file);
  } catch {
    return undefined;
  }
}

async function offerPull(policyId: number): Promise<void> {
  const choice = await vscode.window.showInformationMessage(`Policy ${policyId} has not been pulled into this workspace.`, 'Pull Policy');
  if (choice) await vscode.commands.executeCommand('qualysPolicy.pullPolicy', { policyId });
}

export function registerTenantCommands(deps: TenantCommandDeps): vscode.Disposable[] {
  const change = (id: string, verb: string, act: (api: QualysClient, policyId: number) => Promise<void>) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      const policyId = policyIdArg(arg);
      if (policyId === undefined) return false;
      try {
        await act(await deps.getApi(), policyId);
        deps.refresh();
        void vscode.window.setStatusBarMessage(`${verb} ${titleOf(arg, policyId)}.`, 5000);
        return true;
      } catch (e) {
        await showError(`Could not ${verb.toLowerCase()} ${titleOf(arg, policyId)}`, e);
        return false;
      }
    });

  return [
    change('qualysPolicy.lockPolicy', 'Locked', (api, id) => api.setPolicyLock(id, true)),
    change('qualysPolicy.unlockPolicy', 'Unlocked', (api, id) => api.setPolicyLock(id, false)),
    change('qualysPolicy.activatePolicy', 'Activated', (api, id) => api.updatePolicy({ policyId: id, isActive: true })),
    change('qualysPolicy.deactivatePolicy', 'Deactivated', (api, id) => api.updatePolicy({ policyId: id, isActive: false })),
    /** (node | {policyId, policyTitle?}, {confirmed?: true}) → true when deleted */
    vscode.commands.registerCommand('qualysPolicy.deletePolicy', async (arg?: unknown, opts?: unknown) => {
      const policyId = policyIdArg(arg);
      if (policyId === undefined) return false;
      const name = titleOf(arg, policyId);
      if (optionsArg<{ confirmed: boolean }>(opts).confirmed !== true) {
        const choice = await vscode.window.showWarningMessage(
          `Delete ${name} (policy ${policyId}) from Qualys?`,
          { modal: true, detail: 'Its postures and exceptions are deleted with it. This cannot be undone. Your local file, if any, is kept.' },
          'Delete Policy',
        );
        if (choice !== 'Delete Policy') return false;
      }
      try {
        await (await deps.getApi()).deletePolicy(policyId);
        deps.refresh();
        void vscode.window.showInformationMessage(`Deleted ${name} from Qualys.`);
        return true;
      } catch (e) {
        await showError(`Could not delete ${name}`, e);
        return false;
      }
    }),
    /** (node | {policyId, policyTitle?}) → opens tenant ↔ local diff */
    vscode.commands.registerCommand('qualysPolicy.compareWithLocal', async (arg?: unknown) => {
      const policyId = policyIdArg(arg);
      if (policyId === undefined) return undefined;
      try {
        const remote = await (await deps.getApi()).exportPolicy({ policyId });
        const local = await localFileOf(policyId, remote.policyTitle);
        if (!local) return offerPull(policyId);
        await vscode.commands.executeCommand('vscode.diff', deps.snapshots.put(remote), local, `${remote.policyTitle}: Tenant ↔ Local`);
        return local;
      } catch (e) {
        await showError(`Could not compare ${titleOf(arg, policyId)}`, e);
        return undefined;
      }
    }),
    /** (node | {policyId, controlId, policyTitle?}) → the editor showing the control */
    vscode.commands.registerCommand('qualysPolicy.revealControl', async (arg?: unknown) => {
      const policyId = policyIdArg(arg);
      const controlId = (arg as { controlId?: unknown } | undefined)?.controlId;
      if (policyId === undefined || typeof controlId !== 'number') return undefined;
      try {
        const title = (arg as { policy?: { policyTitle?: string }; policyTitle?: string }).policy?.policyTitle ?? (arg as { policyTitle?: string }).policyTitle ?? '';
        const local = await localFileOf(policyId, title);
        if (!local) return offerPull(policyId);
        const document = await vscode.workspace.openTextDocument(local);
        const match = new RegExp(`"controlId"\\s*:\\s*${controlId}(?![0-9])`).exec(document.getText());
        const editor = await vscode.window.showTextDocument(document, { preview: false });
        if (!match) {
          void vscode.window.showWarningMessage(`Control ${controlId} is not in ${vscode.workspace.asRelativePath(local)} (removed locally?).`);
          return editor;
        }
        const start = document.positionAt(match.index);
        editor.selection = new vscode.Selection(start, document.positionAt(match.index + match[0].length));
        editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenter);
        return editor;
      } catch (e) {
        await showError(`Could not reveal control ${String(controlId)}`, e);
        return undefined;
      }
    }),
  ];
}
