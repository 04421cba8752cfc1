/**
 * Push to tenant and Compare with tenant, from the editor title, the CodeLens or tests.
 * The preview is a diff editor (tenant ↔ local) plus one modal listing the calls and the local
 * evaluation summary; `qualysPolicy.push.confirm: false` (or `{ confirm: false }`) skips it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QualysClient } from '../api';
import type { Policy } from '../../../server/src/model/policy';
import { policyIdOf } from '../../../server/src/model/identity';
import { describeError, showError } from '../errors';
import { evaluationSummaryFor } from '../evaluation';
import { logLine } from '../output';
import { describeConflicts } from '../sync/conflicts';
import type { PlannedOperation } from '../sync/plan';
import { push, type PushOutcome } from '../sync/push';
import { findValidationErrors } from '../sync/validateText';
import type { TenantSnapshotProvider } from '../views/libraryDocuments';
import { documentUriArg, optionsArg } from './args';

export interface PushCommandOptions {
  /** Show the preview and ask (default: the `qualysPolicy.push.confirm` setting). */
  confirm?: boolean;
  /** Make the tenant match the file even without a base or with remote changes. */
  force?: boolean;
  /** Answer to "unlock the policy and push?" without asking. */
  unlock?: boolean;
}

export interface PushDeps {
  getApi: () => Promise<QualysClient>;
  output: vscode.OutputChannel;
  snapshots: TenantSnapshotProvider;
  afterPush?: () => void;
}

const MAX_LISTED = 25;

function listCalls(operations: readonly PlannedOperation[]): string {
  const shown = operations.slice(0, MAX_LISTED).map((p, i) => `${i + 1}. ${p.summary}`);
  if (operations.length > MAX_LISTED) shown.push(`… and ${operations.length - MAX_LISTED} more (see the Qualys output)`);
  return shown.join('\n');
}

async function showDiff(snapshots: TenantSnapshotProvider, remote: Policy, local: vscode.Uri, title: string): Promise<void> {
  const left = snapshots.put(remote);
  await vscode.commands.executeCommand('vscode.diff', left, local, title, { preview: true });
}

async function preview(deps: PushDeps, uri: vscode.Uri, plan: { operations: readonly PlannedOperation[]; unsupported: readonly string[]; remote: Policy }): Promise<boolean> {
  const name = path.basename(uri.fsPath);
  await showDiff(deps.snapshots, plan.remote, uri, `${name}: Tenant ↔ Local (push preview)`);
  logLine(deps.output, `Push plan for ${name}:\n${plan.operations.map((p) => `  ${p.op.method} ${p.op.path} — ${p.summary}`).join('\n')}`);
  const summary = await evaluationSummaryFor(uri).catch(() => undefined);
  const detail = [
    listCalls(plan.operations),
    ...(plan.unsupported.length ? ['', 'Not pushed (no API can change these):', ...plan.unsupported.map((u) => `• ${u}`)] : []),
    '',
    summary ? `Local evaluation: ${summary.text}` : 'Local evaluation: no posture evidence loaded (run "Qualys: Evaluate Policy" to see which hosts would change).',
  ].join('\n');
  const n = plan.operations.length;
  const choice = await vscode.window.showInformationMessage(
    `Push ${n} change${n === 1 ? '' : 's'} to "${plan.remote.policyTitle}" (policy ${plan.remote.policyId})?`,
    { modal: true, detail },
    'Push',
  );
  return choice === 'Push';
}

async function report(deps: PushDeps, uri: vscode.Uri, outcome: PushOutcome, retry: (opts: PushCommandOptions) => Thenable<unknown>): Promise<void> {
  const name = vscode.workspace.asRelativePath(uri);
  switch (outcome.kind) {
    case 'invalid': {
      const first = outcome.errors[0];
      const choice = await vscode.window.showErrorMessage(
        `Not pushed: ${name} has ${outcome.errors.length} validation error(s), e.g. line ${first.line}: ${first.message}`,
        'Show Problems',
      );
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    case 'unplannable':
      void vscode.window.showErrorMessage(`Not pushed: ${outcome.message}.`);
      return;
    case 'no-base': {
      const choice = await vscode.window.showWarningMessage(
        `${name} has no recorded base (it was not pulled here), so changes made in Qualys since cannot be told apart from yours.`,
        { modal: true, detail: 'Pull Latest replaces the file with the tenant version. Push Anyway makes the tenant match this file exactly.' },
        'Pull Latest',
        'Push Anyway',
      );
      if (choice === 'Pull Latest') await vscode.commands.executeCommand('qualysPolicy.pullLatest', uri);
      if (choice === 'Push Anyway') await retry({ force: true });
      return;
    }
    case 'conflict': {
      const lines = describeConflicts(outcome.conflicts);
      logLine(deps.output, `Push of ${name} refused — changed in Qualys since your pull:\n${lines.map((l) => `  ${l}`).join('\n')}`);
      await showDiff(deps.snapshots, outcome.remote, uri, `${path.basename(uri.fsPath)}: Tenant (changed since your pull) ↔ Local`);
      const choice = await vscode.window.showErrorMessage(
        `Not pushed: policy ${outcome.policyId} changed in Qualys since your pull, in ${outcome.conflicts.length} place(s) you also changed (${lines[0]}).`,
        'Show Details',
        'Show Tenant Changes',
        'Pull Latest',
      );
      if (choice === 'Show Details') deps.output.show(true);
      if (choice === 'Show Tenant Changes') {
        // The third side of the picture: what the tenant changed since the pull.
        const before = deps.snapshots.put(outcome.base, 'base');
        await vscode.commands.executeCommand('vscode.diff', before, deps.snapshots.put(outcome.remote), `${path.basename(uri.fsPath)}: At Your Pull ↔ Tenant Now`, { preview: true });
      }
      if (choice === 'Pull Latest') await vscode.commands.executeCommand('qualysPolicy.pullLatest', uri);
      return;
    }
    case 'locked': {
      const choice = await vscode.window.showWarningMessage(
        `Policy "${outcome.remote.policyTitle}" is locked in Qualys: it cannot be changed until it is unlocked.`,
        'Unlock and Push',
      );
      if (choice) await retry({ unlock: true });
      return;
    }
    case 'up-to-date':
      noteRemoteOnly(deps, name, outcome.remoteOnly);
      void vscode.window.showInformationMessage(
        `Policy ${outcome.policyId} is up to date: nothing to push.${outcome.unsupported.length ? ` (${outcome.unsupported.length} edit(s) no API can make.)` : ''}${remoteOnlyHint(outcome.remoteOnly)}`,
      );
      return;
    case 'planned':
    case 'cancelled':
      return;
    case 'pushed': {
      deps.afterPush?.();
      noteRemoteOnly(deps, name, outcome.remoteOnly);
      const choice = await vscode.window.showInformationMessage(
        `Pushed ${outcome.applied.length} change(s) to policy ${outcome.policyId}. Qualys re-evaluates postures only after the policy is evaluated — evaluate it locally now to see which hosts change.${remoteOnlyHint(outcome.remoteOnly)}`,
        'Evaluate Locally',
      );
      if (choice) await vscode.commands.executeCommand('qualysPolicy.evaluate', uri);
      return;
    }
    case 'failed': {
      deps.afterPush?.();
      logLine(
        deps.output,
        [
          `Push of ${name} stopped: ${describeError(outcome.error)}`,
          ...outcome.applied.map((p) => `  applied:     ${p.summary}`),
          ...outcome.notApplied.map((p) => `  not applied: ${p.summary}`),
        ].join('\n'),
      );
      const choice = await vscode.window.showErrorMessage(
        `Push stopped after ${outcome.applied.length} of ${outcome.applied.length + outcome.notApplied.length} change(s): ${describeError(outcome.error)}. Pushing again sends only the rest.`,
        'Push Again',
        'Show Details',
      );
      if (choice === 'Push Again') await retry({});
      if (choice === 'Show Details') deps.output.show(true);
      return;
    }
  }
}

/** Tenant changes the file does not have: kept in Qualys, listed in the output. */
function noteRemoteOnly(deps: PushDeps, name: string, remoteOnly: readonly string[]): void {
  if (remoteOnly.length) logLine(deps.output, `Changed in Qualys since your pull of ${name} (kept; Pull Latest to get them):\n${remoteOnly.map((r) => `  ${r}`).join('\n')}`);
}

function remoteOnlyHint(remoteOnly: readonly string[]): string {
  return remoteOnly.length ? ` The tenant also has ${remoteOnly.length} change(s) your file lacks — Pull Latest to get them.` : '';
}

export async function runPush(deps: PushDeps, uri: vscode.Uri, options: PushCommandOptions): Promise<PushOutcome> {
  const document = await vscode.workspace.openTextDocument(uri);
  const api = await deps.getApi();
  const confirm = options.confirm ?? vscode.workspace.getConfiguration('qualysPolicy').get<boolean>('push.confirm', true);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pushing ${path.basename(uri.fsPath)}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return push({
        client: api,
        file: uri.fsPath,
        text: document.getText(),
        validate: findValidationErrors,
        force: options.force,
        unlock: options.unlock,
        confirm: confirm ? (plan) => preview(deps, uri, plan) : undefined,
        onProgress: (i, total, op) => progress.report({ message: `${i + 1}/${total}: ${op.summary}`, increment: 100 / total }),
        signal: controller.signal,
      });
    },
  );
}

export function registerPushCommands(deps: PushDeps): vscode.Disposable[] {
  const pushCommand = async (arg?: unknown, opts?: unknown): Promise<PushOutcome | undefined> => {
    const uri = documentUriArg(arg);
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Open a policy file (saved in the workspace) to push it.');
      return undefined;
    }
    const options = optionsArg<PushCommandOptions>(opts);
    try {
      const outcome = await runPush(deps, uri, options);
      // The outcome is the command's result; the notification and its follow-up actions must not
      // hold it back (a notification stays until the user closes it).
      void report(deps, uri, outcome, (more) => vscode.commands.executeCommand('qualysPolicy.push', uri, { ...options, ...more })).catch((e: unknown) =>
        showError(`After pushing ${vscode.workspace.asRelativePath(uri)}`, e),
      );
      return outcome;
    } catch (e) {
      await showError(`Push of ${vscode.workspace.asRelativePath(uri)} failed`, e, () => vscode.commands.executeCommand('qualysPolicy.push', uri, options));
      return undefined;
    }
  };
  return [
    /** (uri | {uri}, {confirm?, force?, unlock?}) → PushOutcome (its `kind` says what happened) */
    vscode.commands.registerCommand('qualysPolicy.push', pushCommand),
    /** (uri | {uri}) → opens a diff editor tenant ↔ local; resolves the tenant Policy */
    vscode.commands.registerCommand('qualysPolicy.compareWithTenant', async (arg?: unknown) => {
      const uri = documentUriArg(arg);
      if (!uri) return undefined;
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        const policyId = policyIdOf(document.getText());
        if (policyId === undefined) throw new Error('The file has no numeric top-level "policyId" — pull the policy from the tenant first');
        const remote = await (await deps.getApi()).exportPolicy({ policyId });
        await showDiff(deps.snapshots, remote, uri, `${path.basename(uri.fsPath)}: Tenant ↔ Local`);
        return remote;
      } catch (e) {
        await showError('Compare with tenant failed', e);
        return undefined;
      }
    }),
  ];
}
