/**
 * A finding is a diagnostic before it has line/column positions: offsets only, so it can
 * be cached relative to its control and shifted when text before the control changes.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Severity } from '../../../../common/src/settings';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  offset: number;
  length: number;
  severity: FindingSeverity;
  /** Stable diagnostic code, e.g. "unknown-operator" (a contract: CLI users filter on it). */
  code: string;
  message: string;
  /** What the matching quick fix needs beyond the range (fixes needing structure read the tree). */
  data?: FindingData;
}

export interface FindingData {
  /** Replacement texts for the range, best first (did-you-mean). */
  replacements?: string[];
  /** The replacements are every valid value, not close matches: no fix is preferred. */
  guess?: boolean;
}

export const SOURCE = 'qualys-policy';

const LSP_SEVERITY: Record<FindingSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A copy of `f` moved by `delta` characters (cached findings are stored relative to their control). */
export function shiftFinding(f: Finding, delta: number): Finding {
  return { ...f, offset: f.offset + delta };
}

/** Applies a configured severity ("off" drops the finding). */
export function withSeverity(f: Finding, severity: Severity): Finding | undefined {
  if (severity === 'off') return undefined;
  return severity === f.severity ? f : { ...f, severity };
}

export function toDiagnostic(document: TextDocument, f: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(f.offset), end: document.positionAt(f.offset + f.length) },
    severity: LSP_SEVERITY[f.severity],
    code: f.code,
    source: SOURCE,
    message: f.message,
  };
  if (f.data) diagnostic.data = f.data;
  return diagnostic;
}
