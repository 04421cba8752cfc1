/**
 * Custom LSP messages of the live evaluation (posture evidence what-if), declared once
 * for both the language server and the VS Code client.
 *
 * Evidence crosses the wire as a FILE PATH, never as records: a tenant's evidence can
 * be hundreds of megabytes, and the server reads it straight from disk.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Posture statuses (the same three as the catalog's POSTURE_STATUSES). */
export type EvaluationStatus = 'Passed' | 'Failed' | 'Error';

/** Where the loaded evidence came from, shown in summaries and the Evaluation view. */
export interface EvidenceSource {
  kind: 'tenant' | 'file';
  /** E.g. "tenant evidence of 2026-11-23 09:40" or the file name. */
  label: string;
  /** ISO date the evidence was fetched (tenant) or the file was modified. */
  date?: string;
}

// ------------------------------------------------------------------ loadEvidence

export interface LoadEvidenceParams {
  /** The policy document the evidence is evaluated against. */
  uri: string;
  /** Absolute path of a JSON array of posture records, as postureInfo returns them. */
  evidencePath: string;
  source: EvidenceSource;
}

export interface LoadEvidenceResult {
  /** Posture records read from the file. */
  records: number;
  hosts: number;
  /** Controls of the document that have evidence. */
  controls: number;
  /** Records whose control is not in the document (they are ignored). */
  unmatchedRecords: number;
  /** Records skipped as unusable (no controlId/technologyId/hostId), with why. */
  skippedRecords: number;
  /** Human notes such as "the file had trailing commas; they were ignored". */
  warnings: string[];
}

/** client → server: read evidence from disk and evaluate the document against it. */
export namespace LoadEvidenceRequest {
  export const method = 'qualysPolicy/loadEvidence';
  export const type = new RequestType<LoadEvidenceParams, LoadEvidenceResult, void>(method);
}

// ----------------------------------------------------------------- clearEvidence

export interface ClearEvidenceParams {
  /** The document to clear; every document when absent. */
  uri?: string;
}

export namespace ClearEvidenceRequest {
  export const method = 'qualysPolicy/clearEvidence';
  export const type = new RequestType<ClearEvidenceParams, void, void>(method);
}

// ------------------------------------------------------------ evaluationResults

/** How one host's posture fares under the text as it stands. */
export interface HostEvaluation {
  hostId: string;
  /** DNS name, else NetBIOS name, else IP, else the host id. */
  hostName: string;
  ip?: string;
  technologyId: number;
  technologyName?: string;
  /** Collected values (evidence.currentValues), shortened for display. */
  currentValues: string[];
  /** The status Qualys recorded. */
  recordedStatus: EvaluationStatus;
  /** The status under the current text. */
  status: EvaluationStatus;
  reason: string;
}

export interface StatusCounts {
  passed: number;
  failed: number;
  error: number;
  /** Hosts whose status differs from the recorded one. */
  changed: number;
}

/** Changed hosts by the status they would move to. */
export interface FlipCounts {
  toPassed: number;
  toFailed: number;
  toError: number;
}

export interface ControlEvaluation {
  controlId: number;
  statement?: string;
  /** Zero-based line of the control in the document, for "jump to control". */
  line: number;
  counts: StatusCounts;
  /** Changed hosts, capped at `CHANGED_HOSTS_CAP` per control; `counts.changed` has the total. */
  changedHosts: HostEvaluation[];
}

export const CHANGED_HOSTS_CAP = 200;

export interface EvaluationResultsParams {
  uri: string;
  /** The document version the results belong to. */
  version: number;
  source: EvidenceSource;
  totals: StatusCounts;
  flips: FlipCounts;
  /** Controls with evidence, in document order. */
  controls: ControlEvaluation[];
}

/** server → client: the document's evaluation changed (after load, edits or clear). */
export namespace EvaluationResultsNotification {
  export const method = 'qualysPolicy/evaluationResults';
  export const type = new NotificationType<EvaluationResultsParams>(method);
}

/** server → client: the evaluation of a document was cleared (or the document closed). */
export namespace EvaluationClearedNotification {
  export const method = 'qualysPolicy/evaluationCleared';
  export const type = new NotificationType<{ uri: string }>(method);
}

// ----------------------------------------------------------- evaluationSummary

export interface EvaluationSummary {
  uri: string;
  version: number;
  source: EvidenceSource;
  totals: StatusCounts;
  flips: FlipCounts;
  /** Controls with at least one changed host. */
  changedControls: number;
  /** One line for the push preview, e.g. "This push flips 12 hosts to Failed, 3 to Passed (2 controls)". */
  text: string;
}

/** client → server: the summary of a document's evaluation; null when no evidence is loaded. */
export namespace EvaluationSummaryRequest {
  export const method = 'qualysPolicy/evaluationSummary';
  export const type = new RequestType<{ uri: string }, EvaluationSummary | null, void>(method);
}

// ------------------------------------------------------------------ controlHosts

export interface ControlHostsParams {
  uri: string;
  controlId: number;
}

export interface ControlHostsResult {
  controlId: number;
  statement?: string;
  line: number;
  counts: StatusCounts;
  /** Changed hosts first, then Failed, Error, Passed; capped at `limit`. */
  hosts: HostEvaluation[];
}

/** client → server: every evaluated host of one control (for "Show Hosts for Control"). */
export namespace ControlHostsRequest {
  export const method = 'qualysPolicy/controlHosts';
  export const type = new RequestType<ControlHostsParams & { limit?: number }, ControlHostsResult | null, void>(method);
}

// ------------------------------------------------------------- evaluationTarget

export interface EvaluationTarget {
  policyId?: number;
  policyTitle?: string;
}

/** client → server: which tenant policy a document is (the client never parses policy JSON). */
export namespace EvaluationTargetRequest {
  export const method = 'qualysPolicy/evaluationTarget';
  export const type = new RequestType<{ uri: string }, EvaluationTarget, void>(method);
}
