/**
 * The technologies a document can refer to: the file's own top-level
 * `technologies` first (they are what Qualys checks against), then the cached
 * library list the client may have sent.
 */
import type { Node } from 'jsonc-parser';
import type { Technology } from '../model/policy';
import { arrayItems, numberProperty, stringProperty } from './jsonPath';

export interface KnownTechnology extends Technology {
  /** Where it was found: the policy file itself, or the cached library list. */
  source: 'file' | 'library';
}

/** The technologies declared in the file's top-level `technologies` array. */
export function fileTechnologies(root: Node | undefined): Technology[] {
  const result: Technology[] = [];
  for (const item of arrayItems(root, 'technologies')) {
    const technologyId = numberProperty(item, 'technologyId');
    const technologyName = stringProperty(item, 'technologyName');
    if (technologyId !== undefined && technologyName !== undefined) result.push({ technologyId, technologyName });
  }
  return result;
}

/** File technologies, then library ones not already in the file (one entry per id). */
export function knownTechnologies(root: Node | undefined, library: readonly Technology[]): KnownTechnology[] {
  const seen = new Set<number>();
  const result: KnownTechnology[] = [];
  const add = (t: Technology, source: KnownTechnology['source']): void => {
    if (seen.has(t.technologyId)) return;
    seen.add(t.technologyId);
    result.push({ technologyId: t.technologyId, technologyName: t.technologyName, source });
  };
  for (const t of fileTechnologies(root)) add(t, 'file');
  for (const t of library) add(t, 'library');
  return result;
}

/** The name of technology `id`, preferring the file's spelling. */
export function findTechnology(root: Node | undefined, library: readonly Technology[], id: number): KnownTechnology | undefined {
  return knownTechnologies(root, library).find((t) => t.technologyId === id);
}
