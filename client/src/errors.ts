/**
 * Failures as people should read them: what went wrong and what to do, with the action to do it.
 * Never "Request failed", never a stack trace (those go nowhere; the output channel has the requests).
 */
import * as vscode from 'vscode';
import { isQualysApiError } from './api';

/** Thrown when a command needs the API and nobody is signed in. */
export class NotSignedInError extends Error {
  constructor() {
    super('Not signed in to Qualys — run "Qualys: Sign In" first');
  }
}

/** A message the user can act on, for any failure. */
export function describeError(e: unknown): string {
  if (isQualysApiError(e) || e instanceof NotSignedInError) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return `${e.message} — check the folder's permissions`;
    if (code === 'ENOSPC') return 'The disk is full — free some space and try again';
    return e.message;
  }
  return String(e);
}

function needsSignIn(e: unknown): boolean {
  return e instanceof NotSignedInError || (isQualysApiError(e) && e.kind === 'auth');
}

/**
 * Shows `what: message` with the actions that help (Sign In after an auth failure, Retry when
 * given, Show Output), and runs the chosen one.
 */
export async function showError(what: string, e: unknown, retry?: () => unknown): Promise<void> {
  if (isQualysApiError(e) && e.kind === 'cancelled') return;
  const actions = [...(needsSignIn(e) ? ['Sign In'] : []), ...(retry ? ['Retry'] : []), 'Show Output'];
  const choice = await vscode.window.showErrorMessage(`${what}: ${describeError(e)}`, ...actions);
  if (choice === 'Sign In') await vscode.commands.executeCommand('qualysPolicy.signIn');
  else if (choice === 'Retry') await retry?.();
  else if (choice === 'Show Output') await vscode.commands.executeCommand('qualysPolicy.showOutput');
}
