/**
 * How collected values (X) and expected values (Y) are read and shown: integers, lines, and
 * the short quoted forms used in one-line reasons.
 */

/** An integer value: a safe Number, or a BigInt beyond 2^53 (fixed-value sentinels are 15 digits). */
export type IntegerValue = number | bigint;

const INTEGER = /^\s*[+-]?\d+\s*$/;

export function parseInteger(text: string): IntegerValue | undefined {
  if (!INTEGER.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text.trim());
}

export function compareIntegers(a: IntegerValue, b: IntegerValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Code-unit order, the way a C/Java string comparison orders strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key under which two values are equal: integers by value ("007" = "7"), others exactly. */
export function equalityKey(text: string): string {
  const n = parseInteger(text);
  return n === undefined ? 's' + text : 'i' + String(n);
}

/**
 * The lines of X: each collected value may hold several lines (split on \n, a trailing \r
 * dropped, and the empty segment after a final newline dropped). Line-based cardinalities
 * and list comparisons both work on these lines, so a value "a\nb" and the two values
 * "a", "b" evaluate the same.
 */
export function linesOf(values: readonly string[]): readonly string[] {
  let multiline = false;
  for (const v of values) {
    if (v.includes('\n')) {
      multiline = true;
      break;
    }
  }
  if (!multiline) return values;
  const lines: string[] = [];
  for (const v of values) {
    const parts = v.split('\n');
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    for (const p of parts) lines.push(p.endsWith('\r') ? p.slice(0, -1) : p);
  }
  return lines;
}

/** X is empty: nothing was collected, or only empty strings. */
export function isEmptyList(lines: readonly string[]): boolean {
  for (const l of lines) if (l !== '') return false;
  return true;
}

const MAX_SHOWN = 60;

/** A value as a reason shows it: integers bare, strings quoted, long ones cut, newlines visible. */
export function show(text: string): string {
  if (parseInteger(text) !== undefined) return text.trim();
  return quote(text);
}

export function quote(text: string): string {
  let t = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  if (t.length > MAX_SHOWN) t = t.slice(0, MAX_SHOWN - 1) + '…';
  return `'${t}'`;
}

export function showPattern(pattern: string): string {
  const p = pattern.length > MAX_SHOWN ? pattern.slice(0, MAX_SHOWN - 1) + '…' : pattern;
  return `/${p}/`;
}

/** "a, b, c" or "a, b, … (12 in all)" for reasons. */
export function showList(items: readonly string[], format: (s: string) => string = show, max = 4): string {
  if (items.length <= max) return items.map(format).join(', ');
  return items.slice(0, max).map(format).join(', ') + `, … (${items.length} in all)`;
}
