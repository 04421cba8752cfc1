/** How a pulled policy is named and printed: stable, so diffs between pulls are clean. */
import type { Policy } from '../../../server/src/model/policy';

export const POLICY_FILE_SUFFIX = '.policy.json';

/** Lower-case words joined by dashes; never empty, never longer than 80 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'policy';
}

/** `<slug-of-title>.<policyId>.policy.json` */
export function policyFileName(policy: Pick<Policy, 'policyId' | 'policyTitle'>): string {
  return `${slugify(policy.policyTitle ?? '')}.${policy.policyId}${POLICY_FILE_SUFFIX}`;
}

/** The policy id a pulled file name carries, if it follows the naming scheme. */
export function policyIdFromFileName(fileName: string): number | undefined {
  const m = /\.(\d+)\.policy\.json$/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

/** Two-space JSON in the export's own key order, with a final newline. */
export function serializePolicy(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
