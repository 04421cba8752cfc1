/**
 * `qualys-policy push FILE [--dry-run] [--force] [--format text|json]`: sends the minimal calls that
 * make the tenant policy match FILE. Refuses invalid files, locked policies and conflicts with
 * changes made in the tenant since the last pull (exit 1, saying what changed remotely).
 * `--dry-run --format json` prints `{"operations":[{"method","path","body"}]}`.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describeConflicts } from '../../../client/src/sync/conflicts';
import type { PlannedOperation } from '../../../client/src/sync/plan';
import { push, type PushOutcome } from '../../../client/src/sync/push';
import { findValidationErrors } from '../../../client/src/sync/validateText';
import { isQualysApiError } from '../../../client/src/api';
import { parseArgs } from '../args';
import { CliError, EXIT_FINDINGS, EXIT_OK, type CliIo } from '../io';
import { withClient } from './pull';

export const usage =
  'push FILE [--dry-run] [--force] [--format text|json]   send the changes of a pulled policy file to the tenant (--force: even if the tenant changed)';

const FORMATS = ['text', 'json'] as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { 'dry-run': {}, force: {}, format: { value: true, choices: FORMATS } });
  if (positionals.length !== 1) throw new CliError(`give one policy file\nusage: qualys-policy ${usage}`);
  const file = path.resolve(io.cwd, positionals[0]);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${positionals[0]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const json = options.format === 'json';
  const dryRun = options['dry-run'] === true;
  const outcome = await withClient(io, (client) =>
    push({
      client,
      file,
      text,
      validate: findValidationErrors,
      dryRun,
      force: options.force === true,
      onProgress: json ? undefined : (i, total, op) => io.stderr(`[${i + 1}/${total}] ${op.summary}\n`),
    }),
  );
  const shown = positionals[0];
  if (json) io.stdout(`${JSON.stringify(toJson(outcome), null, 2)}\n`);
  else io.stdout(toText(outcome, shown));
  return outcome.kind === 'pushed' || outcome.kind === 'up-to-date' || outcome.kind === 'planned' ? EXIT_OK : EXIT_FINDINGS;
}

const call = (p: PlannedOperation) => ({ method: p.op.method, path: p.op.path, body: p.op.body ?? null });

function errorText(e: unknown): string {
  return isQualysApiError(e) ? e.message : e instanceof Error ? e.message : String(e);
}

function toJson(o: PushOutcome): unknown {
  switch (o.kind) {
    case 'planned':
      return { operations: o.operations.map(call), unsupported: o.unsupported, remoteOnly: o.remoteOnly };
    case 'up-to-date':
      return { status: o.kind, operations: [], unsupported: o.unsupported, remoteOnly: o.remoteOnly };
    case 'pushed':
      return { status: o.kind, applied: o.applied.map(call), unsupported: o.unsupported, remoteOnly: o.remoteOnly };
    case 'failed':
      return { status: o.kind, error: errorText(o.error), applied: o.applied.map(call), notApplied: o.notApplied.map(call) };
    case 'conflict':
      return { status: o.kind, conflicts: o.conflicts, remoteChanges: o.remoteChanges.map((r) => r.summary) };
    case 'invalid':
      return { status: o.kind, errors: o.errors };
    case 'locked':
    case 'no-base':
      return { status: o.kind, message: message(o) };
    case 'unplannable':
      return { status: o.kind, message: o.message };
    case 'cancelled':
      return { status: o.kind };
  }
}

function message(o: Extract<PushOutcome, { kind: 'locked' | 'no-base' }>): string {
  return o.kind === 'locked'
    ? `policy ${o.policyId} is locked in the tenant; unlock it first (set "isLocked": false in the file and push, or unlock it in Qualys)`
    : `no base recorded for policy ${o.policyId}: pull it first (qualys-policy pull ${o.policyId}), or push with --force to make the tenant match the file`;
}

function toText(o: PushOutcome, file: string): string {
  const lines: string[] = [];
  const notes = [
    ...('unsupported' in o ? o.unsupported.map((u) => `note: not pushed: ${u}`) : []),
    ...('remoteOnly' in o && o.remoteOnly.length
      ? [`note: the tenant has ${o.remoteOnly.length} change(s) since your last pull that your file does not have (kept there; pull to get them):`, ...o.remoteOnly.map((r) => `  ${r}`)]
      : []),
  ];
  switch (o.kind) {
    case 'invalid':
      lines.push(`${file} has ${o.errors.length} validation error(s); fix them before pushing:`);
      lines.push(...o.errors.map((e) => `  ${file}:${e.line}:${e.column} ${e.message} [${e.code}]`));
      break;
    case 'unplannable':
      lines.push(`cannot push ${file}: ${o.message}`);
      break;
    case 'cancelled':
      lines.push('push cancelled: nothing was sent');
      break;
    case 'no-base':
    case 'locked':
      lines.push(`cannot push ${file}: ${message(o)}`);
      break;
    case 'conflict':
      lines.push(`not pushed: policy ${o.policyId} changed in the tenant since your last pull, in parts your file also changes:`);
      lines.push(...describeConflicts(o.conflicts).map((c) => `  ${c}`));
      lines.push(`pull the latest version (qualys-policy pull ${o.policyId}), re-apply your edits, and push again; or push with --force to overwrite the tenant's changes`);
      break;
    case 'up-to-date':
      lines.push(`policy ${o.policyId} is up to date: nothing to push`, ...notes);
      break;
    case 'planned':
      lines.push(`${o.operations.length} call(s) would be sent for policy ${o.policyId}:`);
      lines.push(...o.operations.map((p) => `  ${p.op.method} ${p.op.path}  — ${p.summary}`), ...notes);
      break;
    case 'pushed':
      lines.push(`pushed ${o.applied.length} change(s) to policy ${o.policyId}.`, ...notes);
      lines.push('Qualys re-evaluates postures only after the policy is evaluated: evaluate it in Qualys (or run qualys-policy evaluate locally) to see the effect.');
      break;
    case 'failed':
      lines.push(`push stopped: ${errorText(o.error)}`);
      lines.push(`applied (${o.applied.length}):`, ...o.applied.map((p) => `  ✓ ${p.summary}`));
      lines.push(`not applied (${o.notApplied.length}):`, ...o.notApplied.map((p) => `  ✗ ${p.summary}`));
      lines.push('the base now records what was applied: push again to send the rest.');
      break;
  }
  return `${lines.join('\n')}\n`;
}
