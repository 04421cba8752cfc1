/**
 * Pull: write an export to a policy file and record it as the base. Shared by the CLI and the
 * extension; the caller supplies the question to ask before overwriting local edits.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Policy } from '../../../server/src/model/policy';
import { readBase, writeBase } from './baseStore';
import { samePolicy } from './canonical';
import { readTextIfExists, writeFileAtomic } from './files';
import { POLICY_FILE_SUFFIX, policyFileName, policyIdFromFileName, serializePolicy } from './policyFile';

export type PullStatus =
  /** New file written. */
  | 'created'
  /** Existing file replaced (it had no edits since its base, or the user agreed). */
  | 'updated'
  /** The file already held exactly this export. */
  | 'unchanged'
  /** The file has local edits and the user chose to keep them. */
  | 'kept';

export interface PullResult {
  status: PullStatus;
  file: string;
}

export interface PullToFileOptions {
  policy: Policy;
  file: string;
  /** Record the export as the base for push (tenant policies; not library policies). */
  recordBase: boolean;
  /** Asked only when the file has edits the base does not explain. Resolve true to overwrite. */
  confirmOverwrite: (file: string, reason: string) => Promise<boolean>;
}

/** Why an existing file may not be overwritten silently, or undefined when it may. */
async function localEdits(file: string, text: string, policyId: number): Promise<string | undefined> {
  let current: Policy;
  try {
    current = JSON.parse(text) as Policy;
  } catch {
    return `${path.basename(file)} is not valid JSON (it may hold unsaved work)`;
  }
  if (current.policyId !== policyId) return `${path.basename(file)} holds policy ${current.policyId}, not ${policyId}`;
  const base = await readBase(file, policyId);
  if (!base) return `${path.basename(file)} has no recorded base, so its local edits cannot be told apart`;
  if (!samePolicy(current, base)) return `${path.basename(file)} has local edits since it was last pulled or pushed`;
  return undefined;
}

export async function pullToFile(options: PullToFileOptions): Promise<PullResult> {
  const { policy, file } = options;
  const text = serializePolicy(policy);
  const existing = await readTextIfExists(file);
  let status: PullStatus = 'created';
  if (existing !== undefined) {
    if (existing === text || samePolicyText(existing, policy)) {
      status = 'unchanged';
    } else {
      const reason = await localEdits(file, existing, policy.policyId);
      if (reason !== undefined && !(await options.confirmOverwrite(file, reason))) return { status: 'kept', file };
      status = 'updated';
    }
  }
  if (status !== 'unchanged') await writeFileAtomic(file, text);
  if (options.recordBase) await writeBase(file, policy);
  return { status, file };
}

function samePolicyText(text: string, policy: Policy): boolean {
  try {
    return samePolicy(JSON.parse(text) as Policy, policy);
  } catch {
    return false;
  }
}

/**
 * Where a policy goes in a folder: the file already holding that policy id (its title may have
 * changed since), else `<slug-of-title>.<policyId>.policy.json`.
 */
export async function policyFileIn(folder: string, policy: Pick<Policy, 'policyId' | 'policyTitle'>): Promise<string> {
  let names: string[] = [];
  try {
    names = await fs.readdir(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const existing = names.filter((n) => n.endsWith(POLICY_FILE_SUFFIX) && policyIdFromFileName(n) === policy.policyId).sort();
  return path.join(folder, existing[0] ?? policyFileName(policy));
}
