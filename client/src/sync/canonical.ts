/**
 * Comparing policies: key order never matters, and numbers derived from position
 * (sectionNumber, controlNumber) are compared through order, not value.
 */
import type { DataPoint, Evaluate, Policy } from '../../../server/src/model/policy';

/**
 * The part of an evaluation the API can change: `op`, `v`, `cd` and `fv`. The key, its
 * description and `l` belong to the control definition and stay as Qualys has them.
 */
export function writableEvaluation(evaluate: Evaluate | undefined): unknown {
  const dp: Partial<DataPoint> = evaluate?.dp ?? {};
  return evaluate === undefined ? undefined : { op: dp.op, v: dp.v, cd: dp.cd, fv: dp.fv };
}

/** JSON with object keys sorted, so equal values print equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/**
 * The part of a policy a push can change, in a normal form: no export timestamp, no read-only
 * texts (statement, rationale), sections and controls in order without their derived numbers,
 * technologies sorted by id.
 */
export function writableView(policy: Policy): unknown {
  const byId = <T extends { technologyId: number }>(list: readonly T[] | undefined) =>
    [...(list ?? [])].sort((a, b) => a.technologyId - b.technologyId);
  return {
    policyId: policy.policyId,
    policyTitle: policy.policyTitle,
    coverPage: policy.coverPage,
    isActive: policy.isActive,
    isLocked: policy.isLocked,
    technologies: byId(policy.technologies).map((t) => t.technologyId),
    sections: (policy.sections ?? []).map((s) => ({
      sectionHeading: s.sectionHeading,
      controls: [...(s.controls ?? [])]
        .sort((a, b) => a.controlNumber - b.controlNumber)
        .map((c) => ({
          controlId: c.controlId,
          criticality: c.criticality,
          referenceText: c.referenceText ?? null,
          isControlDisable: c.isControlDisable,
          technologies: byId(c.technologies).map((t) => ({
            technologyId: t.technologyId,
            evaluate: writableEvaluation(t.evaluate),
            remediation: t.remediation,
          })),
        })),
    })),
  };
}

/** Same policy content, ignoring only the export timestamp. */
export function samePolicy(a: Policy, b: Policy): boolean {
  const { exported: _a, ...ra } = a;
  const { exported: _b, ...rb } = b;
  return deepEqual(ra, rb);
}
