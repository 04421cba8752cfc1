/** Did-you-mean: the closest known names to a misspelled one. */

function distance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * Known names close to `input` (case-insensitive edit distance), best first.
 * `aliases` maps other spellings users write (labels, symbols) to a known name.
 */
export function suggest(input: string, known: readonly string[], aliases: ReadonlyMap<string, string> = new Map()): string[] {
  const needle = input.trim().toLowerCase();
  const alias = aliases.get(needle);
  const scored: [string, number][] = [];
  for (const name of known) {
    const d = distance(needle, name.toLowerCase());
    const limit = Math.max(1, Math.floor(name.length / 3));
    if (d <= limit) scored.push([name, d]);
  }
  scored.sort((x, y) => x[1] - y[1]);
  const names = scored.map(([n]) => n);
  if (alias) return [alias, ...names.filter((n) => n !== alias)];
  return names.slice(0, 3);
}

/** "Did you mean 'x'?" or "" when there is no suggestion. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  return ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?`;
}
