/**
 * `re`/`xre` values must be valid PCRE (Qualys evaluates them with PCRE, so `(?i)`, `\A`,
 * `\Z`, possessive quantifiers… are fine). Patterns open to catastrophic backtracking
 * get a warning. The PCRE front end (`pcre.ts`) is shared with the evaluation engine.
 */
import type { Node } from 'jsonc-parser';
import { compilePcre } from '../pcre';
import type { Finding } from './findings';

/** Compiling is the costly part of validation: results are kept per pattern. */
const cache = new Map<string, Finding[]>();
const CACHE_LIMIT = 5000;

/** Findings for one pattern, with offsets relative to the pattern's string node start (0 = the quote). */
function checkPattern(pattern: string): Finding[] {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const result = compilePcre(pattern);
  const findings: Finding[] = [];
  if (!result.ok) {
    findings.push({ offset: 0, length: 0, severity: 'error', code: 'invalid-regex', message: `Invalid PCRE pattern: ${result.message}${result.offset !== undefined ? ` (at character ${result.offset + 1})` : ''}.` });
  } else {
    for (const w of result.warnings) {
      if (w.code === 'catastrophic-backtracking') {
        findings.push({ offset: 0, length: 0, severity: 'warning', code: 'regex-backtracking', message: `This pattern may backtrack catastrophically on long values: ${w.message}` });
      }
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, findings);
  return findings;
}

/** Checks every string in a `v` array as a PCRE pattern. */
export function validateRegexValues(v: Node): Finding[] {
  const findings: Finding[] = [];
  for (const item of v.children ?? []) {
    if (item.type !== 'string') continue;
    for (const f of checkPattern(item.value as string)) {
      findings.push({ ...f, offset: item.offset, length: item.length });
    }
  }
  return findings;
}
