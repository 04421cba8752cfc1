/**
 * QualysClient: one typed method per endpoint of the seeds, plus `send()` for the push
 * planner's raw operations and `streamPostures()` for posture records.
 * Every method takes an optional AbortSignal last.
 */
import type { Control, ControlTechnology, Policy, Section, Technology } from '../../../server/src/model/policy';
import type { PostureRecord } from '../../../server/src/model/posture';
import { TokenProvider } from './auth';
import { baseUrlString, checkBaseUrl } from './baseUrl';
import { QualysApiError, parseQualysError } from './errors';
import { streamPostureRecords } from './postures';
import { Session, type CallSpec } from './session';
import { Transport } from './transport';
import type {
  ApiLogEntry,
  ApiOperation,
  ControlAddress,
  ControlTechnologyAddress,
  ControlToAdd,
  ControlUpdate,
  EvaluationUpdate,
  HostIdsQuery,
  LibraryImportRequest,
  LibraryImportResult,
  LibraryLabel,
  LibraryListQuery,
  LibraryPolicyQuery,
  LibraryPolicySummary,
  PolicyHosts,
  PolicyRef,
  PolicyTechnologies,
  PolicyUpdate,
  PostureOptions,
  PostureRequestEntry,
  QualysClientOptions,
  RateBudget,
  TenantPolicyList,
} from './types';

/** The hostids API takes at most this many policies per call. */
export const HOST_IDS_POLICIES_PER_CALL = 10;
const DEFAULT_TIMEOUT_MS = 60_000;

export interface ControlTechnologies {
  policyId: number;
  sectionNumber: number;
  controlId: number;
  technologies: ControlTechnology[];
}

export class QualysClient {
  readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly tokens: TokenProvider;
  private readonly session: Session;
  private readonly secrets = new Set<string>();

  constructor(options: QualysClientOptions) {
    const url = checkBaseUrl(options.baseUrl);
    this.baseUrl = baseUrlString(url);
    const maxConcurrency = options.maxConcurrency ?? 2;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const log = options.log ?? ((_: ApiLogEntry) => undefined);
    if (typeof options.password === 'string') this.secrets.add(options.password);
    this.transport = new Transport({ baseUrl: url, proxyUrl: options.proxyUrl, env: options.env ?? process.env, maxConnections: maxConcurrency + 1 });
    this.tokens = new TokenProvider({
      transport: this.transport,
      username: options.username,
      password: options.password,
      timeoutMs,
      log,
      remember: (s) => this.secrets.add(s),
    });
    this.session = new Session({
      transport: this.transport,
      tokens: this.tokens,
      maxConcurrency,
      timeoutMs,
      retry: options.retry,
      log,
      secrets: () => [...this.secrets],
    });
  }

  /** What the last `X-RateLimit-*` headers said. */
  get rateBudget(): RateBudget {
    return this.session.rateBudget;
  }

  /** Calls holding a concurrency slot, and calls waiting for one (e.g. for a status bar). */
  get activity(): { inFlight: number; queued: number } {
    return { inFlight: this.session.limiter.inUse, queued: this.session.limiter.waiting };
  }

  /** How the client connects: direct, or through which proxy (no credentials shown). */
  get connection(): string {
    return this.transport.proxy.reason;
  }

  /** Signs in now (e.g. to check credentials); later calls reuse the token. */
  async authenticate(signal?: AbortSignal): Promise<void> {
    await this.tokens.token(signal);
  }

  /** Forgets the cached token. */
  signOut(): void {
    this.tokens.invalidate();
  }

  /** Closes pooled connections; the client is unusable afterwards. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  // ------------------------------------------------------------ /pcas/v3/policy

  async exportPolicy(ref: PolicyRef, signal?: AbortSignal): Promise<Policy> {
    const subject = describeRef(ref);
    const query = 'policyId' in ref ? { policyId: checkId('policyId', ref.policyId) } : { policyTitle: checkTitle(ref.policyTitle) };
    return this.expectObject<Policy>({ method: 'GET', path: '/pcas/v3/policy', query, signal, subject }, 'policyId');
  }

  async updatePolicy(update: PolicyUpdate, signal?: AbortSignal): Promise<void> {
    checkId('policyId', update.policyId);
    await this.session.json({ method: 'PUT', path: '/pcas/v3/policy', body: definedOnly(update), signal, subject: `Policy ${update.policyId}`, policyId: update.policyId });
  }

  async deletePolicy(policyId: number, signal?: AbortSignal): Promise<void> {
    await this.session.json({ method: 'DELETE', path: '/pcas/v3/policy', query: { policyId: checkId('policyId', policyId) }, signal, subject: `Policy ${policyId}`, policyId });
  }

  async setPolicyLock(policyId: number, locked: boolean, signal?: AbortSignal): Promise<void> {
    checkId('policyId', policyId);
    await this.session.json({ method: 'PUT', path: '/pcas/v3/policy/lock', body: { policyId, isLocked: locked }, signal, subject: `Policy ${policyId}`, policyId });
  }

  async listPolicyTechnologies(policyId: number, signal?: AbortSignal): Promise<PolicyTechnologies> {
    return this.expectObject<PolicyTechnologies>(
      { method: 'GET', path: '/pcas/v3/policy/technology', query: { policyId: checkId('policyId', policyId) }, signal, subject: `Policy ${policyId}` },
      'technologies',
    );
  }

  async addPolicyTechnologies(policyId: number, technologyIds: readonly number[], signal?: AbortSignal): Promise<Technology[]> {
    checkId('policyId', policyId);
    technologyIds.forEach((t) => checkId('technologyId', t));
    return this.expectArray<Technology>({ method: 'POST', path: '/pcas/v3/policy/technology', body: { policyId, technologyIds }, signal, subject: `Policy ${policyId}`, policyId });
  }

  async deletePolicyTechnology(policyId: number, technologyId: number, signal?: AbortSignal): Promise<void> {
    await this.session.json({
      method: 'DELETE',
      path: '/pcas/v3/policy/technology',
      query: { policyId: checkId('policyId', policyId), technologyId: checkId('technologyId', technologyId) },
      signal,
      subject: `Technology ${technologyId} of policy ${policyId}`,
      policyId,
    });
  }

  // ---------------------------------------------------- /pcas/v3/policy/section

  async getSection(policyId: number, sectionNumber: number, signal?: AbortSignal): Promise<Section> {
    return this.expectObject<Section>(
      {
        method: 'GET',
        path: '/pcas/v3/policy/section',
        query: { policyId: checkId('policyId', policyId), sectionNumber: checkId('sectionNumber', sectionNumber) },
        signal,
        subject: `Section ${sectionNumber} of policy ${policyId}`,
      },
      'sectionNumber',
    );
  }

  async addSection(policyId: number, sectionHeading: string, signal?: AbortSignal): Promise<Section> {
    checkId('policyId', policyId);
    return this.expectObject<Section>(
      { method: 'POST', path: '/pcas/v3/policy/section', body: { policyId, sectionHeading }, signal, subject: `Policy ${policyId}`, policyId },
      'sectionNumber',
    );
  }

  async updateSection(policyId: number, sectionNumber: number, sectionHeading: string, signal?: AbortSignal): Promise<void> {
    checkId('policyId', policyId);
    checkId('sectionNumber', sectionNumber);
    await this.session.json({
      method: 'PUT',
      path: '/pcas/v3/policy/section',
      body: { policyId, sectionNumber, sectionHeading },
      signal,
      subject: `Section ${sectionNumber} of policy ${policyId}`,
      policyId,
    });
  }

  async deleteSection(policyId: number, sectionNumber: number, signal?: AbortSignal): Promise<void> {
    await this.session.json({
      method: 'DELETE',
      path: '/pcas/v3/policy/section',
      query: { policyId: checkId('policyId', policyId), sectionNumber: checkId('sectionNumber', sectionNumber) },
      signal,
      subject: `Section ${sectionNumber} of policy ${policyId}`,
      policyId,
    });
  }

  // -------------------------------------------- /pcas/v3/policy/section/control

  async getControl(address: ControlAddress, signal?: AbortSignal): Promise<Control> {
    return this.expectObject<Control>(
      { method: 'GET', path: '/pcas/v3/policy/section/control', query: controlQuery(address), signal, subject: describeControl(address) },
      'controlId',
    );
  }

  async addControls(policyId: number, sectionNumber: number, controls: readonly ControlToAdd[], signal?: AbortSignal): Promise<Control[]> {
    checkId('policyId', policyId);
    checkId('sectionNumber', sectionNumber);
    controls.forEach((c) => checkId('controlId', c.controlId));
    return this.expectArray<Control>({
      method: 'POST',
      path: '/pcas/v3/policy/section/control',
      body: { policyId, sectionNumber, controls: controls.map(definedOnly) },
      signal,
      subject: `Section ${sectionNumber} of policy ${policyId}`,
      policyId,
    });
  }

  async updateControl(update: ControlUpdate, signal?: AbortSignal): Promise<void> {
    controlQuery(update);
    await this.session.json({ method: 'PUT', path: '/pcas/v3/policy/section/control', body: definedOnly(update), signal, subject: describeControl(update), policyId: update.policyId });
  }

  async deleteControl(address: ControlAddress, signal?: AbortSignal): Promise<void> {
    await this.session.json({ method: 'DELETE', path: '/pcas/v3/policy/section/control', query: controlQuery(address), signal, subject: describeControl(address), policyId: address.policyId });
  }

  // --------------------------------- /pcas/v3/policy/section/control/technology

  async listControlTechnologies(address: ControlAddress, signal?: AbortSignal): Promise<ControlTechnologies> {
    return this.expectObject<ControlTechnologies>(
      { method: 'GET', path: '/pcas/v3/policy/section/control/technology', query: controlQuery(address), signal, subject: describeControl(address) },
      'technologies',
    );
  }

  async addControlTechnologies(address: ControlAddress, technologyIds: readonly number[], signal?: AbortSignal): Promise<Technology[]> {
    const q = controlQuery(address);
    technologyIds.forEach((t) => checkId('technologyId', t));
    return this.expectArray<Technology>({
      method: 'POST',
      path: '/pcas/v3/policy/section/control/technology',
      body: { ...q, technologyIds },
      signal,
      subject: describeControl(address),
      policyId: address.policyId,
    });
  }

  async deleteControlTechnology(address: ControlTechnologyAddress, signal?: AbortSignal): Promise<void> {
    await this.session.json({
      method: 'DELETE',
      path: '/pcas/v3/policy/section/control/technology',
      query: { ...controlQuery(address), technologyId: checkId('technologyId', address.technologyId) },
      signal,
      subject: `Technology ${address.technologyId} of ${describeControl(address).toLowerCase()}`,
      policyId: address.policyId,
    });
  }

  // ---------------------------- /pcas/v3/policy/section/control/technology/evaluation

  /** The control with the one technology's evaluation (the shape Qualys answers with). */
  async getEvaluation(address: ControlTechnologyAddress, signal?: AbortSignal): Promise<Control> {
    return this.expectObject<Control>(
      {
        method: 'GET',
        path: '/pcas/v3/policy/section/control/technology/evaluation',
        query: { ...controlQuery(address), technologyId: checkId('technologyId', address.technologyId) },
        signal,
        subject: `Technology ${address.technologyId} of ${describeControl(address).toLowerCase()}`,
      },
      'controlId',
    );
  }

  async updateEvaluation(update: EvaluationUpdate, signal?: AbortSignal): Promise<void> {
    controlQuery(update);
    checkId('technologyId', update.technologyId);
    await this.session.json({
      method: 'PUT',
      path: '/pcas/v3/policy/section/control/technology/evaluation',
      body: definedOnly(update),
      signal,
      subject: `Technology ${update.technologyId} of ${describeControl(update).toLowerCase()}`,
      policyId: update.policyId,
    });
  }

  // ---------------------------------------------------------- /pcas/v1/library

  /** Library policies; the nested `[[…]]` shape some answers use is flattened. */
  async listLibraryPolicies(query: LibraryListQuery = {}, signal?: AbortSignal): Promise<LibraryPolicySummary[]> {
    const result = await this.session.json<unknown>({
      method: 'GET',
      path: '/pcas/v1/library/policy/list',
      query: {
        labelId: query.labelId,
        technologyId: typeof query.technologyId === 'number' ? query.technologyId : query.technologyId?.length ? query.technologyId : undefined,
        includeDescription: query.includeDescription,
        updatedAfter: query.updatedAfter,
      },
      signal,
    });
    if (result === undefined) return [];
    if (!Array.isArray(result)) throw this.unexpected('GET /pcas/v1/library/policy/list', result, 'a list');
    return result.flat(2) as LibraryPolicySummary[];
  }

  async getLibraryPolicy(query: LibraryPolicyQuery, signal?: AbortSignal): Promise<Policy> {
    const ref = 'policyId' in query ? { policyId: checkId('policyId', query.policyId) } : { policyTitle: checkTitle(query.policyTitle) };
    return this.expectObject<Policy>(
      { method: 'GET', path: '/pcas/v1/library/policy', query: { ...ref, details: query.details }, signal, subject: `Library ${describeRef(query).toLowerCase()}` },
      'policyId',
    );
  }

  async importLibraryPolicy(request: LibraryImportRequest, signal?: AbortSignal): Promise<LibraryImportResult> {
    checkId('policyId', request.policyId);
    return this.expectObject<LibraryImportResult>(
      { method: 'POST', path: '/pcas/v1/library/policy/import', body: definedOnly(request), signal, subject: `Library policy ${request.policyId}` },
      'policyId',
    );
  }

  async listLibraryLabels(signal?: AbortSignal): Promise<LibraryLabel[]> {
    return this.expectArray<LibraryLabel>({ method: 'GET', path: '/pcas/v1/library/label', signal });
  }

  async listLibraryTechnologies(labelId?: number, signal?: AbortSignal): Promise<Technology[]> {
    const result = await this.expectObject<{ technologies: Technology[] }>(
      { method: 'GET', path: '/pcas/v1/library/technology', query: { labelId: labelId === undefined ? undefined : checkId('labelId', labelId) }, signal, subject: `Label ${labelId}` },
      'technologies',
    );
    return result.technologies;
  }

  // ------------------------------------------------------------------ /pcrs

  /** The tenant's own policies (`GET /pcrs/1.0/posture/policy/list`). */
  async listTenantPolicies(query: { lastEvaluationDate?: string } = {}, signal?: AbortSignal): Promise<TenantPolicyList> {
    const result = await this.expectObject<TenantPolicyList>(
      { method: 'GET', path: '/pcrs/1.0/posture/policy/list', query: { lastEvaluationDate: query.lastEvaluationDate }, signal },
      'policyList',
    );
    return result;
  }

  /**
   * Host ids per policy (`GET /pcrs/4.0/posture/hostids`), in calls of at most 10 policies.
   * An empty `policyIds` asks for every policy of the subscription.
   */
  async resolveHostIds(policyIds: readonly (number | string)[], query: HostIdsQuery = {}, signal?: AbortSignal): Promise<PolicyHosts[]> {
    const ids = policyIds.map((p) => checkId('policyId', p));
    const groups: (readonly (number | string)[] | undefined)[] = [];
    if (!ids.length) groups.push(undefined);
    for (let i = 0; i < ids.length; i += HOST_IDS_POLICIES_PER_CALL) groups.push(ids.slice(i, i + HOST_IDS_POLICIES_PER_CALL));
    const all: PolicyHosts[] = [];
    for (const group of groups) {
      const result = await this.session.json<unknown>({
        method: 'GET',
        path: '/pcrs/4.0/posture/hostids',
        query: { policyId: group, lastScanDate: query.lastScanDate, statusChangedSince: query.statusChangedSince },
        signal,
        subject: group ? `Policy ${group.join(', ')}` : undefined,
      });
      if (result === undefined) continue; // 204: no hosts
      if (!Array.isArray(result)) throw this.unexpected('GET /pcrs/4.0/posture/hostids', result, 'a list');
      for (const entry of result as PolicyHosts[]) {
        all.push({ policyId: String(entry.policyId), subscriptionId: String(entry.subscriptionId), hostIds: (entry.hostIds ?? []).map(String) });
      }
    }
    return all;
  }

  /**
   * Posture records (`POST /pcrs/5.0/posture/postureInfo`), streamed and decompressed as they
   * arrive. Break out of the loop or abort `options.signal` to stop early.
   */
  streamPostures(entries: readonly PostureRequestEntry[], options: PostureOptions = {}): AsyncIterable<PostureRecord> {
    return streamPostureRecords(this.session, entries, options);
  }

  /**
   * The whole documented workflow for some tenant policies: resolve their hosts (same
   * `lastScanDate` / `statusChangedSince` filters), then stream their postures. No hosts, no records.
   */
  async *streamPolicyPostures(policyIds: readonly (number | string)[], options: PostureOptions = {}): AsyncIterable<PostureRecord> {
    const hosts = await this.resolveHostIds(policyIds, { lastScanDate: options.lastScanDate, statusChangedSince: options.statusChangedSince }, options.signal);
    const entries = hosts.filter((e) => e.hostIds.length > 0);
    if (entries.length) yield* streamPostureRecords(this.session, entries, options);
  }

  // -------------------------------------------------------------------- raw

  /** Sends a planned operation (`path` may include `?query`); returns the parsed answer, undefined for 204. */
  async send<T = unknown>(op: ApiOperation, signal?: AbortSignal): Promise<T | undefined> {
    if (!/^\/(?!\/)[^\s#]*$/.test(op.path) || op.path.includes('..')) {
      throw new QualysApiError({ kind: 'usage', endpoint: `${op.method} ${op.path}`, message: `Invalid API path "${op.path}": it must start with a single "/" and name a path on the gateway` });
    }
    const q = op.path.indexOf('?');
    const path = q < 0 ? op.path : op.path.slice(0, q);
    const rawQuery = q < 0 ? undefined : op.path.slice(q + 1) || undefined;
    return this.session.json<T>({ method: op.method, path, rawQuery, body: op.body, signal });
  }

  // ---------------------------------------------------------------- helpers

  private async expectObject<T>(spec: CallSpec, key: string): Promise<T> {
    const result = await this.session.json<unknown>(spec);
    if (result && typeof result === 'object' && !Array.isArray(result) && key in result) return result as T;
    throw this.unexpected(this.session.endpointOf(spec), result, `an object with "${key}"`, spec.subject);
  }

  private async expectArray<T>(spec: CallSpec): Promise<T[]> {
    const result = await this.session.json<unknown>(spec);
    if (result === undefined) return [];
    if (Array.isArray(result)) return result as T[];
    throw this.unexpected(this.session.endpointOf(spec), result, 'a list', spec.subject);
  }

  /** A 2xx answer of the wrong shape: an error in disguise ("… does not exist") or a bad response. */
  private unexpected(endpoint: string, result: unknown, expected: string, subject?: string): QualysApiError {
    const parsed = result === undefined ? {} : parseQualysError(JSON.stringify(result));
    if (parsed.message && /does not exist|not found/i.test(parsed.message)) {
      return this.session.error('not-found', 200, endpoint, parsed, `${subject ?? 'The requested item'} does not exist on ${this.session.host} (Qualys said: ${parsed.message})`);
    }
    const got = result === undefined ? 'an empty answer' : parsed.message ? `"${parsed.message}"` : `an unexpected ${Array.isArray(result) ? 'list' : typeof result}`;
    return this.session.error('bad-response', 200, endpoint, parsed, `${this.session.host} answered ${endpoint} with ${got} instead of ${expected}`);
  }
}

function checkId(name: string, value: number | string): number | string {
  const ok = typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : /^\d+$/.test(value);
  if (!ok) throw new QualysApiError({ kind: 'usage', message: `${name} must be a whole number, got ${JSON.stringify(value)}` });
  return value;
}

function checkTitle(title: string): string {
  if (typeof title !== 'string' || !title.trim()) throw new QualysApiError({ kind: 'usage', message: 'A policy title must not be empty' });
  return title;
}

function controlQuery(a: ControlAddress): { policyId: number | string; sectionNumber: number | string; controlId: number | string } {
  return { policyId: checkId('policyId', a.policyId), sectionNumber: checkId('sectionNumber', a.sectionNumber), controlId: checkId('controlId', a.controlId) };
}

function describeRef(ref: PolicyRef): string {
  return 'policyId' in ref ? `Policy ${ref.policyId}` : `Policy "${ref.policyTitle}"`;
}

function describeControl(a: ControlAddress): string {
  return `Control ${a.controlId} in section ${a.sectionNumber} of policy ${a.policyId}`;
}

/** Drops undefined fields so the body carries only what the caller set. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
