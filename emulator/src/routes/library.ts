/** `/pcas/v1/library/…`: list, details (basic|full), import, labels and technologies, as the release 1.9 seed. */
import type { Policy } from '../../../server/src/model/policy';
import { LIBRARY, libraryPolicyById, libraryPolicyByTitle, type LibraryPolicy } from '../data/library';
import { LABELS, technologyName } from '../data/technologies';
import { boolParam, bodyObject, intParam, json, pcasError, stringParam, type ApiRequest, type Params, type Reply } from '../http';
import type { EmulatorState } from '../state';
import { isoNow, policyFromLibrary } from '../tenant';

type Handler = (req: ApiRequest, state: EmulatorState) => Reply;

/** dd/mm/yyyy (the seed also shows dd-mm-yyyy) → comparable yyyymmdd. */
function dayNumber(text: string, req: ApiRequest, name: string): number {
  const m = /^(\d{2})[/-](\d{2})[/-](\d{4})$/.exec(text.trim());
  if (!m) throw pcasError(400, `Parameter '${name}' must be a date in dd/mm/yyyy format (got '${text}').`, req.path);
  return Number(`${m[3]}${m[2]}${m[1]}`);
}

function technologiesOf(lib: LibraryPolicy) {
  return lib.technologyIds.map((technologyId) => ({ technologyId, technologyName: technologyName(technologyId) }));
}

const listPolicies: Handler = (req) => {
  const labelId = intParam(req.query, 'labelId', req.path, false);
  const techIds = req.query.technologyId
    ? req.query.technologyId.split(',').map((t, i) => intParam({ [`technologyId[${i}]`]: t.trim() }, `technologyId[${i}]`, req.path))
    : undefined;
  const withDescription = boolParam(req.query, 'includeDescription', req.path) ?? false;
  const after = req.query.updatedAfter ? dayNumber(req.query.updatedAfter, req, 'updatedAfter') : undefined;
  const rows = LIBRARY.filter(
    (p) =>
      (labelId === undefined || p.labelIds.includes(labelId)) &&
      (!techIds || p.technologyIds.some((t) => techIds.includes(t))) &&
      (after === undefined || dayNumber(p.date, req, 'date') >= after),
  ).map((p) => ({
    policyId: p.policyId,
    policyTitle: p.policyTitle,
    ...(withDescription ? { description: p.description } : {}),
    version: p.version,
    date: p.date,
  }));
  return json(200, rows);
};

function findLibrary(req: ApiRequest, source: Params): LibraryPolicy {
  const id = intParam(source, 'policyId', req.path, false);
  const title = typeof source.policyTitle === 'string' ? source.policyTitle : undefined;
  if (id === undefined && title === undefined) throw pcasError(400, "Provide either 'policyId' or 'policyTitle'.", req.path);
  const lib = id !== undefined ? libraryPolicyById(id) : libraryPolicyByTitle(title as string);
  if (!lib) throw pcasError(404, id !== undefined ? `Library policy with id ${id} does not exist.` : `Library policy with title '${title}' does not exist.`, req.path);
  return lib;
}

const policyDetails: Handler = (req) => {
  const lib = findLibrary(req, req.query);
  const details = req.query.details ?? 'basic';
  if (details !== 'basic' && details !== 'full') throw pcasError(400, `Parameter 'details' must be 'basic' or 'full' (got '${details}').`, req.path);
  if (details === 'basic') {
    return json(200, {
      policyId: lib.policyId,
      policyTitle: lib.policyTitle,
      coverPage: lib.coverPage,
      technologies: technologiesOf(lib),
      sections: lib.sections.map((s) => ({ sectionNumber: s.sectionNumber, sectionHeading: s.sectionHeading })),
    });
  }
  const full: Policy = policyFromLibrary(lib, lib.technologyIds, lib.policyId, lib.policyTitle, true, true);
  return json(200, { policyId: lib.policyId, policyTitle: lib.policyTitle, exported: lib.exported, coverPage: lib.coverPage, technologies: full.technologies, sections: full.sections });
};

const importPolicy: Handler = (req, state) => {
  const body = bodyObject(req);
  const lib = findLibrary(req, { policyId: body.policyId ?? '' });
  let techIds = [...lib.technologyIds];
  if (body.technologyIds !== undefined) {
    if (!Array.isArray(body.technologyIds) || body.technologyIds.length === 0) throw pcasError(400, "Parameter 'technologyIds' must be a non-empty list.", req.path);
    techIds = body.technologyIds.map((t, i) => intParam({ [`technologyIds[${i}]`]: t }, `technologyIds[${i}]`, req.path));
    const foreign = techIds.filter((t) => !lib.technologyIds.includes(t));
    if (foreign.length) {
      throw pcasError(400, `Technology ${foreign.join(', ')} is not mapped to library policy ${lib.policyId} (mapped: ${lib.technologyIds.join(', ')}).`, req.path);
    }
  }
  const unlocked = boolParam(body, 'importAsUnlocked', req.path) ?? false;
  const active = boolParam(body, 'activatePolicy', req.path) ?? false;
  const title = stringParam(body, 'policyTitle', req.path) ?? lib.policyTitle;
  if (title.trim() === '') throw pcasError(400, 'policyTitle must not be empty.', req.path);
  const clash = state.findByTitle(title);
  if (clash) throw pcasError(400, `A policy titled '${title}' already exists (id ${clash.policy.policyId}); pass another policyTitle.`, req.path);
  const policyId = state.tenant.nextPolicyId++;
  const now = isoNow();
  state.add({
    policy: policyFromLibrary(lib, techIds, policyId, title, !unlocked, active),
    createdBy: 'emulator',
    createdDate: now,
    modifiedBy: 'emulator',
    modifiedDate: now,
    lastEvaluatedDate: now,
  });
  return json(200, { message: 'Policy imported successfully', policyId, imported: true, active });
};

const listLabels: Handler = () => json(200, LABELS);

const listTechnologies: Handler = (req) => {
  const labelId = intParam(req.query, 'labelId', req.path, false);
  const ids = new Set<number>();
  for (const p of LIBRARY) if (labelId === undefined || p.labelIds.includes(labelId)) p.technologyIds.forEach((t) => ids.add(t));
  return json(200, { technologies: [...ids].map((technologyId) => ({ technologyId, technologyName: technologyName(technologyId) })) });
};

export const LIBRARY_ROUTES: Record<string, Handler> = {
  'GET /pcas/v1/library/policy/list': listPolicies,
  'GET /pcas/v1/library/policy': policyDetails,
  'POST /pcas/v1/library/policy/import': importPolicy,
  'GET /pcas/v1/library/label': listLabels,
  'GET /pcas/v1/library/technology': listTechnologies,
};
