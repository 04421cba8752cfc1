/**
 * The Tenant view: the subscription's policies → sections → controls → technologies. A policy
 * is exported only when expanded (and kept until refresh). contextValues match the menus in
 * package.json: `tenantPolicy.<locked|unlocked>.<active|inactive>`, `tenantSection`,
 * `tenantControl`, `tenantTechnology`.
 */
import * as vscode from 'vscode';
import type { QualysClient, TenantPolicy } from '../api';
import type { Control, ControlTechnology, Policy, Section } from '../../../server/src/model/policy';
import { errorNodes, MessageNode } from './treeNodes';

export class TenantPolicyNode extends vscode.TreeItem {
  readonly kind = 'tenantPolicy';
  readonly policyId: number;
  readonly policyTitle: string;
  readonly locked: boolean;
  readonly active: boolean;
  constructor(readonly entry: TenantPolicy) {
    super(entry.title, vscode.TreeItemCollapsibleState.Collapsed);
    this.policyId = Number(entry.id);
    this.policyTitle = entry.title;
    this.locked = Number(entry.locked) === 1 || (entry.locked as unknown) === true;
    this.active = String(entry.status ?? '').toLowerCase() === 'active';
    this.id = `tenant:${entry.id}`;
    this.contextValue = `tenantPolicy.${this.locked ? 'locked' : 'unlocked'}.${this.active ? 'active' : 'inactive'}`;
    this.iconPath = new vscode.ThemeIcon(this.locked ? 'lock' : this.active ? 'shield' : 'circle-slash');
    this.description = entry.lastEvaluatedDate ? `evaluated ${formatDate(entry.lastEvaluatedDate)}` : 'never evaluated';
    this.tooltip = [
      `${entry.title} (policy ${entry.id})`,
      `${this.active ? 'Active' : 'Inactive'}${this.locked ? ', locked' : ''}`,
      entry.lastEvaluatedDate ? `Last evaluated ${entry.lastEvaluatedDate}` : 'Not evaluated yet',
      entry.modifiedDate ? `Modified ${entry.modifiedDate}${entry.modifiedBy ? ` by ${entry.modifiedBy}` : ''}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  }
}

export class TenantSectionNode extends vscode.TreeItem {
  readonly kind = 'tenantSection';
  constructor(readonly policy: Policy, readonly section: Section) {
    super(`${section.sectionNumber}. ${section.sectionHeading}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `tenant:${policy.policyId}/section:${section.sectionNumber}`;
    this.contextValue = 'tenantSection';
    this.iconPath = new vscode.ThemeIcon('symbol-namespace');
    this.description = `${section.controls?.length ?? 0} controls`;
  }
}

export class TenantControlNode extends vscode.TreeItem {
  readonly kind = 'tenantControl';
  readonly policyId: number;
  readonly controlId: number;
  constructor(readonly policy: Policy, readonly control: Control) {
    super(`${control.sectionNumber}.${control.controlNumber} CID ${control.controlId} · ${control.statement ?? 'no statement'}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.policyId = policy.policyId;
    this.controlId = control.controlId;
    this.id = `tenant:${policy.policyId}/control:${control.controlId}`;
    this.contextValue = 'tenantControl';
    this.iconPath = new vscode.ThemeIcon(control.isControlDisable ? 'circle-slash' : 'symbol-field');
    this.description = [control.criticality ?? '', control.isControlDisable ? 'disabled' : ''].filter(Boolean).join(' · ');
    this.tooltip = [control.statement, control.referenceText ? `Reference: ${control.referenceText}` : ''].filter(Boolean).join('\n');
  }
}

export class TenantTechnologyNode extends vscode.TreeItem {
  readonly kind = 'tenantTechnology';
  constructor(readonly control: Control, readonly technology: ControlTechnology) {
    super(technology.technologyName, vscode.TreeItemCollapsibleState.None);
    this.id = `control:${control.controlId}/technology:${technology.technologyId}`;
    this.contextValue = 'tenantTechnology';
    this.iconPath = new vscode.ThemeIcon('device-desktop');
    const dp = technology.evaluate?.dp;
    this.description = dp ? `${dp.op}${dp.cd ? ` (${dp.cd})` : ''} ${dp.v.join(', ')}` : '';
    if (dp) this.tooltip = `${dp.k}\n${dp.op}${dp.cd ? ` ${dp.cd}` : ''}: ${dp.v.join(', ')}`;
  }
}

export type TenantNode = TenantPolicyNode | TenantSectionNode | TenantControlNode | TenantTechnologyNode | MessageNode;

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

export class TenantTreeProvider implements vscode.TreeDataProvider<TenantNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TenantNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private list: Promise<TenantPolicy[]> | undefined;
  private readonly exports = new Map<number, Promise<Policy>>();

  constructor(
    private readonly getApi: () => Promise<QualysClient>,
    private readonly isSignedIn: () => boolean,
  ) {}

  refresh(): void {
    this.list = undefined;
    this.exports.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: TenantNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: TenantNode): Promise<TenantNode[]> {
    if (!node) return this.policyNodes();
    if (node instanceof TenantPolicyNode) return this.sectionNodes(node);
    if (node instanceof TenantSectionNode) {
      const controls = [...(node.section.controls ?? [])].sort((a, b) => a.controlNumber - b.controlNumber);
      return controls.length ? controls.map((c) => new TenantControlNode(node.policy, c)) : [new MessageNode('No controls')];
    }
    if (node instanceof TenantControlNode) {
      const techs = node.control.technologies ?? [];
      return techs.length ? techs.map((t) => new TenantTechnologyNode(node.control, t)) : [new MessageNode('No technologies')];
    }
    return [];
  }

  /** The export behind a policy node (cached until refresh). */
  exportOf(policyId: number): Promise<Policy> {
    let p = this.exports.get(policyId);
    if (!p) {
      p = this.getApi().then((api) => api.exportPolicy({ policyId }));
      this.exports.set(policyId, p);
      p.catch(() => this.exports.delete(policyId));
    }
    return p;
  }

  private async policyNodes(): Promise<TenantNode[]> {
    if (!this.isSignedIn()) return [];
    try {
      this.list ??= this.getApi().then(async (api) => (await api.listTenantPolicies()).policyList);
      const list = await this.list;
      if (!list.length) return [new MessageNode('No policies in this subscription yet — import one from the Library')];
      return [...list].sort((a, b) => a.title.localeCompare(b.title)).map((p) => new TenantPolicyNode(p));
    } catch (e) {
      this.list = undefined;
      return errorNodes(e, 'qualysPolicy.refreshTenant');
    }
  }

  private async sectionNodes(node: TenantPolicyNode): Promise<TenantNode[]> {
    try {
      const policy = await this.exportOf(node.policyId);
      const sections = policy.sections ?? [];
      return sections.length ? sections.map((s) => new TenantSectionNode(policy, s)) : [new MessageNode('No sections')];
    } catch (e) {
      return errorNodes(e, 'qualysPolicy.refreshTenant');
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
