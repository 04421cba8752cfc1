/**
 * Commands run from tree items, editor buttons, CodeLenses and tests. Tests pass plain objects
 * (`{ policyId: 123 }`, `{ uri }`), so every command accepts those as well as the tree nodes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A policy id from a tree node, `{ policyId }`, a number or a numeric string. */
export function policyIdArg(arg: unknown): number | undefined {
  if (typeof arg === 'number' && Number.isInteger(arg)) return arg;
  if (typeof arg === 'string' && /^\d+$/.test(arg)) return Number(arg);
  const id = (arg as { policyId?: unknown } | undefined)?.policyId;
  return typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : undefined;
}

/** A file URI from a Uri, `{ uri }`, or else the active editor's document. */
export function documentUriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const uri = (arg as { uri?: unknown } | undefined)?.uri;
  if (uri instanceof vscode.Uri) return uri;
  if (typeof uri === 'string') return vscode.Uri.parse(uri);
  return vscode.window.activeTextEditor?.document.uri;
}

/** `<workspace>/<qualysPolicy.policiesFolder>`; the first workspace folder is the home of pulls. */
export function policiesFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') throw new Error('Open a folder first: pulled policies are written into the workspace');
  const relative = vscode.workspace.getConfiguration('qualysPolicy').get<string>('policiesFolder', 'policies').trim() || 'policies';
  return path.resolve(folder.uri.fsPath, relative);
}

/** Options a command takes from its second argument (tests), e.g. `{ overwrite: true }`. */
export function optionsArg<T extends object>(arg: unknown): Partial<T> {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Partial<T>) : {};
}
