/**
 * The language service façade: one object per server (or CLI run) that owns the
 * settings and caches, and exposes every feature json-languageservice style
 * (`parse` once, then `doValidation(doc, parsed)`, `doHover(doc, parsed, pos)`…).
 */
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from 'vscode-languageserver-types';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../../common/src/settings';
import type { Technology } from '../model/policy';
import { getCodeActions } from './codeActions';
import { doComplete } from './completion';
import { LiveEvaluations, mergeHovers } from './evaluation/liveEvaluations';
import type { ServiceContext } from './context';
import { getFoldingRanges, type FoldingContext } from './folding';
import { doHover } from './hover';
import { parsePolicyIncrementally, reparse, type ParsedPolicy } from './parse';
import { findDocumentSymbols } from './symbols';
import { toDiagnostic, type Finding } from './validation/findings';
import { PolicyValidator } from './validation/validator';

export interface LanguageServiceParams {
  settings?: ServerSettings;
  libraryTechnologies?: readonly Technology[];
}

export interface PolicyLanguageService {
  configure(settings: ServerSettings): void;
  setLibraryTechnologies(list: readonly Technology[]): void;
  /**
   * Parses a document. With the previous parse of the same document and the content
   * changes that led from it, only the changed control is reparsed when possible.
   */
  parse(document: TextDocument, previous?: ParsedPolicy, changes?: readonly TextDocumentContentChangeEvent[]): ParsedPolicy;
  /** The incremental reparse only: undefined when it does not apply (then parse lazily). */
  reparse(document: TextDocument, previous: ParsedPolicy, changes: readonly TextDocumentContentChangeEvent[]): ParsedPolicy | undefined;
  doValidation(document: TextDocument, parsed: ParsedPolicy): Diagnostic[];
  /** The same results as offsets (the CLI and tests use them; the editor uses doValidation). */
  findProblems(document: TextDocument, parsed: ParsedPolicy): Finding[];
  getCodeActions(document: TextDocument, parsed: ParsedPolicy, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
  doComplete(document: TextDocument, parsed: ParsedPolicy, position: Position): CompletionList;
  doHover(document: TextDocument, parsed: ParsedPolicy, position: Position): Hover | null;
  findDocumentSymbols(document: TextDocument, parsed: ParsedPolicy): DocumentSymbol[];
  getFoldingRanges(document: TextDocument, parsed: ParsedPolicy, context?: FoldingContext): FoldingRange[];
  /** Drops the caches of a closed document: validation results and its live evaluation (evidence included). */
  closeDocument(uri: string): void;
  /** Live evaluations against loaded posture evidence; their hosts are merged into `doHover`. */
  readonly evaluations: LiveEvaluations;
}

export function createLanguageService(params: LanguageServiceParams = {}): PolicyLanguageService {
  const ctx: ServiceContext = {
    settings: params.settings ?? DEFAULT_SERVER_SETTINGS,
    libraryTechnologies: params.libraryTechnologies ?? [],
  };
  const validator = new PolicyValidator();
  const findProblems = (document: TextDocument, parsed: ParsedPolicy) => validator.validate(document, parsed, ctx.settings);
  const evaluations = new LiveEvaluations();
  return {
    configure(settings) {
      ctx.settings = settings;
    },
    setLibraryTechnologies(list) {
      ctx.libraryTechnologies = list;
    },
    parse: parsePolicyIncrementally,
    reparse,
    findProblems,
    doValidation: (document, parsed) => findProblems(document, parsed).map((f) => toDiagnostic(document, f)),
    getCodeActions,
    doComplete: (document, parsed, position) => doComplete(document, parsed, position, ctx),
    doHover: (document, parsed, position) => mergeHovers(doHover(document, parsed, position, ctx), evaluations.doHover(document, parsed, position)),
    findDocumentSymbols,
    getFoldingRanges,
    closeDocument: (uri) => {
      validator.forget(uri);
      // Evidence can be hundreds of MB: kept past close it would pile up per document evaluated.
      evaluations.clear(uri);
    },
    evaluations,
  };
}
