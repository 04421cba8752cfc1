/**
 * Plain `.json` files that are exported policies switch to the `qualys-policy` language. The
 * model's cheap top-level key scan decides; the client never parses policy JSON itself.
 * `qualysPolicy.detectPlainJson: false` turns this off.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../common/src/protocol';
import { looksLikeExportedPolicy } from '../../server/src/model/detect';

function enabled(): boolean {
  return vscode.workspace.getConfiguration('qualysPolicy').get<boolean>('detectPlainJson', true);
}

/** Recorded bases (`.qualys/base/<id>.json`) are exports too, but not files to edit or push. */
function isBaseFile(document: vscode.TextDocument): boolean {
  return /[\\/]\.qualys[\\/]base[\\/][^\\/]+\.json$/.test(document.uri.path);
}

async function check(document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== 'json' || !enabled() || isBaseFile(document)) return;
  if (!looksLikeExportedPolicy(document.getText())) return;
  await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
}

export function registerPlainJsonDetection(): vscode.Disposable {
  for (const document of vscode.workspace.textDocuments) void check(document);
  return vscode.workspace.onDidOpenTextDocument((document) => void check(document));
}
