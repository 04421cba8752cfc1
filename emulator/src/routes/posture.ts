/**
 * `/pcrs/…`: the tenant's policy list, host id resolution and postureInfo (v5 records), with the
 * documented errors (400 code 1905, 404 "Invalid input Parameter.", 200 with a per-policy error, 204).
 *
 * postureInfo streams: records are produced one at a time and written in ~64 KB chunks, so a response
 * of hundreds of thousands of records never exists as one string. With compressionRequired=1 (the
 * default) the body itself is gzip, as Qualys sends it: Content-Type application/octet-stream and
 * NO Content-Encoding header, so HTTP clients don't transparently inflate it; callers gunzip.
 */
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CRITICALITIES, POSTURE_STATUSES, type PostureStatus } from '../../../server/src/model/catalog';
import type { Host } from '../data/fleet';
import { HttpError, json, type ApiRequest, type Reply } from '../http';
import {
  evaluateSlot,
  policyHosts,
  policySlots,
  postureIdOf,
  postureRecord,
  type RecordOptions,
  type Slot,
} from '../posture/postures';
import type { EmulatorState } from '../state';
import type { StoredPolicy } from '../tenant';

type Handler = (req: ApiRequest, state: EmulatorState) => Reply;

const BATCH_SIZE = 5000;
const CHUNK_BYTES = 64 * 1024;

function error1905(text: string): HttpError {
  return new HttpError(json(400, [{ response: { datetime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), code: 1905, text } }]));
}

function invalidInput(): HttpError {
  return new HttpError(json(404, { message: 'Invalid input Parameter.' }));
}

/** YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ → ISO instant (end of day when `endOfDay`). */
function dateParam(req: ApiRequest, name: string, endOfDay = false): string | undefined {
  const v = req.query[name]?.trim();
  if (v === undefined || v === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T${endOfDay ? '23:59:59' : '00:00:00'}Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v)) return v;
  throw error1905(`parameter ${name} has invalid value '${v}'; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ`);
}

function numericIds(values: readonly unknown[], what: string): number[] {
  return values.map((v) => {
    const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!/^\d+$/.test(s)) throw error1905(`parameter ${what} has invalid value ${JSON.stringify(v)}`);
    return Number(s);
  });
}

// ------------------------------------------------------------------ policy list

const policyList: Handler = (req, state) => {
  const since = dateParam(req, 'lastEvaluationDate');
  const policyList = state.tenant.policies
    .filter((sp) => since === undefined || sp.lastEvaluatedDate >= since)
    .map((sp) => ({
      id: String(sp.policy.policyId),
      title: sp.policy.policyTitle,
      createdBy: sp.createdBy,
      createdDate: sp.createdDate,
      modifiedBy: sp.modifiedBy,
      modifiedDate: sp.modifiedDate,
      lastEvaluatedDate: sp.lastEvaluatedDate,
      status: sp.policy.isActive ? 'active' : 'inactive',
      locked: sp.policy.isLocked ? 1 : 0,
    }));
  return json(200, { subscriptionId: state.tenant.subscriptionId, policyList });
};

// --------------------------------------------------------------------- host ids

const hostIds: Handler = (req, state) => {
  const raw = req.query.policyId;
  const ids = raw === undefined || raw.trim() === '' ? state.tenant.policies.map((p) => p.policy.policyId) : numericIds(raw.split(','), 'policy_ids');
  if (raw !== undefined && ids.length > 10) throw error1905(`parameter policy_ids has ${ids.length} values; at most 10 are allowed per call`);
  const scanned = dateParam(req, 'lastScanDate');
  const changed = dateParam(req, 'statusChangedSince');
  const out = ids.map((policyId) => {
    const sp = state.find(policyId);
    let hosts: Host[] = sp ? policyHosts(state.world, sp) : [];
    if (scanned) hosts = hosts.filter((h) => h.complianceLastScanDate >= scanned);
    if (changed && sp) {
      const prefix = `${policyId}:`;
      const flipped = new Set<number>();
      for (const [key, c] of Object.entries(state.tenant.changes)) {
        if (key.startsWith(prefix) && c.modifiedDate >= changed) flipped.add(Number(key.split(':')[3]));
      }
      hosts = hosts.filter((h) => flipped.has(h.hostId) || h.complianceLastScanDate >= changed);
    }
    return { policyId: String(policyId), subscriptionId: state.tenant.subscriptionId, hostIds: hosts.map((h) => String(h.hostId)) };
  });
  return json(200, out);
};

// ------------------------------------------------------------------ postureInfo

function flag(req: ApiRequest, name: string, fallback: 0 | 1): boolean {
  const v = req.query[name];
  if (v === undefined) return fallback === 1;
  if (v !== '0' && v !== '1') throw invalidInput();
  return v === '1';
}

interface Filters {
  statuses?: ReadonlySet<string>;
  previousStatus?: string;
  criticality?: ReadonlySet<number>;
  excludeInactive: boolean;
  lastEvaluation?: string;
  statusChangedSince?: string;
  scanFrom?: string;
  scanTo?: string;
}

function statusList(req: ApiRequest, name: string): string[] | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  const list = v.split(',').map((s) => s.trim());
  for (const s of list) {
    if (!POSTURE_STATUSES.includes(s as PostureStatus)) throw error1905(`parameter ${name} has invalid value '${s}'; use ${POSTURE_STATUSES.join(', ')}`);
  }
  return list;
}

function readFilters(req: ApiRequest): Filters {
  const statuses = statusList(req, 'status');
  const previous = statusList(req, 'previousStatus');
  if (previous && previous.length > 1) throw error1905('parameter previousStatus accepts a single value');
  const values = req.query.criticalityValues;
  const labels = req.query.criticalityLabels;
  if (values !== undefined && labels !== undefined) throw error1905('use either criticalityLabels or criticalityValues, not both');
  let criticality: Set<number> | undefined;
  if (values !== undefined) {
    criticality = new Set(
      values.split(',').map((s) => {
        const n = s.trim();
        if (!/^[0-5]$/.test(n)) throw error1905(`parameter criticalityValues has invalid value '${n}'; use 0-5`);
        return Number(n);
      }),
    );
  } else if (labels !== undefined) {
    criticality = new Set(
      labels.split(',').map((s) => {
        const info = CRITICALITIES.find((c) => c.name === s.trim().toUpperCase() && !c.aliasOf);
        if (!info) throw error1905(`parameter criticalityLabels has invalid value '${s.trim()}'`);
        return info.value;
      }),
    );
  }
  const lastScan = dateParam(req, 'lastScanDate');
  const from = dateParam(req, 'lastScanDateFrom');
  const to = dateParam(req, 'lastScanDateTo', true);
  if ((from === undefined) !== (to === undefined)) throw error1905('lastScanDateFrom and lastScanDateTo must be given together');
  if (lastScan !== undefined && from !== undefined) throw error1905('lastScanDate cannot be combined with lastScanDateFrom/lastScanDateTo');
  return {
    statuses: statuses ? new Set(statuses) : undefined,
    previousStatus: previous?.[0],
    criticality,
    excludeInactive: flag(req, 'excludeInactiveControl', 0),
    lastEvaluation: dateParam(req, 'lastEvaluationDate'),
    statusChangedSince: dateParam(req, 'statusChangedSince'),
    scanFrom: from ?? lastScan,
    scanTo: to,
  };
}

interface Request {
  /** Per-policy host selections, or posture ids. */
  policies: { sp: StoredPolicy; hostIds?: ReadonlySet<number> }[];
  postureIds?: ReadonlySet<number>;
  errors: unknown[];
}

function parsePostureRanges(text: string): number[] {
  const ids: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a || b - a > 400_000) throw error1905(`parameter postureId has invalid range '${part.trim()}'`);
      for (let i = a; i <= b; i++) ids.push(i);
    } else {
      ids.push(...numericIds([part], 'postureId'));
    }
  }
  return ids;
}

function readRequest(req: ApiRequest, state: EmulatorState): Request {
  if (!Array.isArray(req.body) || req.body.length === 0) {
    throw error1905('request body must be a JSON array of {policyId, subscriptionId, hostIds} or {subscriptionId, postureId}');
  }
  const out: Request = { policies: [], errors: [] };
  const postureIds = new Set<number>();
  for (const entry of req.body as unknown[]) {
    if (!entry || typeof entry !== 'object') throw error1905('each request entry must be an object');
    const e = entry as Record<string, unknown>;
    if (e.postureId !== undefined) {
      parsePostureRanges(String(e.postureId)).forEach((id) => postureIds.add(id));
      continue;
    }
    const [policyId] = numericIds([e.policyId], 'policy_ids');
    const hosts = e.hostIds === undefined ? undefined : Array.isArray(e.hostIds) ? new Set(numericIds(e.hostIds, 'host_ids')) : undefined;
    if (e.hostIds !== undefined && !hosts) throw error1905('parameter hostIds must be a list of host ids');
    const sp = state.find(policyId);
    if (!sp) {
      out.errors.push({ policyId: String(policyId), subscriptionId: String(e.subscriptionId ?? state.tenant.subscriptionId), error: 'Error: Compliance Policy does not exist.' });
      continue;
    }
    out.policies.push({ sp, hostIds: hosts });
  }
  if (postureIds.size) {
    out.postureIds = postureIds;
    for (const sp of state.tenant.policies) out.policies.push({ sp });
  }
  return out;
}

function* selectedSlots(state: EmulatorState, request: Request, filters: Filters): Generator<Slot> {
  for (const { sp, hostIds } of request.policies) {
    for (const slot of policySlots(state.world, sp, { hostIds })) {
      if (filters.excludeInactive && slot.control.isControlDisable) continue;
      if (request.postureIds && !request.postureIds.has(postureIdOf(slot.key))) continue;
      yield slot;
    }
  }
}

function* recordTexts(state: EmulatorState, request: Request, filters: Filters, opts: RecordOptions): Generator<string> {
  let total = 0;
  for (const counting = selectedSlots(state, request, filters); !counting.next().done; ) total++;
  const totalBatches = Math.max(1, Math.ceil(total / BATCH_SIZE));
  let index = 0;
  for (const slot of selectedSlots(state, request, filters)) {
    const batch = { current: Math.floor(index++ / BATCH_SIZE) + 1, total: totalBatches };
    const ev = evaluateSlot(state.world, slot);
    if (filters.statuses && !filters.statuses.has(ev.status)) continue;
    const record = postureRecord(state.world, slot, ev, opts, batch);
    if (filters.previousStatus && record.previousStatus !== filters.previousStatus) continue;
    if (filters.criticality && !filters.criticality.has((record.criticality as { value: number }).value)) continue;
    if (filters.lastEvaluation && (record.lastEvaluatedDate as string) < filters.lastEvaluation) continue;
    if (filters.statusChangedSince && (record.postureModifiedDate as string) < filters.statusChangedSince) continue;
    if (filters.scanFrom && (record.complianceLastScanDate as string) < filters.scanFrom) continue;
    if (filters.scanTo && (record.complianceLastScanDate as string) > filters.scanTo) continue;
    const text = JSON.stringify(record);
    const kb = (Buffer.byteLength(text) / 1024).toFixed(2);
    yield text.replace('"currentDataSizeKB":"0.00","totalDataSizeKB":"0.00"', `"currentDataSizeKB":"${kb}","totalDataSizeKB":"${kb}"`);
  }
}

/** `[rec,rec,…]` in ~64 KB chunks; the first element is passed in because it was pulled to decide 200 vs 204. */
function* arrayChunks(first: string, rest: Iterator<string>): Generator<Buffer> {
  let buf = `[${first}`;
  for (let r = rest.next(); !r.done; r = rest.next()) {
    buf += `,${r.value}`;
    if (buf.length >= CHUNK_BYTES) {
      yield Buffer.from(buf);
      buf = '';
    }
  }
  yield Buffer.from(`${buf}]`);
}

const postureInfo: Handler = (req, state) => {
  const evidence = flag(req, 'evidenceRequired', 0);
  const compression = flag(req, 'compressionRequired', 1);
  const opts: RecordOptions = {
    evidence,
    extendedEvidence: evidence && flag(req, 'extendedEvidenceRequired', 1),
    qds: flag(req, 'qdScoreRequired', 0),
    cloudMetaData: flag(req, 'cloudMetaDataRequired', 0),
    scanSource: flag(req, 'scanSourceRequired', 0),
  };
  const filters = readFilters(req);
  const request = readRequest(req, state);
  const texts = [...request.errors.map((e) => JSON.stringify(e))][Symbol.iterator]();
  const records = recordTexts(state, request, filters, opts);
  const all: Iterator<string> = {
    next: () => {
      const e = texts.next();
      return e.done ? records.next() : e;
    },
  };
  const first = all.next();
  if (first.done) return { status: 204 };
  const chunks = Readable.from(arrayChunks(first.value, all), { objectMode: false });
  if (!compression) return { status: 200, headers: { 'Content-Type': 'application/json' }, body: chunks };
  // pipeline() tears both streams down when the client goes away mid-download.
  const gzip = createGzip();
  pipeline(chunks, gzip, () => undefined);
  return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: gzip };
};

export const POSTURE_ROUTES: Record<string, Handler> = {
  'GET /pcrs/1.0/posture/policy/list': policyList,
  'GET /pcrs/2.0/posture/hostids': hostIds,
  'GET /pcrs/3.0/posture/hostids': hostIds,
  'GET /pcrs/4.0/posture/hostids': hostIds,
  'POST /pcrs/4.0/posture/postureInfo': postureInfo,
  'POST /pcrs/5.0/posture/postureInfo': postureInfo,
};
