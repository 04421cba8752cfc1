/**
 * Folding ranges for every object and array that spans lines. One walk over the
 * parse tree; line lookups are binary searches, so 10 MB policies stay cheap.
 */
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRange } from 'vscode-languageserver-types';
import type { ParsedPolicy } from './parse';

export interface FoldingContext {
  /** Maximum number of ranges to return (the client's `rangeLimit`); the outermost are kept. */
  rangeLimit?: number;
}

export function getFoldingRanges(document: TextDocument, parsed: ParsedPolicy, context: FoldingContext = {}): FoldingRange[] {
  const found: { range: FoldingRange; depth: number }[] = [];
  const text = document.getText();
  const stack: { node: Node; depth: number }[] = parsed.root ? [{ node: parsed.root, depth: 0 }] : [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node.type === 'object' || node.type === 'array') {
      const startLine = document.positionAt(node.offset).line;
      const end = node.offset + node.length;
      // A recovered (unclosed) container has no closing bracket: fold through its last line.
      const closed = text[end - 1] === (node.type === 'object' ? '}' : ']');
      const lastLine = document.positionAt(end).line;
      // Keep the closing bracket's line visible, like VS Code's JSON folding.
      const endLine = closed ? lastLine - 1 : lastLine;
      if (endLine > startLine) found.push({ range: FoldingRange.create(startLine, endLine), depth });
    }
    const children = node.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + 1 });
  }

  // Same-line duplicates go first, so that they do not use up the limit.
  let kept = dedupeByStartLine(found);
  const limit = context.rangeLimit;
  if (limit !== undefined && kept.length > limit) {
    // The walk is depth-first in document order; re-sort what the limit reshuffled.
    kept = [...kept].sort((a, b) => a.depth - b.depth).slice(0, Math.max(0, limit));
    kept.sort((a, b) => a.range.startLine - b.range.startLine);
  }
  return kept.map((f) => f.range);
}

/** Editors fold one range per start line; keep the first (outermost) one. */
function dedupeByStartLine<T extends { range: FoldingRange }>(ranges: T[]): T[] {
  const result: T[] = [];
  let lastStart = -1;
  for (const r of ranges) {
    if (r.range.startLine === lastStart) continue;
    result.push(r);
    lastStart = r.range.startLine;
  }
  return result;
}
