/** Request parsing and reply values shared by the routes: handlers return a Reply, the server writes it. */
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** string/Buffer bodies are sent whole; an async iterable is streamed chunk by chunk. */
  body?: string | Buffer | AsyncIterable<Buffer>;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  rawBody: string;
  headers: IncomingMessage['headers'];
}

/** A failure a route reports to the caller; the server turns it into `reply`. */
export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** PCAS error body: the gateway's Spring-style shape (status, error, message, path). */
export function pcasError(status: number, message: string, path: string): HttpError {
  const error = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 423: 'Locked' }[status] ?? 'Error';
  return new HttpError(json(status, { timestamp: new Date().toISOString(), status, error, message, path }));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * JSON or form body, parsed by content type (`form` forces form parsing: /auth is form-encoded even when
 * a client forgets the header, and its password must never reach the log as raw text); raw text when it
 * doesn't parse; null when empty.
 */
export function parseBody(raw: string, contentType: string | undefined, form = false): unknown {
  if (raw === '') return null;
  if (form || contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

// ------------------------------------------------------------- parameter readers

export type Params = Record<string, unknown>;

/** Body object fields, or a 400 naming what's wrong. */
export function bodyObject(req: ApiRequest): Params {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw pcasError(400, 'Request body must be a JSON object.', req.path);
  }
  return req.body as Params;
}

/** An integer parameter (number or numeric string); `required` → 400 when missing. */
export function intParam(source: Params, name: string, path: string): number;
export function intParam(source: Params, name: string, path: string, required: false): number | undefined;
export function intParam(source: Params, name: string, path: string, required = true): number | undefined {
  const v = source[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw pcasError(400, `Required parameter '${name}' is missing.`, path);
    return undefined;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw pcasError(400, `Parameter '${name}' must be an integer (got ${JSON.stringify(v)}).`, path);
  return n;
}

export function stringParam(source: Params, name: string, path: string, required = false): string | undefined {
  const v = source[name];
  if (v === undefined || v === null) {
    if (required) throw pcasError(400, `Required parameter '${name}' is missing.`, path);
    return undefined;
  }
  if (typeof v !== 'string') throw pcasError(400, `Parameter '${name}' must be a string.`, path);
  return v;
}

/** Qualys booleans: true/false or 1/0, as JSON values or strings. */
export function boolParam(source: Params, name: string, path: string): boolean | undefined {
  const v = source[name];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  throw pcasError(400, `Parameter '${name}' must be true/false or 1/0 (got ${JSON.stringify(v)}).`, path);
}

export function intListParam(source: Params, name: string, path: string): number[] {
  const v = source[name];
  if (!Array.isArray(v) || v.length === 0) throw pcasError(400, `Parameter '${name}' must be a non-empty list of integers.`, path);
  return v.map((item, i) => {
    const n = typeof item === 'number' ? item : typeof item === 'string' && /^\d+$/.test(item.trim()) ? Number(item) : NaN;
    if (!Number.isSafeInteger(n)) throw pcasError(400, `Parameter '${name}' must be a list of integers (item ${i + 1} is ${JSON.stringify(item)}).`, path);
    return n;
  });
}
