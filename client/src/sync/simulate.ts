/**
 * What an operation does to a policy, under the numbering model of the PCAS API:
 * section numbers are identities (adding appends max+1; deleting leaves the others' numbers);
 * controls are numbered 1..m within their section (insert/move/delete shift the others).
 *
 * The planner uses this to compute the numbers each next request must carry, and the push
 * executor uses it to record exactly what was applied as the new base.
 */
import { operatorTakesCardinality } from '../../../server/src/model/catalog';
import type { Control, ControlTechnology, DataPoint, Evaluate, Policy, Section } from '../../../server/src/model/policy';
import type { ApiOperation } from './apiOperation';
import {
  CONTROL_PATH,
  CONTROL_TECHNOLOGY_PATH,
  EVALUATION_PATH,
  LOCK_PATH,
  POLICY_PATH,
  POLICY_TECHNOLOGY_PATH,
  SECTION_PATH,
  splitPath,
  type NewControl,
} from './operations';

export function clonePolicy<T>(p: T): T {
  return structuredClone(p);
}

type Body = Record<string, any>;

function renumberControls(section: Section): void {
  (section.controls ?? []).forEach((c, i) => {
    c.controlNumber = i + 1;
    c.sectionNumber = section.sectionNumber;
  });
}

function sectionAt(policy: Policy, sectionNumber: number): Section {
  const s = (policy.sections ?? []).find((x) => x.sectionNumber === sectionNumber);
  if (!s) throw new Error(`section ${sectionNumber} does not exist`);
  return s;
}

function controlIn(section: Section, controlId: number): Control {
  const c = (section.controls ?? []).find((x) => x.controlId === controlId);
  if (!c) throw new Error(`control ${controlId} is not in section ${section.sectionNumber}`);
  return c;
}

function technologyName(policy: Policy, technologyId: number): string {
  return policy.technologies?.find((t) => t.technologyId === technologyId)?.technologyName ?? String(technologyId);
}

/** Moves `item` to 1-based `position` (clamped), shifting the others. */
function placeAt<T>(list: T[], item: T, position: number | undefined): void {
  const at = list.indexOf(item);
  if (at !== -1) list.splice(at, 1);
  const index = position === undefined ? list.length : Math.max(0, Math.min(list.length, position - 1));
  list.splice(index, 0, item);
}

/**
 * Applies one operation to `policy` in place. `response` is what the server answered, when known:
 * for added controls it carries the server's statement and technologies, which no plan can know.
 */
export function applyOperation(policy: Policy, op: ApiOperation, response?: unknown): void {
  const { pathname, query } = splitPath(op.path);
  const body = (op.body ?? {}) as Body;
  const num = (name: string): number => Number(body[name] ?? query[name]);
  const key = `${op.method} ${pathname.replace(/\/$/, '')}`;
  switch (key) {
    case `PUT ${POLICY_PATH}`:
      for (const f of ['policyTitle', 'coverPage', 'isActive'] as const) {
        if (body[f] !== undefined) (policy as any)[f] = body[f];
      }
      return;
    case `PUT ${LOCK_PATH}`:
      policy.isLocked = Boolean(body.isLocked);
      return;
    case `POST ${POLICY_TECHNOLOGY_PATH}`: {
      const techs = (policy.technologies ??= []);
      const named = Array.isArray(response) ? (response as { technologyId: number; technologyName: string }[]) : [];
      for (const id of body.technologyIds as number[]) {
        if (techs.some((t) => t.technologyId === id)) continue;
        const name = named.find((t) => t.technologyId === id)?.technologyName ?? String(id);
        techs.push({ technologyId: id, technologyName: name });
      }
      return;
    }
    case `DELETE ${POLICY_TECHNOLOGY_PATH}`: {
      const id = num('technologyId');
      policy.technologies = (policy.technologies ?? []).filter((t) => t.technologyId !== id);
      // Removing a technology from the policy removes it from every control too.
      for (const s of policy.sections ?? []) {
        for (const c of s.controls ?? []) {
          if (c.technologies) c.technologies = c.technologies.filter((t) => t.technologyId !== id);
        }
      }
      return;
    }
    case `POST ${SECTION_PATH}`: {
      const sections = (policy.sections ??= []);
      const answered = (response as { sectionNumber?: unknown } | undefined)?.sectionNumber;
      const sectionNumber = typeof answered === 'number' ? answered : Math.max(0, ...sections.map((x) => x.sectionNumber)) + 1;
      sections.push({ sectionNumber, sectionHeading: String(body.sectionHeading), controls: [] });
      return;
    }
    case `PUT ${SECTION_PATH}`:
      sectionAt(policy, num('sectionNumber')).sectionHeading = String(body.sectionHeading);
      return;
    case `DELETE ${SECTION_PATH}`: {
      const s = sectionAt(policy, num('sectionNumber'));
      policy.sections = (policy.sections ?? []).filter((x) => x !== s);
      return;
    }
    case `POST ${CONTROL_PATH}`: {
      const section = sectionAt(policy, num('sectionNumber'));
      const list = (section.controls ??= []);
      const returned = Array.isArray(response) ? (response as Control[]) : [];
      for (const spec of body.controls as NewControl[]) {
        const fromServer = returned.find((c) => c.controlId === spec.controlId);
        const control: Control = fromServer
          ? clonePolicy(fromServer)
          : { controlId: spec.controlId, sectionNumber: section.sectionNumber, controlNumber: 0, technologies: [] };
        for (const f of ['criticality', 'referenceText', 'isControlDisable'] as const) {
          if (spec[f] !== undefined) (control as any)[f] = spec[f];
        }
        placeAt(list, control, spec.controlNumber);
      }
      renumberControls(section);
      return;
    }
    case `PUT ${CONTROL_PATH}`: {
      const section = sectionAt(policy, num('sectionNumber'));
      const control = controlIn(section, num('controlId'));
      for (const f of ['criticality', 'referenceText', 'isControlDisable'] as const) {
        if (body[f] !== undefined) (control as any)[f] = body[f];
      }
      if (body.controlNumber !== undefined) placeAt(section.controls!, control, Number(body.controlNumber));
      renumberControls(section);
      return;
    }
    case `DELETE ${CONTROL_PATH}`: {
      const section = sectionAt(policy, num('sectionNumber'));
      const control = controlIn(section, num('controlId'));
      section.controls = section.controls!.filter((c) => c !== control);
      renumberControls(section);
      return;
    }
    case `POST ${CONTROL_TECHNOLOGY_PATH}`: {
      const control = controlIn(sectionAt(policy, num('sectionNumber')), num('controlId'));
      const techs = (control.technologies ??= []);
      for (const id of body.technologyIds as number[]) {
        if (!techs.some((t) => t.technologyId === id)) {
          techs.push({ technologyId: id, technologyName: technologyName(policy, id) });
        }
      }
      return;
    }
    case `DELETE ${CONTROL_TECHNOLOGY_PATH}`: {
      const control = controlIn(sectionAt(policy, num('sectionNumber')), num('controlId'));
      const id = num('technologyId');
      control.technologies = (control.technologies ?? []).filter((t) => t.technologyId !== id);
      return;
    }
    case `PUT ${EVALUATION_PATH}`: {
      const control = controlIn(sectionAt(policy, num('sectionNumber')), num('controlId'));
      const id = num('technologyId');
      const techs = (control.technologies ??= []);
      let tech: ControlTechnology | undefined = techs.find((t) => t.technologyId === id);
      if (!tech) {
        tech = { technologyId: id, technologyName: technologyName(policy, id) };
        techs.push(tech);
      }
      if (body.evaluate !== undefined) tech.evaluate = updatedEvaluation(tech.evaluate, body.evaluate as Evaluate);
      if (body.remediation !== undefined) tech.remediation = body.remediation;
      return;
    }
    default:
      throw new Error(`no model for ${key}`);
  }
}

/**
 * Only op, v, cd and fv change; the key, description and `l` stay (they belong to the control
 * definition). A cardinality is dropped when the operator takes none.
 */
function updatedEvaluation(current: Evaluate | undefined, sent: Evaluate): Evaluate {
  if (!current?.dp) return clonePolicy(sent);
  const dp: DataPoint = { ...clonePolicy(current.dp) };
  const next = sent.dp ?? ({} as Partial<DataPoint>);
  if (next.op !== undefined) dp.op = next.op;
  if (next.v !== undefined) dp.v = [...next.v];
  if (next.fv !== undefined) dp.fv = clonePolicy(next.fv);
  if (next.cd !== undefined) dp.cd = next.cd;
  else if (!operatorTakesCardinality(dp.op)) delete dp.cd;
  return { dp };
}

/** Applies operations in order to a copy of `policy`. */
export function applyOperations(policy: Policy, operations: readonly ApiOperation[]): Policy {
  const copy = clonePolicy(policy);
  for (const op of operations) applyOperation(copy, op);
  return copy;
}
