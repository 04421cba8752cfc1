/**
 * The base of a pulled policy: the export as it was when pulled (or as last pushed), kept OUTSIDE
 * the policy file so the file stays exactly what Qualys exports. It lives beside the file, in
 * `.qualys/base/<policyId>.json`, so the CLI and the extension find it the same way from the file
 * path alone (commit it with the file if colleagues share the folder, or ignore `.qualys/`).
 */
import * as path from 'node:path';
import type { Policy } from '../../../server/src/model/policy';
import { readTextIfExists, writeFileAtomic } from './files';
import { serializePolicy } from './policyFile';

export const BASE_FOLDER = path.join('.qualys', 'base');

export function basePathFor(policyFile: string, policyId: number): string {
  return path.join(path.dirname(policyFile), BASE_FOLDER, `${policyId}.json`);
}

export async function readBase(policyFile: string, policyId: number): Promise<Policy | undefined> {
  const text = await readTextIfExists(basePathFor(policyFile, policyId));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Policy;
  } catch {
    // A damaged base is as good as none: the caller asks for a pull or --force.
    return undefined;
  }
}

export async function writeBase(policyFile: string, policy: Policy): Promise<void> {
  await writeFileAtomic(basePathFor(policyFile, policy.policyId), serializePolicy(policy));
}
