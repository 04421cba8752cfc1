/** "Push to tenant · Compare with tenant · Pull latest" at the top of every policy file. */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../common/src/protocol';

class PolicyCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string) => new vscode.CodeLens(top, { title, command, arguments: [document.uri] });
    return [
      lens('$(cloud-upload) Push to tenant', 'qualysPolicy.push'),
      lens('$(diff) Compare with tenant', 'qualysPolicy.compareWithTenant'),
      lens('$(cloud-download) Pull latest', 'qualysPolicy.pullLatest'),
    ];
  }
}

export function registerCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID, scheme: 'file' }, new PolicyCodeLensProvider());
}
