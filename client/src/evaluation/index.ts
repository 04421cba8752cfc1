/**
 * The evaluation features of the extension: commands, the Evaluation view, and the
 * summary the push preview shows. `extension.ts` calls `registerEvaluationFeatures`
 * once, with the language client; the push preview calls `evaluationSummaryFor`.
 */
import * as vscode from 'vscode';
import {
  EvaluationClearedNotification,
  EvaluationResultsNotification,
  type EvaluationSummary,
} from '../../../common/src/evaluationProtocol';
import { EvaluationCommands, revealLine, type EvaluateOptions, type EvaluationDeps } from './commands';
import { EVALUATION_VIEW_ID, EvaluationViewProvider, REVEAL_CONTROL_LINE_COMMAND } from './evaluationView';

export type { EvaluationSummary } from '../../../common/src/evaluationProtocol';
export type { EvaluateOptions, EvaluationDeps } from './commands';
export { EvaluationViewProvider } from './evaluationView';

let commands: EvaluationCommands | undefined;

/** What extension-host tests can inspect: the Evaluation view's provider (as VS Code calls it). */
export interface EvaluationFeatures {
  readonly view: EvaluationViewProvider;
  readonly treeView: vscode.TreeView<unknown>;
}

export function registerEvaluationFeatures(context: vscode.ExtensionContext, deps: EvaluationDeps): EvaluationFeatures {
  const { client } = deps;
  const view = new EvaluationViewProvider((uri) => client.protocol2CodeConverter.asUri(uri));
  const tree = vscode.window.createTreeView(EVALUATION_VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
  const showMessage = (): void => {
    tree.message = view.message();
  };
  commands = new EvaluationCommands(deps, context.globalStorageUri, (uri) => {
    if (uri === undefined) view.clear();
    else view.delete(uri);
    showMessage();
  });
  const c = commands;

  context.subscriptions.push(
    tree,
    client.onNotification(EvaluationResultsNotification.type, (results) => {
      view.set(results);
      showMessage();
    }),
    client.onNotification(EvaluationClearedNotification.type, ({ uri }) => {
      view.delete(uri);
      showMessage();
    }),
    vscode.commands.registerCommand('qualysPolicy.evaluate', (target?: vscode.Uri, options?: EvaluateOptions) => c.evaluate(target, options)),
    vscode.commands.registerCommand('qualysPolicy.refreshEvidence', (target?: vscode.Uri) => c.refreshEvidence(target)),
    vscode.commands.registerCommand('qualysPolicy.evaluateFromFile', (target?: vscode.Uri, file?: vscode.Uri) => c.evaluateFromFile(target, file)),
    vscode.commands.registerCommand('qualysPolicy.clearEvaluation', () => c.clear()),
    vscode.commands.registerCommand('qualysPolicy.showControlHosts', (uri?: string, controlId?: number) => c.showControlHosts(uri, controlId)),
    vscode.commands.registerCommand(REVEAL_CONTROL_LINE_COMMAND, (uri: string, line: number) => revealLine(client.protocol2CodeConverter.asUri(uri), line)),
    { dispose: () => (commands = undefined) },
  );
  return { view, treeView: tree as vscode.TreeView<unknown> };
}

/**
 * The evaluation summary of a policy document for the push preview ("This push flips 12
 * hosts to Failed (2 controls)."), computed by the server against the loaded evidence.
 * Undefined when no evidence is loaded for it, the document is not open, or evaluation
 * features are not registered.
 */
export async function evaluationSummaryFor(uri: vscode.Uri): Promise<EvaluationSummary | undefined> {
  return commands?.summaryFor(uri);
}
