/**
 * One call, start to finish: concurrency slot, token, request, and the recovery rules —
 * re-authenticate once on 401, wait and retry on 429 / throttling 409, retry idempotent
 * calls on 5xx or a dropped connection — then a 2xx response or a QualysApiError.
 */
import { QualysApiError, parseQualysError, type QualysApiErrorKind } from './errors';
import { parseJsonLenient } from './lenientJson';
import { redact } from './redact';
import type { TokenProvider } from './auth';
import { Limiter, isThrottle409, readRateBudget, retryDelayMs, serverWaitMs, sleep, DEFAULT_RETRY } from './throttle';
import { isTransientNetworkError, transportError, type Transport, type TransportResponse } from './transport';
import type { ApiLogEntry, HttpMethod, RateBudget, RetryOptions } from './types';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;

export interface CallSpec {
  method: HttpMethod;
  /** Path without query, e.g. `/pcas/v3/policy`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** An already-encoded query (`a=1&b=2`), used by `send()`; appended after `query`. */
  rawQuery?: string;
  /** JSON body. */
  body?: unknown;
  /** Safe to repeat after a 5xx or a dropped connection. Default: every method but POST. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** What the call is about, for messages: "Policy 123". */
  subject?: string;
  /** The policy the call edits, for the "is locked" message. */
  policyId?: number | string;
}

export interface OpenResponse extends TransportResponse {
  endpoint: string;
  /** Give the concurrency slot back; call once the body is consumed or discarded. */
  release(): void;
}

export interface SessionOptions {
  transport: Transport;
  tokens: TokenProvider;
  maxConcurrency: number;
  timeoutMs: number;
  retry?: RetryOptions;
  log: (e: ApiLogEntry) => void;
  secrets: () => string[];
}

/** Cap on an error body we read (they are short; an HTML page from a proxy need not be read whole). */
const MAX_ERROR_BODY = 64 * 1024;

export class Session {
  readonly limiter: Limiter;
  private readonly retry: Required<RetryOptions>;
  private budget: RateBudget = {};

  constructor(private readonly opts: SessionOptions) {
    this.limiter = new Limiter(opts.maxConcurrency);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  get rateBudget(): RateBudget {
    return { ...this.budget };
  }

  get host(): string {
    return this.opts.transport.host;
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  endpointOf(spec: CallSpec): string {
    return `${spec.method} ${spec.path}${buildQuery(spec.query, spec.rawQuery)}`;
  }

  /** Performs the call; resolves with a 2xx response whose body is still unread (the caller must release). */
  async open(spec: CallSpec): Promise<OpenResponse> {
    const { transport, tokens, timeoutMs } = this.opts;
    const pathAndQuery = `${spec.path}${buildQuery(spec.query, spec.rawQuery)}`;
    const endpoint = `${spec.method} ${pathAndQuery}`;
    const logPath = redact(pathAndQuery, this.opts.secrets());
    const ctx = { endpoint, host: transport.host, timeoutMs, signal: spec.signal, proxy: transport.via };
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    if (spec.signal?.aborted) throw transportError(spec.signal.reason, ctx);

    let release: () => void;
    try {
      release = await this.limiter.acquire(spec.signal);
    } catch (e) {
      throw transportError(e, ctx);
    }
    const started = Date.now();
    let retries = 0;
    let reauthenticated = false;
    try {
      for (let attempt = 1; ; attempt++) {
        const token = await tokens.token(spec.signal).catch((e: unknown) => {
          throw e instanceof QualysApiError ? e : transportError(e, ctx);
        });
        const t0 = Date.now();
        let res: TransportResponse;
        try {
          res = await transport.request({
            method: spec.method,
            pathAndQuery,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/json, */*',
              ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
            signal: spec.signal,
            timeoutMs,
          });
        } catch (e) {
          const err = transportError(e, ctx);
          this.log({ method: spec.method, path: logPath, durationMs: Date.now() - t0, attempt, note: err.kind });
          if (err.kind === 'network' && idempotent && retries < this.retry.maxRetries && isTransientNetworkError(e)) {
            retries++;
            await this.backoff(retries, undefined, spec, logPath, attempt, 'connection failed');
            continue;
          }
          throw err;
        }
        this.budget = readRateBudget(res.headers, this.budget);
        const durationMs = Date.now() - t0;
        if (res.status >= 200 && res.status < 300) {
          this.log({ method: spec.method, path: logPath, status: res.status, durationMs, attempt });
          return { ...res, endpoint, release };
        }
        const text = await readBounded(res.body);
        const parsed = parseQualysError(text);

        if (res.status === 401 && !reauthenticated) {
          reauthenticated = true;
          tokens.invalidate(token);
          this.log({ method: spec.method, path: logPath, status: 401, durationMs, attempt, note: `${parsed.message ?? 'unauthorized'}; signing in again` });
          continue;
        }
        const throttled = res.status === 429 || (res.status === 409 && isThrottle409(res.headers));
        if (throttled) {
          const hint = serverWaitMs(res.headers);
          if (hint !== undefined && hint > this.retry.maxWaitMs) {
            this.log({ method: spec.method, path: logPath, status: res.status, durationMs, attempt, note: 'rate limited; wait too long' });
            throw this.error('rate-limit', res.status, endpoint, parsed,
              `Rate limit reached: Qualys asks to wait ${Math.ceil(hint / 1000)} s before ${endpoint}; try again later${this.budgetText()}`);
          }
          if (retries >= this.retry.maxRetries) {
            this.log({ method: spec.method, path: logPath, status: res.status, durationMs, attempt, note: 'rate limited; giving up' });
            throw this.error('rate-limit', res.status, endpoint, parsed,
              `Rate limit reached; retried ${retries} times over ${seconds(Date.now() - started)} s (${endpoint}); try again later${this.budgetText()}`);
          }
          retries++;
          await this.backoff(retries, hint, spec, logPath, attempt, `rate limited (${res.status})`, res.status, durationMs);
          continue;
        }
        if (res.status >= 500 && res.status !== 501 && idempotent && retries < this.retry.maxRetries) {
          retries++;
          await this.backoff(retries, serverWaitMs(res.headers), spec, logPath, attempt, `server error ${res.status}`, res.status, durationMs);
          continue;
        }
        this.log({ method: spec.method, path: logPath, status: res.status, durationMs, attempt });
        throw this.httpError(res.status, endpoint, parsed, spec, retries, reauthenticated);
      }
    } catch (e) {
      release();
      throw e;
    }
  }

  /**
   * Performs the call and parses the JSON answer; `undefined` for 204 or an empty body.
   * An idempotent call whose answer is cut off mid-body is repeated (bounded like other retries).
   */
  async json<T>(spec: CallSpec): Promise<T | undefined> {
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    let res: OpenResponse;
    let text: string;
    for (let retry = 1; ; retry++) {
      res = await this.open(spec);
      try {
        text = await res.body.text();
        break;
      } catch (e) {
        const err = transportError(e, { endpoint: res.endpoint, host: this.host, timeoutMs: this.opts.timeoutMs, signal: spec.signal, progress: 'while reading the response' });
        if (!(err.kind === 'network' && idempotent && retry <= this.retry.maxRetries && isTransientNetworkError(e))) throw err;
        const logPath = redact(`${spec.path}${buildQuery(spec.query, spec.rawQuery)}`, this.opts.secrets());
        await this.backoff(retry, undefined, spec, logPath, 1, 'response cut off');
      } finally {
        res.release();
      }
    }
    if (res.status === 204 || !text.trim()) return undefined;
    try {
      return parseJsonLenient(text) as T;
    } catch (e) {
      throw new QualysApiError({
        kind: 'bad-response',
        status: res.status,
        endpoint: res.endpoint,
        message: `${this.host} answered ${res.endpoint} with something that is not JSON (${(e as Error).message}); is the URL a Qualys API gateway?`,
        secrets: this.opts.secrets(),
      });
    }
  }

  /** A QualysApiError with this session's secrets scrubbed. */
  error(kind: QualysApiErrorKind, status: number, endpoint: string, parsed: { message?: string; code?: number }, message: string): QualysApiError {
    return new QualysApiError({ kind, status, endpoint, qualysMessage: parsed.message, code: parsed.code, message, secrets: this.opts.secrets() });
  }

  private httpError(status: number, endpoint: string, parsed: { message?: string; code?: number }, spec: CallSpec, retries: number, reauthenticated: boolean): QualysApiError {
    const subject = spec.subject;
    const said = parsed.message ? ` (Qualys said: ${parsed.message})` : '';
    const msg = parsed.message ?? '';
    if (status === 401 || status === 403) {
      const text = status === 401
        ? `Authentication failed — ${this.host} rejected the token${reauthenticated ? ' even after signing in again' : ''}; check the username, password and API access`
        : `Access denied by ${this.host} for ${endpoint}; the account may lack the permission (e.g. Manager or Auditor role)`;
      return this.error('auth', status, endpoint, parsed, text + said);
    }
    if (status === 404 && /invalid input/i.test(msg)) {
      return this.error('http', status, endpoint, parsed, `Qualys rejected the parameters of ${endpoint}${said}`);
    }
    if (status === 404 || /does not exist|not found/i.test(msg)) {
      return this.error('not-found', status, endpoint, parsed, `${subject ?? 'The requested item'} does not exist on ${this.host}${said}`);
    }
    if (status === 423 || status === 409 || /\blocked\b/i.test(msg)) {
      const policy = spec.policyId !== undefined ? `Policy ${spec.policyId}` : 'The policy';
      return this.error('locked', status, endpoint, parsed, `${policy} is locked; unlock it before editing${said}`);
    }
    if (status >= 500) {
      const tried = retries ? `; retried ${retries} time${retries === 1 ? '' : 's'}` : '';
      return this.error('server', status, endpoint, parsed, `Qualys server error ${status} on ${endpoint}${tried}; try again later${said}`);
    }
    if (status === 429) {
      return this.error('rate-limit', status, endpoint, parsed, `Rate limit reached on ${endpoint}; try again later${this.budgetText()}`);
    }
    return this.error('http', status, endpoint, parsed, `Qualys rejected ${endpoint} with HTTP ${status}${said}`);
  }

  private async backoff(retry: number, hintMs: number | undefined, spec: CallSpec, logPath: string, attempt: number, why: string, status?: number, durationMs = 0): Promise<void> {
    const delay = retryDelayMs(retry, this.retry, hintMs);
    if (status === 429 || status === 409) this.limiter.pauseUntil(Date.now() + delay);
    this.log({ method: spec.method, path: logPath, status, durationMs, attempt, note: `${why}; retrying in ${seconds(delay)} s` });
    try {
      await sleep(delay, spec.signal);
    } catch (e) {
      throw transportError(e, { endpoint: this.endpointOf(spec), host: this.host, timeoutMs: this.opts.timeoutMs, signal: spec.signal });
    }
  }

  private budgetText(): string {
    const b = this.budget;
    return b.limit !== undefined && b.windowSec !== undefined ? ` (limit: ${b.limit} calls per ${b.windowSec} s)` : '';
  }

  private log(e: ApiLogEntry): void {
    try {
      this.opts.log({ ...e, path: redact(e.path, this.opts.secrets()), ...(e.note ? { note: redact(e.note, this.opts.secrets()) } : {}) });
    } catch {
      // A failing log sink must never fail the call.
    }
  }
}

/** `?a=1&b=x%20y` from a record (undefined / null skipped, arrays comma-joined); '' when empty. */
export function buildQuery(query?: Record<string, QueryValue>, rawQuery?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    params.append(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  // %20 rather than '+' for spaces: unambiguous to every server (Qualys documents %20); commas stay
  // literal as in the documented `policyId=a,b` (both decode identically).
  const encoded = params.toString().replace(/\+/g, '%20').replace(/%2C/gi, ',');
  const all = [encoded, rawQuery ?? ''].filter(Boolean).join('&');
  return all ? `?${all}` : '';
}

async function readBounded(body: TransportResponse['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_ERROR_BODY) {
        body.on('error', () => undefined);
        body.destroy();
        break;
      }
    }
  } catch {
    // The status line already tells what happened; a body cut short adds nothing.
  }
  return Buffer.concat(chunks).toString('utf8');
}

function seconds(ms: number): string {
  return (Math.round(ms / 100) / 10).toString();
}
