/** The planner tests' base policy (three sections, two technologies) and edit helpers. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Control, Policy } from '../../../server/src/model/policy';

export const BASE: Policy = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/sync/base.policy.json'), 'utf8'));

/** A copy of the base with `edit` applied. */
export function edited(edit: (p: Policy) => void): Policy {
  const local = structuredClone(BASE);
  edit(local);
  return local;
}

export function control(p: Policy, id: number): Control {
  for (const s of p.sections ?? []) for (const c of s.controls ?? []) if (c.controlId === id) return c;
  throw new Error(`no control ${id}`);
}
