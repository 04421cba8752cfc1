/**
 * Read-only virtual documents: library policies (`qualys-library:/<policyId>/<slug>.policy.json`,
 * with full language features) and tenant snapshots for diff editors
 * (`qualys-tenant:/<policyId>/<name>.policy.json`).
 */
import * as vscode from 'vscode';
import type { QualysClient } from '../api';
import type { Policy } from '../../../server/src/model/policy';
import { policyFileName, serializePolicy } from '../sync/policyFile';

export const LIBRARY_SCHEME = 'qualys-library';
export const TENANT_SNAPSHOT_SCHEME = 'qualys-tenant';

export function libraryUri(policy: { policyId: number; policyTitle: string }): vscode.Uri {
  return vscode.Uri.from({ scheme: LIBRARY_SCHEME, path: `/${policy.policyId}/${policyFileName(policy)}` });
}

function policyIdOf(uri: vscode.Uri): number {
  const id = Number(uri.path.split('/')[1]);
  if (!Number.isInteger(id)) throw new Error(`${uri.toString()} does not name a policy`);
  return id;
}

export class LibraryDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly getApi: () => Promise<QualysClient>) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const api = await this.getApi();
    const policy = await api.getLibraryPolicy({ policyId: policyIdOf(uri), details: 'full' }, controller.signal);
    return serializePolicy(policy);
  }
}

/** Holds tenant exports in memory for diff editors; each show replaces the previous snapshot. */
export class TenantSnapshotProvider implements vscode.TextDocumentContentProvider {
  private readonly snapshots = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  put(policy: Policy, label = 'tenant'): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: TENANT_SNAPSHOT_SCHEME, path: `/${policy.policyId}/${label}/${policyFileName(policy)}` });
    this.snapshots.set(uri.toString(), serializePolicy(policy));
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.snapshots.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
