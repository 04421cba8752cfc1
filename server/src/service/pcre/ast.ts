/** The parsed form of a PCRE pattern, with every flag already resolved into the nodes. */
import type { CharSet } from './charSet';

export type AssertKind =
  | 'textStart' // \A, \G, ^ without (?m)
  | 'textEnd' // \z
  | 'textEndNl' // \Z, $ without (?m): the end, or before a final newline
  | 'lineStart' // ^ with (?m)
  | 'lineEnd' // $ with (?m)
  | 'wordBoundary'
  | 'notWordBoundary';

export type GroupKind = 'capture' | 'plain' | 'atomic' | 'lookahead' | 'negLookahead' | 'lookbehind' | 'negLookbehind';

export type QuantifierMode = 'greedy' | 'lazy' | 'possessive';

export type PNode =
  | { t: 'alt'; alts: PNode[]; offset: number }
  | { t: 'seq'; items: PNode[]; offset: number }
  | { t: 'set'; set: CharSet; offset: number }
  | { t: 'group'; kind: GroupKind; body: PNode; capture?: number; offset: number }
  | { t: 'repeat'; body: PNode; min: number; max: number; mode: QuantifierMode; offset: number }
  | { t: 'assert'; kind: AssertKind; offset: number }
  | { t: 'backref'; index: number; caseless: boolean; offset: number };

export interface ParsedPattern {
  root: PNode;
  captureCount: number;
  /** Every character item was parsed under (?i): a JS `i` flag then changes nothing else. */
  allCaseless: boolean;
  /** Where a backreference under (?i) is: JavaScript can only honour that with a global `i` flag. */
  caselessBackrefOffset?: number;
}

export const isLookaround = (k: GroupKind): boolean => k !== 'capture' && k !== 'plain' && k !== 'atomic';

export function childrenOf(node: PNode): PNode[] {
  switch (node.t) {
    case 'alt':
      return node.alts;
    case 'seq':
      return node.items;
    case 'group':
    case 'repeat':
      return [node.body];
    default:
      return [];
  }
}
