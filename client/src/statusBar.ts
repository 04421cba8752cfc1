/** "Qualys: qg2 · alice · 280 left", or "Qualys: sign in". */
import * as vscode from 'vscode';
import type { QualysSession } from './auth/session';

export function createStatusBar(session: QualysSession): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('qualysPolicy.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Qualys connection';
  const update = () => {
    if (!session.isSignedIn) {
      item.text = '$(account) Qualys: sign in';
      item.tooltip = 'Sign in to Qualys to browse, pull and push policies';
      item.command = 'qualysPolicy.signIn';
    } else {
      const { remaining, limit } = session.rateBudget;
      const budget = remaining !== undefined ? ` · ${remaining} left` : '';
      item.text = `$(cloud) Qualys: ${session.platformLabel} · ${session.username}${budget}`;
      item.tooltip = `Signed in to ${session.platform} as ${session.username}` + (limit !== undefined ? `\nRate limit: ${remaining ?? '?'} of ${limit} calls left` : '') + '\nClick for the request log';
      item.command = 'qualysPolicy.showOutput';
    }
    item.show();
  };
  update();
  return vscode.Disposable.from(item, session.onDidChange(update), session.onDidLogRequest(update));
}
