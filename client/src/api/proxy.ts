/**
 * Which proxy (if any) to use for the gateway host: the explicit `proxyUrl` (VS Code's
 * `http.proxy`), else HTTPS_PROXY / https_proxy (HTTP_PROXY for http targets); NO_PROXY wins.
 */
import { isLoopbackHost } from './baseUrl';
import { QualysApiError } from './errors';

export interface ProxyChoice {
  /** Proxy URL to tunnel through, or undefined for a direct connection. */
  proxyUrl?: string;
  /** Why: shown in logs (never includes proxy credentials). */
  reason: string;
}

export function chooseProxy(target: URL, explicit: string | undefined, env: Record<string, string | undefined>): ProxyChoice {
  // A proxy cannot reach this machine's loopback; the local emulator is always direct.
  if (isLoopbackHost(target.hostname)) return { reason: 'loopback host: direct' };
  const fromEnv =
    target.protocol === 'https:'
      ? env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY
      : env.http_proxy ?? env.HTTP_PROXY;
  const proxy = explicit?.trim() || fromEnv?.trim();
  if (!proxy) return { reason: 'no proxy configured: direct' };
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  if (matchesNoProxy(target, noProxy)) return { reason: 'host listed in NO_PROXY: direct' };
  const checked = checkProxyUrl(proxy);
  return { proxyUrl: checked, reason: `via proxy ${displayProxy(checked)}` };
}

/** NO_PROXY entries: `*`, host names (suffix match, leading dot optional), optional `:port`. */
export function matchesNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const rawEntry of noProxy.split(/[,\s]+/)) {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    if (!m) continue;
    const [, entryHost, entryPort] = m;
    if (entryPort && entryPort !== port) continue;
    const bare = entryHost.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

function checkProxyUrl(proxy: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
  } catch {
    throw new QualysApiError({ kind: 'usage', message: 'The proxy setting is not a valid URL; use http://host:port' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new QualysApiError({ kind: 'usage', message: `Unsupported proxy scheme "${url.protocol}"; use http:// or https://` });
  }
  return url.href;
}

/** The proxy without any user:password part. */
export function displayProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(proxy)';
  }
}
