/**
 * The tenant: its policies (stored in export shape) and the posture history that lets
 * `previousStatus` and `postureModifiedDate` move when an edit flips a posture.
 */
import { randomBytes } from 'node:crypto';
import type { Control, ControlTechnology, Policy } from '../../server/src/model/policy';
import { controlDefinition } from './data/controls';
import { libraryPolicyById, type LibraryPolicy } from './data/library';
import seed from './data/seedSamples.json';
import { technologyName } from './data/technologies';

export interface StoredPolicy {
  /** Export shape without `exported` (stamped per request). */
  policy: Policy;
  createdBy: string;
  createdDate: string;
  modifiedBy: string;
  modifiedDate: string;
  lastEvaluatedDate: string;
}

export interface PostureChange {
  status: string;
  previousStatus: string;
  modifiedDate: string;
}

export interface TenantState {
  version: 1;
  subscriptionId: string;
  nextPolicyId: number;
  /** Signs tokens, so tokens survive a restart on the same data directory. */
  tokenSecret: string;
  policies: StoredPolicy[];
  /** Key: policyId:controlId:technologyId:hostId. */
  changes: Record<string, PostureChange>;
}

export const DOCUMENTATION_POLICY_ID = 5656121;
export const MULTI_TECH_POLICY_ID = 5656122;
export const LOCKED_RHEL8_POLICY_ID = 5656123;

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The control as a policy holds it: the catalog definition restricted to the policy's technologies. */
export function controlFor(controlId: number, technologyIds: readonly number[], overrides: Partial<Control> = {}): Control | undefined {
  const def = controlDefinition(controlId);
  if (!def) return undefined;
  const technologies: ControlTechnology[] = def.technologies.filter((t) => technologyIds.includes(t.technologyId)).map((t) => structuredClone(t));
  return {
    controlId,
    sectionNumber: overrides.sectionNumber ?? 1,
    controlNumber: overrides.controlNumber ?? 1,
    statement: def.statement,
    criticality: overrides.criticality ?? def.criticality,
    isControlDisable: overrides.isControlDisable ?? false,
    referenceText: overrides.referenceText ?? null,
    technologies,
  };
}

/** Expand a library policy into a tenant policy, keeping only controls that support one of `technologyIds`. */
export function policyFromLibrary(lib: LibraryPolicy, technologyIds: readonly number[], policyId: number, title: string, locked: boolean, active: boolean): Policy {
  return {
    policyId,
    policyTitle: title,
    coverPage: lib.coverPage,
    isActive: active,
    isLocked: locked,
    technologies: technologyIds.map((technologyId) => ({ technologyId, technologyName: technologyName(technologyId) })),
    sections: lib.sections.map((s) => {
      const controls: Control[] = [];
      for (const ref of s.controls) {
        const c = controlFor(ref.controlId, technologyIds, {
          sectionNumber: s.sectionNumber,
          controlNumber: controls.length + 1,
          referenceText: ref.referenceText,
          isControlDisable: ref.isControlDisable ?? false,
        });
        if (c && c.technologies?.length) controls.push(c);
      }
      return { sectionNumber: s.sectionNumber, sectionHeading: s.sectionHeading, controls };
    }),
  };
}

function stored(policy: Policy, createdDate: string): StoredPolicy {
  return { policy, createdBy: 'emulator_admin', createdDate, modifiedBy: 'emulator_admin', modifiedDate: createdDate, lastEvaluatedDate: createdDate };
}

export function initialTenant(): TenantState {
  const documentation = structuredClone(seed.documentationPolicy) as Policy & { exported?: string };
  delete documentation.exported;
  const multi: Policy = {
    policyId: MULTI_TECH_POLICY_ID,
    policyTitle: seed.multiTechnologyPolicy.policyTitle,
    coverPage: 'Minimum password length across the Linux estate.',
    isActive: true,
    isLocked: false,
    technologies: structuredClone(seed.multiTechnologyPolicy.technologies),
    sections: structuredClone(seed.multiTechnologyPolicy.sections) as Policy['sections'],
  };
  const rhelLib = libraryPolicyById(1464495);
  if (!rhelLib) throw new Error('library policy 1464495 missing');
  const rhel = policyFromLibrary(rhelLib, [217], LOCKED_RHEL8_POLICY_ID, rhelLib.policyTitle, true, true);
  return {
    version: 1,
    subscriptionId: '4417720',
    nextPolicyId: 5656130,
    tokenSecret: randomBytes(32).toString('hex'),
    policies: [stored(documentation, '2024-06-20T06:01:12Z'), stored(multi, '2026-03-26T07:40:02Z'), stored(rhel, '2025-09-16T10:39:48Z')],
    changes: {},
  };
}

/** "dd-mm-yyyy HH:MM:SS", the export's `exported` format. */
export function exportedStamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${p(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
