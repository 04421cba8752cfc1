/**
 * Parse once, then run features: every feature of the language service takes the
 * `ParsedPolicy` of a document instead of re-parsing the text itself.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export interface SyntaxProblem {
  offset: number;
  length: number;
  /** jsonc-parser's error code name, e.g. "CommaExpected". */
  code: string;
}

export interface ParsedPolicy {
  /** The document version this parse belongs to (the caller caches by uri+version). */
  readonly version: number;
  /** The JSON tree with offsets; undefined when the text holds no JSON value at all. */
  readonly root: Node | undefined;
  readonly syntaxErrors: readonly SyntaxProblem[];
}

/**
 * Parses leniently (comments and trailing commas are accepted so the tree stays
 * usable), and reports them as syntax errors, since Qualys takes strict JSON only.
 */
export function parsePolicy(document: TextDocument): ParsedPolicy {
  const errors: ParseError[] = [];
  const root = parseTree(document.getText(), errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: true,
  });
  return {
    version: document.version,
    root,
    syntaxErrors: errors.map((e) => ({ offset: e.offset, length: e.length, code: printParseErrorCode(e.error) })),
  };
}
