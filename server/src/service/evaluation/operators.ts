/**
 * Each operator and cardinality of the catalog as an evaluator over the collected values.
 *
 * Decisions where Qualys documents nothing (tested in test/unit/evaluation/engine.test.ts):
 * - Scalar operators (eq ne lt le gt ge in range) apply to every collected value; the
 *   posture passes when all of them satisfy it (there is normally exactly one). Nothing
 *   collected fails.
 * - `eq`…`ge` compare as integers when both sides are integers, else as strings in
 *   code-unit order. `in` and `xeq` treat equal integers as equal ("007" = "7").
 * - `re`, `xre` and `xeq` work on lines: every collected value is split on \n (see
 *   `linesOf`). X is empty when no line has any text.
 * - Cardinalities are plain logic over those lines, including on an empty X: `match all`
 *   and `is contained in` hold, `match any`, `contain` and `intersect` do not.
 * - A regular expression that runs out of its backtracking budget on a line that decides
 *   the result makes the posture Error, never a guess.
 */
import type { CardinalitySemantic, OperatorInfo } from '../../model/catalog';
import { getCardinality } from '../../model/catalog';
import { compilePcre, type PcreMatcher } from '../pcre';
import type { EvaluationOutcome } from './engine';
import { compareIntegers, compareStrings, equalityKey, isEmptyList, linesOf, parseInteger, quote, show, showList, showPattern } from './values';

export type OperatorEvaluator = (values: readonly string[]) => EvaluationOutcome;

const passed = (reason: string): EvaluationOutcome => ({ status: 'Passed', reason });
const failed = (reason: string): EvaluationOutcome => ({ status: 'Failed', reason });
const error = (reason: string): EvaluationOutcome => ({ status: 'Error', reason });

/** Returns the evaluator, or why the data point cannot be evaluated. */
export function compileOperator(op: OperatorInfo, cd: string | undefined, v: readonly string[]): OperatorEvaluator | string {
  switch (op.name) {
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return everyValue(op.name, compareWith(op.name, v[0]));
    case 'in':
      return everyValue('in', inList(v));
    case 'range':
      return rangeOf(v);
    case 're':
    case 'xre':
    case 'xeq': {
      const semantic = getCardinality(cd ?? '')!.semantic;
      if (semantic === 'empty' || semantic === 'notEmpty') return emptiness(semantic, cd!);
      const items = op.name === 'xeq' ? equalityItems(v) : regexItems(v);
      if (typeof items === 'string') return items;
      return op.name === 're' ? lineCardinality(semantic, cd!, items) : listCardinality(semantic, cd!, items);
    }
  }
}

type ValueCheck = (x: string) => { ok: boolean; reason: string };

function everyValue(opName: string, check: ValueCheck): OperatorEvaluator {
  return (values) => {
    if (values.length === 0) return failed(`no value collected (${opName})`);
    if (values.length === 1) {
      const r = check(values[0]);
      return r.ok ? passed(r.reason) : failed(r.reason);
    }
    for (let i = 0; i < values.length; i++) {
      const r = check(values[i]);
      if (!r.ok) return failed(`value ${i + 1} of ${values.length}: ${r.reason}`);
    }
    return passed(`all ${values.length} values: ${check(values[0]).reason}`);
  };
}

const ACCEPTS: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
};

function compareWith(opName: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', y: string): ValueCheck {
  const yInt = parseInteger(y);
  const accepts = ACCEPTS[opName];
  const ordering = opName !== 'eq' && opName !== 'ne';
  return (x) => {
    const xInt = yInt === undefined ? undefined : parseInteger(x);
    const asIntegers = xInt !== undefined && yInt !== undefined;
    const c = asIntegers ? compareIntegers(xInt, yInt) : compareStrings(x, y);
    const relation = !ordering ? (c === 0 ? '=' : '!=') : c < 0 ? '<' : c > 0 ? '>' : '=';
    const note = ordering && !asIntegers ? ', compared as text' : '';
    return { ok: accepts(c), reason: `${show(x)} ${relation} ${show(y)} (${opName}${note})` };
  };
}

function inList(v: readonly string[]): ValueCheck {
  const keys = new Set(v.map(equalityKey));
  const list = showList(v);
  return (x) => (keys.has(equalityKey(x)) ? { ok: true, reason: `${show(x)} is one of ${list} (in)` } : { ok: false, reason: `${show(x)} is not one of ${list} (in)` });
}

function rangeOf(v: readonly string[]): OperatorEvaluator | string {
  const a = parseInteger(v[0]);
  const b = parseInteger(v[1]);
  if (a === undefined || b === undefined) return `range bounds must be integers (got ${show(v[0])}, ${show(v[1])})`;
  const [lo, hi] = compareIntegers(a, b) <= 0 ? [a, b] : [b, a];
  const bounds = `${lo}..${hi}`;
  return everyValue('range', (x) => {
    const n = parseInteger(x);
    if (n === undefined) return { ok: false, reason: `${show(x)} is not an integer (range ${bounds})` };
    const inside = compareIntegers(n, lo) >= 0 && compareIntegers(n, hi) <= 0;
    return { ok: inside, reason: `${x.trim()} is ${inside ? 'within' : 'outside'} ${bounds} (range)` };
  });
}

function emptiness(semantic: 'empty' | 'notEmpty', cd: string): OperatorEvaluator {
  return (values) => {
    const lines = linesOf(values);
    const empty = isEmptyList(lines);
    const what = empty ? 'nothing collected' : `${count(lines.length)} collected, first ${quote(lines.find((l) => l !== '')!)}`;
    return (semantic === 'empty') === empty ? passed(`${what} (${cd})`) : failed(`${what} (${cd})`);
  };
}

/** One entry of Y, with how a line is tested against it. */
interface Items {
  readonly count: number;
  /** Does line x match item j? */
  test(x: string, j: number): boolean | 'budget-exceeded';
  show(j: number): string;
  showAll(): string;
}

function equalityItems(v: readonly string[]): Items {
  const keys = v.map(equalityKey);
  return {
    count: v.length,
    test: (x, j) => equalityKey(x) === keys[j],
    show: (j) => show(v[j]),
    showAll: () => showList(v),
  };
}

function regexItems(v: readonly string[]): Items | string {
  const matchers: PcreMatcher[] = [];
  for (const pattern of v) {
    const r = compilePcre(pattern);
    if (!r.ok) return `invalid regular expression ${showPattern(pattern)}: ${r.message}${r.offset !== undefined ? ` at offset ${r.offset}` : ''}`;
    matchers.push(r.regex);
  }
  return {
    count: v.length,
    test: (x, j) => matchers[j].test(x),
    show: (j) => showPattern(v[j]),
    showAll: () => showList(v, showPattern),
  };
}

function outOfBudget(items: Items, j: number, line: number): EvaluationOutcome {
  return error(`${items.show(j)} ran out of its backtracking budget on line ${line} (catastrophic backtracking; PCRE would hit its match limit)`);
}

const count = (n: number): string => `${n} line${n === 1 ? '' : 's'}`;

/** `re`: the lines of X against one pattern. */
function lineCardinality(semantic: CardinalitySemantic, cd: string, items: Items): OperatorEvaluator {
  const pattern = items.show(0);
  return (values) => {
    const lines = linesOf(values);
    let budgetLine = 0;
    for (let i = 0; i < lines.length; i++) {
      const r = items.test(lines[i], 0);
      if (r === 'budget-exceeded') {
        budgetLine ||= i + 1;
        continue;
      }
      const at = `line ${i + 1} ${quote(lines[i])}`;
      if (r && semantic === 'matchAny') return passed(`${at} matches ${pattern} (${cd})`);
      if (r && semantic === 'matchNone') return failed(`${at} matches ${pattern} (${cd})`);
      if (!r && semantic === 'matchAll') return failed(`${at} does not match ${pattern} (${cd})`);
    }
    if (budgetLine) return outOfBudget(items, 0, budgetLine);
    if (lines.length === 0) {
      const reason = `nothing collected (${cd} ${pattern})`;
      return semantic === 'matchAny' ? failed(reason) : passed(reason);
    }
    if (semantic === 'matchAny') return failed(`no line matches ${pattern} (${count(lines.length)}, ${cd})`);
    if (semantic === 'matchAll') return passed(`all ${count(lines.length)} match ${pattern} (${cd})`);
    return passed(`no line matches ${pattern} (${count(lines.length)}, ${cd})`);
  };
}

/** `xre` / `xeq`: the lines of X against the list Y. */
function listCardinality(semantic: CardinalitySemantic, cd: string, items: Items): OperatorEvaluator {
  /** The first line matching item j (-1: none), and the first line (1-based) whose test ran out of budget. */
  const lineMatching = (lines: readonly string[], j: number): { index: number; budgetLine: number } => {
    let budgetLine = 0;
    for (let i = 0; i < lines.length; i++) {
      const r = items.test(lines[i], j);
      if (r === true) return { index: i, budgetLine };
      if (r === 'budget-exceeded') budgetLine ||= i + 1;
    }
    return { index: -1, budgetLine };
  };
  /** The first item line x matches (-1: none), and the first item whose test ran out of budget (-1: none). */
  const itemMatching = (x: string): { index: number; budget: number } => {
    let budget = -1;
    for (let j = 0; j < items.count; j++) {
      const r = items.test(x, j);
      if (r === true) return { index: j, budget };
      if (r === 'budget-exceeded' && budget < 0) budget = j;
    }
    return { index: -1, budget };
  };
  const all = items.showAll();

  /** Every item of Y is matched by some line (`contain`, second half of `match`). */
  const everyItemMatched = (lines: readonly string[]): EvaluationOutcome | undefined => {
    for (let j = 0; j < items.count; j++) {
      const { index, budgetLine } = lineMatching(lines, j);
      if (index >= 0) continue;
      if (budgetLine) return outOfBudget(items, j, budgetLine);
      return failed(`no line matches ${items.show(j)} (${cd})`);
    }
    return undefined;
  };
  /** Every line matches some item of Y (`is contained in`, first half of `match`). */
  const everyLineMatches = (lines: readonly string[]): EvaluationOutcome | undefined => {
    for (let i = 0; i < lines.length; i++) {
      const { index, budget } = itemMatching(lines[i]);
      if (index >= 0) continue;
      if (budget >= 0) return outOfBudget(items, budget, i + 1);
      return failed(`line ${i + 1} ${quote(lines[i])} matches none of ${all} (${cd})`);
    }
    return undefined;
  };

  return (values) => {
    const lines = linesOf(values);
    switch (semantic) {
      case 'contain':
        return everyItemMatched(lines) ?? passed(`every one of ${all} is matched by a line (${cd})`);
      case 'isContainedIn':
        return everyLineMatches(lines) ?? passed(lines.length ? `every line matches one of ${all} (${count(lines.length)}, ${cd})` : `nothing collected (${cd})`);
      case 'match':
        return everyLineMatches(lines) ?? everyItemMatched(lines) ?? passed(`every line matches one of ${all}, and each of them is matched (${cd})`);
      case 'doesNotContain':
      case 'intersect': {
        let budget: EvaluationOutcome | undefined;
        for (let i = 0; i < lines.length; i++) {
          const { index, budget: b } = itemMatching(lines[i]);
          if (index >= 0) {
            const reason = `line ${i + 1} ${quote(lines[i])} matches ${items.show(index)} (${cd})`;
            return semantic === 'intersect' ? passed(reason) : failed(reason);
          }
          if (b >= 0) budget ??= outOfBudget(items, b, i + 1);
        }
        if (budget) return budget;
        const reason = lines.length ? `no line matches any of ${all} (${count(lines.length)}, ${cd})` : `nothing collected (${cd})`;
        return semantic === 'intersect' ? failed(reason) : passed(reason);
      }
      default:
        return error(`cardinality '${cd}' does not apply to a list operator`);
    }
  };
}
