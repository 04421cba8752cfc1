/**
 * Static facts about a parsed pattern: which characters an item can start with or consume,
 * and where a backtracking engine (Qualys runs PCRE) could take exponential time.
 */
import { childrenOf, isLookaround, type PNode } from './ast';
import * as cs from './charSet';
import type { CharSet } from './charSet';

export interface First {
  /** Characters the item can start with. */
  set: CharSet;
  /** The item can match the empty string. */
  nullable: boolean;
}

export function firstOf(node: PNode): First {
  switch (node.t) {
    case 'set':
      return { set: node.set, nullable: false };
    case 'assert':
      // End assertions constrain the next character as if they consumed it: only a newline
      // (or nothing) may follow `$`, nothing may follow `\z`. That lets `\d++$` stay in RE2.
      if (node.kind === 'textEnd') return { set: cs.EMPTY, nullable: false };
      if (node.kind === 'textEndNl' || node.kind === 'lineEnd') return { set: cs.NEWLINE, nullable: false };
      return { set: cs.EMPTY, nullable: true };
    case 'backref':
      return { set: cs.ANY, nullable: true };
    case 'group':
      return isLookaround(node.kind) ? { set: cs.EMPTY, nullable: true } : firstOf(node.body);
    case 'repeat': {
      const f = firstOf(node.body);
      return { set: f.set, nullable: f.nullable || node.min === 0 };
    }
    case 'alt': {
      const fs = node.alts.map(firstOf);
      return { set: cs.union(...fs.map((f) => f.set)), nullable: fs.some((f) => f.nullable) };
    }
    case 'seq':
      return firstOfSequence(node.items);
  }
}

export function firstOfSequence(items: readonly PNode[]): First {
  const sets: CharSet[] = [];
  for (const item of items) {
    const f = firstOf(item);
    sets.push(f.set);
    if (!f.nullable) return { set: cs.union(...sets), nullable: false };
  }
  return { set: cs.union(...sets), nullable: true };
}

/** Every character the item could consume (lookarounds consume nothing). */
export function charsOf(node: PNode): CharSet {
  if (node.t === 'set') return node.set;
  if (node.t === 'backref') return cs.ANY;
  if (node.t === 'group' && isLookaround(node.kind)) return cs.EMPTY;
  return cs.union(...childrenOf(node).map(charsOf));
}

/** The item matches in exactly one way: an atomic group around it changes nothing. */
export function isDeterministic(node: PNode): boolean {
  switch (node.t) {
    case 'set':
    case 'assert':
    case 'backref':
      return true;
    case 'repeat':
      return node.min === node.max && isDeterministic(node.body);
    case 'alt':
      return false;
    case 'group':
    case 'seq':
      return childrenOf(node).every(isDeterministic);
  }
}

export interface BacktrackingRisk {
  message: string;
  offset: number;
}

/**
 * Patterns open to catastrophic backtracking: a quantified item that contains an unbounded
 * quantifier with nothing mandatory and disjoint to separate the iterations ((a+)+, (.*)*,
 * (\w+\s?)+), and alternatives under a quantifier that can start with the same character
 * ((a|a)*, (\w|\d)+). Possessive quantifiers and atomic groups are exempt: they never backtrack.
 */
export function findBacktrackingRisks(root: PNode): BacktrackingRisk[] {
  const risks: BacktrackingRisk[] = [];
  const visit = (node: PNode): void => {
    if (node.t === 'group' && node.kind === 'atomic') return;
    if (node.t === 'repeat' && node.mode !== 'possessive' && node.max > 1) {
      const inner = innerUnboundedRepeat(node.body);
      if (inner && !hasSeparator(node.body, inner)) {
        risks.push({ message: `nested quantifiers: the quantifier at offset ${inner.offset} sits inside another quantifier, so a failing match can backtrack exponentially`, offset: node.offset });
      } else {
        const overlap = overlappingAlternation(node.body);
        if (overlap) risks.push({ message: `alternatives under a quantifier can match the same text, so a failing match can backtrack exponentially`, offset: overlap.offset });
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(root);
  return risks;
}

function innerUnboundedRepeat(node: PNode): PNode | undefined {
  if (node.t === 'group' && (node.kind === 'atomic' || isLookaround(node.kind))) return undefined;
  if (node.t === 'repeat' && node.mode !== 'possessive' && node.max === Infinity) return node;
  for (const child of childrenOf(node)) {
    const found = innerUnboundedRepeat(child);
    if (found) return found;
  }
  return undefined;
}

/** The repeated body has a mandatory character item that the inner repeat cannot consume. */
function hasSeparator(body: PNode, inner: PNode): boolean {
  const innerChars = charsOf(inner);
  const items = unwrap(body);
  return items.some((item) => item !== inner && item.t === 'set' && !cs.intersects(item.set, innerChars));
}

function unwrap(node: PNode): PNode[] {
  if (node.t === 'group' && (node.kind === 'capture' || node.kind === 'plain')) return unwrap(node.body);
  if (node.t === 'seq') return node.items;
  return [node];
}

function overlappingAlternation(node: PNode): PNode | undefined {
  const items = unwrap(node);
  for (const item of items) {
    const alt = item.t === 'alt' ? item : item.t === 'group' && (item.kind === 'capture' || item.kind === 'plain') && item.body.t === 'alt' ? item.body : undefined;
    if (!alt) continue;
    const firsts = alt.alts.map((a) => firstOf(a).set);
    for (let i = 0; i < firsts.length; i++) {
      for (let j = i + 1; j < firsts.length; j++) if (cs.intersects(firsts[i], firsts[j])) return alt;
    }
  }
  return undefined;
}
