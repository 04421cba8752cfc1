/** Tree items every view shares: messages (loading, empty) and errors that offer the way out. */
import * as vscode from 'vscode';
import { isQualysApiError } from '../api';
import { describeError, NotSignedInError } from '../errors';

export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message';
  constructor(label: string, icon = 'info', command?: vscode.Command, tooltip?: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = 'message';
    if (command) this.command = command;
    if (tooltip) this.tooltip = tooltip;
  }
}

/** An error line, then the action that fixes it: "Sign in" after an auth failure, else "Retry". */
export function errorNodes(e: unknown, retryCommand: string): MessageNode[] {
  const auth = e instanceof NotSignedInError || (isQualysApiError(e) && e.kind === 'auth');
  const message = describeError(e);
  return [
    new MessageNode(message, 'error', undefined, message),
    auth
      ? new MessageNode('Sign in', 'account', { command: 'qualysPolicy.signIn', title: 'Sign In' })
      : new MessageNode('Retry', 'refresh', { command: retryCommand, title: 'Retry' }),
  ];
}
