/**
 * The evaluation engine: what Qualys decides for one data point (`evaluate.dp`) given the
 * values collected from a host (`evidence.currentValues`). Semantics come from the catalog;
 * see docs in `operators.ts` for each operator and cardinality.
 *
 * `compileDataPoint` does the per-data-point work once (regexes, integers, sets, fixed-value
 * table) and returns a function that evaluates one posture; `evaluateDataPoint` is the same,
 * compiling on first use and caching per data-point object.
 */
import { getCardinality, getOperator, isCardinalityValidFor, type PostureStatus } from '../../model/catalog';
import type { DataPoint } from '../../model/policy';
import { describeFixedValue, fixedValueLookup, type FixedValueHit } from './fixedValues';
import { compileOperator, type OperatorEvaluator } from './operators';

export interface EvaluationOutcome {
  readonly status: PostureStatus;
  /** One line, e.g. "5 < 14 (ge)". */
  readonly reason: string;
}

export type CompiledDataPoint = (currentValues: readonly string[] | null | undefined) => EvaluationOutcome;

export const NO_EVIDENCE_REASON = 'no collected value (evidence.currentValues is missing)';
const NO_EVIDENCE: EvaluationOutcome = { status: 'Error', reason: NO_EVIDENCE_REASON };
const MEMO_LIMIT = 4096;
const MEMO_MAX_KEY = 512;

/** Compiles a data point into a fast evaluator. Never throws: a broken data point evaluates to Error with the reason. */
export function compileDataPoint(dp: DataPoint): CompiledDataPoint {
  const compiled = compileChecked(dp);
  if (typeof compiled === 'string') {
    const outcome: EvaluationOutcome = { status: 'Error', reason: compiled };
    return (values) => (values == null ? NO_EVIDENCE : outcome);
  }
  const { evaluate, fixed } = compiled;
  // Evidence repeats itself (thousands of hosts report "0" or "File not found"): memoise per value list.
  const single = new Map<string, EvaluationOutcome>();
  const multi = new Map<string, EvaluationOutcome>();
  const run = (values: readonly string[]): EvaluationOutcome => {
    const hit = fixedHit(values, fixed);
    if (hit) return { status: hit.allowed && hit.listed ? 'Passed' : 'Failed', reason: describeFixedValue(hit) };
    return evaluate(values);
  };
  return (values) => {
    if (values == null) return NO_EVIDENCE;
    if (values.length === 1) {
      const v = values[0];
      let out = single.get(v);
      if (out === undefined) {
        out = run(values);
        if (v.length <= MEMO_MAX_KEY) {
          if (single.size >= MEMO_LIMIT) single.clear();
          single.set(v, out);
        }
      }
      return out;
    }
    let size = 0;
    for (const v of values) size += v.length + 1;
    if (size > MEMO_MAX_KEY) return run(values);
    const key = JSON.stringify(values); // unambiguous, unlike a join
    let out = multi.get(key);
    if (out === undefined) {
      out = run(values);
      if (multi.size >= MEMO_LIMIT) multi.clear();
      multi.set(key, out);
    }
    return out;
  };
}

interface CacheEntry {
  readonly op: unknown;
  readonly cd: unknown;
  readonly v: readonly unknown[] | undefined;
  readonly vArray: unknown;
  readonly fv: unknown;
  readonly compiled: CompiledDataPoint;
}

const cache = new WeakMap<object, CacheEntry>();

/**
 * Evaluates one posture. Compiles the data point on first use and reuses the compilation
 * while the object's op, cd, v and fv stay the same.
 */
export function evaluateDataPoint(dp: DataPoint, currentValues: readonly string[] | null | undefined): EvaluationOutcome {
  if (typeof dp !== 'object' || dp === null) return compileDataPoint(dp)(currentValues);
  let entry = cache.get(dp);
  if (!entry || !sameShape(entry, dp)) {
    entry = { op: dp.op, cd: dp.cd, v: Array.isArray(dp.v) ? [...dp.v] : undefined, vArray: dp.v, fv: dp.fv, compiled: compileDataPoint(dp) };
    cache.set(dp, entry);
  }
  return entry.compiled(currentValues);
}

function sameShape(e: CacheEntry, dp: DataPoint): boolean {
  if (e.op !== dp.op || e.cd !== dp.cd || e.fv !== dp.fv || e.vArray !== dp.v) return false;
  if (!e.v || !Array.isArray(dp.v) || e.v.length !== dp.v.length) return e.v === undefined && !Array.isArray(dp.v);
  for (let i = 0; i < e.v.length; i++) if (e.v[i] !== dp.v[i]) return false;
  return true;
}

/** Every collected value is a fixed value: the data point's own fv table decides. */
function fixedHit(values: readonly string[], lookup: (x: string) => FixedValueHit | undefined): FixedValueHit | undefined {
  if (values.length === 0) return undefined;
  const first = lookup(values[0]);
  if (!first) return undefined;
  if (values.length === 1) return first;
  let verdict = first;
  for (let i = 1; i < values.length; i++) {
    const hit = lookup(values[i]);
    if (!hit) return undefined;
    if (!(hit.allowed && hit.listed)) verdict = hit;
  }
  return verdict;
}

function compileChecked(dp: DataPoint): { evaluate: OperatorEvaluator; fixed: (x: string) => FixedValueHit | undefined } | string {
  if (typeof dp !== 'object' || dp === null) return 'evaluate.dp is not an object';
  const op = getOperator(typeof dp.op === 'string' ? dp.op : '');
  if (!op) return typeof dp.op === 'string' ? `unknown operator '${dp.op}'` : 'evaluate.dp has no operator (op)';
  if (dp.v !== undefined && !Array.isArray(dp.v)) return 'evaluate.dp.v must be an array of values';
  const v: string[] = [];
  for (const item of dp.v ?? []) {
    if (typeof item === 'string') v.push(item);
    else if (typeof item === 'number' && Number.isFinite(item)) v.push(String(item));
    else return `evaluate.dp.v holds a ${item === null ? 'null' : typeof item}, expected strings`;
  }
  let cdName: string | undefined;
  let allowsEmpty = false;
  if (op.cardinalities.length > 0) {
    if (typeof dp.cd !== 'string' || dp.cd === '') return `'${op.name}' needs a cardinality (cd): one of ${op.cardinalities.join(', ')}`;
    const cd = getCardinality(dp.cd);
    if (!cd) return `unknown cardinality '${dp.cd}'`;
    if (!isCardinalityValidFor(op.name, dp.cd)) return `cardinality '${dp.cd}' does not apply to '${op.name}' (use one of ${op.cardinalities.join(', ')})`;
    cdName = cd.name;
    allowsEmpty = cd.allowsEmptyValue;
  }
  if (!allowsEmpty) {
    if (v.length < op.minValues || v.length > op.maxValues) {
      const want = op.minValues === op.maxValues ? `exactly ${op.minValues}` : op.maxValues === Infinity ? `at least ${op.minValues}` : `${op.minValues} to ${op.maxValues}`;
      return `'${op.name}' needs ${want} value${op.maxValues === 1 ? '' : 's'} in v (got ${v.length})`;
    }
  }
  const evaluate = compileOperator(op, cdName, v);
  if (typeof evaluate === 'string') return evaluate;
  return { evaluate, fixed: fixedValueLookup(Array.isArray(dp.fv) ? dp.fv : undefined) };
}
