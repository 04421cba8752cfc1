/**
 * `/pcas/v3/policy…`: export, update, delete and lock policies; manage their technologies,
 * sections, controls, control technologies and evaluations. Shapes and status codes follow the
 * release 1.5 seed; PCAS error bodies are undocumented, so errors use the gateway's JSON error shape.
 */
import {
  CRITICALITY_NAMES,
  getCardinality,
  getCriticality,
  getOperator,
  isCardinalityValidFor,
  operatorTakesCardinality,
} from '../../../server/src/model/catalog';
import type { Control, ControlTechnology, DataPoint, FixedValue, Policy, Section } from '../../../server/src/model/policy';
import { controlDefinition } from '../data/controls';
import { technologyById, technologyName } from '../data/technologies';
import { boolParam, bodyObject, intListParam, intParam, json, noContent, pcasError, stringParam, type ApiRequest, type Params, type Reply } from '../http';
import type { EmulatorState } from '../state';
import { controlFor, exportedStamp, type StoredPolicy } from '../tenant';

type Handler = (req: ApiRequest, state: EmulatorState) => Reply;

/** Edits that change no posture status (titles, headings, lock state). */
const NO_POSTURES = { controlIds: new Set<number>() };

function only(controlId: number) {
  return { controlIds: new Set([controlId]) };
}

export function exportPolicy(sp: StoredPolicy): Policy {
  const p = sp.policy;
  return {
    policyId: p.policyId,
    policyTitle: p.policyTitle,
    exported: exportedStamp(),
    ...(p.coverPage !== undefined ? { coverPage: p.coverPage } : {}),
    isActive: p.isActive ?? false,
    isLocked: p.isLocked ?? false,
    technologies: p.technologies ?? [],
    sections: p.sections ?? [],
  };
}

function policyOf(req: ApiRequest, state: EmulatorState, source: Params): StoredPolicy {
  return state.get(intParam(source, 'policyId', req.path), req.path);
}

function editableOf(req: ApiRequest, state: EmulatorState, source: Params): StoredPolicy {
  return state.editable(intParam(source, 'policyId', req.path), req.path);
}

function sectionOf(req: ApiRequest, policy: Policy, source: Params): Section {
  const n = intParam(source, 'sectionNumber', req.path);
  const s = policy.sections?.find((x) => x.sectionNumber === n);
  if (!s) throw pcasError(404, `Section ${n} does not exist in policy ${policy.policyId}.`, req.path);
  s.controls ??= [];
  return s;
}

function controlOf(req: ApiRequest, policy: Policy, section: Section, source: Params): Control {
  const id = intParam(source, 'controlId', req.path);
  const c = section.controls?.find((x) => x.controlId === id);
  if (!c) throw pcasError(404, `Control ${id} does not exist in section ${section.sectionNumber} of policy ${policy.policyId}.`, req.path);
  c.technologies ??= [];
  return c;
}

/** Policy, section and control named by `source` (policyId, sectionNumber, controlId); `edit` refuses locked policies. */
function locateControl(req: ApiRequest, state: EmulatorState, source: Params, edit: boolean): { sp: StoredPolicy; section: Section; control: Control } {
  const sp = edit ? editableOf(req, state, source) : policyOf(req, state, source);
  const section = sectionOf(req, sp.policy, source);
  return { sp, section, control: controlOf(req, sp.policy, section, source) };
}

function controlTechOf(req: ApiRequest, control: Control, source: Params): ControlTechnology {
  const id = intParam(source, 'technologyId', req.path);
  const t = control.technologies?.find((x) => x.technologyId === id);
  if (!t) throw pcasError(404, `Technology ${id} is not associated with control ${control.controlId}.`, req.path);
  return t;
}

function knownTechnology(req: ApiRequest, id: number): void {
  if (!technologyById(id)) throw pcasError(400, `Technology ${id} is not a valid technology id.`, req.path);
}

function criticalityParam(req: ApiRequest, source: Params): string | undefined {
  const c = stringParam(source, 'criticality', req.path);
  if (c === undefined) return undefined;
  const info = getCriticality(c.toUpperCase());
  if (!info) throw pcasError(400, `Criticality '${c}' is not valid; use one of ${CRITICALITY_NAMES.join(', ')}.`, req.path);
  return info.aliasOf ?? info.name;
}

function renumber(section: Section): void {
  (section.controls ?? []).forEach((c, i) => {
    c.controlNumber = i + 1;
    c.sectionNumber = section.sectionNumber;
  });
}

/** Insert at 1-based `position` (end when absent or past the end). */
function placeAt<T>(list: T[], item: T, position: number | undefined): void {
  const index = position === undefined ? list.length : Math.max(0, Math.min(list.length, position - 1));
  list.splice(index, 0, item);
}

// ------------------------------------------------------------------- policy

const getPolicy: Handler = (req, state) => {
  const id = intParam(req.query, 'policyId', req.path, false);
  const title = req.query.policyTitle;
  if (id === undefined && title === undefined) throw pcasError(400, "Provide either 'policyId' or 'policyTitle'.", req.path);
  const sp = id !== undefined ? state.find(id) : state.findByTitle(title);
  if (!sp) throw pcasError(404, id !== undefined ? `Policy with id ${id} does not exist.` : `Policy with title '${title}' does not exist.`, req.path);
  return json(200, exportPolicy(sp));
};

const updatePolicy: Handler = (req, state) => {
  const body = bodyObject(req);
  const sp = editableOf(req, state, body);
  const title = stringParam(body, 'policyTitle', req.path);
  const coverPage = stringParam(body, 'coverPage', req.path);
  const isActive = boolParam(body, 'isActive', req.path);
  if (title !== undefined) {
    if (title.trim() === '') throw pcasError(400, 'policyTitle must not be empty.', req.path);
    const other = state.findByTitle(title);
    if (other && other !== sp) throw pcasError(400, `A policy titled '${title}' already exists (id ${other.policy.policyId}).`, req.path);
  }
  state.edit(sp, NO_POSTURES, (p) => {
    if (title !== undefined) p.policyTitle = title;
    if (coverPage !== undefined) p.coverPage = coverPage;
    if (isActive !== undefined) p.isActive = isActive;
  });
  return noContent();
};

const deletePolicy: Handler = (req, state) => {
  const sp = editableOf(req, state, req.query);
  state.remove(sp.policy.policyId);
  return noContent();
};

const lockPolicy: Handler = (req, state) => {
  const body = bodyObject(req);
  const sp = policyOf(req, state, body);
  const locked = boolParam(body, 'isLocked', req.path);
  if (locked === undefined) throw pcasError(400, "Required parameter 'isLocked' is missing.", req.path);
  state.edit(sp, NO_POSTURES, (p) => {
    p.isLocked = locked;
  });
  return noContent();
};

// ------------------------------------------------------------- technologies

const listPolicyTechnologies: Handler = (req, state) => {
  const sp = policyOf(req, state, req.query);
  return json(200, { policyId: sp.policy.policyId, technologies: sp.policy.technologies ?? [] });
};

const addPolicyTechnologies: Handler = (req, state) => {
  const body = bodyObject(req);
  const sp = editableOf(req, state, body);
  const ids = intListParam(body, 'technologyIds', req.path);
  ids.forEach((id) => knownTechnology(req, id));
  state.edit(sp, undefined, (p) => {
    p.technologies ??= [];
    for (const id of ids) {
      if (p.technologies.some((t) => t.technologyId === id)) continue;
      p.technologies.push({ technologyId: id, technologyName: technologyName(id) });
      // Controls that support the new technology get its definition, as Qualys does on import.
      for (const s of p.sections ?? []) {
        for (const c of s.controls ?? []) {
          const def = controlDefinition(c.controlId)?.technologies.find((t) => t.technologyId === id);
          if (def && !c.technologies?.some((t) => t.technologyId === id)) (c.technologies ??= []).push(structuredClone(def));
        }
      }
    }
  });
  return json(200, sp.policy.technologies);
};

const deletePolicyTechnology: Handler = (req, state) => {
  const sp = editableOf(req, state, req.query);
  const id = intParam(req.query, 'technologyId', req.path);
  if (!sp.policy.technologies?.some((t) => t.technologyId === id)) {
    throw pcasError(404, `Technology ${id} is not associated with policy ${sp.policy.policyId}.`, req.path);
  }
  state.edit(sp, undefined, (p) => {
    p.technologies = (p.technologies ?? []).filter((t) => t.technologyId !== id);
    for (const s of p.sections ?? []) for (const c of s.controls ?? []) c.technologies = (c.technologies ?? []).filter((t) => t.technologyId !== id);
  });
  return noContent();
};

// ------------------------------------------------------------------ sections

const getSection: Handler = (req, state) => {
  const sp = policyOf(req, state, req.query);
  return json(200, sectionOf(req, sp.policy, req.query));
};

const addSection: Handler = (req, state) => {
  const body = bodyObject(req);
  const sp = editableOf(req, state, body);
  const heading = stringParam(body, 'sectionHeading', req.path, true) as string;
  if (heading.trim() === '') throw pcasError(400, 'sectionHeading must not be empty.', req.path);
  const section = state.edit(sp, NO_POSTURES, (p) => {
    p.sections ??= [];
    const s: Section = { sectionNumber: Math.max(0, ...p.sections.map((x) => x.sectionNumber)) + 1, sectionHeading: heading, controls: [] };
    p.sections.push(s);
    return s;
  });
  return json(201, section);
};

const updateSection: Handler = (req, state) => {
  const body = bodyObject(req);
  const sp = editableOf(req, state, body);
  const section = sectionOf(req, sp.policy, body);
  const heading = stringParam(body, 'sectionHeading', req.path, true) as string;
  state.edit(sp, NO_POSTURES, () => {
    section.sectionHeading = heading;
  });
  return noContent();
};

const deleteSection: Handler = (req, state) => {
  const sp = editableOf(req, state, req.query);
  const section = sectionOf(req, sp.policy, req.query);
  const ids = new Set((section.controls ?? []).map((c) => c.controlId));
  // Section numbers are identities here: the remaining sections keep theirs.
  state.edit(sp, { controlIds: ids }, (p) => {
    p.sections = (p.sections ?? []).filter((s) => s !== section);
  });
  return noContent();
};

// ------------------------------------------------------------------ controls

const getControl: Handler = (req, state) => {
  const sp = policyOf(req, state, req.query);
  const section = sectionOf(req, sp.policy, req.query);
  return json(200, controlOf(req, sp.policy, section, req.query));
};

const addControls: Handler = (req, state) => {
  const body = bodyObject(req);
  const sp = editableOf(req, state, body);
  const section = sectionOf(req, sp.policy, body);
  const list = body.controls;
  if (!Array.isArray(list) || list.length === 0) throw pcasError(400, "Parameter 'controls' must be a non-empty list.", req.path);
  const techIds = (sp.policy.technologies ?? []).map((t) => t.technologyId);
  const prepared = list.map((raw) => {
    if (!raw || typeof raw !== 'object') throw pcasError(400, 'Each entry of controls must be an object.', req.path);
    const item = raw as Params;
    const controlId = intParam(item, 'controlId', req.path);
    if (!controlDefinition(controlId)) throw pcasError(404, `Control ${controlId} does not exist in the control library.`, req.path);
    const where = sp.policy.sections?.find((s) => s.controls?.some((c) => c.controlId === controlId));
    if (where) throw pcasError(400, `Control ${controlId} already exists in section ${where.sectionNumber} of policy ${sp.policy.policyId}; a control may appear once per policy.`, req.path);
    const control = controlFor(controlId, techIds, {
      sectionNumber: section.sectionNumber,
      criticality: criticalityParam(req, item),
      referenceText: stringParam(item, 'referenceText', req.path) ?? null,
      isControlDisable: boolParam(item, 'isControlDisable', req.path) ?? false,
    }) as Control;
    if (!control.technologies?.length) {
      throw pcasError(400, `Control ${controlId} supports none of the policy's technologies (${techIds.join(', ') || 'none'}).`, req.path);
    }
    return { control, position: intParam(item, 'controlNumber', req.path, false) };
  });
  const added = state.edit(sp, { controlIds: new Set(prepared.map((x) => x.control.controlId)) }, () => {
    for (const { control, position } of prepared) placeAt(section.controls as Control[], control, position);
    renumber(section);
    return prepared.map((x) => x.control);
  });
  return json(201, added);
};

const updateControl: Handler = (req, state) => {
  const body = bodyObject(req);
  const { sp, section, control } = locateControl(req, state, body, true);
  const criticality = criticalityParam(req, body);
  const referenceText = body.referenceText === null ? null : stringParam(body, 'referenceText', req.path);
  const disabled = boolParam(body, 'isControlDisable', req.path);
  const position = intParam(body, 'controlNumber', req.path, false);
  state.edit(sp, only(control.controlId), () => {
    if (criticality !== undefined) control.criticality = criticality;
    if (referenceText !== undefined) control.referenceText = referenceText;
    if (disabled !== undefined) control.isControlDisable = disabled;
    if (position !== undefined && position !== control.controlNumber) {
      const list = section.controls as Control[];
      list.splice(list.indexOf(control), 1);
      placeAt(list, control, position);
      renumber(section);
    }
  });
  return noContent();
};

const deleteControl: Handler = (req, state) => {
  const { sp, section, control } = locateControl(req, state, req.query, true);
  state.edit(sp, only(control.controlId), () => {
    section.controls = (section.controls ?? []).filter((c) => c !== control);
    renumber(section);
  });
  return noContent();
};

// ------------------------------------------------------- control technologies

const listControlTechnologies: Handler = (req, state) => {
  const { sp, section, control } = locateControl(req, state, req.query, false);
  return json(200, { policyId: sp.policy.policyId, sectionNumber: section.sectionNumber, controlId: control.controlId, technologies: control.technologies });
};

const addControlTechnologies: Handler = (req, state) => {
  const body = bodyObject(req);
  const { sp, control } = locateControl(req, state, body, true);
  const ids = intListParam(body, 'technologyIds', req.path);
  const defs = ids.map((id) => {
    knownTechnology(req, id);
    const def = controlDefinition(control.controlId)?.technologies.find((t) => t.technologyId === id);
    if (!def) throw pcasError(400, `Control ${control.controlId} does not support technology ${id} (${technologyName(id)}).`, req.path);
    return def;
  });
  state.edit(sp, only(control.controlId), (p) => {
    for (const def of defs) {
      if (control.technologies?.some((t) => t.technologyId === def.technologyId)) continue;
      (control.technologies ??= []).push(structuredClone(def));
      // The policy must cover the technology for the control's postures to exist.
      if (!p.technologies?.some((t) => t.technologyId === def.technologyId)) {
        (p.technologies ??= []).push({ technologyId: def.technologyId, technologyName: def.technologyName });
      }
    }
  });
  return json(200, (control.technologies ?? []).map((t) => ({ technologyId: t.technologyId, technologyName: t.technologyName })));
};

const deleteControlTechnology: Handler = (req, state) => {
  const { sp, control } = locateControl(req, state, req.query, true);
  const tech = controlTechOf(req, control, req.query);
  state.edit(sp, only(control.controlId), () => {
    control.technologies = (control.technologies ?? []).filter((t) => t !== tech);
  });
  return noContent();
};

// --------------------------------------------------------------- evaluations

const getEvaluation: Handler = (req, state) => {
  const { control } = locateControl(req, state, req.query, false);
  const tech = controlTechOf(req, control, req.query);
  return json(200, { ...control, technologies: [tech] });
};

/** Validate an incoming `evaluate.dp` against the catalog; only op, v, cd and fv may change. */
function updatedDataPoint(req: ApiRequest, current: DataPoint | undefined, raw: unknown): DataPoint {
  if (!raw || typeof raw !== 'object') throw pcasError(400, "Parameter 'evaluate' must be an object with a 'dp' object.", req.path);
  const dpRaw = (raw as Params).dp;
  if (!dpRaw || typeof dpRaw !== 'object') throw pcasError(400, "Parameter 'evaluate.dp' must be an object.", req.path);
  const dp = dpRaw as Params;
  const op = typeof dp.op === 'string' ? dp.op : current?.op;
  const operator = op === undefined ? undefined : getOperator(op);
  if (!operator) throw pcasError(400, `Operator '${String(op)}' is not valid.`, req.path);
  const v = dp.v === undefined ? current?.v : dp.v;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw pcasError(400, "'evaluate.dp.v' must be a list of strings.", req.path);
  const cd = dp.cd === undefined ? (operatorTakesCardinality(operator.name) ? current?.cd : undefined) : dp.cd;
  if (cd !== undefined && (typeof cd !== 'string' || !isCardinalityValidFor(operator.name, cd))) {
    throw pcasError(400, `Cardinality '${String(cd)}' is not valid with operator '${operator.name}'.`, req.path);
  }
  const emptyOk = cd !== undefined && getCardinality(cd)?.allowsEmptyValue;
  if (!emptyOk && (v.length < operator.minValues || v.length > operator.maxValues)) {
    const want = operator.minValues === operator.maxValues ? `${operator.minValues}` : `${operator.minValues} or more`;
    throw pcasError(400, `Operator '${operator.name}' takes ${want} value(s) in 'v' (got ${v.length}).`, req.path);
  }
  const fv = dp.fv === undefined ? current?.fv : dp.fv;
  if (fv !== undefined && (!Array.isArray(fv) || fv.some((f) => !f || typeof f !== 'object' || typeof (f as FixedValue).value !== 'string' || !['0', '1'].includes((f as FixedValue).set)))) {
    throw pcasError(400, "'evaluate.dp.fv' must be a list of {value, set: \"0\"|\"1\", description}.", req.path);
  }
  // A new object: the compiled-evaluation cache is keyed by identity.
  const next: DataPoint = { k: current?.k ?? String(dp.k ?? ''), v: [...(v as string[])], op: operator.name };
  if (current?.l !== undefined) next.l = current.l;
  if (current?.description !== undefined) next.description = current.description;
  if (cd !== undefined) next.cd = cd as string;
  if (fv !== undefined) next.fv = structuredClone(fv as FixedValue[]);
  if (!next.k) throw pcasError(400, "'evaluate.dp.k' is required for a technology without an evaluation.", req.path);
  return next;
}

const updateEvaluation: Handler = (req, state) => {
  const body = bodyObject(req);
  const { sp, control } = locateControl(req, state, body, true);
  const tech = controlTechOf(req, control, body);
  const remediation = stringParam(body, 'remediation', req.path);
  if (body.evaluate === undefined && remediation === undefined) throw pcasError(400, "Provide 'evaluate' and/or 'remediation' to update.", req.path);
  const dp = body.evaluate === undefined ? undefined : updatedDataPoint(req, tech.evaluate?.dp, body.evaluate);
  state.edit(sp, only(control.controlId), () => {
    if (dp) tech.evaluate = { dp };
    if (remediation !== undefined) tech.remediation = remediation;
  });
  return noContent();
};

export const PCAS_ROUTES: Record<string, Handler> = {
  'GET /pcas/v3/policy': getPolicy,
  'PUT /pcas/v3/policy': updatePolicy,
  'DELETE /pcas/v3/policy': deletePolicy,
  'PUT /pcas/v3/policy/lock': lockPolicy,
  'GET /pcas/v3/policy/technology': listPolicyTechnologies,
  'POST /pcas/v3/policy/technology': addPolicyTechnologies,
  'DELETE /pcas/v3/policy/technology': deletePolicyTechnology,
  'GET /pcas/v3/policy/section': getSection,
  'POST /pcas/v3/policy/section': addSection,
  'PUT /pcas/v3/policy/section': updateSection,
  'DELETE /pcas/v3/policy/section': deleteSection,
  'GET /pcas/v3/policy/section/control': getControl,
  'POST /pcas/v3/policy/section/control': addControls,
  'PUT /pcas/v3/policy/section/control': updateControl,
  'DELETE /pcas/v3/policy/section/control': deleteControl,
  'GET /pcas/v3/policy/section/control/technology': listControlTechnologies,
  'POST /pcas/v3/policy/section/control/technology': addControlTechnologies,
  'DELETE /pcas/v3/policy/section/control/technology': deleteControlTechnology,
  'GET /pcas/v3/policy/section/control/technology/evaluation': getEvaluation,
  'PUT /pcas/v3/policy/section/control/technology/evaluation': updateEvaluation,
};
