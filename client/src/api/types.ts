/**
 * Public option, request and response types of the Qualys API client.
 * Response field names are exactly those of the seed samples.
 */
import type { Technology } from '../../../server/src/model/policy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One line of the client's log: never carries the password, the token or an Authorization header. */
export interface ApiLogEntry {
  method: HttpMethod;
  /** Path and query, redacted. */
  path: string;
  /** HTTP status; absent when no response arrived (network error, timeout, cancellation). */
  status?: number;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  note?: string;
}

export interface RetryOptions {
  /** Retries after a 429/409 throttle, a 5xx or a dropped connection (idempotent calls only). Default 4. */
  maxRetries?: number;
  /** First backoff step when the server gives no wait hint. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff step. Default 30 000 ms. */
  maxDelayMs?: number;
  /** A server-requested wait longer than this fails fast instead of sleeping. Default 300 000 ms. */
  maxWaitMs?: number;
}

export interface QualysClientOptions {
  /** Gateway URL, e.g. `https://gateway.qg1.apps.qualys.com` (see `resolvePlatform`). */
  baseUrl: string;
  username: string;
  /** The password, or a function that fetches it (e.g. from a secret store) when a token is needed. */
  password: string | (() => Promise<string>);
  /** Concurrent calls in flight. Default 2 (the common Qualys subscription limit). */
  maxConcurrency?: number;
  /** Idle timeout per call: no headers, or no body bytes, for this long fails the call. Default 60 000 ms. */
  timeoutMs?: number;
  /** Proxy URL (e.g. VS Code's `http.proxy`). Without it, HTTPS_PROXY / https_proxy apply. NO_PROXY is honoured. */
  proxyUrl?: string;
  log?: (entry: ApiLogEntry) => void;
  retry?: RetryOptions;
  /** Environment consulted for proxy variables; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

/** A raw call, as the push planner emits them. `path` may carry a `?query`. */
export interface ApiOperation {
  method: HttpMethod;
  path: string;
  body?: unknown;
}

/** What the last response's `X-RateLimit-*` headers said. */
export interface RateBudget {
  remaining?: number;
  limit?: number;
  windowSec?: number;
}

// ------------------------------------------------------------------ policies

export type PolicyRef = { policyId: number | string } | { policyTitle: string };

export interface PolicyUpdate {
  policyId: number;
  policyTitle?: string;
  coverPage?: string;
  isActive?: boolean;
}

export interface PolicyTechnologies {
  policyId: number;
  technologies: Technology[];
}

export interface ControlToAdd {
  controlId: number;
  referenceText?: string;
  criticality?: string;
  isControlDisable?: boolean;
  controlNumber?: number;
}

export interface ControlUpdate {
  policyId: number;
  sectionNumber: number;
  controlId: number;
  criticality?: string;
  referenceText?: string;
  isControlDisable?: boolean;
  controlNumber?: number;
}

export interface ControlAddress {
  policyId: number;
  sectionNumber: number;
  controlId: number;
}

export interface ControlTechnologyAddress extends ControlAddress {
  technologyId: number;
}

export interface EvaluationUpdate extends ControlTechnologyAddress {
  evaluate?: { dp: unknown };
  remediation?: string;
}

// ------------------------------------------------------------------- library

export interface LibraryPolicySummary {
  policyId: number;
  policyTitle: string;
  description?: string;
  version?: number;
  /** "dd/mm/yyyy" */
  date?: string;
}

export interface LibraryListQuery {
  labelId?: number;
  /** One or more technology ids. */
  technologyId?: number | readonly number[];
  includeDescription?: boolean;
  /** Passed through as given (Qualys documents dd/mm/yyyy). */
  updatedAfter?: string;
}

export type LibraryPolicyQuery = PolicyRef & { details?: 'basic' | 'full' };

export interface LibraryImportRequest {
  policyId: number | string;
  technologyIds?: readonly (number | string)[];
  importAsUnlocked?: boolean;
  activatePolicy?: boolean;
  policyTitle?: string;
}

export interface LibraryImportResult {
  message?: string;
  policyId: number;
  imported?: boolean;
  active?: boolean;
}

export interface LibraryLabel {
  labelId: number;
  labelName: string;
}

// ------------------------------------------------------------------ postures

export interface TenantPolicy {
  id: string;
  title: string;
  createdBy?: string;
  createdDate?: string;
  modifiedBy?: string;
  modifiedDate?: string;
  lastEvaluatedDate?: string;
  status?: string;
  locked?: number;
  [extra: string]: unknown;
}

export interface TenantPolicyList {
  subscriptionId: string;
  policyList: TenantPolicy[];
}

export interface HostIdsQuery {
  lastScanDate?: string;
  statusChangedSince?: string;
}

/** One entry of `/pcrs/…/posture/hostids`, and the body entry of postureInfo. */
export interface PolicyHosts {
  policyId: string;
  subscriptionId: string;
  hostIds: string[];
}

/** A postureInfo body entry: by policy and hosts, or by posture ids ("1,2,3" or "1-5"). */
export type PostureRequestEntry =
  | { policyId: string | number; subscriptionId: string | number; hostIds: readonly (string | number)[] }
  | { subscriptionId: string | number; postureId: string };

export interface PostureOptions {
  /** evidenceRequired (default false). */
  evidence?: boolean;
  /** extendedEvidenceRequired; requires `evidence`. */
  extendedEvidence?: boolean;
  /** compressionRequired (default true: the body is gzip, decompressed while streaming). */
  compression?: boolean;
  lastEvaluationDate?: string;
  lastScanDate?: string;
  /** Both `lastScanDateFrom` and `lastScanDateTo`, never with `lastScanDate`. */
  lastScanDateFrom?: string;
  lastScanDateTo?: string;
  statusChangedSince?: string;
  excludeInactiveControl?: boolean;
  cloudMetaData?: boolean;
  qdScore?: boolean;
  scanSource?: boolean;
  /** Current statuses to keep (comma-joined). */
  status?: readonly string[];
  /** One previous status. */
  previousStatus?: string;
  /** criticalityValues (0–5) — not together with `criticalityLabels`. */
  criticalityValues?: readonly number[];
  criticalityLabels?: readonly string[];
  signal?: AbortSignal;
  /**
   * Called for each documented 200-with-`error` entry ("Compliance Policy does not exist");
   * without it such an entry ends the stream with a `not-found` QualysApiError.
   */
  onEntryError?: (error: Error) => void;
}
