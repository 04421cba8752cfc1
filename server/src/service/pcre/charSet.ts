/**
 * Sets of code points as sorted, disjoint, non-adjacent inclusive ranges.
 * Every single-character item of a pattern (a literal, `.`, `\d`, a class) becomes one of these,
 * so case folding and the (?s) flag are resolved once, while parsing, and both emitters
 * (RE2 and JavaScript) print plain classes that carry no flag.
 */

export type Range = readonly [number, number];
export type CharSet = readonly Range[];

export const MAX_CODE_POINT = 0x10ffff;
export const EMPTY: CharSet = [];
export const ANY: CharSet = [[0, MAX_CODE_POINT]];

export function single(cp: number): CharSet {
  return [[cp, cp]];
}

export function fromRanges(ranges: Iterable<Range>): CharSet {
  const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function union(...sets: CharSet[]): CharSet {
  return fromRanges(sets.flat());
}

export function negate(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of set) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

export function intersects(x: CharSet, y: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i][1] < y[j][0]) i++;
    else if (y[j][1] < x[i][0]) j++;
    else return true;
  }
  return false;
}

export function isSingle(set: CharSet): boolean {
  return set.length === 1 && set[0][0] === set[0][1];
}

/**
 * Simple case folding, like PCRE's caseless mode without UCP: every code point gains its
 * one-code-point upper and lower case. Large ranges fold only their ASCII/Latin-1 part,
 * which keeps folding cheap for `[^x]`-style classes that already contain both cases.
 */
export function caseFold(set: CharSet): CharSet {
  const extra: Range[] = [];
  for (const [a, b] of set) {
    const lo = a;
    const hi = b - a > 4000 ? Math.min(b, 0x24f) : b;
    for (let cp = lo; cp <= hi; cp++) {
      for (const other of [String.fromCodePoint(cp).toLowerCase(), String.fromCodePoint(cp).toUpperCase()]) {
        const o = other.codePointAt(0)!;
        if (o !== cp && other.length === String.fromCodePoint(o).length) extra.push([o, o]);
      }
    }
  }
  return extra.length ? union(set, extra) : set;
}

const r = (a: string, b: string = a): Range => [a.codePointAt(0)!, b.codePointAt(0)!];

export const DIGIT: CharSet = [r('0', '9')];
export const WORD: CharSet = fromRanges([r('0', '9'), r('A', 'Z'), r('_'), r('a', 'z')]);
/** PCRE's \s: space, \t \n \v \f \r (PCRE includes VT since 8.34). */
export const SPACE: CharSet = fromRanges([[9, 13], [32, 32]]);
/** PCRE's \h: horizontal white space. */
export const HSPACE: CharSet = fromRanges([[9, 9], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x180e, 0x180e], [0x2000, 0x200a], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]]);
/** PCRE's \v: vertical white space (not the VT character, unlike JavaScript). */
export const VSPACE: CharSet = fromRanges([[10, 13], [0x85, 0x85], [0x2028, 0x2029]]);
export const NEWLINE: CharSet = single(10);

/** POSIX bracket classes as PCRE defines them without UCP (ASCII only). */
export const POSIX_CLASSES: Readonly<Record<string, CharSet>> = {
  alnum: fromRanges([r('0', '9'), r('A', 'Z'), r('a', 'z')]),
  alpha: fromRanges([r('A', 'Z'), r('a', 'z')]),
  ascii: [[0, 127]],
  blank: fromRanges([[9, 9], [32, 32]]),
  cntrl: fromRanges([[0, 31], [127, 127]]),
  digit: DIGIT,
  graph: [[33, 126]],
  lower: [r('a', 'z')],
  print: [[32, 126]],
  punct: fromRanges([[33, 47], [58, 64], [91, 96], [123, 126]]),
  space: SPACE,
  upper: [r('A', 'Z')],
  word: WORD,
  xdigit: fromRanges([r('0', '9'), r('A', 'F'), r('a', 'f')]),
};
