/**
 * Import a library policy into the tenant with the options of the import API: technologies
 * (multi-pick), unlocked, active, custom title; then offer to pull it. Called with
 * `(node | {policyId}, {technologyIds?, importAsUnlocked?, activatePolicy?, policyTitle?, pull?})`
 * it asks only for what is not given.
 */
import * as vscode from 'vscode';
import type { LibraryImportRequest, LibraryImportResult, QualysClient } from '../api';
import { showError } from '../errors';
import { optionsArg, policyIdArg } from './args';

export interface ImportOptions {
  technologyIds: number[];
  importAsUnlocked: boolean;
  activatePolicy: boolean;
  policyTitle: string;
  /** Pull the imported policy into the workspace without asking (true) or don't offer (false). */
  pull: boolean;
}

async function yesNo(title: string, yes: string, no: string): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick([yes, no], { title, ignoreFocusOut: true });
  return picked === undefined ? undefined : picked === yes;
}

export function registerImportCommand(deps: { getApi: () => Promise<QualysClient>; refresh: () => void }): vscode.Disposable {
  return vscode.commands.registerCommand('qualysPolicy.importLibraryPolicy', async (arg?: unknown, opts?: unknown): Promise<LibraryImportResult | undefined> => {
    const policyId = policyIdArg(arg);
    if (policyId === undefined) return undefined;
    const given = optionsArg<ImportOptions>(opts);
    try {
      const api = await deps.getApi();
      const library = await api.getLibraryPolicy({ policyId, details: 'basic' });
      const title = `Import "${library.policyTitle}"`;
      let technologyIds = given.technologyIds;
      if (!technologyIds) {
        const techs = library.technologies ?? [];
        const picked = await vscode.window.showQuickPick(
          techs.map((t) => ({ label: t.technologyName, description: `id ${t.technologyId}`, picked: true, id: t.technologyId })),
          { title: `${title}: technologies`, canPickMany: true, ignoreFocusOut: true, placeHolder: 'Technologies to import (all by default)' },
        );
        if (!picked) return undefined;
        if (!picked.length) {
          void vscode.window.showWarningMessage('Pick at least one technology to import.');
          return undefined;
        }
        technologyIds = picked.map((p) => p.id);
      }
      const importAsUnlocked = given.importAsUnlocked ?? (await yesNo(`${title}: lock state`, 'Unlocked (editable)', 'Locked'));
      if (importAsUnlocked === undefined) return undefined;
      const activatePolicy = given.activatePolicy ?? (await yesNo(`${title}: status`, 'Active', 'Inactive'));
      if (activatePolicy === undefined) return undefined;
      const policyTitle =
        given.policyTitle ??
        (await vscode.window.showInputBox({ title: `${title}: title in your tenant`, value: library.policyTitle, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter a title') }));
      if (policyTitle === undefined) return undefined;

      const request: LibraryImportRequest = { policyId, technologyIds, importAsUnlocked, activatePolicy, policyTitle: policyTitle.trim() };
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Importing "${policyTitle}"…` }, () =>
        api.importLibraryPolicy(request),
      );
      deps.refresh();
      const pull =
        given.pull ??
        (await vscode.window.showInformationMessage(`Imported "${policyTitle}" as policy ${result.policyId}.`, 'Pull to Workspace')) === 'Pull to Workspace';
      if (pull) await vscode.commands.executeCommand('qualysPolicy.pullPolicy', { policyId: result.policyId });
      return result;
    } catch (e) {
      await showError(`Importing library policy ${policyId} failed`, e);
      return undefined;
    }
  });
}
