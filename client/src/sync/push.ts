/**
 * The push executor (no vscode): validate, re-export the remote, check conflicts and the lock,
 * then send the planned calls one at a time. The policy file itself is never written.
 *
 * The base stays the common ancestor of the file and the tenant: after a push it is the old base
 * plus exactly the calls that succeeded (and the file's changes the tenant already had). Changes
 * made only in the tenant are left out of the plan by the three-way check and reported, not
 * folded into the base: the file does not have them, so a base holding them would make the next
 * push revert them. When a call fails, the push stops; the base then records what was applied, so
 * the next push plans only what is left (a call whose answer was lost but which took effect is
 * recognised as already in the tenant and not sent twice).
 */
import type { Policy } from '../../../server/src/model/policy';
import type { ApiOperation } from './apiOperation';
import { readBase, writeBase } from './baseStore';
import { ops } from './operations';
import { checkConflicts, type Conflict } from './conflicts';
import { planPushDetailed, PlanError, type PlannedOperation } from './plan';
import { applyOperation, clonePolicy } from './simulate';
import type { Validate, ValidationError } from './validateText';

/** What the executor needs from `QualysClient` (contract §3). */
export interface PushClient {
  exportPolicy(ref: { policyId: number }, signal?: AbortSignal): Promise<Policy>;
  send(op: ApiOperation, signal?: AbortSignal): Promise<unknown>;
}

export interface PushRequest {
  client: PushClient;
  /** Path of the policy file (its base is found beside it). */
  file: string;
  /** The file's text (the editor's buffer, or the file on disk). */
  text: string;
  validate: Validate;
  /** Plan and check only; send nothing, record nothing. */
  dryRun?: boolean;
  /** Make the tenant match the file even if it changed since the base (or no base is recorded). */
  force?: boolean;
  /**
   * When the tenant policy is locked, unlock it as the first call (after the confirmation, and
   * listed in the plan) instead of refusing. The unlock is the user's tenant action, not the
   * file's, so the base does not record it: the file's `isLocked` is not pushed back later.
   */
  unlock?: boolean;
  /**
   * Asked once, with the plan, before anything is sent (the editor's preview). Resolve false to
   * cancel. Not asked when there is nothing to send.
   */
  confirm?: (plan: { operations: readonly PlannedOperation[]; unsupported: readonly string[]; remote: Policy }) => Promise<boolean>;
  /** Called before each call is sent. */
  onProgress?: (index: number, total: number, op: PlannedOperation) => void;
  signal?: AbortSignal;
}

interface Planned {
  /** Summaries of tenant changes since the base that the file does not have (pull to get them). */
  readonly remoteOnly: readonly string[];
  readonly unsupported: readonly string[];
}

export type PushOutcome =
  | { kind: 'invalid'; errors: ValidationError[] }
  | { kind: 'unplannable'; message: string }
  | { kind: 'no-base'; policyId: number }
  | { kind: 'conflict'; policyId: number; conflicts: readonly Conflict[]; remoteChanges: readonly PlannedOperation[]; remote: Policy; base: Policy }
  | { kind: 'locked'; policyId: number; remote: Policy }
  | ({ kind: 'up-to-date'; policyId: number } & Planned)
  | ({ kind: 'planned'; policyId: number; operations: readonly PlannedOperation[]; remote: Policy } & Planned)
  | { kind: 'cancelled'; policyId: number }
  | ({ kind: 'pushed'; policyId: number; applied: readonly PlannedOperation[] } & Planned)
  | {
      kind: 'failed';
      policyId: number;
      applied: readonly PlannedOperation[];
      notApplied: readonly PlannedOperation[];
      /** Why the first of notApplied failed. */
      error: unknown;
    };

/**
 * Records a call in the new base. Should the model not follow what the server answered, the base
 * just stays behind: the next push then finds the change already in the tenant and skips it.
 */
function record(state: Policy, op: ApiOperation, response?: unknown): void {
  try {
    applyOperation(state, op, response);
  } catch {
    // see above
  }
}

export async function push(request: PushRequest): Promise<PushOutcome> {
  const { client, file, text, signal } = request;
  const errors = request.validate(text, file);
  if (errors.length) return { kind: 'invalid', errors };
  const local = JSON.parse(text) as Policy;
  const policyId = local.policyId;

  const remote = await client.exportPolicy({ policyId }, signal);
  const recorded = await readBase(file, policyId);
  if (!recorded && !request.force) return { kind: 'no-base', policyId };

  // The state the new base starts from, and what the tenant already has of the file's changes.
  let start: Policy;
  let operations: readonly PlannedOperation[];
  let alreadyInTenant: readonly PlannedOperation[] = [];
  let planned: Planned;
  try {
    if (request.force || !recorded) {
      const plan = planPushDetailed(remote, local);
      start = remote;
      operations = plan.operations;
      planned = { remoteOnly: [], unsupported: plan.unsupported };
    } else {
      const check = checkConflicts(recorded, local, remote);
      if (check.conflicts.length) {
        return { kind: 'conflict', policyId, conflicts: check.conflicts, remoteChanges: check.remoteChanges, remote, base: recorded };
      }
      start = recorded;
      operations = check.operations;
      alreadyInTenant = check.alreadyInTenant;
      planned = { remoteOnly: check.remoteChanges.map((r) => r.summary), unsupported: check.unsupported };
    }
  } catch (e) {
    if (e instanceof PlanError) return { kind: 'unplannable', message: e.message };
    throw e;
  }

  const first = operations[0]?.op;
  const unlocksFirst = first?.path === '/pcas/v3/policy/lock' && (first.body as { isLocked?: boolean }).isLocked === false;
  let unlockCall: PlannedOperation | undefined;
  if (remote.isLocked === true && operations.length && !unlocksFirst) {
    if (!request.unlock) return { kind: 'locked', policyId, remote };
    unlockCall = { op: ops.setLock(policyId, false), summary: 'Unlock the policy (locked in the tenant)', targets: ['policy.isLocked'] };
    operations = [unlockCall, ...operations];
  }

  if (request.dryRun) return { kind: 'planned', policyId, operations, remote, ...planned };
  const state = clonePolicy(start);
  for (const op of alreadyInTenant) record(state, op.op);
  if (!operations.length) {
    if (alreadyInTenant.length || !recorded) await writeBase(file, state);
    return { kind: 'up-to-date', policyId, ...planned };
  }
  if (request.confirm && !(await request.confirm({ operations, unsupported: planned.unsupported, remote }))) return { kind: 'cancelled', policyId };

  const applied: PlannedOperation[] = [];
  for (let i = 0; i < operations.length; i++) {
    const op = operations[i];
    request.onProgress?.(i, operations.length, op);
    let response: unknown;
    try {
      response = await client.send(op.op, signal);
    } catch (error) {
      await writeBase(file, state);
      return { kind: 'failed', policyId, applied, notApplied: operations.slice(i), error };
    }
    if (op !== unlockCall) record(state, op.op, response);
    applied.push(op);
  }
  await writeBase(file, state);
  return { kind: 'pushed', policyId, applied, ...planned };
}
