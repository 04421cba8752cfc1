/**
 * The one error type of the API module, and the parser for every documented Qualys error body.
 */
import { redact } from './redact';

export type QualysApiErrorKind =
  | 'auth'
  | 'rate-limit'
  | 'not-found'
  | 'locked'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'bad-response'
  | 'http'
  /** The caller asked for something invalid before any request was sent (bad URL, conflicting filters). */
  | 'usage';

export interface QualysApiErrorInit {
  kind: QualysApiErrorKind;
  /** Human message: what happened and what to do. Redacted before storing. */
  message: string;
  /** HTTP status; 0 when no response arrived. */
  status?: number;
  /** `METHOD /path?query` (redacted). */
  endpoint?: string;
  qualysMessage?: string;
  code?: number;
  cause?: unknown;
  /** Known secrets (password, tokens) to scrub from the texts, beyond the generic patterns. */
  secrets?: readonly string[];
}

export class QualysApiError extends Error {
  readonly kind: QualysApiErrorKind;
  readonly status: number;
  readonly endpoint: string;
  /** The error text Qualys sent back, if any. */
  readonly qualysMessage?: string;
  /** Qualys's numeric error code (e.g. 1905), when the body carried one. */
  readonly code?: number;

  constructor(init: QualysApiErrorInit) {
    super(redact(init.message, init.secrets), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'QualysApiError';
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.endpoint = redact(init.endpoint ?? '', init.secrets);
    this.qualysMessage = init.qualysMessage === undefined ? undefined : redact(init.qualysMessage, init.secrets);
    this.code = init.code;
  }
}

export function isQualysApiError(e: unknown): e is QualysApiError {
  return e instanceof QualysApiError;
}

export interface ParsedQualysError {
  message?: string;
  code?: number;
}

const MAX_MESSAGE = 500;

/**
 * Pulls the human text (and code) out of any documented Qualys error body:
 * `{"authentication_exceptions":[[…]]}`, `{"status":401,"error":…,"message":…}`,
 * `[{"response":{"code":1905,"text":…}}]`, `{"message":"Invalid input Parameter."}`,
 * an entry with `"error": "…"`, or plain text / HTML.
 */
export function parseQualysError(body: string): ParsedQualysError {
  const text = body.trim();
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { message: clip(plainText(text)) };
  }
  const found = fromJson(json, 0);
  return found.message ? { ...found, message: clip(found.message) } : { message: clip(text) };
}

function fromJson(v: unknown, depth: number): ParsedQualysError {
  if (depth > 4 || v === null || v === undefined) return {};
  if (typeof v === 'string') return { message: v };
  if (Array.isArray(v)) {
    const parts = v.map((x) => fromJson(x, depth + 1)).filter((p) => p.message);
    if (!parts.length) return {};
    return { message: parts.map((p) => p.message).join('; '), code: parts.find((p) => p.code !== undefined)?.code };
  }
  if (typeof v !== 'object') return { message: String(v) };
  const o = v as Record<string, unknown>;
  if (o.authentication_exceptions !== undefined) return fromJson(o.authentication_exceptions, depth + 1);
  if (o.response !== undefined && typeof o.response === 'object') return fromJson(o.response, depth + 1);
  const code = toCode(o.code ?? o.errorCode);
  for (const key of ['text', 'message', 'errorMessage', 'error_description', 'responseMessage', 'error']) {
    const m = o[key];
    if (typeof m === 'string' && m.trim()) return { message: m.trim(), code };
    if (m && typeof m === 'object') {
      const inner = fromJson(m, depth + 1);
      if (inner.message) return { message: inner.message, code: code ?? inner.code };
    }
  }
  if (Array.isArray(o.errors)) return { ...fromJson(o.errors, depth + 1), ...(code !== undefined ? { code } : {}) };
  return code !== undefined ? { code } : {};
}

function toCode(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function plainText(text: string): string {
  // HTML error pages from proxies and load balancers: keep the words only.
  const stripped = text.startsWith('<') ? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ') : text;
  return stripped.replace(/\s+/g, ' ').trim();
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}
