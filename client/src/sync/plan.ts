/**
 * The push planner: the minimal sequence of PCAS write calls that turns the base (the remote
 * policy as last pulled) into the local file. One edited data point is one request; an unchanged
 * file is none. Each planned call also names the parts of the policy it touches ("targets"),
 * which the conflict check compares with what changed remotely.
 *
 * Order matters because positions shift: unlock first; then policy fields, technologies, section
 * renames and additions (Qualys appends sections); control removals; per section, insertions and
 * moves left to right (only controls outside the longest already-ordered run move); technology and
 * evaluation changes; policy technology and section removals last (highest section first); lock
 * last. Section numbers are identities (see simulate.ts); control numbers are positions.
 */
import type { Control, ControlTechnology, Policy, Section } from '../../../server/src/model/policy';
import { rationaleOf } from '../../../server/src/model/policy';
import type { ApiOperation } from './apiOperation';
import { deepEqual, writableEvaluation } from './canonical';
import { ops, type ControlFields, type NewControl, type PolicyUpdate } from './operations';
import { applyOperation, clonePolicy } from './simulate';

export interface PlannedOperation {
  readonly op: ApiOperation;
  /** One line for people: "Set criticality of control 1072 to URGENT". */
  readonly summary: string;
  /** What the call changes, e.g. `control:1072.technology:18.evaluate` (see `targetsOverlap`). */
  readonly targets: readonly string[];
}

export interface PushPlan {
  readonly policyId: number;
  readonly operations: readonly PlannedOperation[];
  /** Local edits no API call can make (statement, rationale, section order). */
  readonly unsupported: readonly string[];
}

/** A file the planner cannot turn into calls at all (wrong policy, duplicate controls). */
export class PlanError extends Error {}

/** Contract §5: the calls only. */
export function planPush(base: Policy, local: Policy): ApiOperation[] {
  return planPushDetailed(base, local).operations.map((p) => p.op);
}

const CONTROL_ATTRS = ['criticality', 'referenceText', 'isControlDisable'] as const;

interface Located {
  control: Control;
  sectionIndex: number;
}

function indexControls(policy: Policy, what: string): Map<number, Located> {
  const map = new Map<number, Located>();
  (policy.sections ?? []).forEach((s, sectionIndex) => {
    for (const control of s.controls ?? []) {
      if (map.has(control.controlId)) {
        throw new PlanError(`control ${control.controlId} appears more than once in the ${what}`);
      }
      map.set(control.controlId, { control, sectionIndex });
    }
  });
  return map;
}

function techIds(list: readonly { technologyId: number }[] | undefined): number[] {
  return (list ?? []).map((t) => t.technologyId);
}

function sharesControl(a: Section, b: Section): boolean {
  const ids = new Set(techlessIds(a));
  return techlessIds(b).some((id) => ids.has(id));
}

function techlessIds(s: Section): number[] {
  return (s.controls ?? []).map((c) => c.controlId);
}

/**
 * Pairs local sections with base sections. Section numbers are positions, so a heading match wins
 * over a number match (a removed section renumbers the ones after it); then shared controls
 * (renamed and renumbered); then the number (renamed in place).
 */
export function matchSections(base: readonly Section[], local: readonly Section[]): (number | undefined)[] {
  const result: (number | undefined)[] = local.map(() => undefined);
  const used = new Set<number>();
  const pass = (same: (b: Section, l: Section) => boolean) => {
    local.forEach((l, li) => {
      if (result[li] !== undefined) return;
      const bi = base.findIndex((b, i) => !used.has(i) && same(b, l));
      if (bi !== -1) {
        result[li] = bi;
        used.add(bi);
      }
    });
  };
  pass((b, l) => b.sectionNumber === l.sectionNumber && b.sectionHeading === l.sectionHeading);
  pass((b, l) => b.sectionHeading === l.sectionHeading);
  pass(sharesControl);
  pass((b, l) => b.sectionNumber === l.sectionNumber);
  return result;
}

/** Items of `ids` (in target order) that can stay where they are: a longest run already in order. */
export function longestOrderedRun(ids: readonly number[], positionOf: (id: number) => number): Set<number> {
  const tails: number[] = []; // index into ids of the smallest tail of each run length
  const prev: number[] = ids.map(() => -1);
  ids.forEach((id, i) => {
    const p = positionOf(id);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positionOf(ids[tails[mid]]) < p) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i !== -1; i = prev[i]) keep.add(ids[i]);
  return keep;
}

function sameRef(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

function changedAttrs(base: Control, local: Control): ControlFields {
  const fields: ControlFields = {};
  for (const f of CONTROL_ATTRS) {
    if (local[f] === undefined) continue; // absent in the file: no opinion
    const same = f === 'referenceText' ? sameRef(base[f], local[f]) : base[f] === local[f];
    if (!same) (fields as Record<string, unknown>)[f] = local[f];
  }
  return fields;
}

function newControlSpec(c: Control): NewControl {
  const spec: NewControl = { controlId: c.controlId };
  if (c.criticality !== undefined) spec.criticality = c.criticality;
  if (c.referenceText !== undefined && c.referenceText !== null) spec.referenceText = c.referenceText;
  if (c.isControlDisable !== undefined) spec.isControlDisable = c.isControlDisable;
  return spec;
}

function byNumber(controls: readonly Control[] | undefined): Control[] {
  return [...(controls ?? [])].sort((a, b) => a.controlNumber - b.controlNumber);
}

function describe(fields: object): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(', ');
}

export function planPushDetailed(base: Policy, local: Policy): PushPlan {
  if (base.policyId !== local.policyId) {
    throw new PlanError(`the file is policy ${local.policyId}, but its recorded base is policy ${base.policyId}`);
  }
  const pid = base.policyId;
  const work = clonePolicy(base);
  work.sections ??= [];
  const planned: PlannedOperation[] = [];
  const unsupported: string[] = [];
  const emit = (op: ApiOperation, summary: string, targets: string[]) => {
    planned.push({ op, summary, targets });
    try {
      applyOperation(work, op);
    } catch (e) {
      // Only a base that breaks the API's own rules (e.g. two sections with one number) gets here.
      throw new PlanError(`cannot plan "${summary}": ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const baseSections = base.sections ?? [];
  const localSections = local.sections ?? baseSections; // a basic export says nothing about sections
  const baseWork = [...work.sections]; // work section objects stay the same objects as numbers shift
  const keyOf = new Map<Section, string>();
  baseWork.forEach((s, i) => keyOf.set(s, `section:${baseSections[i].sectionNumber}`));
  const key = (s: Section) => keyOf.get(s)!;
  const baseControls = indexControls(base, 'base');
  const localControls = indexControls({ ...local, sections: localSections }, 'file');

  // 1. Unlock first: a locked policy refuses every other change.
  if (base.isLocked === true && local.isLocked === false) {
    emit(ops.setLock(pid, false), 'Unlock the policy', ['policy.isLocked']);
  }

  // 2. Policy fields.
  const update: PolicyUpdate = {};
  if (local.policyTitle !== undefined && local.policyTitle !== base.policyTitle) update.policyTitle = local.policyTitle;
  if (local.coverPage !== undefined && local.coverPage !== base.coverPage) update.coverPage = local.coverPage;
  if (local.isActive !== undefined && local.isActive !== base.isActive) update.isActive = local.isActive;
  if (Object.keys(update).length) {
    const names = Object.keys(update);
    emit(ops.updatePolicy(pid, update), `Update policy: ${names.join(', ')}`, names.map((n) => `policy.${n}`));
  }

  // 3. Policy technologies added (controls may need them below).
  const baseTech = new Set(techIds(base.technologies));
  const localTech = local.technologies === undefined ? baseTech : new Set(techIds(local.technologies));
  const addedTech = [...localTech].filter((id) => !baseTech.has(id));
  const removedTech = new Set([...baseTech].filter((id) => !localTech.has(id)));
  if (addedTech.length) {
    emit(
      ops.addPolicyTechnologies(pid, addedTech),
      `Add technolog${addedTech.length > 1 ? 'ies' : 'y'} ${addedTech.join(', ')} to the policy`,
      addedTech.map((id) => `policy.technology:${id}`),
    );
  }

  // 4. Sections: match, rename, append.
  const match = matchSections(baseSections, localSections);
  const usedBase = new Set(match.filter((m): m is number => m !== undefined));
  const localWork: Section[] = [];
  let lastMatched = -1;
  localSections.forEach((ls, li) => {
    const bi = match[li];
    if (bi === undefined) return;
    if (bi < lastMatched) {
      unsupported.push(`Section "${ls.sectionHeading}" was moved: the API cannot reorder sections`);
    }
    lastMatched = Math.max(lastMatched, bi);
    const ws = baseWork[bi];
    localWork[li] = ws;
    if (ls.sectionHeading !== baseSections[bi].sectionHeading) {
      emit(
        ops.renameSection(pid, ws.sectionNumber, ls.sectionHeading),
        `Rename section ${ws.sectionNumber} "${baseSections[bi].sectionHeading}" to "${ls.sectionHeading}"`,
        [`${key(ws)}.heading`],
      );
    }
  });
  const lastMatchedLocal = match.reduce<number>((acc, m, li) => (m !== undefined ? li : acc), -1);
  localSections.forEach((ls, li) => {
    if (match[li] !== undefined) return;
    if (li < lastMatchedLocal) {
      unsupported.push(`New section "${ls.sectionHeading}" will be added at the end: Qualys appends sections`);
    }
    emit(ops.addSection(pid, ls.sectionHeading), `Add section "${ls.sectionHeading}"`, ['sections.append']);
    const ws = work.sections![work.sections!.length - 1];
    keyOf.set(ws, `section:new:${ls.sectionHeading}`);
    localWork[li] = ws;
  });

  // 5. Control removals (and the first half of moves between sections).
  const movedIn = new Set<number>();
  for (const [cid, { sectionIndex }] of baseControls) {
    const l = localControls.get(cid);
    const sectionKept = usedBase.has(sectionIndex);
    const moved = l !== undefined && match[l.sectionIndex] !== sectionIndex;
    if (moved) movedIn.add(cid);
    if (!l && !sectionKept) continue; // removed with its section
    if (l && !moved) continue;
    const ws = baseWork[sectionIndex];
    emit(
      ops.deleteControl(pid, ws.sectionNumber, cid),
      moved
        ? `Remove control ${cid} from section ${ws.sectionNumber} (it moves to "${localSections[l!.sectionIndex].sectionHeading}")`
        : `Remove control ${cid} from section ${ws.sectionNumber}`,
      [`control:${cid}`, `${key(ws)}.order`],
    );
  }

  // 6. Control technologies removed from controls that stay (policy-level removals cascade later).
  for (const [cid, l] of localControls) {
    const b = baseControls.get(cid);
    if (!b || movedIn.has(cid) || l.control.technologies === undefined) continue;
    const keepIds = new Set(techIds(l.control.technologies));
    for (const tid of techIds(b.control.technologies)) {
      if (keepIds.has(tid) || removedTech.has(tid)) continue;
      const ws = localWork[l.sectionIndex];
      emit(
        ops.deleteControlTechnology(pid, ws.sectionNumber, cid, tid),
        `Remove technology ${tid} from control ${cid}`,
        [`control:${cid}.technology:${tid}`, `policy.technology:${tid}`],
      );
    }
  }

  // 7. Per section: insertions, moves and control fields.
  const fresh = new Set<number>(); // controls added by this plan: their evaluation is set explicitly
  localSections.forEach((ls, li) => {
    const ws = localWork[li];
    const k = key(ws);
    const target = byNumber(ls.controls).map((c) => c.controlId);
    const current = () => ws.controls ?? [];
    const idsNow = current().map((c) => c.controlId);
    const keep = longestOrderedRun(
      target.filter((id) => idsNow.includes(id)),
      (id) => idsNow.indexOf(id),
    );
    const attrsDone = new Set<number>();
    for (let i = 0; i < target.length; i++) {
      const cid = target[i];
      const local = localControls.get(cid)!.control;
      const present = current().some((c) => c.controlId === cid);
      if (!present) {
        fresh.add(cid);
        const list = current();
        const atTail = list.length === 0 ? i === 0 : list[list.length - 1].controlId === target[i - 1];
        const rest = target.slice(i);
        if (atTail && rest.every((id) => !current().some((c) => c.controlId === id))) {
          // Everything left is new and goes at the end: one call, appended in order.
          emit(
            ops.addControls(pid, ws.sectionNumber, rest.map((id) => newControlSpec(localControls.get(id)!.control))),
            `Add control${rest.length > 1 ? 's' : ''} ${rest.join(', ')} to section ${ws.sectionNumber}`,
            [...rest.map((id) => `control:${id}`), `${k}.order`],
          );
          rest.forEach((id) => fresh.add(id));
          break;
        }
        const position = i === 0 ? 1 : list.findIndex((c) => c.controlId === target[i - 1]) + 2;
        emit(
          ops.addControls(pid, ws.sectionNumber, [{ ...newControlSpec(local), controlNumber: position }]),
          `Add control ${cid} to section ${ws.sectionNumber} at position ${position}`,
          [`control:${cid}`, `${k}.order`],
        );
        continue;
      }
      if (keep.has(cid)) continue;
      const without = current().filter((c) => c.controlId !== cid);
      const position = i === 0 ? 1 : without.findIndex((c) => c.controlId === target[i - 1]) + 2;
      const fields = changedAttrs(baseControls.get(cid)!.control, local);
      attrsDone.add(cid);
      if (position !== current().findIndex((c) => c.controlId === cid) + 1) fields.controlNumber = position;
      if (Object.keys(fields).length) {
        emit(
          ops.updateControl(pid, ws.sectionNumber, cid, fields),
          `Update control ${cid}: ${describe(fields)}`,
          [`${k}.order`, ...Object.keys(fields).map((f) => `control:${cid}.${f}`)],
        );
      }
    }
    for (const cid of target) {
      if (attrsDone.has(cid) || fresh.has(cid)) continue;
      const fields = changedAttrs(baseControls.get(cid)!.control, localControls.get(cid)!.control);
      if (!Object.keys(fields).length) continue;
      emit(
        ops.updateControl(pid, ws.sectionNumber, cid, fields),
        `Update control ${cid}: ${describe(fields)}`,
        [...Object.keys(fields).map((f) => `control:${cid}.${f}`)],
      );
    }
  });

  // 8. Control technologies added, evaluations and remediations.
  localSections.forEach((ls, li) => {
    const ws = localWork[li];
    for (const local of byNumber(ls.controls)) {
      const cid = local.controlId;
      const evaluation = (t: ControlTechnology, change: { evaluate?: unknown; remediation?: string }, what: string) =>
        emit(
          ops.updateEvaluation(pid, ws.sectionNumber, cid, t.technologyId, change),
          `Set ${what} of control ${cid} for technology ${t.technologyId}`,
          [
            ...Object.keys(change).map((f) => `control:${cid}.technology:${t.technologyId}.${f}`),
            `policy.technology:${t.technologyId}`,
          ],
        );
      const full = (t: ControlTechnology) => {
        const change: { evaluate?: unknown; remediation?: string } = {};
        if (t.evaluate !== undefined) change.evaluate = t.evaluate;
        if (t.remediation !== undefined) change.remediation = t.remediation;
        if (Object.keys(change).length) evaluation(t, change, Object.keys(change).join(' and '));
      };
      if (fresh.has(cid)) {
        // The server fills an added control with library defaults we cannot know: state ours.
        (local.technologies ?? []).forEach(full);
        continue;
      }
      const base = baseControls.get(cid)!.control;
      noteReadOnly(base, local, unsupported);
      if (local.technologies === undefined) continue;
      const baseTechs = new Map((base.technologies ?? []).map((t) => [t.technologyId, t]));
      const added = local.technologies.filter((t) => !baseTechs.has(t.technologyId));
      if (added.length) {
        const ids = added.map((t) => t.technologyId);
        emit(
          ops.addControlTechnologies(pid, ws.sectionNumber, cid, ids),
          `Add technolog${ids.length > 1 ? 'ies' : 'y'} ${ids.join(', ')} to control ${cid}`,
          [...ids.map((id) => `control:${cid}.technology:${id}`), ...ids.map((id) => `policy.technology:${id}`)],
        );
        added.forEach(full);
      }
      for (const t of local.technologies) {
        const b = baseTechs.get(t.technologyId);
        if (!b) continue;
        const change: { evaluate?: unknown; remediation?: string } = {};
        if (t.evaluate !== undefined && !deepEqual(writableEvaluation(t.evaluate), writableEvaluation(b.evaluate))) change.evaluate = t.evaluate;
        const [ldp, bdp] = [t.evaluate?.dp, b.evaluate?.dp];
        if (ldp && bdp && (ldp.k !== bdp.k || (ldp.description !== undefined && ldp.description !== bdp.description))) {
          unsupported.push(`Data point key or description of control ${cid} for technology ${t.technologyId}: they belong to the control definition`);
        }
        if (t.remediation !== undefined && t.remediation !== b.remediation) change.remediation = t.remediation;
        if (Object.keys(change).length) {
          evaluation(t, change, Object.keys(change).map((f) => (f === 'evaluate' ? 'evaluation' : f)).join(' and '));
        }
        if (rationaleOf(t) !== undefined && rationaleOf(t) !== rationaleOf(b)) {
          unsupported.push(`Rationale of control ${cid} for technology ${t.technologyId}: the API cannot change it`);
        }
      }
    }
  });

  // 9. Policy technologies removed (Qualys removes them from the controls too).
  for (const tid of removedTech) {
    emit(ops.deletePolicyTechnology(pid, tid), `Remove technology ${tid} from the policy`, [`policy.technology:${tid}`]);
  }

  // 10. Sections removed, highest number first.
  const removed = baseWork.map((ws, bi) => ({ ws, bi })).filter(({ bi }) => !usedBase.has(bi));
  removed.sort((a, b) => b.ws.sectionNumber - a.ws.sectionNumber);
  for (const { ws, bi } of removed) {
    const controls = (baseSections[bi].controls ?? []).map((c) => `control:${c.controlId}`);
    emit(
      ops.deleteSection(pid, ws.sectionNumber),
      `Remove section ${ws.sectionNumber} "${ws.sectionHeading}"${controls.length ? ` and its ${controls.length} control(s)` : ''}`,
      [key(ws), ...controls],
    );
  }

  // 11. Lock last.
  if (base.isLocked !== true && local.isLocked === true) {
    emit(ops.setLock(pid, true), 'Lock the policy', ['policy.isLocked']);
  }

  return { policyId: pid, operations: planned, unsupported };
}

function noteReadOnly(base: Control, local: Control, unsupported: string[]): void {
  if (local.statement !== undefined && local.statement !== base.statement) {
    unsupported.push(`Statement of control ${local.controlId}: the API cannot change it`);
  }
}

/** Whether two targets touch the same thing: equal, or one contains the other (`control:1` ⊃ `control:1.criticality`). */
export function targetsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.startsWith(short) && long[short.length] === '.';
}
