/**
 * The evaluation commands: evaluate a pulled tenant policy against its posture evidence
 * (fetched and cached by `EvidenceStore`), evaluate against a postures file, refresh,
 * clear, and list a control's hosts. The client never reads evidence or policy JSON:
 * it hands the server a file path and asks it about the document.
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ClearEvidenceRequest,
  ControlHostsRequest,
  EvaluationSummaryRequest,
  EvaluationTargetRequest,
  LoadEvidenceRequest,
  type EvaluationSummary,
  type EvidenceSource,
  type HostEvaluation,
} from '../../../common/src/evaluationProtocol';
import { LANGUAGE_ID } from '../../../common/src/protocol';
import { CRITICALITIES, POSTURE_STATUSES } from '../../../server/src/model/catalog';
import type { QualysClient } from '../api';
import { NotSignedInError, showError } from '../errors';
import { logLine } from '../output';
import { describeFilters, formatFetchDate, type EvidenceFilters, type EvidenceMetadata, EvidenceStore } from './evidenceStore';

export interface EvaluationDeps {
  client: LanguageClient;
  getApi: () => Promise<QualysClient | undefined>;
  output: vscode.OutputChannel;
}

export interface EvaluateOptions {
  /** 'use' a cached evidence file when there is one, or 'refresh' it; asked when absent. */
  cache?: 'use' | 'refresh';
  /** postureInfo filters for a fetch; asked when absent (a refresh reuses the cache's). */
  filters?: EvidenceFilters;
}

/** Hosts listed by "Show Hosts for Control". */
const HOST_PICK_LIMIT = 1000;

export class EvaluationCommands {
  readonly store: EvidenceStore;

  constructor(
    private readonly deps: EvaluationDeps,
    storageUri: vscode.Uri,
    /** Called after evidence is cleared, so the view forgets results. */
    private readonly onCleared: (uri?: string) => void,
  ) {
    this.store = new EvidenceStore(path.join(storageUri.fsPath, 'evidence'));
  }

  /**
   * "Qualys: Evaluate Policy": tenant evidence, cached or fetched. `options` answer the
   * questions in advance (scripts, tests, "evaluate after push"): `cache` says whether
   * to use a cache or refresh it, `filters` which postures to fetch.
   */
  async evaluate(target?: vscode.Uri, options: EvaluateOptions = {}): Promise<void> {
    const document = await this.policyDocument(target);
    if (!document) return;
    const policyId = await this.policyIdOf(document);
    if (policyId === undefined) return;
    const cached = await this.store.cached(policyId);
    let meta: EvidenceMetadata | undefined;
    if (cached && options.cache !== 'refresh') {
      const decided = options.cache === 'use' ? cached : await askUseCache(policyId, cached);
      if (decided === null) return;
      meta = decided;
    }
    if (!meta) {
      const filters = options.filters ?? (options.cache === 'refresh' && cached ? cached.filters : await pickFilters());
      if (!filters) return;
      meta = await this.fetch(policyId, filters);
      if (!meta) return;
    }
    await this.load(document, this.store.evidencePath(policyId), { kind: 'tenant', label: `tenant evidence of ${formatFetchDate(meta.fetchedAt)}`, date: meta.fetchedAt });
  }

  /** "Qualys: Refresh Posture Evidence": fetch again with the cached filters (or new ones). */
  refreshEvidence(target?: vscode.Uri): Promise<void> {
    return this.evaluate(target, { cache: 'refresh' });
  }

  /** "Evaluate Against Postures File…": a JSON array as postureInfo returns it. */
  async evaluateFromFile(target?: vscode.Uri, file?: vscode.Uri): Promise<void> {
    const document = await this.policyDocument(target);
    if (!document) return;
    const picked =
      file ??
      (
        await vscode.window.showOpenDialog({
          canSelectMany: false,
          openLabel: 'Evaluate',
          title: 'Posture evidence file (a JSON array as returned by postureInfo)',
          filters: { 'Posture JSON': ['json'], 'All files': ['*'] },
        })
      )?.[0];
    if (!picked) return;
    if (picked.scheme !== 'file') {
      void vscode.window.showErrorMessage('Pick a postures file on this machine’s disk (the language server reads it directly).');
      return;
    }
    let date: string | undefined;
    try {
      date = (await stat(picked.fsPath)).mtime.toISOString();
    } catch (e) {
      void showError(`Cannot read ${picked.fsPath}`, e);
      return;
    }
    await this.load(document, picked.fsPath, { kind: 'file', label: path.basename(picked.fsPath), date });
  }

  /** "Qualys: Clear Evaluation": every document's evidence. */
  async clear(): Promise<void> {
    try {
      await this.deps.client.sendRequest(ClearEvidenceRequest.type, {});
    } finally {
      this.onCleared();
    }
  }

  /** "Show Hosts for Control": a QuickPick of the control's hosts; picking one reveals the control. */
  async showControlHosts(uri?: string, controlId?: number): Promise<void> {
    if (typeof uri !== 'string' || typeof controlId !== 'number') {
      void vscode.window.showInformationMessage('Use "Show Hosts for Control" from the evaluation CodeLens above a control.');
      return;
    }
    let result;
    try {
      result = await this.deps.client.sendRequest(ControlHostsRequest.type, { uri, controlId, limit: HOST_PICK_LIMIT });
    } catch (e) {
      void showError(`Listing the hosts of control ${controlId} failed`, e);
      return;
    }
    if (!result) {
      void vscode.window.showInformationMessage(`Control ${controlId} has no posture evidence loaded.`);
      return;
    }
    const total = result.counts.passed + result.counts.failed + result.counts.error;
    const items = result.hosts.map((host) => hostItem(host));
    const pick = await vscode.window.showQuickPick(items, {
      title: `Control ${controlId}: ✓ ${result.counts.passed} · ✗ ${result.counts.failed} · ⚠ ${result.counts.error} · Δ ${result.counts.changed}${total > items.length ? ` (first ${items.length} of ${total})` : ''}`,
      placeHolder: 'Hosts, changed ones first — pick one to go to the control',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (pick) await revealLine(this.deps.client.protocol2CodeConverter.asUri(uri), result.line);
  }

  /** The push preview's line, e.g. "This push flips 12 hosts to Failed (2 controls)". */
  async summaryFor(uri: vscode.Uri): Promise<EvaluationSummary | undefined> {
    try {
      const summary = await this.deps.client.sendRequest(EvaluationSummaryRequest.type, { uri: this.deps.client.code2ProtocolConverter.asUri(uri) });
      return summary ?? undefined;
    } catch (e) {
      logLine(this.deps.output, `Evaluation summary of ${uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private async fetch(policyId: number, filters: EvidenceFilters): Promise<EvidenceMetadata | undefined> {
    let api: QualysClient | undefined;
    try {
      api = await this.deps.getApi();
      if (!api) throw new NotSignedInError();
    } catch (e) {
      void showError('Evaluate Policy', e);
      return undefined;
    }
    const client = api;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Fetching posture evidence of policy ${policyId}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        let done = 0;
        try {
          const meta = await this.store.fetch(client, policyId, filters, {
            signal: abort.signal,
            onProgress: (p) => {
              if (p.phase === 'hosts') {
                progress.report({ message: 'resolving hosts…' });
                return;
              }
              const percent = p.hostsTotal > 0 ? (100 * p.hostsDone) / p.hostsTotal : 0;
              progress.report({ message: `${p.records} postures · ${p.hostsDone}/${p.hostsTotal} hosts`, increment: percent - done });
              done = percent;
            },
          });
          logLine(this.deps.output, `Fetched ${meta.count} postures on ${meta.hosts} hosts for policy ${policyId} (${describeFilters(filters)})`);
          if (meta.hosts === 0) void vscode.window.showWarningMessage(`Policy ${policyId} applies to no host in the tenant: there is no evidence to evaluate.`);
          return meta;
        } catch (e) {
          if (abort.signal.aborted) {
            void vscode.window.showInformationMessage('Fetching posture evidence was cancelled; the previously cached evidence is unchanged.');
            return undefined;
          }
          void showError(`Fetching posture evidence of policy ${policyId} failed`, e, () => this.fetch(policyId, filters));
          return undefined;
        } finally {
          subscription.dispose();
        }
      },
    );
  }

  private async load(document: vscode.TextDocument, evidencePath: string, source: EvidenceSource): Promise<void> {
    const { client, output } = this.deps;
    const uri = client.code2ProtocolConverter.asUri(document.uri);
    try {
      const loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Evaluating policy against posture evidence' }, () =>
        client.sendRequest(LoadEvidenceRequest.type, { uri, evidencePath, source }),
      );
      for (const warning of loaded.warnings) logLine(output, `Evidence ${source.label}: ${warning}`);
      const summary = await client.sendRequest(EvaluationSummaryRequest.type, { uri });
      const skipped = loaded.skippedRecords > 0 ? ` ${loaded.skippedRecords} unusable record(s) skipped (see Output).` : '';
      const unmatched = loaded.unmatchedRecords > 0 ? ` ${loaded.unmatchedRecords} posture(s) are for controls not in this file.` : '';
      const flips = summary && summary.totals.changed > 0 ? ` ${summary.text.replace(/^This push/, 'The current text')}` : ' The current text reproduces every recorded status.';
      void vscode.window.showInformationMessage(`Evaluated ${loaded.records} postures on ${loaded.hosts} hosts (${loaded.controls} controls) against ${source.label}.${flips}${unmatched}${skipped}`);
    } catch (e) {
      void showError('Evaluation failed', e);
    }
  }

  /** The policy document to evaluate: the given one, or the active editor's. */
  private async policyDocument(target?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : undefined;
    if (!document || document.languageId !== LANGUAGE_ID) {
      void vscode.window.showErrorMessage('Open a Qualys policy file (*.policy.json) in the editor first, then evaluate it.');
      return undefined;
    }
    return document;
  }

  private async policyIdOf(document: vscode.TextDocument): Promise<number | undefined> {
    const { client } = this.deps;
    const target = await client.sendRequest(EvaluationTargetRequest.type, { uri: client.code2ProtocolConverter.asUri(document.uri) });
    if (target.policyId === undefined) {
      const choice = await vscode.window.showErrorMessage(
        'This file has no numeric policyId, so it is not a policy pulled from the tenant. Evaluate it against a postures file instead?',
        'Evaluate Against Postures File…',
      );
      if (choice) await this.evaluateFromFile(document.uri);
      return undefined;
    }
    return target.policyId;
  }
}

/** The cache (use it), undefined (refresh), or null when the user backs out. */
async function askUseCache(policyId: number, cached: EvidenceMetadata): Promise<EvidenceMetadata | undefined | null> {
  const use = `Use cached evidence from ${formatFetchDate(cached.fetchedAt)}`;
  const choice = await vscode.window.showQuickPick(
    [
      { label: use, detail: `${cached.count} postures on ${cached.hosts} hosts · ${describeFilters(cached.filters)}` },
      { label: 'Refresh from the tenant', detail: 'Fetch the posture evidence again (hostids, then postureInfo with evidence)' },
    ],
    { title: `Evaluate policy ${policyId}`, placeHolder: 'Posture evidence to evaluate against' },
  );
  if (!choice) return null;
  return choice.label === use ? cached : undefined;
}

/** Status and criticality filters for postureInfo; undefined when the user backs out. */
async function pickFilters(): Promise<EvidenceFilters | undefined> {
  const statuses = await vscode.window.showQuickPick(
    POSTURE_STATUSES.map((s) => ({ label: s, picked: true })),
    { title: 'Evaluate Policy: posture statuses to fetch (1/2)', placeHolder: 'Statuses to fetch (none selected = all)', canPickMany: true },
  );
  if (!statuses) return undefined;
  const criticalities = await vscode.window.showQuickPick(
    CRITICALITIES.filter((c) => !c.aliasOf).map((c) => ({ label: c.name, description: String(c.value), detail: c.meaning, picked: true, value: c.value })),
    { title: 'Evaluate Policy: control criticalities to fetch (2/2)', placeHolder: 'Criticalities to fetch (none selected = all)', canPickMany: true },
  );
  if (!criticalities) return undefined;
  const all = (picked: number, of: number): boolean => picked === 0 || picked === of;
  return {
    statuses: all(statuses.length, POSTURE_STATUSES.length) ? [] : statuses.map((s) => s.label),
    criticalities: all(criticalities.length, CRITICALITIES.filter((c) => !c.aliasOf).length) ? [] : criticalities.map((c) => c.value),
  };
}

function hostItem(host: HostEvaluation): vscode.QuickPickItem {
  const changed = host.status !== host.recordedStatus;
  const icon = changed ? '$(arrow-swap)' : host.status === 'Passed' ? '$(pass)' : host.status === 'Failed' ? '$(error)' : '$(warning)';
  return {
    label: `${icon} ${host.hostName}`,
    description: `${host.ip && host.ip !== host.hostName ? `${host.ip} · ` : ''}${host.technologyName ?? host.technologyId} · ${changed ? `${host.recordedStatus} → ${host.status}` : host.status}`,
    detail: `${host.reason} — values: ${host.currentValues.join(', ') || '(empty)'}`,
  };
}

/** Opens `uri` with the cursor at the start of `line`, centred. */
export async function revealLine(uri: vscode.Uri, line: number): Promise<void> {
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preserveFocus: false });
  vscode.window.activeTextEditor?.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
