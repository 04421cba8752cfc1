/**
 * PCRE patterns (what Qualys evaluates `re`/`xre` data points with) as safe matchers.
 *
 * The pattern is parsed (pcre/parse.ts) with every inline flag resolved, then printed as RE2
 * syntax and run by re2js in linear time. Texts short enough that a backtracking engine's
 * worst case is provably small (pcre/cost.ts) take the native RegExp instead, which is tens
 * of times faster and means the same (both are printed from one parse). Constructs RE2 lacks (backreferences, lookaround,
 * atomic groups and possessive quantifiers that matter, `$` followed by more pattern) run as
 * a JavaScript RegExp inside a `node:vm` context whose `timeout` interrupts the regex engine:
 * a bounded budget, answered as 'budget-exceeded' when it runs out.
 *
 * Qualys itself runs a backtracking PCRE with a match limit. So that a pattern PCRE cannot
 * finish is not silently reported as "no match", a pattern flagged 'catastrophic-backtracking'
 * that RE2 finds no match for is re-run with backtracking under the same budget: if the
 * budget runs out there, the answer is 'budget-exceeded' as PCRE's would have been an error.
 */
import * as vm from 'node:vm';
import { RE2JS } from 're2js';
import { findBacktrackingRisks } from './pcre/analysis';
import { backtrackingBound, longestWithin } from './pcre/cost';
import { emitJs, emitRe2, NeedsBacktracking } from './pcre/emit';
import type { ParsedPattern } from './pcre/ast';
import { parsePcre, PcreSyntaxError } from './pcre/parse';

export type PcreWarningCode = 'catastrophic-backtracking';

export interface PcreWarning {
  message: string;
  offset?: number;
  code: PcreWarningCode;
}

export interface PcreMatcher {
  /** Does the pattern match somewhere in `text` (PCRE search semantics, no implicit anchors)? */
  test(text: string): boolean | 'budget-exceeded';
  readonly pattern: string;
  /** 'linear': RE2 (re2js); 'backtracking': a JavaScript RegExp run under a time budget. */
  readonly engine: 'linear' | 'backtracking';
  /** Why the backtracking engine is needed, when it is (e.g. "backreference"). */
  readonly backtrackingReason?: string;
  /** Texts up to this length take the native RegExp fast path (linear engine only). */
  readonly nativeMaxLength?: number;
}

export type PcreCompileResult =
  | { ok: true; regex: PcreMatcher; warnings: PcreWarning[] }
  | { ok: false; message: string; offset?: number };

/** Time one backtracking run may take before it counts as out of budget. */
export const BACKTRACKING_BUDGET_MS = 100;
/**
 * Runs of one matcher that may run out of the full budget. After that, texts at least as long
 * as the shortest one that ran out are answered 'budget-exceeded' at once, and shorter ones run
 * on `TRIPPED_BUDGET_MS` (each time one runs out, the length drops): a pathological pattern
 * costs about 2 s, plus at most that budget per character of the shortest text that ran out,
 * however many postures it meets, while a short line ("b" against `^(a+)+$`) keeps its true
 * answer. Runs that finish in time never count.
 */
export const MATCHER_TIMEOUTS = 20;
/** The budget of a run once its matcher has used up `MATCHER_TIMEOUTS`. */
export const TRIPPED_BUDGET_MS = 10;
/** Worst-case steps a native RegExp may take on a text for the fast path to be used. */
export const NATIVE_STEP_BUDGET = 1_000_000;
const CACHE_SIZE = 1000;
const MEMO_SIZE = 1000;

const cache = new Map<string, PcreCompileResult>();

/** Compiles (or returns the cached compilation of) a PCRE pattern. Never throws. */
export function compilePcre(pattern: string): PcreCompileResult {
  const cached = cache.get(pattern);
  if (cached) {
    // Map order is insertion order: re-inserting makes this the most recently used entry.
    cache.delete(pattern);
    cache.set(pattern, cached);
    return cached;
  }
  const result = compilePcreUncached(pattern);
  cache.set(pattern, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result;
}

export interface PcreCompileOptions {
  /** Worst-case steps allowed on the native fast path (0: always RE2). */
  nativeStepBudget?: number;
}

/** Compiles without the cache; `options` exist for tests that compare the two engines. */
export function compilePcreUncached(pattern: string, options: PcreCompileOptions = {}): PcreCompileResult {
  let parsed;
  try {
    parsed = parsePcre(pattern);
  } catch (e) {
    if (e instanceof PcreSyntaxError) return { ok: false, message: e.message, offset: e.offset };
    return { ok: false, message: `cannot parse the pattern: ${e instanceof Error ? e.message : String(e)}` };
  }
  const warnings: PcreWarning[] = findBacktrackingRisks(parsed.root).map((r) => ({ code: 'catastrophic-backtracking', message: r.message, offset: r.offset }));

  let js: RegExp;
  try {
    const { source, flags } = emitJs(parsed.root, parsed.allCaseless);
    js = new RegExp(source, flags);
  } catch (e) {
    return { ok: false, message: `cannot compile the pattern: ${e instanceof Error ? e.message : String(e)}` };
  }
  const budgeted = new BudgetedRegExp(js);

  let re2: RE2JS | undefined;
  let reason: string | undefined;
  try {
    re2 = RE2JS.compile(emitRe2(parsed.root));
  } catch (e) {
    reason = e instanceof NeedsBacktracking ? e.message : 'not expressible in RE2';
  }
  // Short texts whose worst case is provably small run natively, whatever the engine.
  const bound = warnings.length ? undefined : backtrackingBound(parsed.root);
  const nativeLimit = bound ? longestWithin(bound, pattern.length, options.nativeStepBudget ?? NATIVE_STEP_BUDGET) : -1;
  const native = nativeLimit < 0 ? undefined : re2 ? nativeRegExp(parsed) : js;
  const nativeMaxLength = native ? nativeLimit : undefined;
  if (re2) {
    const linear = re2;
    const verify = warnings.length > 0;
    const regex: PcreMatcher = {
      pattern,
      engine: 'linear',
      nativeMaxLength,
      test: (text) => {
        if (native && text.length <= nativeLimit) return native.test(text);
        return linear.test(text) ? true : verify ? budgeted.falseUnlessOutOfBudget(text) : false;
      },
    };
    return { ok: true, regex, warnings };
  }
  if (parsed.caselessBackrefOffset !== undefined && !parsed.allCaseless) {
    return { ok: false, message: 'unsupported construct: a backreference under (?i) in a pattern that is only partly case-insensitive', offset: parsed.caselessBackrefOffset };
  }
  const regex: PcreMatcher = {
    pattern,
    engine: 'backtracking',
    backtrackingReason: reason,
    nativeMaxLength,
    test: (text) => (native && text.length <= nativeLimit ? native.test(text) : budgeted.test(text)),
  };
  return { ok: true, regex, warnings };
}

function nativeRegExp(parsed: ParsedPattern): RegExp | undefined {
  const { source, flags } = emitJs(parsed.root, parsed.allCaseless, false);
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined; // then RE2 answers every text
  }
}

let context: vm.Context | undefined;
let script: vm.Script | undefined;

/** A JavaScript RegExp run under a time budget; answers are memoised per text. */
class BudgetedRegExp {
  private timeouts = 0;
  /** Length of the shortest text that ran out of budget. */
  private shortestTimeout = Infinity;
  private readonly memo = new Map<string, boolean | 'budget-exceeded'>();

  constructor(private readonly re: RegExp) {}

  test(text: string): boolean | 'budget-exceeded' {
    const known = this.memo.get(text);
    if (known !== undefined) return known;
    const result = this.run(text);
    if (this.memo.size >= MEMO_SIZE) this.memo.clear();
    this.memo.set(text, result);
    return result;
  }

  /** RE2 already found no match: only a backtracking engine running out of budget changes that. */
  falseUnlessOutOfBudget(text: string): false | 'budget-exceeded' {
    return this.test(text) === 'budget-exceeded' ? 'budget-exceeded' : false;
  }

  private run(text: string): boolean | 'budget-exceeded' {
    const tripped = this.timeouts >= MATCHER_TIMEOUTS;
    if (tripped && text.length >= this.shortestTimeout) return 'budget-exceeded';
    context ??= vm.createContext({ r: null, s: '' });
    script ??= new vm.Script('r.test(s)');
    context.r = this.re;
    context.s = text;
    try {
      return script.runInContext(context, { timeout: tripped ? TRIPPED_BUDGET_MS : BACKTRACKING_BUDGET_MS }) === true;
    } catch (e) {
      // The timeout interrupts irregexp; a stack overflow in a deep match is out of budget too.
      if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || e instanceof RangeError || (e as Error)?.name === 'RangeError') {
        this.timeouts++;
        this.shortestTimeout = Math.min(this.shortestTimeout, text.length);
        return 'budget-exceeded';
      }
      throw e;
    } finally {
      context.s = '';
    }
  }
}
