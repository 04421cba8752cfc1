/**
 * Fault injection: armed faults match requests by method and path prefix, optionally skip the first
 * N matches, then fire a number of times. The server asks `take()` once per request.
 */
import { HttpError, json, type Reply } from './http';
import type { FaultKind, FaultSpec } from './types';

interface Armed {
  spec: FaultSpec;
  skipLeft: number;
  /** Infinity = until cleared. */
  timesLeft: number;
}

const KINDS: readonly FaultKind[] = ['latency', 'status', 'expire-token', 'drop', 'truncate-gzip'];

/** Check an untrusted fault spec (from the control endpoint); throws a message naming the problem. */
export function validateFault(value: unknown): FaultSpec {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('each fault must be an object');
  const f = value as Record<string, unknown>;
  if (!KINDS.includes(f.kind as FaultKind)) throw new Error(`fault kind must be one of ${KINDS.join(', ')} (got ${JSON.stringify(f.kind)})`);
  for (const k of ['skip', 'times', 'ms', 'status', 'afterBytes', 'keepBytes', 'retryAfterSec']) {
    if (f[k] !== undefined && (typeof f[k] !== 'number' || (f[k] as number) < 0)) throw new Error(`fault field '${k}' must be a non-negative number`);
  }
  for (const k of ['method', 'path']) {
    if (f[k] !== undefined && typeof f[k] !== 'string') throw new Error(`fault field '${k}' must be a string`);
  }
  if (f.kind === 'latency' && typeof f.ms !== 'number') throw new Error("a 'latency' fault needs 'ms'");
  if (f.kind === 'status' && (typeof f.status !== 'number' || f.status < 100 || f.status > 599)) throw new Error("a 'status' fault needs 'status' (100-599)");
  return f as unknown as FaultSpec;
}

export class FaultSet {
  private armed: Armed[] = [];

  set(faults: FaultSpec | FaultSpec[]): void {
    const list = Array.isArray(faults) ? faults : [faults];
    this.armed = list.map((spec) => ({
      spec: { ...spec },
      skipLeft: spec.skip ?? 0,
      timesLeft: spec.times === undefined ? 1 : spec.times === 0 ? Infinity : spec.times,
    }));
  }

  clear(): void {
    this.armed = [];
  }

  /** Remaining faults, with `skip`/`times` showing what is left. */
  list(): FaultSpec[] {
    return this.armed.map((a) => ({ ...a.spec, skip: a.skipLeft, times: a.timesLeft === Infinity ? 0 : a.timesLeft }));
  }

  /** The faults that fire for this request (consuming their counts). */
  take(method: string, path: string): FaultSpec[] {
    const fired: FaultSpec[] = [];
    for (const a of this.armed) {
      const { spec } = a;
      if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (spec.path && !path.startsWith(spec.path)) continue;
      if (a.skipLeft > 0) {
        a.skipLeft--;
        continue;
      }
      if (a.timesLeft <= 0) continue;
      a.timesLeft--;
      fired.push(spec);
    }
    this.armed = this.armed.filter((a) => a.timesLeft > 0);
    return fired;
  }
}

/** The reply of a 'status' fault: throttling statuses carry the headers clients must honour. */
export function statusFaultReply(f: Extract<FaultSpec, { kind: 'status' }>, rate: { limit: number; windowSec: number }): HttpError {
  const wait = String(f.retryAfterSec ?? 1);
  const headers: Record<string, string> = { ...f.headers };
  let body: unknown = f.body;
  if (f.status === 429) {
    Object.assign(headers, { 'Retry-After': wait, 'X-RateLimit-Limit': String(rate.limit), 'X-RateLimit-Window-Sec': String(rate.windowSec), 'X-RateLimit-Remaining': '0', 'X-RateLimit-ToWait-Sec': wait });
    body ??= { status: 429, error: 'Too Many Requests', message: `API rate limit exceeded. Retry after ${wait} seconds.` };
  } else if (f.status === 409) {
    Object.assign(headers, {
      'Retry-After': wait,
      'X-RateLimit-Limit': String(rate.limit),
      'X-RateLimit-Window-Sec': String(rate.windowSec),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-ToWait-Sec': wait,
      'X-Concurrency-Limit-Limit': '2',
      'X-Concurrency-Limit-Running': '2',
    });
    body ??= { status: 409, error: 'Conflict', message: 'Concurrency limit of 2 reached. Retry later.' };
  } else {
    body ??= { status: f.status, error: f.status >= 500 ? 'Internal Server Error' : 'Error', message: `Injected ${f.status} response.` };
  }
  const reply: Reply = json(f.status, body, headers);
  return new HttpError(reply);
}
