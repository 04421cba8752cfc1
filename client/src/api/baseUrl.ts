/**
 * Validation of the gateway base URL: https only, except plain http to this machine
 * (the local emulator), so a token is never sent in clear text over a network.
 */
import { QualysApiError } from './errors';

/** 127.0.0.0/8, localhost (and *.localhost) and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!m && m.slice(1).every((p) => Number(p) <= 255);
}

/**
 * Parses and checks a base URL (see `baseUrlString` for its canonical text form).
 * Throws a `usage` QualysApiError with an actionable message otherwise.
 */
export function checkBaseUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw usage(`"${input}" is not a valid URL; use https://gateway.<pod>.apps.qualys.<tld> or a pod name such as qg1`);
  }
  if (url.username || url.password) {
    throw usage('The Qualys URL must not contain a user name or password; set them as credentials instead');
  }
  if (url.search || url.hash) {
    throw usage(`The Qualys URL must not contain a query or fragment: ${url.origin}${url.pathname}`);
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw usage(
        `Refusing plain http:// to ${url.host}: the token would travel unencrypted. Use https://${url.host}` +
          ' (http:// is allowed only for this machine, e.g. the local emulator)',
      );
    }
  } else if (url.protocol !== 'https:') {
    throw usage(`Unsupported URL scheme "${url.protocol}" in ${input}; use https://`);
  }
  return url;
}

/** The base URL as a string without trailing slash (origin plus any path prefix). */
export function baseUrlString(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function usage(message: string): QualysApiError {
  return new QualysApiError({ kind: 'usage', message });
}
