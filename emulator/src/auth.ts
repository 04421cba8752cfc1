/**
 * `POST /auth` and bearer-token checks. Tokens are real-looking HS256 JWTs signed with the tenant's
 * secret, so they stay valid across a restart on the same data directory and need no token table.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpError, json, type ApiRequest, type Reply } from './http';

export interface AuthConfig {
  username: string;
  password: string;
  secret: string;
  ttlSec: number;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function mintToken(cfg: AuthConfig, now = Date.now()): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const iat = Math.floor(now / 1000);
  const payload = b64url(
    JSON.stringify({ sub: cfg.username, iss: 'qualys-emulator', iat, exp: iat + cfg.ttlSec, jti: randomUUID(), subscriptionType: 'VM,PC' }),
  );
  return `${header}.${payload}.${sign(cfg.secret, `${header}.${payload}`)}`;
}

export function unauthorized(message: 'JWT expired' | 'Not authenticated'): HttpError {
  return new HttpError(json(401, { status: 401, error: 'Unauthorized', message }));
}

/** `POST /auth`: form-encoded username/password → 201 text/plain JWT, or the documented 401 body. */
export function handleAuth(req: ApiRequest, cfg: AuthConfig): Reply {
  const form = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const ok = equalText(String(form.username ?? ''), cfg.username) && equalText(String(form.password ?? ''), cfg.password);
  if (!ok) {
    return json(401, {
      authentication_exceptions: [['Authentication Failure: Bad credentials, org.springframework.security.authentication.InvalidCredentialsException']],
    });
  }
  return { status: 201, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: mintToken(cfg) };
}

/** Throws the documented 401 unless the request carries a valid, unexpired bearer token. */
export function requireToken(req: ApiRequest, cfg: AuthConfig, now = Date.now()): void {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw unauthorized('Not authenticated');
  const parts = m[1].split('.');
  if (parts.length !== 3 || !equalText(parts[2], sign(cfg.secret, `${parts[0]}.${parts[1]}`))) throw unauthorized('Not authenticated');
  let exp: unknown;
  try {
    exp = (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  } catch {
    throw unauthorized('Not authenticated');
  }
  if (typeof exp !== 'number' || exp * 1000 <= now) throw unauthorized('JWT expired');
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
