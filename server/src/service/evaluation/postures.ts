/**
 * A policy evaluated against posture records (postureInfo output): every record with
 * evidence gets the status the policy's data point gives its collected values, next to the
 * status Qualys recorded, and a summary counts what would change.
 *
 * Records are untrusted JSON (a file, or a tenant's stream), so every field is read
 * defensively; one evaluator handles a stream of any length without keeping the records.
 */
import { POSTURE_STATUSES, type PostureStatus } from '../../model/catalog';
import { expectedValuesDescribe, parseExpectedValues } from '../../model/expectedValues';
import type { DataPoint, Policy } from '../../model/policy';
import { compileDataPoint, type CompiledDataPoint } from './engine';

export interface PostureHost {
  readonly ip?: string;
  readonly dns?: string;
  readonly netBios?: string;
}

export interface PostureResult {
  readonly hostId: string;
  readonly controlId: number;
  readonly technologyId: number;
  readonly status: PostureStatus;
  /** The status Qualys recorded; undefined when the record carried none we know. */
  readonly recordedStatus: PostureStatus | undefined;
  readonly reason: string;
  readonly host: PostureHost;
  readonly currentValues: readonly string[] | null;
  /**
   * The record's evidence.expectedValues describes another data point than the policy's:
   * Qualys evaluated it before the policy changed. Undefined when the evidence cannot tell.
   */
  readonly definitionChanged: boolean | undefined;
}

export interface SkipCounts {
  /** No evidence, or evidence without currentValues (postureInfo without evidenceRequired=1). */
  noEvidence: number;
  /** The policy has no control with the record's controlId. */
  noMatchingControl: number;
  /** The control exists but has no data point for the record's technology. */
  noDataPoint: number;
  /** The record belongs to another policy. */
  otherPolicy: number;
  /** Not an object, or no usable controlId / technologyId / hostId. */
  malformed: number;
}

export interface EvaluationSummary {
  /** Records seen, skipped ones included. */
  records: number;
  evaluated: number;
  passed: number;
  failed: number;
  error: number;
  /** Evaluated records whose status differs from the recorded one. */
  changed: number;
  flips: { toPassed: number; toFailed: number; toError: number };
  /** How often the evaluation reproduces the recorded status (rate is null when nothing was compared). */
  agreement: Agreement;
  /**
   * Whether each evaluated record's evidence.expectedValues describes the policy's data point
   * (`changed`: Qualys evaluated it under other expected values), and the agreement on the
   * records whose definition is unchanged or cannot be told: the conformance figure.
   */
  definition: { same: number; changed: number; unknown: number; agreement: Agreement };
  skipped: SkipCounts & { total: number };
}

export interface Agreement {
  compared: number;
  agreed: number;
  rate: number | null;
}

export interface IndexedDataPoint {
  readonly dp: DataPoint;
  readonly evaluate: CompiledDataPoint;
  /** expectedValues text → does it describe `dp` (memo: thousands of records share one text). */
  readonly describedBy: Map<string, boolean | undefined>;
}

/** controlId → technologyId → compiled data point. */
export type PolicyIndex = ReadonlyMap<number, ReadonlyMap<number, IndexedDataPoint>>;

export function indexPolicy(policy: Policy): PolicyIndex {
  const index = new Map<number, Map<number, IndexedDataPoint>>();
  for (const section of Array.isArray(policy?.sections) ? policy.sections : []) {
    for (const control of Array.isArray(section?.controls) ? section.controls : []) {
      const controlId = toInteger(control?.controlId);
      if (controlId === undefined) continue;
      let techs = index.get(controlId);
      if (!techs) index.set(controlId, (techs = new Map()));
      for (const tech of Array.isArray(control.technologies) ? control.technologies : []) {
        const technologyId = toInteger(tech?.technologyId);
        const dp = tech?.evaluate?.dp;
        // The first occurrence wins, as it does when Qualys reads a policy with a repeated control.
        if (technologyId === undefined || !dp || techs.has(technologyId)) continue;
        techs.set(technologyId, { dp, evaluate: compileDataPoint(dp), describedBy: new Map() });
      }
    }
  }
  return index;
}

export interface PostureEvaluatorOptions {
  /** Only records of this policy are evaluated; others are counted as `otherPolicy`. */
  policyId?: number;
}

const STATUSES = new Set<string>(POSTURE_STATUSES);

export class PostureEvaluator {
  private readonly s: EvaluationSummary = {
    records: 0,
    evaluated: 0,
    passed: 0,
    failed: 0,
    error: 0,
    changed: 0,
    flips: { toPassed: 0, toFailed: 0, toError: 0 },
    agreement: { compared: 0, agreed: 0, rate: null },
    definition: { same: 0, changed: 0, unknown: 0, agreement: { compared: 0, agreed: 0, rate: null } },
    skipped: { total: 0, noEvidence: 0, noMatchingControl: 0, noDataPoint: 0, otherPolicy: 0, malformed: 0 },
  };

  constructor(
    private readonly index: PolicyIndex,
    private readonly options: PostureEvaluatorOptions = {},
  ) {}

  /** Evaluates one record; undefined when it is skipped (the summary says why). */
  add(raw: unknown): PostureResult | undefined {
    this.s.records++;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return this.skip('malformed');
    const r = raw as Record<string, unknown>;
    if (this.options.policyId !== undefined) {
      const policyId = toInteger(r.policyId);
      if (policyId !== undefined && policyId !== this.options.policyId) return this.skip('otherPolicy');
    }
    const controlId = toInteger(r.controlId);
    const technologyId = toInteger(r.technologyId) ?? toInteger((r.technology as { id?: unknown } | null | undefined)?.id);
    const hostId = r.hostId;
    if (controlId === undefined || technologyId === undefined || (typeof hostId !== 'string' && typeof hostId !== 'number')) return this.skip('malformed');
    const techs = this.index.get(controlId);
    if (!techs) return this.skip('noMatchingControl');
    const target = techs.get(technologyId);
    if (!target) return this.skip('noDataPoint');
    const currentValues = currentValuesOf(r.evidence);
    if (currentValues === undefined) return this.skip('noEvidence');

    const outcome = target.evaluate(currentValues);
    const definitionChanged = definitionChangedFor(target, (r.evidence as { expectedValues?: unknown }).expectedValues);
    const recordedStatus = typeof r.status === 'string' && STATUSES.has(r.status) ? (r.status as PostureStatus) : undefined;
    const s = this.s;
    s.evaluated++;
    if (outcome.status === 'Passed') s.passed++;
    else if (outcome.status === 'Failed') s.failed++;
    else s.error++;
    if (definitionChanged === undefined) s.definition.unknown++;
    else if (definitionChanged) s.definition.changed++;
    else s.definition.same++;
    if (recordedStatus !== undefined) {
      s.agreement.compared++;
      if (!definitionChanged) s.definition.agreement.compared++;
      if (recordedStatus === outcome.status) {
        s.agreement.agreed++;
        if (!definitionChanged) s.definition.agreement.agreed++;
      } else {
        s.changed++;
        if (outcome.status === 'Passed') s.flips.toPassed++;
        else if (outcome.status === 'Failed') s.flips.toFailed++;
        else s.flips.toError++;
      }
    }
    return {
      hostId: String(hostId),
      controlId,
      technologyId,
      status: outcome.status,
      recordedStatus,
      reason: outcome.reason,
      host: { ip: stringOf(r.ip), dns: stringOf(r.dns), netBios: stringOf(r.netBios) },
      currentValues,
      definitionChanged,
    };
  }

  get summary(): EvaluationSummary {
    const s = this.s;
    return {
      ...s,
      flips: { ...s.flips },
      agreement: withRate(s.agreement),
      definition: { ...s.definition, agreement: withRate(s.definition.agreement) },
      skipped: { ...s.skipped },
    };
  }

  private skip(why: keyof SkipCounts): undefined {
    this.s.skipped[why]++;
    this.s.skipped.total++;
    return undefined;
  }
}

/** Evaluates a policy against records held in memory. */
export function evaluatePostures(policy: Policy, records: Iterable<unknown>, options: PostureEvaluatorOptions = {}): { results: PostureResult[]; summary: EvaluationSummary } {
  const evaluator = new PostureEvaluator(indexPolicy(policy), options);
  const results: PostureResult[] = [];
  for (const record of records) {
    const result = evaluator.add(record);
    if (result) results.push(result);
  }
  return { results, summary: evaluator.summary };
}

const withRate = (a: Agreement): Agreement => ({ ...a, rate: a.compared ? a.agreed / a.compared : null });

/** True when the record's expectedValues text describes another data point than the policy's. */
function definitionChangedFor(target: IndexedDataPoint, expectedValues: unknown): boolean | undefined {
  if (typeof expectedValues !== 'string' || expectedValues.trim() === '') return undefined;
  if (target.describedBy.has(expectedValues)) return target.describedBy.get(expectedValues);
  const same = expectedValuesDescribe(target.dp, parseExpectedValues(expectedValues));
  const changed = same === undefined ? undefined : !same;
  if (target.describedBy.size < 1000) target.describedBy.set(expectedValues, changed);
  return changed;
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** evidence.currentValues as strings; undefined when the record has no evidence to evaluate. */
function currentValuesOf(evidence: unknown): readonly string[] | undefined {
  if (typeof evidence !== 'object' || evidence === null) return undefined;
  const values = (evidence as { currentValues?: unknown }).currentValues;
  if (!Array.isArray(values)) return undefined;
  for (const v of values) if (typeof v !== 'string') return values.map((x) => (typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x)));
  return values as string[];
}
