/**
 * The live evaluations of a server, one per document that has evidence loaded.
 * Owned by the language service façade, so that its hover can merge in the hosts of a
 * control; the LSP handler loads and clears evidence and asks for lenses and summaries.
 * Evidence is dropped when the document closes (the façade's `closeDocument`) or is
 * cleared; evaluating again reloads it (tenant evidence from its cache on disk).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens, Hover, Position } from 'vscode-languageserver-types';
import type { EvidenceSource } from '../../../../common/src/evaluationProtocol';
import type { ParsedPolicy } from '../parse';
import type { EvidenceIndex } from './evidence';
import { LiveEvaluation, type UpdateResult } from './live';
import { doEvaluationHover, getEvaluationCodeLenses } from './liveFeatures';

export interface DocumentEvaluation {
  readonly live: LiveEvaluation;
  readonly source: EvidenceSource;
  /** The document version the results are for (-1 before the first update). */
  version: number;
}

export class LiveEvaluations {
  private readonly byUri = new Map<string, DocumentEvaluation>();

  /** Replaces the evidence of `uri` (the next `ensureCurrent` evaluates every control). */
  load(uri: string, evidence: EvidenceIndex, source: EvidenceSource): DocumentEvaluation {
    const entry: DocumentEvaluation = { live: new LiveEvaluation(evidence), source, version: -1 };
    this.byUri.set(uri, entry);
    return entry;
  }

  /** Drops the evidence of `uri`, or of every document; returns the uris cleared. */
  clear(uri?: string): string[] {
    const uris = uri === undefined ? [...this.byUri.keys()] : this.byUri.has(uri) ? [uri] : [];
    for (const u of uris) this.byUri.delete(u);
    return uris;
  }

  get(uri: string): DocumentEvaluation | undefined {
    return this.byUri.get(uri);
  }

  /** Brings the evaluation of `document` up to its version; undefined without evidence. */
  ensureCurrent(document: TextDocument, parsed: ParsedPolicy): (DocumentEvaluation & { update?: UpdateResult }) | undefined {
    const entry = this.byUri.get(document.uri);
    if (!entry) return undefined;
    if (entry.version === document.version) return entry;
    const update = entry.live.update(document, parsed);
    entry.version = document.version;
    return { ...entry, update };
  }

  doHover(document: TextDocument, parsed: ParsedPolicy, position: Position): Hover | null {
    const entry = this.ensureCurrent(document, parsed);
    return entry ? doEvaluationHover(document, parsed, position, entry.live) : null;
  }

  getCodeLenses(document: TextDocument, parsed: ParsedPolicy): CodeLens[] {
    const entry = this.ensureCurrent(document, parsed);
    return entry ? getEvaluationCodeLenses(document, entry.live) : [];
  }
}

/** Two hovers as one: contents joined by a rule, the first one's range. */
export function mergeHovers(first: Hover | null, second: Hover | null): Hover | null {
  if (!first || !second) return first ?? second;
  return { contents: { kind: 'markdown', value: `${markdownOf(first)}\n\n---\n\n${markdownOf(second)}` }, range: first.range ?? second.range };
}

function markdownOf(hover: Hover): string {
  const c = hover.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((m) => (typeof m === 'string' ? m : `\`\`\`${m.language}\n${m.value}\n\`\`\``)).join('\n\n');
  return 'kind' in c ? c.value : `\`\`\`${c.language}\n${c.value}\n\`\`\``;
}
