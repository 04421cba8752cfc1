/**
 * Prints a parsed PCRE pattern as RE2 syntax (linear-time, preferred) or, for what RE2
 * lacks, as a JavaScript RegExp source with the same meaning. Flags are already resolved into
 * the nodes, so neither output carries an inline flag.
 */
import type { PNode } from './ast';
import { firstOfSequence, isDeterministic, type First } from './analysis';
import * as cs from './charSet';
import type { CharSet } from './charSet';

/** Thrown by the RE2 printer: the construct needs a backtracking engine. */
export class NeedsBacktracking extends Error {}

const RE2_MAX_REPEAT = 1000;

/** What may follow an item: `end` = nothing at all; `first` = the set the rest must start with. */
export interface Follow {
  end: boolean;
  first?: CharSet;
}

const UNKNOWN: Follow = { end: false };

export function emitRe2(node: PNode, follow: Follow = { end: true }): string {
  switch (node.t) {
    case 'set':
      return printSet(node.set, 're2');
    case 'alt':
      return '(?:' + node.alts.map((a) => emitRe2(a, follow)).join('|') + ')';
    case 'seq':
      return node.items.map((item, i) => emitRe2(item, followAt(node.items, i, follow))).join('');
    case 'backref':
      throw new NeedsBacktracking('backreference');
    case 'assert':
      switch (node.kind) {
        case 'textStart':
          return '\\A';
        case 'textEnd':
          return '\\z';
        case 'lineStart':
          return '(?m:^)';
        case 'lineEnd':
          return '(?m:$)';
        case 'wordBoundary':
          return '\\b';
        case 'notWordBoundary':
          return '\\B';
        case 'textEndNl':
          // PCRE's $ also matches before a final newline. Consuming that newline is only
          // harmless when nothing of the pattern follows.
          if (follow.end) return '(?:\\n?\\z)';
          throw new NeedsBacktracking('$ followed by more pattern');
      }
      break;
    case 'group':
      if (node.kind === 'capture' || node.kind === 'plain') return '(?:' + emitRe2(node.body, follow) + ')';
      if (node.kind === 'atomic' && atomicIsPlain(node.body, follow)) return '(?:' + emitRe2(node.body, follow) + ')';
      throw new NeedsBacktracking(node.kind);
    case 'repeat': {
      if (node.min > RE2_MAX_REPEAT || (node.max !== Infinity && node.max > RE2_MAX_REPEAT)) throw new NeedsBacktracking('large repeat count');
      if (node.mode === 'possessive' && !atomicIsPlain({ ...node, mode: 'greedy' }, follow)) throw new NeedsBacktracking('possessive quantifier');
      return '(?:' + emitRe2(node.body, UNKNOWN) + ')' + quantifier(node.min, node.max) + (node.mode === 'lazy' ? '?' : '');
    }
  }
  throw new Error('unreachable');
}

/**
 * An atomic group (or possessive quantifier) only changes whether a match exists when the
 * rest of the pattern would need to backtrack into it. That cannot happen when nothing
 * follows, when the body matches in one way only, or when the body is a repeated character
 * set and what follows must start with a character outside that set (`\d++$`, `[^"]*+"`).
 */
function atomicIsPlain(body: PNode, follow: Follow): boolean {
  if (follow.end || isDeterministic(body)) return true;
  if (body.t === 'repeat' && body.body.t === 'set' && follow.first) return !cs.intersects(body.body.set, follow.first);
  return false;
}

export function followAt(items: readonly PNode[], i: number, outer: Follow): Follow {
  const rest = items.slice(i + 1);
  if (rest.length === 0) return outer;
  const f: First = firstOfSequence(rest);
  if (!f.nullable) return { end: false, first: f.set };
  if (outer.first) return { end: false, first: cs.union(f.set, outer.first) };
  return UNKNOWN;
}

export interface JsSource {
  source: string;
  flags: string;
}

/** `captures: false` prints groups as non-capturing (fine, and faster, when nothing refers back). */
export function emitJs(node: PNode, caseless: boolean, captures = true): JsSource {
  let atomicCount = 0;
  const atomic = (body: string): string => {
    // The classic emulation: a lookahead cannot be backtracked into once it has matched.
    const name = `a${++atomicCount}`;
    return `(?=(?<${name}>${body}))\\k<${name}>`;
  };
  const emit = (n: PNode): string => {
    switch (n.t) {
      case 'set':
        return printSet(n.set, 'js');
      case 'alt':
        return '(?:' + n.alts.map(emit).join('|') + ')';
      case 'seq':
        return n.items.map(emit).join('');
      case 'backref':
        return `\\k<g${n.index}>`;
      case 'assert':
        return JS_ASSERTS[n.kind];
      case 'group':
        switch (n.kind) {
          case 'capture':
            return captures ? `(?<g${n.capture}>${emit(n.body)})` : `(?:${emit(n.body)})`;
          case 'plain':
            return `(?:${emit(n.body)})`;
          case 'atomic':
            return atomic(emit(n.body));
          case 'lookahead':
            return `(?=${emit(n.body)})`;
          case 'negLookahead':
            return `(?!${emit(n.body)})`;
          case 'lookbehind':
            return `(?<=${emit(n.body)})`;
          case 'negLookbehind':
            return `(?<!${emit(n.body)})`;
        }
        break;
      case 'repeat': {
        const body = '(?:' + emit(n.body) + ')' + quantifier(n.min, n.max);
        if (n.mode === 'possessive') return atomic(body);
        return body + (n.mode === 'lazy' ? '?' : '');
      }
    }
    throw new Error('unreachable');
  };
  return { source: emit(node), flags: caseless ? 'ui' : 'u' };
}

const JS_ASSERTS: Record<string, string> = {
  textStart: '(?<![\\s\\S])',
  textEnd: '(?![\\s\\S])',
  textEndNl: '(?=\\n?(?![\\s\\S]))',
  lineStart: '(?<![^\\n])',
  lineEnd: '(?![^\\n])',
  wordBoundary: '\\b',
  notWordBoundary: '\\B',
};

function quantifier(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === Infinity) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function printSet(set: CharSet, target: 're2' | 'js'): string {
  if (set.length === 0) return target === 're2' ? '[^\\x{0}-\\x{10FFFF}]' : '[]';
  if (cs.isSingle(set)) return printChar(set[0][0], target);
  const body = set.map(([a, b]) => (a === b ? printChar(a, target) : printChar(a, target) + '-' + printChar(b, target))).join('');
  return '[' + body + ']';
}

function printChar(cp: number, target: 're2' | 'js'): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCharCode(cp);
  const hex = cp.toString(16).toUpperCase();
  return target === 're2' ? `\\x{${hex}}` : `\\u{${hex}}`;
}
