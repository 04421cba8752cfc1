/**
 * Removes secrets from any text before it reaches a log line or an error message.
 * Applied to every message the API module produces; the extension's output channel
 * and the CLI print only redacted text.
 */

const REDACTED = '[redacted]';

// `Authorization: Bearer xyz`, `authorization=…`, `"Authorization":"…"`
const AUTH_HEADER = /(["']?authorization["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi;
// `Bearer <anything token-like>`
const BEARER = /\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi;
// form or query `password=…` and JSON `"password": "…"`
const PASSWORD_FORM = /(\bpassword=)[^&\s"']*/gi;
const PASSWORD_JSON = /("password"\s*:\s*")(?:[^"\\]|\\.)*(")/gi;
// A JWT anywhere (three base64url segments, the first two starting with `eyJ`, i.e. `{"`).
const JWT = /\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Strips Authorization headers, Bearer tokens, JWTs and `password=` values from `text`.
 * `secrets` (e.g. the configured password and the current token) are replaced verbatim too,
 * so a password echoed back inside a server message never leaks.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
    .replace(PASSWORD_JSON, `$1${REDACTED}$2`)
    .replace(PASSWORD_FORM, `$1${REDACTED}`)
    .replace(AUTH_HEADER, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(JWT, REDACTED);
  for (const s of secrets) {
    // Very short "secrets" would shred ordinary words; they cannot be meaningfully hidden anyway.
    if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  return out;
}
