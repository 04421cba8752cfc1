/**
 * Live evaluation against posture evidence: loading evidence from a file on disk,
 * CodeLens counts, the Evaluation view's results, the push preview's summary.
 * Re-evaluates on the same debounced path as validation; the work is incremental
 * (see service/evaluation/live.ts). Hovers come through the service façade.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodeLensRefreshRequest, ResponseError, type Connection } from 'vscode-languageserver/node';
import {
  ClearEvidenceRequest,
  ControlHostsRequest,
  EvaluationClearedNotification,
  EvaluationResultsNotification,
  EvaluationSummaryRequest,
  EvaluationTargetRequest,
  LoadEvidenceRequest,
  type LoadEvidenceResult,
} from '../../../common/src/evaluationProtocol';
import { EvidenceFileError, readEvidenceFile, readEvidenceFileInWorker, type EvidenceFileResult } from '../evidenceFile';
import { EvidenceIndexBuilder } from '../service/evaluation/evidence';
import { controlHostsResult, evaluationResults, evaluationSummary } from '../service/evaluation/liveFeatures';
import { numberProperty, stringProperty } from '../service/jsonPath';
import { DEBOUNCE_MS } from './diagnostics';
import { runSafe } from './runSafe';
import { TypingScheduler } from './typingScheduler';
import type { HandlerModule, ServerContext } from './types';

/** Hosts returned by "Show Hosts for Control" when the client sets no limit. */
const DEFAULT_HOST_LIMIT = 1000;
/** LSP error code for a request the user can fix (bad file, document not open). */
const INVALID_PARAMS = -32602;

export const evaluation: HandlerModule = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(server: ServerContext): void {
    const { connection, documents, service } = server;
    const evaluations = service.evaluations;
    const onError = (e: unknown) => server.logError('Evaluation request failed', e);
    /** Per uri, what the client was last told: the lines of controls and the counts. */
    const lastSent = new Map<string, string>();

    /** Evaluates `uri` if it is stale and tells the client when what it shows changed. */
    const refresh = (uri: string, force = false): void => {
      const current = documents.getParsed(uri);
      if (!current) return;
      try {
        const entry = evaluations.ensureCurrent(current.document, current.parsed);
        if (!entry) return;
        // Cheap to compute on every keystroke; the full results (with hosts and reasons) only when it differs.
        const { document } = current;
        const signature = entry.live.controlViews.map((c) => `${c.controlId}@${document.positionAt(c.offset).line}:${c.counts.passed},${c.counts.failed},${c.counts.error},${c.counts.changed}`).join(' ');
        if (!force && lastSent.get(uri) === signature) return;
        lastSent.set(uri, signature);
        void connection.sendNotification(EvaluationResultsNotification.type, evaluationResults(document, entry.live, entry.source));
        // After an edit the client asks for lenses anyway; after a load nothing else would tell it.
        if (force) refreshCodeLenses(connection);
      } catch (e) {
        server.logError(`Evaluation of ${uri} failed`, e);
      }
    };

    const scheduler = new TypingScheduler(DEBOUNCE_MS, (uri) => refresh(uri));

    documents.onDidChangeContent(({ document }) => {
      // With live evaluation off, the Evaluation view is not updated while typing; lenses, hovers
      // and summaries still show the current text, as they are computed (incrementally) on request.
      if (evaluations.get(document.uri) && server.settings().evaluation.live) scheduler.schedule(document.uri);
    });
    documents.onDidClose(({ document }) => {
      scheduler.forget(document.uri);
      // The service dropped the document's evidence (closeDocument): the Evaluation view forgets its results too.
      if (lastSent.delete(document.uri)) void connection.sendNotification(EvaluationClearedNotification.type, { uri: document.uri });
    });

    connection.onRequest(LoadEvidenceRequest.type, async ({ uri, evidencePath, source }): Promise<LoadEvidenceResult | ResponseError<void>> => {
      const current = documents.getParsed(uri);
      if (!current) return new ResponseError(INVALID_PARAMS, `Open the policy file before loading evidence for it (${uri}).`);
      const builder = new EvidenceIndexBuilder();
      let warnings: string[];
      try {
        ({ warnings } = await readEvidence(evidencePath, builder));
      } catch (e) {
        if (e instanceof EvidenceFileError) return new ResponseError(INVALID_PARAMS, e.message);
        onError(e);
        return new ResponseError(INVALID_PARAMS, `Reading the evidence file failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      // The document may have changed while the file was read, or closed: then its evidence would outlive it.
      const now = documents.getParsed(uri);
      if (!now) return new ResponseError(INVALID_PARAMS, `The policy file was closed while its evidence was read; open it and evaluate again (${uri}).`);
      const index = builder.build({ policyId: numberProperty(now.parsed.root, 'policyId') });
      evaluations.load(uri, index, source);
      const entry = evaluations.ensureCurrent(now.document, now.parsed)!;
      const matched = entry.live.controlViews.reduce((n, c) => n + c.technologies.reduce((m, t) => m + t.postures.length, 0) + c.notEvaluated, 0);
      refresh(uri, true);
      return {
        records: index.records,
        hosts: index.hosts,
        controls: entry.live.controlViews.length,
        unmatchedRecords: index.records - matched,
        skippedRecords: index.skipped,
        warnings: [...warnings, ...index.notes],
      };
    });

    connection.onRequest(ClearEvidenceRequest.type, ({ uri }) => {
      for (const cleared of evaluations.clear(uri)) {
        lastSent.delete(cleared);
        void connection.sendNotification(EvaluationClearedNotification.type, { uri: cleared });
      }
      refreshCodeLenses(connection);
    });

    connection.onCodeLens(({ textDocument }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(textDocument.uri);
        return d ? evaluations.getCodeLenses(d.document, d.parsed) : [];
      }, onError),
    );

    connection.onRequest(EvaluationSummaryRequest.type, ({ uri }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(uri);
        const entry = d && evaluations.ensureCurrent(d.document, d.parsed);
        return d && entry ? evaluationSummary(d.document, entry.live, entry.source) : null;
      }, onError),
    );

    connection.onRequest(ControlHostsRequest.type, ({ uri, controlId, limit }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(uri);
        const view = d && evaluations.ensureCurrent(d.document, d.parsed)?.live.control(controlId);
        return d && view ? controlHostsResult(d.document, view, Math.max(1, limit ?? DEFAULT_HOST_LIMIT)) : null;
      }, onError),
    );

    connection.onRequest(EvaluationTargetRequest.type, ({ uri }, token) =>
      runSafe(token, () => {
        const d = documents.getParsed(uri);
        return d ? { policyId: numberProperty(d.parsed.root, 'policyId'), policyTitle: stringProperty(d.parsed.root, 'policyTitle') } : {};
      }, onError),
    );
  },
};

/**
 * The built worker sits beside the built server (dist/). Run from sources (tests, tsx),
 * there is none, and the file is read on this thread: still streamed, just not in parallel.
 */
const WORKER_PATH = path.join(__dirname, 'evaluationWorker.js');

function readEvidence(evidencePath: string, builder: EvidenceIndexBuilder): Promise<EvidenceFileResult> {
  return existsSync(WORKER_PATH) ? readEvidenceFileInWorker(WORKER_PATH, evidencePath, builder) : readEvidenceFile(evidencePath, builder);
}

/** Asks the client to re-request lenses, when it supports that (VS Code does). */
function refreshCodeLenses(connection: Connection): void {
  connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {
    // Clients without workspace.codeLens.refreshSupport re-request lenses on their own after edits.
  });
}
