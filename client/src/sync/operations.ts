/**
 * The write calls of the Policy Audit CRUD API (release 1.5 seed), as `ApiOperation`s.
 * One builder per endpoint so the planner, the simulator and the tests agree on paths and bodies.
 */
import type { ApiOperation } from './apiOperation';

export const POLICY_PATH = '/pcas/v3/policy';
export const LOCK_PATH = '/pcas/v3/policy/lock';
export const POLICY_TECHNOLOGY_PATH = '/pcas/v3/policy/technology';
export const SECTION_PATH = '/pcas/v3/policy/section';
export const CONTROL_PATH = '/pcas/v3/policy/section/control';
export const CONTROL_TECHNOLOGY_PATH = '/pcas/v3/policy/section/control/technology';
export const EVALUATION_PATH = '/pcas/v3/policy/section/control/technology/evaluation';

/** Fields `PUT /pcas/v3/policy` can change. */
export interface PolicyUpdate {
  policyTitle?: string;
  coverPage?: string;
  isActive?: boolean;
}

/** Fields `POST`/`PUT /pcas/v3/policy/section/control` accept besides the ids. */
export interface ControlFields {
  criticality?: string;
  referenceText?: string | null;
  isControlDisable?: boolean;
  controlNumber?: number;
}

export interface NewControl extends ControlFields {
  controlId: number;
}

function withQuery(path: string, query: Record<string, number>): string {
  const q = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${path}?${q}`;
}

export const ops = {
  updatePolicy(policyId: number, fields: PolicyUpdate): ApiOperation {
    return { method: 'PUT', path: POLICY_PATH, body: { policyId, ...fields } };
  },
  setLock(policyId: number, isLocked: boolean): ApiOperation {
    return { method: 'PUT', path: LOCK_PATH, body: { policyId, isLocked } };
  },
  addPolicyTechnologies(policyId: number, technologyIds: number[]): ApiOperation {
    return { method: 'POST', path: POLICY_TECHNOLOGY_PATH, body: { policyId, technologyIds } };
  },
  deletePolicyTechnology(policyId: number, technologyId: number): ApiOperation {
    return { method: 'DELETE', path: withQuery(POLICY_TECHNOLOGY_PATH, { policyId, technologyId }) };
  },
  addSection(policyId: number, sectionHeading: string): ApiOperation {
    return { method: 'POST', path: SECTION_PATH, body: { policyId, sectionHeading } };
  },
  renameSection(policyId: number, sectionNumber: number, sectionHeading: string): ApiOperation {
    return { method: 'PUT', path: SECTION_PATH, body: { policyId, sectionNumber, sectionHeading } };
  },
  deleteSection(policyId: number, sectionNumber: number): ApiOperation {
    return { method: 'DELETE', path: withQuery(SECTION_PATH, { policyId, sectionNumber }) };
  },
  addControls(policyId: number, sectionNumber: number, controls: NewControl[]): ApiOperation {
    return { method: 'POST', path: CONTROL_PATH, body: { policyId, sectionNumber, controls } };
  },
  updateControl(policyId: number, sectionNumber: number, controlId: number, fields: ControlFields): ApiOperation {
    return { method: 'PUT', path: CONTROL_PATH, body: { policyId, sectionNumber, controlId, ...fields } };
  },
  deleteControl(policyId: number, sectionNumber: number, controlId: number): ApiOperation {
    return { method: 'DELETE', path: withQuery(CONTROL_PATH, { policyId, sectionNumber, controlId }) };
  },
  addControlTechnologies(policyId: number, sectionNumber: number, controlId: number, technologyIds: number[]): ApiOperation {
    return { method: 'POST', path: CONTROL_TECHNOLOGY_PATH, body: { policyId, sectionNumber, controlId, technologyIds } };
  },
  deleteControlTechnology(policyId: number, sectionNumber: number, controlId: number, technologyId: number): ApiOperation {
    return {
      method: 'DELETE',
      path: withQuery(CONTROL_TECHNOLOGY_PATH, { policyId, sectionNumber, controlId, technologyId }),
    };
  },
  updateEvaluation(
    policyId: number,
    sectionNumber: number,
    controlId: number,
    technologyId: number,
    change: { evaluate?: unknown; remediation?: string },
  ): ApiOperation {
    return {
      method: 'PUT',
      path: EVALUATION_PATH,
      body: { policyId, sectionNumber, controlId, technologyId, ...change },
    };
  },
};

/** Splits an operation's path into its pathname and numeric-or-string query parameters. */
export function splitPath(path: string): { pathname: string; query: Record<string, string> } {
  const q = path.indexOf('?');
  if (q === -1) return { pathname: path, query: {} };
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(path.slice(q + 1))) query[k] = v;
  return { pathname: path.slice(0, q), query };
}
