/**
 * Is a plain `.json` file an exported Qualys policy? Used by the client to switch such
 * files to the `qualys-policy` language. Looks only at top-level keys, with a scan that
 * stops as soon as it knows (no parse, no allocation per value), so it is cheap on 10 MB.
 */

const ID_KEYS = new Set(['policyId', 'policyTitle']);
const BODY_KEYS = new Set(['sections', 'technologies']);

/** True when the top-level object has `policyId`/`policyTitle` and `sections`/`technologies`. */
export function looksLikeExportedPolicy(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n && /[\s\uFEFF]/.test(text[i])) i++;
  if (text[i] !== '{') return false;
  let depth = 0;
  let hasId = false;
  let hasBody = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      i++;
      while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      if (depth !== 1) continue;
      // A top-level key is a string followed by ':'.
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] !== ':') continue;
      const key = text.slice(start, i);
      if (ID_KEYS.has(key)) hasId = true;
      else if (BODY_KEYS.has(key)) hasBody = true;
      if (hasId && hasBody) return true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return false;
    }
  }
  return false;
}
