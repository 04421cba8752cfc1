/**
 * The Library view: labels (CIS, DISA STIG, Vendor…) → library policies, filtered by technology
 * (server side) and title text (client side). Loaded lazily, per label, when expanded.
 */
import * as vscode from 'vscode';
import type { LibraryLabel, LibraryPolicySummary, QualysClient } from '../api';
import type { Technology } from '../../../server/src/model/policy';
import { errorNodes, MessageNode } from './treeNodes';

export class LabelNode extends vscode.TreeItem {
  readonly kind = 'label';
  constructor(readonly label: string, readonly labelId: number) {
    super(label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `label:${labelId}`;
    this.iconPath = new vscode.ThemeIcon('tag');
    this.contextValue = 'libraryLabel';
  }
}

export class LibraryPolicyNode extends vscode.TreeItem {
  readonly kind = 'libraryPolicy';
  readonly policyId: number;
  readonly policyTitle: string;
  constructor(readonly summary: LibraryPolicySummary, labelId: number) {
    super(summary.policyTitle, vscode.TreeItemCollapsibleState.None);
    this.policyId = summary.policyId;
    this.policyTitle = summary.policyTitle;
    this.id = `label:${labelId}/policy:${summary.policyId}`;
    this.contextValue = 'libraryPolicy';
    this.iconPath = new vscode.ThemeIcon('book');
    this.description = [summary.version !== undefined ? `v${summary.version}` : '', summary.date ?? ''].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${escape(summary.policyTitle)}**\n\n`);
    tip.appendMarkdown(`Policy ${summary.policyId}`);
    if (summary.version !== undefined) tip.appendMarkdown(` · version ${summary.version}`);
    if (summary.date) tip.appendMarkdown(` · ${escape(summary.date)}`);
    if (summary.description) tip.appendMarkdown(`\n\n${escape(summary.description)}`);
    this.tooltip = tip;
    this.command = { command: 'qualysPolicy.openLibraryPolicy', title: 'Open Read-Only', arguments: [this] };
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

export type LibraryNode = LabelNode | LibraryPolicyNode | MessageNode;

export interface LibraryFilter {
  technologies: Technology[];
  search: string;
}

export class LibraryTreeProvider implements vscode.TreeDataProvider<LibraryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LibraryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: LibraryFilter = { technologies: [], search: '' };
  private labels: Promise<LibraryLabel[]> | undefined;
  private readonly policies = new Map<number, Promise<LibraryPolicySummary[]>>();

  constructor(
    private readonly getApi: () => Promise<QualysClient>,
    private readonly isSignedIn: () => boolean,
  ) {}

  get currentFilter(): LibraryFilter {
    return this.filter;
  }

  setFilter(filter: Partial<LibraryFilter>): void {
    const technologiesChanged = filter.technologies !== undefined;
    this.filter = { ...this.filter, ...filter };
    if (technologiesChanged) this.policies.clear(); // the technology filter is applied by the server
    void vscode.commands.executeCommand('setContext', 'qualysPolicy.libraryFiltered', this.filter.technologies.length > 0 || this.filter.search !== '');
    this.changed.fire(undefined);
  }

  /** What the filter shows, for the view's description. */
  describeFilter(): string {
    const parts = [
      ...(this.filter.search ? [`"${this.filter.search}"`] : []),
      ...(this.filter.technologies.length ? [this.filter.technologies.map((t) => t.technologyName).join(', ')] : []),
    ];
    return parts.join(' · ');
  }

  refresh(): void {
    this.labels = undefined;
    this.policies.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: LibraryNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: LibraryNode): Promise<LibraryNode[]> {
    if (!node) return this.labelNodes();
    if (node instanceof LabelNode) return this.policyNodes(node);
    return [];
  }

  private async labelNodes(): Promise<LibraryNode[]> {
    if (!this.isSignedIn()) return []; // the view's welcome content offers Sign In
    try {
      this.labels ??= this.getApi().then((api) => api.listLibraryLabels());
      const labels = await this.labels;
      if (!labels.length) return [new MessageNode('The library has no labels')];
      return labels.map((l) => new LabelNode(l.labelName, l.labelId));
    } catch (e) {
      this.labels = undefined;
      return errorNodes(e, 'qualysPolicy.refreshLibrary');
    }
  }

  private async policyNodes(label: LabelNode): Promise<LibraryNode[]> {
    try {
      let list = this.policies.get(label.labelId);
      if (!list) {
        const technologyId = this.filter.technologies.map((t) => t.technologyId);
        list = this.getApi().then((api) => api.listLibraryPolicies({ labelId: label.labelId, technologyId, includeDescription: true }));
        this.policies.set(label.labelId, list);
      }
      const search = this.filter.search.toLowerCase();
      const shown = (await list).filter((p) => !search || p.policyTitle.toLowerCase().includes(search));
      if (!shown.length) {
        return [new MessageNode(this.describeFilter() ? 'No policies match the filter' : 'No policies under this label', 'filter')];
      }
      return shown.map((p) => new LibraryPolicyNode(p, label.labelId));
    } catch (e) {
      this.policies.delete(label.labelId);
      return errorNodes(e, 'qualysPolicy.refreshLibrary');
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
