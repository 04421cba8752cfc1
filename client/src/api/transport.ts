/**
 * HTTP over undici: one dispatcher per client (direct Agent or ProxyAgent), strict TLS,
 * idle timeouts and AbortSignal on every request, and undici errors mapped to QualysApiError.
 */
import type { Readable } from 'node:stream';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { baseUrlString } from './baseUrl';
import { QualysApiError } from './errors';
import { chooseProxy, displayProxy, type ProxyChoice } from './proxy';
import type { HttpMethod } from './types';

export interface TransportOptions {
  baseUrl: URL;
  proxyUrl?: string;
  env: Record<string, string | undefined>;
  maxConnections: number;
}

export interface TransportRequest {
  method: HttpMethod;
  /** Path and query, appended to the base URL. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { text(): Promise<string> };
}

export class Transport {
  readonly proxy: ProxyChoice;
  private readonly dispatcher: Dispatcher;
  private readonly base: string;

  constructor(private readonly opts: TransportOptions) {
    this.base = baseUrlString(opts.baseUrl);
    this.proxy = chooseProxy(opts.baseUrl, opts.proxyUrl, opts.env);
    // rejectUnauthorized is undici's default; stated anyway so nobody "fixes" TLS errors by flipping it.
    const tls = { rejectUnauthorized: true };
    this.dispatcher = this.proxy.proxyUrl
      ? new ProxyAgent({ uri: this.proxy.proxyUrl, requestTls: tls, connections: opts.maxConnections })
      : new Agent({ connect: tls, connections: opts.maxConnections });
  }

  get host(): string {
    return this.opts.baseUrl.host;
  }

  /** The proxy in use, without credentials; undefined for a direct connection. */
  get via(): string | undefined {
    return this.proxy.proxyUrl ? displayProxy(this.proxy.proxyUrl) : undefined;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const res = await request(this.base + req.pathAndQuery, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      dispatcher: this.dispatcher,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);

const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** A connection that broke (worth one more try), as opposed to one that can never work (bad host, refused, TLS). */
export function isTransientNetworkError(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return TRANSIENT_CODES.has(e?.code ?? '') || TRANSIENT_CODES.has(e?.cause?.code ?? '');
}

export interface ErrorContext {
  endpoint: string;
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra words, e.g. "after 1200 records". */
  progress?: string;
  /** The proxy the connection goes through (no credentials), so a refusal blames the right hop. */
  proxy?: string;
}

/** Turns whatever undici, node:net or node:zlib threw into a QualysApiError. */
export function transportError(err: unknown, ctx: ErrorContext): QualysApiError {
  if (err instanceof QualysApiError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const where = `${ctx.endpoint}${ctx.progress ? ` ${ctx.progress}` : ''}`;
  // Only our own signal means "cancelled": undici also aborts internally (e.g. a proxy refusing to tunnel).
  if (ctx.signal?.aborted) {
    return new QualysApiError({ kind: 'cancelled', endpoint: ctx.endpoint, message: `Cancelled: ${where}`, cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    const secs = Math.round(ctx.timeoutMs / 100) / 10;
    return new QualysApiError({
      kind: 'timeout',
      endpoint: ctx.endpoint,
      message: `${ctx.host} sent nothing for ${secs} s (${where}); check the network, or raise the timeout`,
      cause: err,
    });
  }
  if (TLS_CODES.has(code)) {
    return new QualysApiError({
      kind: 'network',
      endpoint: ctx.endpoint,
      message:
        `The TLS certificate of ${ctx.host} could not be verified (${code}). If your network inspects TLS, ` +
        'point NODE_EXTRA_CA_CERTS at your organisation\'s CA bundle; certificate checks are never disabled',
      cause: err,
    });
  }
  const detail = (code && !code.startsWith('UND_ERR') ? code : e?.message || e?.cause?.message || code) || 'unknown error';
  if (ctx.proxy && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')) {
    return new QualysApiError({
      kind: 'network',
      endpoint: ctx.endpoint,
      message: `Connection to ${ctx.host} through the proxy ${ctx.proxy} failed (${detail}) during ${where}; check the proxy setting (http.proxy or HTTPS_PROXY)`,
      cause: err,
    });
  }
  const hint =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? '; check the platform URL'
      : code === 'ECONNREFUSED'
        ? '; is the server (or the emulator) running?'
        : '; check the network or proxy, then try again';
  return new QualysApiError({
    kind: 'network',
    endpoint: ctx.endpoint,
    message: `Connection to ${ctx.host} failed (${detail}) during ${where}${hint}`,
    cause: err,
  });
}
