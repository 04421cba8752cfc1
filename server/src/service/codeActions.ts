/**
 * Quick fixes for the validator's findings. Each fix reads what it needs from the
 * diagnostic's `data` (set by the rule that found the problem) or from the parse tree.
 */
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { ParsedPolicy } from './parse';
import { SOURCE, type FindingData } from './validation/findings';
import { propertyDeletionRange, propertyNode } from './validation/nodes';
import { findNodeAtOffset } from 'jsonc-parser';

function fix(document: TextDocument, title: string, diagnostic: Diagnostic | undefined, edits: TextEdit[], isPreferred = false): CodeAction {
  const action: CodeAction = { title, kind: CodeActionKind.QuickFix, edit: { changes: { [document.uri]: edits } } };
  if (diagnostic) action.diagnostics = [diagnostic];
  if (isPreferred) action.isPreferred = true;
  return action;
}

function rangeOf(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

const REPLACE_TITLES: Record<string, string> = {
  'unknown-operator': 'Change operator to',
  'unknown-cardinality': 'Change cardinality to',
  'schema-enum': 'Change to',
  'unknown-field': 'Rename field to',
  'fv-set-invalid': "Set 'set' to",
  'section-number-mismatch': 'Change sectionNumber to',
  'technology-name-mismatch': 'Change technologyName to',
};

export function getCodeActions(document: TextDocument, parsed: ParsedPolicy, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string') continue;
    const data = (d.data ?? {}) as FindingData;
    const title = REPLACE_TITLES[d.code];
    if (title && data.replacements?.length) {
      data.replacements.forEach((r, i) => actions.push(fix(document, `${title} ${r}`, d, [{ range: d.range, newText: r }], i === 0 && !data.guess)));
      continue;
    }
    switch (d.code) {
      case 'cardinality-not-applicable': {
        // From the tree, not from offsets kept in `data`: the text may have moved since validation.
        const prop = propertyAt(parsed, document.offsetAt(d.range.start));
        if (prop) {
          const del = propertyDeletionRange(document.getText(), prop);
          actions.push(fix(document, "Remove the meaningless 'cd'", d, [{ range: rangeOf(document, del.offset, del.length), newText: '' }], true));
        }
        break;
      }
      case 'control-number-sequence': {
        const edits = renumberControls(document, parsed, document.offsetAt(d.range.start));
        if (edits.length) actions.push(fix(document, 'Renumber the controls of this section 1, 2, 3…', d, edits, true));
        break;
      }
      case 'trailing-comma':
      case 'json-comment':
        actions.push(fix(document, d.code === 'trailing-comma' ? 'Remove trailing comma' : 'Remove comment', d, [{ range: d.range, newText: '' }], true));
        break;
      case 'invalid-whitespace': {
        const edits = [...document.getText().matchAll(/[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]+/g)]
          .filter((m) => isOutsideStrings(parsed, m.index))
          .map((m) => ({ range: rangeOf(document, m.index, m[0].length), newText: ' '.repeat(m[0].length) }));
        if (edits.length) actions.push(fix(document, 'Replace every non-JSON space in the file with a plain space', d, edits, true));
        break;
      }
      case 'string-newline': {
        const edit = escapeString(document, parsed, document.offsetAt(d.range.start));
        if (edit) actions.push(fix(document, 'Escape the line breaks in this string', d, [edit], true));
        break;
      }
    }
  }
  actions.push(...renameRational(document, parsed, range));
  return actions;
}

/** The property whose key or value is at `offset`. */
function propertyAt(parsed: ParsedPolicy, offset: number): Node | undefined {
  const node = parsed.root && findNodeAtOffset(parsed.root, offset, true);
  return node?.type === 'property' ? node : node?.parent?.type === 'property' ? node.parent : undefined;
}

/** Sets controlNumber of every control of the section holding the node at `offset` to its position (1-based). */
function renumberControls(document: TextDocument, parsed: ParsedPolicy, offset: number): TextEdit[] {
  // controlNumber value → property → control → controls array.
  const controls = propertyAt(parsed, offset)?.parent?.parent;
  if (controls?.type !== 'array' || controls.parent?.children?.[0]?.value !== 'controls') return [];
  const edits: TextEdit[] = [];
  (controls.children ?? []).forEach((control, i) => {
    const number = control.type === 'object' ? propertyNode(control, 'controlNumber')?.children?.[1] : undefined;
    if (number && number.value !== i + 1) edits.push({ range: rangeOf(document, number.offset, number.length), newText: String(i + 1) });
  });
  return edits;
}

/** Is `offset` outside every string value (where a Unicode space is not content)? */
function isOutsideStrings(parsed: ParsedPolicy, offset: number): boolean {
  const node = parsed.root && findNodeAtOffset(parsed.root, offset, false);
  return node?.type !== 'string' || offset === node.offset || offset >= node.offset + node.length;
}

/** Rewrites the string at `offset` with its line breaks escaped. */
function escapeString(document: TextDocument, parsed: ParsedPolicy, offset: number): TextEdit | undefined {
  if (!parsed.root) return undefined;
  const node = findNodeAtOffset(parsed.root, offset, true);
  if (node?.type !== 'string') return undefined;
  return { range: rangeOf(document, node.offset, node.length), newText: JSON.stringify(node.value) };
}

/**
 * `rational` is the legacy spelling Qualys still exports; offer the modern one when the
 * cursor is on it and the technology has no `rationale` yet. Not a problem, so no diagnostic.
 */
function renameRational(document: TextDocument, parsed: ParsedPolicy, range: Range): CodeAction[] {
  if (!parsed.root) return [];
  const node: Node | undefined = findNodeAtOffset(parsed.root, document.offsetAt(range.start), true);
  const prop = node?.type === 'property' ? node : node?.parent?.type === 'property' ? node.parent : undefined;
  const key = prop?.children?.[0];
  if (key?.value !== 'rational' || !prop?.parent || propertyNode(prop.parent, 'rationale')) return [];
  return [
    {
      title: "Rename legacy 'rational' to 'rationale'",
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [document.uri]: [{ range: rangeOf(document, key.offset, key.length), newText: '"rationale"' }] } },
    },
  ];
}
