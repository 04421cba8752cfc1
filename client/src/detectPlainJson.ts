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
  const checkAll = () => {
    for (const document of vscode.workspace.textDocuments) void check(document);
  };
  checkAll();
  // VS Code reports a language change as a close and an open in the same turn. A document
  // that reopens as JSON right after closing is one the user switched to JSON themselves:
  // switching it back would leave them no way to opt out for one file.
  const justClosed = new Set<string>();
  return vscode.Disposable.from(
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      justClosed.add(key);
      setImmediate(() => justClosed.delete(key));
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (!justClosed.has(document.uri.toString())) void check(document);
    }),
    // Turning detection on applies to the documents already open.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('qualysPolicy.detectPlainJson') && enabled()) checkAll();
    }),
  );
}
