/**
 * `qualys-policy evaluate POLICY.json (--postures FILE.json | --tenant) [--format text|json]`:
 * evaluates a policy file against posture evidence (a postureInfo JSON array, or fetched from
 * the tenant with QUALYS_BASE_URL / QUALYS_USERNAME / QUALYS_PASSWORD) and reports, per
 * posture, the status the policy gives next to the recorded one. Formats and exit codes are a
 * contract: 0 when evaluated, 2 on bad input, 1 when Qualys fails.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { JsonArraySplitter, JsonSplitError } from '../../../client/src/api/jsonArraySplitter';
import { parseJsonLenient } from '../../../client/src/api/lenientJson';
import { CRITICALITIES, POSTURE_STATUSES } from '../../../server/src/model/catalog';
import type { Policy } from '../../../server/src/model/policy';
import { indexPolicy, PostureEvaluator, type EvaluationSummary, type PostureResult } from '../../../server/src/service/evaluation/postures';
import { parseArgs } from '../args';
import { CliError, EXIT_OK, type CliIo } from '../io';
import { withClient } from './pull';

export const usage =
  'evaluate <POLICY.json> (--postures FILE.json | --tenant [--status S,…] [--criticality C,…]) [--format text|json] [--all-policies]   evaluate a policy against posture evidence';

const FORMATS = ['text', 'json'] as const;
/** Changed postures listed by the text format. */
const TEXT_CHANGES_SHOWN = 50;

/** One result as `--format json` prints it (a contract: exactly these keys). */
export interface EvaluateResultJson {
  hostId: string;
  controlId: number;
  technologyId: number;
  status: string;
  recordedStatus: string | null;
  reason: string;
}

export interface EvaluateSummaryJson extends EvaluationSummary {
  policyId: number | null;
  source: string;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    postures: { value: true },
    tenant: {},
    format: { value: true, choices: FORMATS },
    status: { value: true },
    criticality: { value: true },
    'all-policies': {},
  });
  if (positionals.length !== 1) throw new CliError(`give one policy file\nusage: qualys-policy ${usage}`);
  const posturesFile = typeof options.postures === 'string' ? options.postures : undefined;
  if ((posturesFile === undefined) === (options.tenant !== true)) throw new CliError(`give either --postures FILE.json or --tenant\nusage: qualys-policy ${usage}`);
  if (posturesFile !== undefined && (options.status !== undefined || options.criticality !== undefined)) throw new CliError('--status and --criticality filter what --tenant fetches; they do not apply to --postures');

  const policyFile = positionals[0];
  const policy = await readPolicy(path.resolve(io.cwd, policyFile), policyFile);
  const index = indexPolicy(policy);
  if (![...index.values()].some((techs) => techs.size > 0)) throw new CliError(`${policyFile} has no control technology with evaluate.dp: nothing to evaluate`);
  const policyId = typeof policy.policyId === 'number' ? policy.policyId : /^\d+$/.test(String(policy.policyId ?? '')) ? Number(policy.policyId) : undefined;
  const evaluator = new PostureEvaluator(index, { policyId: options['all-policies'] === true ? undefined : policyId });

  const format = (options.format as (typeof FORMATS)[number] | undefined) ?? 'text';
  const results: EvaluateResultJson[] = [];
  const changes: PostureResult[] = [];
  const onRecord = (record: unknown): void => {
    const r = evaluator.add(record);
    if (!r) return;
    if (format === 'json') results.push({ hostId: r.hostId, controlId: r.controlId, technologyId: r.technologyId, status: r.status, recordedStatus: r.recordedStatus ?? null, reason: r.reason });
    else if (r.recordedStatus !== undefined && r.recordedStatus !== r.status && changes.length < TEXT_CHANGES_SHOWN) changes.push(r);
  };

  let source: string;
  if (posturesFile !== undefined) {
    await readPostures(path.resolve(io.cwd, posturesFile), posturesFile, onRecord);
    source = posturesFile;
  } else {
    if (policyId === undefined) throw new CliError(`${policyFile} has no numeric policyId: --tenant needs it to fetch the policy's postures`);
    const filters = { status: listOption(options.status, 'status', POSTURE_STATUSES), criticalityLabels: criticalityOption(options.criticality) };
    await withClient(io, async (client) => {
      const entries = await client.resolveHostIds([policyId]);
      if (entries.every((e) => e.hostIds.length === 0)) return;
      for await (const record of client.streamPostures(entries, { evidence: true, compression: true, ...filters })) onRecord(record);
    });
    source = `tenant policy ${policyId}`;
  }

  const summary: EvaluateSummaryJson = { policyId: policyId ?? null, source, ...evaluator.summary };
  if (format === 'json') writeJson(io, results, summary);
  else io.stdout(toText(policy, summary, changes));
  return EXIT_OK;
}

/** The same text as JSON.stringify({ results, summary }), written in pieces: a million results never become one string. */
function writeJson(io: CliIo, results: readonly EvaluateResultJson[], summary: EvaluateSummaryJson): void {
  const BATCH = 5000;
  io.stdout('{"results":[');
  for (let i = 0; i < results.length; i += BATCH) {
    io.stdout((i ? ',' : '') + results.slice(i, i + BATCH).map((r) => JSON.stringify(r)).join(','));
  }
  io.stdout(`],"summary":${JSON.stringify(summary)}}\n`);
}

async function readPolicy(absolute: string, shown: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${shown}: ${describeFsError(e)}`);
  }
  let value: unknown;
  try {
    value = parseJsonLenient(text);
  } catch (e) {
    throw new CliError(`${shown} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Array.isArray((value as Policy).sections)) {
    throw new CliError(`${shown} is not a policy export: expected an object with "sections" (as qualys-policy pull writes)`);
  }
  return value as Policy;
}

/** Streams the array in `absolute` record by record: files of hundreds of MB never sit in memory whole. */
async function readPostures(absolute: string, shown: string, onRecord: (record: unknown) => void): Promise<void> {
  const splitter = new JsonArraySplitter();
  let count = 0;
  const take = (texts: string[]): void => {
    for (const text of texts) {
      count++;
      let record: unknown;
      try {
        record = parseJsonLenient(text);
      } catch (e) {
        throw new CliError(`${shown}: posture record ${count} is not valid JSON (${(e as Error).message})`);
      }
      onRecord(record);
    }
  };
  // The splitter reads an empty HTTP body as no records; an empty file is more likely a failed save or download.
  let sawText = false;
  try {
    for await (const chunk of createReadStream(absolute, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      sawText ||= /\S/.test(chunk as string);
      take(splitter.push(chunk as string));
      if (splitter.wasSingleObject) throw new CliError(`${shown} holds one JSON object, not an array of posture records (as postureInfo returns)`);
    }
    splitter.end();
    if (!sawText) throw new CliError(`${shown} is empty: expected a JSON array of posture records (as postureInfo returns; [] for none)`);
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof JsonSplitError) throw new CliError(`${shown} is not a JSON array of posture records: ${e.message}`);
    throw new CliError(`cannot read ${shown}: ${describeFsError(e)}`);
  }
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}

function listOption<T extends string>(value: unknown, name: string, allowed: readonly T[]): T[] | undefined {
  if (typeof value !== 'string') return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) if (!allowed.includes(item as T)) throw new CliError(`--${name}: '${item}' is not one of ${allowed.join(', ')}`);
  return items as T[];
}

/** `--criticality` takes labels (SERIOUS) or levels (3). */
function criticalityOption(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const canonical = CRITICALITIES.filter((c) => !c.aliasOf);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const c = canonical.find((x) => x.name === item.toUpperCase() || String(x.value) === item);
      if (!c) throw new CliError(`--criticality: '${item}' is not one of ${canonical.map((x) => `${x.name} (${x.value})`).join(', ')}`);
      return c.name;
    });
}

function percent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

function hostLabel(r: PostureResult): string {
  const name = r.host.dns ?? r.host.netBios;
  const parts = [name, r.host.ip].filter(Boolean);
  return parts.length ? `host ${r.hostId} (${parts.join(' ')})` : `host ${r.hostId}`;
}

function toText(policy: Policy, s: EvaluateSummaryJson, changes: readonly PostureResult[]): string {
  const lines: string[] = [];
  const title = typeof policy.policyTitle === 'string' ? ` "${policy.policyTitle}"` : '';
  lines.push(`Policy ${s.policyId ?? '?'}${title} against ${s.source}: ${s.records} posture record${s.records === 1 ? '' : 's'}`);
  lines.push(`  evaluated ${s.evaluated}: ${s.passed} passed, ${s.failed} failed, ${s.error} error`);
  lines.push(`  agreement with the recorded status: ${s.agreement.agreed}/${s.agreement.compared} (${percent(s.agreement.rate)})`);
  const d = s.definition;
  if (d.changed) {
    lines.push(`  ${d.changed} record${d.changed === 1 ? ' was' : 's were'} evaluated by Qualys under other expected values (the policy changed since); agreement on the others: ${d.agreement.agreed}/${d.agreement.compared} (${percent(d.agreement.rate)})`);
  }
  lines.push(`  would change: ${s.changed} (${s.flips.toFailed} to Failed, ${s.flips.toPassed} to Passed, ${s.flips.toError} to Error)`);
  const k = s.skipped;
  if (k.total) {
    const why = [
      [k.noEvidence, 'without evidence (fetch postureInfo with evidenceRequired=1)'],
      [k.noMatchingControl, 'for controls not in the policy'],
      [k.noDataPoint, 'for technologies without evaluate.dp'],
      [k.otherPolicy, 'of other policies (--all-policies evaluates them too)'],
      [k.malformed, 'malformed'],
    ] as const;
    lines.push(`  skipped ${k.total}: ${why.filter(([n]) => n > 0).map(([n, text]) => `${n} ${text}`).join(', ')}`);
  }
  if (changes.length) {
    lines.push('', s.changed > changes.length ? `Changes (first ${changes.length} of ${s.changed}):` : 'Changes:');
    for (const r of changes) lines.push(`  control ${r.controlId} technology ${r.technologyId} ${hostLabel(r)}: ${r.recordedStatus} → ${r.status}: ${r.reason}`);
  }
  return lines.join('\n') + '\n';
}
