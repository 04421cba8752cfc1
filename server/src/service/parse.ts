/**
 * Parse once, then run features: every feature of the language service takes the
 * `ParsedPolicy` of a document instead of re-parsing the text itself.
 */
import type { Node } from 'jsonc-parser';
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { parseStrictJson, parseValueAt, type SyntaxProblem } from './strictJson';

export type { SyntaxProblem } from './strictJson';

export interface ParsedPolicy {
  /** The document version this parse belongs to (the caller caches by uri+version). */
  readonly version: number;
  /** The JSON tree with offsets; undefined when the text holds no JSON value at all. */
  readonly root: Node | undefined;
  readonly syntaxErrors: readonly SyntaxProblem[];
}

/**
 * Nodes whose subtree changed in place during an incremental reparse (the ancestors of
 * the reparsed part). Caches keyed by node identity must recompute these; the validator
 * takes the mark off once it has. Fresh nodes need no mark: nothing is cached for them.
 */
export const changedInPlace = new WeakSet<Node>();

/** What the incremental reparse needs to know about the text a parse came from. */
interface ParsedText extends ParsedPolicy {
  readonly textLength: number;
}

/**
 * Parses leniently (comments, trailing commas and raw newlines in strings are skipped
 * so the tree stays usable), and reports them as syntax errors, since Qualys takes
 * strict JSON only.
 */
export function parsePolicy(document: TextDocument): ParsedPolicy {
  const text = document.getText();
  const { root, problems } = parseStrictJson(text);
  const parsed: ParsedText = { version: document.version, root, syntaxErrors: problems, textLength: text.length };
  return parsed;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Like `parsePolicy`, but when `previous` is the parse of the text that `changes` turned
 * into `document`, reparses only the innermost object or array around the change and
 * shifts the offsets after it. `previous` is consumed: its tree is reused and updated in
 * place. Falls back to a full parse whenever that would not give the same tree.
 */
export function parsePolicyIncrementally(
  document: TextDocument,
  previous?: ParsedPolicy,
  changes?: readonly TextDocumentContentChangeEvent[],
): ParsedPolicy {
  return (previous && changes && reparse(document, previous, changes)) || parsePolicy(document);
}

/** Problems whose recovery scanned ahead to the end of the text: an edit anywhere can change them. */
const SCANS_AHEAD = new Set(['UnexpectedEndOfString', 'UnexpectedEndOfComment', 'NestingTooDeep']);

/**
 * The incremental reparse alone: undefined when it cannot give the same result as a full
 * parse (several changes, a change touching structure, syntax problems near the change…),
 * so callers can choose to parse lazily instead.
 *
 * Why it is exact: the text before the reparsed container is unchanged, so a full parse
 * reaches the container's start in the same state; the new container parses cleanly to
 * exactly its new end, so the full parse leaves it at the same place, and the unchanged
 * rest parses as before. Old problems outside the container move with their text.
 */
export function reparse(document: TextDocument, previous: ParsedPolicy, changes: readonly TextDocumentContentChangeEvent[]): ParsedPolicy | undefined {
  const prev = previous as ParsedText;
  if (!prev.root || prev.textLength === undefined || changes.length !== 1) return undefined;
  const change = changes[0];
  if (!('range' in change)) return undefined;
  if (prev.syntaxErrors.some((e) => SCANS_AHEAD.has(e.code))) return undefined;
  const text = document.getText();
  const delta = text.length - prev.textLength;
  // Text before the change is unchanged, so its start offset is the same in both versions.
  const start = document.offsetAt(change.range.start);
  const oldEnd = start + change.text.length - delta;
  if (oldEnd < start) return undefined;

  const target = innermostContainer(prev.root, start, oldEnd);
  if (!target) return undefined;
  const targetEnd = target.offset + target.length;
  if (prev.syntaxErrors.some((e) => e.offset <= targetEnd && e.offset + e.length >= target.offset)) return undefined;
  const newEnd = targetEnd + delta;
  const { node, end, problems } = parseValueAt(text, target.offset, newEnd);
  if (!node || problems.length > 0 || end !== newEnd || node.type !== target.type || node.offset !== target.offset || node.offset + node.length !== newEnd) {
    return undefined;
  }
  const root = target === prev.root ? node : prev.root;
  replaceNode(target, node);
  shiftAfter(root, start, oldEnd, delta, node);
  const syntaxErrors = prev.syntaxErrors.map((e) => (e.offset >= targetEnd ? { ...e, offset: e.offset + delta } : e));
  const parsed: ParsedText = { version: document.version, root, syntaxErrors, textLength: text.length };
  return parsed;
}

/** The deepest object/array whose brackets lie strictly outside [start, end]. */
function innermostContainer(root: Node, start: number, end: number): Node | undefined {
  let found: Node | undefined;
  let node: Node | undefined = root;
  while (node) {
    if ((node.type === 'object' || node.type === 'array') && node.offset < start && end < node.offset + node.length - 1) found = node;
    let next: Node | undefined;
    for (const c of node.children ?? []) {
      if (c.offset <= start && end <= c.offset + c.length) {
        next = c;
        break;
      }
      if (c.offset > end) break;
    }
    node = next;
  }
  return found;
}

function replaceNode(old: Node, fresh: Node): void {
  const parent = old.parent;
  for (let n = parent; n; n = n.parent) changedInPlace.add(n);
  (fresh as Mutable<Node>).parent = parent;
  if (!parent?.children) return;
  const i = parent.children.indexOf(old);
  if (i !== -1) parent.children[i] = fresh;
}

/** Ancestors of the change grow by `delta`; everything after it moves by `delta`. */
function shiftAfter(node: Node, start: number, oldEnd: number, delta: number, fresh: Node): void {
  if (delta === 0 || node === fresh) return;
  const m = node as Mutable<Node>;
  if (node.offset >= oldEnd) {
    moveSubtree(m, delta);
    return;
  }
  if (node.offset + node.length <= start) return;
  m.length += delta;
  if (m.colonOffset !== undefined && m.colonOffset >= oldEnd) m.colonOffset += delta;
  for (const c of node.children ?? []) shiftAfter(c, start, oldEnd, delta, fresh);
}

function moveSubtree(node: Mutable<Node>, delta: number): void {
  node.offset += delta;
  if (node.colonOffset !== undefined) node.colonOffset += delta;
  const children = node.children;
  if (children) for (let i = 0; i < children.length; i++) moveSubtree(children[i] as Mutable<Node>, delta);
}
