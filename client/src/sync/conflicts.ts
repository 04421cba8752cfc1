/**
 * Three-way check before a push: what the file changed since the base, against what the tenant
 * changed since the base. A push goes ahead only when the two touch different parts; the same
 * change made on both sides is not a conflict (and is not sent again).
 */
import type { Policy } from '../../../server/src/model/policy';
import { samePolicy, stableStringify } from './canonical';
import { planPushDetailed, targetsOverlap, type PlannedOperation } from './plan';
import { describeTarget } from './targetValue';

export interface Conflict {
  /** What both sides touched, e.g. `control:1072.criticality`. */
  readonly target: string;
  /** The file's change, as a planned call summary. */
  readonly local: string;
  /** The tenant's change since the base. */
  readonly remote: string;
  /** The three-way picture of the target: its value at the pull (base), in the file, in the tenant now. */
  readonly values: { readonly base: string; readonly local: string; readonly remote: string };
}

export interface ConflictCheck {
  /** Calls to send (the file's changes the tenant does not already have). */
  readonly operations: readonly PlannedOperation[];
  readonly conflicts: readonly Conflict[];
  /** Everything the tenant changed since the base, as the calls that would have made it. */
  readonly remoteChanges: readonly PlannedOperation[];
  /** The file's changes the tenant already has (made there too): not sent, but part of the new base. */
  readonly alreadyInTenant: readonly PlannedOperation[];
  readonly unsupported: readonly string[];
}

function sameCall(a: PlannedOperation, b: PlannedOperation): boolean {
  return a.op.method === b.op.method && a.op.path === b.op.path && stableStringify(a.op.body) === stableStringify(b.op.body);
}

export function checkConflicts(base: Policy, local: Policy, remote: Policy): ConflictCheck {
  const mine = planPushDetailed(base, local);
  if (samePolicy(base, remote)) {
    return { operations: mine.operations, conflicts: [], remoteChanges: [], alreadyInTenant: [], unsupported: mine.unsupported };
  }
  const theirs = planPushDetailed(base, remote).operations;
  const operations: PlannedOperation[] = [];
  const alreadyInTenant: PlannedOperation[] = [];
  const conflicts: Conflict[] = [];
  for (const op of mine.operations) {
    if (theirs.some((r) => sameCall(op, r))) {
      alreadyInTenant.push(op);
      continue;
    }
    let clash = false;
    for (const r of theirs) {
      const target = op.targets.find((t) => r.targets.some((u) => targetsOverlap(t, u)));
      if (target !== undefined) {
        clash = true;
        const values = { base: describeTarget(base, target), local: describeTarget(local, target), remote: describeTarget(remote, target) };
        conflicts.push({ target, local: op.summary, remote: r.summary, values });
      }
    }
    if (!clash) operations.push(op);
  }
  const remoteChanges = theirs.filter((r) => !alreadyInTenant.some((m) => sameCall(m, r)));
  return { operations, conflicts, remoteChanges, alreadyInTenant, unsupported: mine.unsupported };
}

/** The three-way picture as text lines, for the CLI and the extension's message. */
export function describeConflicts(conflicts: readonly Conflict[]): string[] {
  return conflicts.map(
    (c) =>
      `${c.target}: your file — ${c.local}; the tenant since your pull — ${c.remote}` +
      ` (at your pull: ${c.values.base}; your file: ${c.values.local}; the tenant now: ${c.values.remote})`,
  );
}
