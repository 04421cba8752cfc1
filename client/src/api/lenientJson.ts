/**
 * JSON.parse that also accepts what real Qualys exports contain: raw line breaks (and other
 * control characters) inside strings, and trailing commas. Strict JSON takes the fast path.
 */

export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    const repaired = repairJson(text);
    if (repaired === text) throw strictError;
    return JSON.parse(repaired);
  }
}

/** Escapes control characters inside strings and drops commas that precede `}` or `]`. */
export function repairJson(text: string): string {
  const out: string[] = [];
  let inString = false;
  let escaped = false;
  let pendingComma = -1; // index in `out` of a comma that may turn out to be trailing
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      else if (code < 0x20) {
        out.push(code === 10 ? '\\n' : code === 13 ? '\\r' : code === 9 ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`);
        continue;
      }
      out.push(ch);
      continue;
    }
    if (ch === '"') {
      inString = true;
      pendingComma = -1;
    } else if (ch === ',') {
      pendingComma = out.length;
    } else if (ch === '}' || ch === ']') {
      if (pendingComma >= 0) out[pendingComma] = '';
      pendingComma = -1;
    } else if (!(ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t')) {
      pendingComma = -1;
    }
    out.push(ch);
  }
  return out.join('');
}
