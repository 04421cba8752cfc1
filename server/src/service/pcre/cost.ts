/**
 * A worst-case bound on the work of a backtracking engine, so short texts can take the
 * native JavaScript RegExp (tens of times faster than re2js) without ever risking a hang.
 *
 * For patterns whose every variable repeat has a body that matches in exactly one way (`\s*`, `[^=]+`,
 * `(ab)*`), the number of ways the pattern can match from one start position is at most
 * c·(n+1)^d for a text of length n: each *ambiguous* repeat multiplies the ways by n+1, and
 * alternations add. A repeat is not ambiguous when what follows must start with a character
 * its body cannot start with: backtracking into it then fails at once (`\s*=` , `\d+$`).
 * Every way costs at most one pass over text and pattern. Patterns outside this class
 * (nested quantifiers, alternation under a quantifier) get no bound and always use RE2.
 */
import { childrenOf, type PNode } from './ast';
import { firstOf, isDeterministic } from './analysis';
import * as cs from './charSet';
import { followAt, type Follow } from './emit';

interface Ways {
  coef: number;
  degree: number;
}

export interface BacktrackingBound {
  readonly ways: Ways;
  /** The pattern starts with \A or ^: one start position instead of n+1. */
  readonly anchored: boolean;
  readonly repeats: number;
}

export function backtrackingBound(root: PNode): BacktrackingBound | undefined {
  const ways = waysOf(root, { end: true });
  if (!ways) return undefined;
  return { ways, anchored: isAnchored(root), repeats: countRepeats(root) };
}

/** The longest text whose worst case stays within `budget` steps (0 when none does). */
export function longestWithin(bound: BacktrackingBound, patternLength: number, budget: number): number {
  const work = (n: number): number => (bound.anchored ? 1 : n + 1) * bound.ways.coef * (n + 1) ** bound.ways.degree * (n * (bound.repeats + 1) + patternLength);
  if (work(0) > budget) return 0;
  let lo = 0;
  let hi = 1;
  while (hi < 1 << 24 && work(hi) <= budget) {
    lo = hi;
    hi *= 2;
  }
  if (hi >= 1 << 24) return lo;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (work(mid) <= budget) lo = mid;
    else hi = mid;
  }
  return lo;
}

const ONE: Ways = { coef: 1, degree: 0 };

function waysOf(node: PNode, follow: Follow): Ways | undefined {
  switch (node.t) {
    case 'set':
    case 'assert':
    case 'backref': // compares once, in at most n steps
      return ONE;
    case 'group':
      // A lookaround or atomic group offers one way on, after searching its body once: bounded
      // as if the body were plain, with nothing known about what follows it.
      return waysOf(node.body, node.kind === 'capture' || node.kind === 'plain' ? follow : { end: false });
    case 'alt': {
      let coef = 0;
      let degree = 0;
      for (const a of node.alts) {
        const w = waysOf(a, follow);
        if (!w) return undefined;
        coef += w.coef;
        degree = Math.max(degree, w.degree);
      }
      return { coef, degree };
    }
    case 'seq': {
      let coef = 1;
      let degree = 0;
      for (let i = 0; i < node.items.length; i++) {
        const w = waysOf(node.items[i], followAt(node.items, i, follow));
        if (!w) return undefined;
        coef *= w.coef;
        degree += w.degree;
      }
      return { coef, degree };
    }
    case 'repeat': {
      if (!isDeterministic(node.body)) return undefined;
      if (node.min === node.max || node.mode === 'possessive') return ONE;
      const first = firstOf(node.body);
      if (!first.nullable && follow.first && !cs.intersects(first.set, follow.first)) return ONE;
      const choices = node.max - node.min + 1;
      return choices <= 16 ? { coef: choices, degree: 0 } : { coef: 1, degree: 1 };
    }
  }
}

function isAnchored(node: PNode): boolean {
  switch (node.t) {
    case 'assert':
      return node.kind === 'textStart';
    case 'seq':
      return node.items.length > 0 && isAnchored(node.items[0]);
    case 'alt':
      return node.alts.every(isAnchored);
    case 'group':
      return (node.kind === 'capture' || node.kind === 'plain') && isAnchored(node.body);
    default:
      return false;
  }
}

function countRepeats(node: PNode): number {
  return (node.t === 'repeat' || node.t === 'backref' ? 1 : 0) + childrenOf(node).reduce((n, c) => n + countRepeats(c), 0);
}
