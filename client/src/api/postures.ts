/**
 * `POST /pcrs/5.0/posture/postureInfo` as a stream of records: the (usually gzip) body is
 * decompressed and split record by record while it arrives, so memory stays bounded
 * whatever the size of the answer.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { PostureRecord } from '../../../server/src/model/posture';
import { CRITICALITIES } from '../../../server/src/model/catalog';
import { QualysApiError, parseQualysError } from './errors';
import { JsonArraySplitter, JsonSplitError } from './jsonArraySplitter';
import { parseJsonLenient } from './lenientJson';
import type { QueryValue, Session } from './session';
import { transportError } from './transport';
import type { PostureOptions, PostureRequestEntry } from './types';

export const POSTURE_INFO_PATH = '/pcrs/5.0/posture/postureInfo';
/** Qualys refuses request bodies over 4 MB; stay clear of it. */
const MAX_BODY_BYTES = 3.5 * 1024 * 1024;

/** The postureInfo query string parameters for `opts`; throws a `usage` error for invalid combinations. */
export function postureQuery(opts: PostureOptions): Record<string, QueryValue> {
  const usage = (message: string): QualysApiError => new QualysApiError({ kind: 'usage', endpoint: `POST ${POSTURE_INFO_PATH}`, message });
  if (opts.criticalityValues?.length && opts.criticalityLabels?.length) {
    throw usage('Use criticality values or criticality labels, not both (Qualys refuses the combination)');
  }
  if ((opts.lastScanDateFrom === undefined) !== (opts.lastScanDateTo === undefined)) {
    throw usage('lastScanDateFrom and lastScanDateTo go together: give both dates');
  }
  if (opts.lastScanDate !== undefined && opts.lastScanDateFrom !== undefined) {
    throw usage('Use lastScanDate or the lastScanDateFrom/lastScanDateTo range, not both');
  }
  if (opts.extendedEvidence && !opts.evidence) {
    throw usage('Extended evidence needs evidence: set evidence as well');
  }
  for (const v of opts.criticalityValues ?? []) {
    if (!Number.isInteger(v) || v < 0 || v > 5) throw usage(`Criticality values are 0 to 5; got ${v}`);
  }
  for (const l of opts.criticalityLabels ?? []) {
    if (!CRITICALITIES.some((c) => c.name === l && !c.aliasOf)) {
      throw usage(`Unknown criticality label "${l}"; use ${CRITICALITIES.filter((c) => !c.aliasOf).map((c) => c.name).join(', ')}`);
    }
  }
  if (opts.previousStatus !== undefined && opts.previousStatus.includes(',')) {
    throw usage('previousStatus takes a single status');
  }
  const flag = (b: boolean | undefined): number | undefined => (b === undefined ? undefined : b ? 1 : 0);
  return {
    evidenceRequired: flag(opts.evidence ?? false),
    compressionRequired: flag(opts.compression ?? true),
    extendedEvidenceRequired: flag(opts.extendedEvidence),
    lastEvaluationDate: opts.lastEvaluationDate,
    lastScanDate: opts.lastScanDate,
    lastScanDateFrom: opts.lastScanDateFrom,
    lastScanDateTo: opts.lastScanDateTo,
    statusChangedSince: opts.statusChangedSince,
    excludeInactiveControl: flag(opts.excludeInactiveControl),
    cloudMetaDataRequired: flag(opts.cloudMetaData),
    qdScoreRequired: flag(opts.qdScore),
    scanSourceRequired: flag(opts.scanSource),
    status: opts.status?.length ? opts.status : undefined,
    previousStatus: opts.previousStatus,
    criticalityValues: opts.criticalityValues?.length ? opts.criticalityValues : undefined,
    criticalityLabels: opts.criticalityLabels?.length ? opts.criticalityLabels : undefined,
  };
}

/** Splits request entries so each request body stays under Qualys's 4 MB limit. */
export function batchPostureEntries(entries: readonly PostureRequestEntry[], maxBytes = MAX_BODY_BYTES): PostureRequestEntry[][] {
  const batches: PostureRequestEntry[][] = [];
  let batch: PostureRequestEntry[] = [];
  let size = 2;
  const flush = (): void => {
    if (batch.length) batches.push(batch);
    batch = [];
    size = 2;
  };
  for (const entry of entries) {
    if (!('hostIds' in entry)) {
      const s = JSON.stringify(entry).length + 1;
      if (size + s > maxBytes) flush();
      batch.push(entry);
      size += s;
      continue;
    }
    const overhead = JSON.stringify({ ...entry, hostIds: [] }).length + 1;
    let ids: (string | number)[] = [];
    if (size + overhead > maxBytes) flush();
    size += overhead;
    for (const id of entry.hostIds) {
      const s = JSON.stringify(id).length + 1;
      if (size + s > maxBytes && ids.length) {
        batch.push({ ...entry, hostIds: ids });
        flush();
        ids = [];
        size += overhead;
      }
      ids.push(id);
      size += s;
    }
    batch.push({ ...entry, hostIds: ids });
  }
  flush();
  return batches;
}

/** Streams posture records for `entries` (one request per ≤4 MB batch). */
export async function* streamPostureRecords(
  session: Session,
  entries: readonly PostureRequestEntry[],
  opts: PostureOptions = {},
): AsyncGenerator<PostureRecord> {
  const query = postureQuery(opts);
  for (const batch of batchPostureEntries(entries)) {
    yield* streamOneRequest(session, batch, query, opts);
  }
}

/** Marks errors of the HTTP body (as opposed to gzip or JSON errors) on their way through the pipeline. */
class SourceError extends Error {
  constructor(readonly original: unknown) {
    super('response body failed');
  }
}

async function* streamOneRequest(
  session: Session,
  batch: PostureRequestEntry[],
  query: Record<string, QueryValue>,
  opts: PostureOptions,
): AsyncGenerator<PostureRecord> {
  const signal = opts.signal;
  const res = await session.open({ method: 'POST', path: POSTURE_INFO_PATH, query, body: batch, idempotent: true, signal });
  let count = 0;
  const fail = (kind: 'bad-response' | 'not-found', message: string, parsed: { message?: string; code?: number } = {}): QualysApiError =>
    session.error(kind, res.status, res.endpoint, parsed, message);
  try {
    if (res.status === 204) return; // documented: no content, no records
    const splitter = new JsonArraySplitter();
    const decoder = new TextDecoder('utf-8');
    const handle = function* (text: string): Generator<PostureRecord> {
      for (const element of splitter.push(text)) {
        const record = parseRecord(element, count, fail);
        const entryError = entryErrorOf(record, splitter.wasSingleObject, session.host, fail);
        if (entryError) {
          if (opts.onEntryError) {
            opts.onEntryError(entryError);
            continue;
          }
          throw entryError;
        }
        // Records already buffered must not outlive a cancellation.
        signal?.throwIfAborted();
        count++;
        yield record as PostureRecord;
      }
    };
    try {
      for await (const chunk of decompressed(bodySource(res.body))) {
        yield* handle(decoder.decode(chunk, { stream: true }));
      }
      yield* handle(decoder.decode());
      splitter.end();
    } catch (e) {
      if (e instanceof QualysApiError) throw e;
      const progress = `after ${count} record${count === 1 ? '' : 's'}`;
      if (e instanceof SourceError || signal?.aborted) {
        const original = e instanceof SourceError ? e.original : e;
        throw transportError(original, {
          endpoint: res.endpoint,
          host: session.host,
          timeoutMs: session.timeoutMs,
          signal,
          progress: `while streaming postures, ${progress}`,
        });
      }
      if (e instanceof JsonSplitError) {
        throw fail('bad-response', `The posture response from ${session.host} is incomplete or malformed ${progress}: ${e.message}; try again`);
      }
      const z = e as { code?: string; message?: string };
      throw fail(
        'bad-response',
        `The compressed posture response from ${session.host} was cut off or corrupt ${progress} (${z.message ?? z.code ?? 'gzip error'}); try again`,
      );
    }
  } finally {
    if (!res.body.destroyed) {
      // undici reports a destroy before the end as an 'error' event; nobody is listening any more.
      res.body.on('error', () => undefined);
      res.body.destroy();
    }
    res.release();
  }
}

function parseRecord(element: string, index: number, fail: (kind: 'bad-response', m: string) => QualysApiError): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonLenient(element);
  } catch (e) {
    throw fail('bad-response', `Posture record ${index + 1} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('bad-response', `Posture record ${index + 1} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The documented 200-with-`error` entry ("Compliance Policy does not exist"), or a lone error object. */
function entryErrorOf(
  record: Record<string, unknown>,
  single: boolean,
  host: string,
  fail: (kind: 'bad-response' | 'not-found', m: string, parsed?: { message?: string; code?: number }) => QualysApiError,
): QualysApiError | undefined {
  const isRecord = record.controlId !== undefined && record.status !== undefined;
  if (isRecord) return undefined;
  if (typeof record.error === 'string') {
    const text = record.error.replace(/^Error:\s*/i, '');
    const who = record.policyId !== undefined ? `Policy ${String(record.policyId)}` : 'A requested policy';
    if (/does not exist|not found/i.test(text)) {
      return fail('not-found', `${who} does not exist on ${host} (Qualys said: ${record.error})`, { message: record.error });
    }
    return fail('bad-response', `${who}: Qualys reported an error: ${record.error}`, { message: record.error });
  }
  if (single) {
    const parsed = parseQualysError(JSON.stringify(record));
    return fail('bad-response', `Qualys answered postureInfo with a message instead of records: ${parsed.message ?? 'unknown'}`, parsed);
  }
  return undefined;
}

async function* bodySource(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (e) {
    throw new SourceError(e);
  }
}

/** Gunzips when the body starts with the gzip magic bytes (Qualys does not always say so in headers). */
async function* decompressed(source: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const r = await source.next();
    if (r.done) {
      if (head.length) yield head;
      return;
    }
    head = head.length ? Buffer.concat([head, r.value]) : r.value;
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield head;
    yield* source;
    return;
  }
  const first = head;
  const feeder = Readable.from(
    (async function* () {
      yield first;
      yield* source;
    })(),
    { objectMode: false },
  );
  const gunzip = createGunzip();
  // Errors of either side surface when iterating gunzip (a SourceError keeps its identity).
  pipeline(feeder, gunzip, () => undefined);
  for await (const out of gunzip as AsyncIterable<Buffer>) yield out;
}
