/**
 * JWT authentication: `POST /auth` (form-encoded) answers 201 with the raw token.
 * The token is cached until shortly before it expires (4 h, or the JWT's own `exp`);
 * concurrent callers share one sign-in.
 */
import { QualysApiError, parseQualysError } from './errors';
import { transportError, type Transport } from './transport';
import type { ApiLogEntry } from './types';

/** Qualys tokens live 4 hours. */
export const TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000;
/** Renew this long before expiry so a token never dies mid-call. */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

export interface AuthOptions {
  transport: Transport;
  username: string;
  password: string | (() => Promise<string>);
  timeoutMs: number;
  log: (e: ApiLogEntry) => void;
  /** Called with every secret learned (password, token) so messages can be scrubbed of them. */
  remember: (secret: string) => void;
}

interface CachedToken {
  jwt: string;
  renewAt: number;
}

export class TokenProvider {
  private cached?: CachedToken;
  private pending?: Promise<string>;

  constructor(private readonly opts: AuthOptions) {}

  /** A valid token, signing in if there is none or it is about to expire. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return this.cached.jwt;
    // Share one sign-in among concurrent callers; a caller's cancellation must not cancel it for the others.
    this.pending ??= this.signIn().finally(() => (this.pending = undefined));
    return signal ? raceAbort(this.pending, signal) : this.pending;
  }

  /** Forget the token (after a 401, or on sign-out). `jwt` limits this to that token. */
  invalidate(jwt?: string): void {
    if (!jwt || this.cached?.jwt === jwt) this.cached = undefined;
  }

  get hasToken(): boolean {
    return !!this.cached && Date.now() < this.cached.renewAt;
  }

  private async signIn(): Promise<string> {
    const { transport, username } = this.opts;
    const password = typeof this.opts.password === 'function' ? await this.opts.password() : this.opts.password;
    this.opts.remember(password);
    if (!username || !password) {
      throw new QualysApiError({
        kind: 'auth',
        endpoint: 'POST /auth',
        message: `Authentication failed — no ${username ? 'password' : 'user name'} is set for ${transport.host}`,
      });
    }
    const body = new URLSearchParams({ username, password, token: 'true' }).toString();
    const started = Date.now();
    const endpoint = 'POST /auth';
    let status: number | undefined;
    let text: string;
    try {
      const res = await transport.request({
        method: 'POST',
        pathAndQuery: '/auth',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain, application/json' },
        body,
        timeoutMs: this.opts.timeoutMs,
      });
      status = res.status;
      text = await res.body.text();
    } catch (e) {
      this.opts.log({ method: 'POST', path: '/auth', durationMs: Date.now() - started, attempt: 1, note: 'sign-in failed: no response' });
      throw transportError(e, { endpoint, host: transport.host, timeoutMs: this.opts.timeoutMs, proxy: transport.via });
    }
    this.opts.log({ method: 'POST', path: '/auth', status, durationMs: Date.now() - started, attempt: 1 });
    const jwt = text.trim();
    if ((status === 200 || status === 201) && looksLikeToken(jwt)) {
      this.opts.remember(jwt);
      this.cached = { jwt, renewAt: renewTime(jwt, Date.now()) };
      return jwt;
    }
    const parsed = parseQualysError(text);
    // A gateway or proxy that echoes the submitted form must not put the password into the error.
    const secrets = [password];
    if (status === 401 || status === 403 || status === 400) {
      throw new QualysApiError({
        kind: 'auth',
        status,
        endpoint,
        secrets,
        qualysMessage: parsed.message,
        code: parsed.code,
        message: `Authentication failed — check the username and password for ${transport.host}` +
          (parsed.message ? ` (Qualys said: ${parsed.message})` : ''),
      });
    }
    if (status >= 200 && status < 300) {
      throw new QualysApiError({
        kind: 'bad-response',
        status,
        endpoint,
        secrets,
        message: `Sign-in to ${transport.host} answered ${status} without a token; is this a Qualys API gateway URL?`,
      });
    }
    throw new QualysApiError({
      kind: status >= 500 ? 'server' : 'http',
      status,
      endpoint,
      secrets,
      qualysMessage: parsed.message,
      code: parsed.code,
      message: `Sign-in to ${transport.host} failed with HTTP ${status}${parsed.message ? `: ${parsed.message}` : ''}; try again later`,
    });
  }
}

/** Qualys sends a JWT; accept any single opaque word, but not a JSON or HTML body. */
function looksLikeToken(s: string): boolean {
  return /^[\x21-\x7e]+$/.test(s) && !/^[{[<"]/.test(s);
}

/**
 * When to renew: shortly before the token expires. The lifetime is `exp - iat` from the JWT, counted
 * from receipt, so a local clock that is off does not matter; else `exp`; else the documented 4 h.
 */
export function renewTime(jwt: string, now: number): number {
  const { exp, iat } = jwtClaims(jwt);
  const lifetime =
    exp !== undefined && iat !== undefined && exp > iat ? exp - iat : exp !== undefined && exp > now ? exp - now : TOKEN_LIFETIME_MS;
  const margin = Math.min(RENEW_MARGIN_MS, lifetime / 10);
  return now + lifetime - margin;
}

/** `exp` (epoch ms) from the JWT payload, if readable. */
export function jwtExpiry(jwt: string): number | undefined {
  return jwtClaims(jwt).exp;
}

/** `exp` and `iat` (epoch ms) from the JWT payload, when present and numeric. */
function jwtClaims(jwt: string): { exp?: number; iat?: number } {
  const payload = jwt.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    const ms = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined);
    return { exp: ms(claims.exp), iat: ms(claims.iat) };
  } catch {
    return {};
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
