/**
 * The "Evaluation" view: hosts whose status would change under the text as it stands,
 * grouped by control (and by document when several have evidence). A control node
 * jumps to the control; a host node shows its old → new status and the reason.
 */
import * as vscode from 'vscode';
import type { ControlEvaluation, EvaluationResultsParams, HostEvaluation } from '../../../common/src/evaluationProtocol';

export const EVALUATION_VIEW_ID = 'qualysPolicy.evaluation';
export const REVEAL_CONTROL_LINE_COMMAND = 'qualysPolicy.evaluation.revealControl';

type Node =
  | { kind: 'document'; results: EvaluationResultsParams }
  | { kind: 'control'; results: EvaluationResultsParams; control: ControlEvaluation }
  | { kind: 'host'; results: EvaluationResultsParams; control: ControlEvaluation; host: HostEvaluation }
  | { kind: 'more'; results: EvaluationResultsParams; control: ControlEvaluation; count: number }
  | { kind: 'unchanged'; results: EvaluationResultsParams };

export class EvaluationViewProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Latest results per document uri (protocol form). */
  private readonly results = new Map<string, EvaluationResultsParams>();

  constructor(private readonly asCodeUri: (uri: string) => vscode.Uri) {}

  set(results: EvaluationResultsParams): void {
    this.results.set(results.uri, results);
    this.changed.fire(undefined);
  }

  delete(uri: string): void {
    if (this.results.delete(uri)) this.changed.fire(undefined);
  }

  clear(): void {
    this.results.clear();
    this.changed.fire(undefined);
  }

  get(uri: string): EvaluationResultsParams | undefined {
    return this.results.get(uri);
  }

  /** One line for the view's message: what is loaded and what would flip. */
  message(): string | undefined {
    const all = [...this.results.values()];
    if (all.length === 0) return undefined;
    return all
      .map((r) => {
        const flips = [r.flips.toFailed && `${r.flips.toFailed} → Failed`, r.flips.toPassed && `${r.flips.toPassed} → Passed`, r.flips.toError && `${r.flips.toError} → Error`].filter(Boolean);
        return `${this.fileName(r.uri)} against ${r.source.label}: ${flips.length > 0 ? flips.join(', ') : 'no host would change'}`;
      })
      .join(' · ');
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const all = [...this.results.values()];
      if (all.length === 1) return this.controlNodes(all[0]!);
      return all.map((results) => ({ kind: 'document', results }));
    }
    if (node.kind === 'document') return this.controlNodes(node.results);
    if (node.kind === 'control') {
      const hosts: Node[] = node.control.changedHosts.map((host) => ({ kind: 'host', results: node.results, control: node.control, host }));
      const more = node.control.counts.changed - node.control.changedHosts.length;
      if (more > 0) hosts.push({ kind: 'more', results: node.results, control: node.control, count: more });
      return hosts;
    }
    return [];
  }

  private controlNodes(results: EvaluationResultsParams): Node[] {
    const changed = results.controls.filter((c) => c.counts.changed > 0);
    // An empty tree would bring back the "Evaluate a policy" welcome, as if nothing were loaded.
    if (changed.length === 0) return [{ kind: 'unchanged', results }];
    return changed.map((control) => ({ kind: 'control', results, control }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'document': {
        const item = new vscode.TreeItem(this.fileName(node.results.uri), vscode.TreeItemCollapsibleState.Expanded);
        item.resourceUri = this.asCodeUri(node.results.uri);
        item.description = `Δ ${node.results.totals.changed} would change`;
        item.contextValue = 'evaluationDocument';
        return item;
      }
      case 'control': {
        const { control } = node;
        const item = new vscode.TreeItem(`${control.controlId}${control.statement ? `: ${oneLine(control.statement)}` : ''}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `Δ ${control.counts.changed} · ✓ ${control.counts.passed} ✗ ${control.counts.failed} ⚠ ${control.counts.error}`;
        item.tooltip = `Control ${control.controlId}: ${control.counts.changed} host(s) would change status.\nClick to go to the control.`;
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        item.contextValue = 'evaluationControl';
        item.command = { title: 'Go to Control', command: REVEAL_CONTROL_LINE_COMMAND, arguments: [node.results.uri, control.line] };
        return item;
      }
      case 'host': {
        const { host } = node;
        const item = new vscode.TreeItem(host.hostName, vscode.TreeItemCollapsibleState.None);
        item.description = `${host.recordedStatus} → ${host.status}`;
        item.iconPath = new vscode.ThemeIcon(host.status === 'Passed' ? 'pass' : host.status === 'Failed' ? 'error' : 'warning');
        item.tooltip = hostTooltip(host);
        item.contextValue = 'evaluationHost';
        item.command = { title: 'Go to Control', command: REVEAL_CONTROL_LINE_COMMAND, arguments: [node.results.uri, node.control.line] };
        return item;
      }
      case 'unchanged': {
        const { totals, source } = node.results;
        const item = new vscode.TreeItem('No host would change status', vscode.TreeItemCollapsibleState.None);
        item.description = `✓ ${totals.passed} ✗ ${totals.failed} ⚠ ${totals.error}`;
        item.tooltip = `The text as it stands gives every host the status Qualys recorded (${source.label}).`;
        item.iconPath = new vscode.ThemeIcon('check-all');
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`and ${node.count} more…`, vscode.TreeItemCollapsibleState.None);
        item.command = { title: 'Show Hosts for Control', command: 'qualysPolicy.showControlHosts', arguments: [node.results.uri, node.control.controlId] };
        return item;
      }
    }
  }

  private fileName(uri: string): string {
    return this.asCodeUri(uri).path.split('/').pop() ?? uri;
  }
}

export function hostTooltip(host: HostEvaluation): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(`${host.hostName}${host.ip && host.ip !== host.hostName ? ` (${host.ip})` : ''} — ${host.technologyName ?? `technology ${host.technologyId}`}\n\n`);
  md.appendText(`${host.recordedStatus} → ${host.status}: ${host.reason}\n\n`);
  md.appendText(`Current values: ${host.currentValues.join(', ') || '(empty)'}`);
  return md;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}
