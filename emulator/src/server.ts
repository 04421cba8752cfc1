/**
 * The HTTP front: parse, apply faults, authenticate, count against the rate window, dispatch to a
 * route, record, and write the reply (streamed bodies with backpressure; drop/truncate faults here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAuth, requireToken, unauthorized, type AuthConfig } from './auth';
import { statusFaultReply, type FaultSet } from './faults';
import { HttpError, json, parseBody, readBody, type ApiRequest, type Reply } from './http';
import type { RateWindow } from './rateLimit';
import { handleControl } from './routes/control';
import { LIBRARY_ROUTES } from './routes/library';
import { PCAS_ROUTES } from './routes/pcas';
import { POSTURE_ROUTES } from './routes/posture';
import type { EmulatorState } from './state';
import type { EmulatorHandle, FaultSpec, RecordedRequest } from './types';

type Handler = (req: ApiRequest, state: EmulatorState) => Reply;

const ROUTES: Record<string, Handler> = { ...PCAS_ROUTES, ...LIBRARY_ROUTES, ...POSTURE_ROUTES };
const PATHS = new Set(Object.keys(ROUTES).map((k) => k.slice(k.indexOf(' ') + 1)));

export interface ServerParts {
  state: EmulatorState;
  auth: AuthConfig;
  faults: FaultSet;
  rate: RateWindow;
  log: RecordedRequest[];
  /** Share of API calls answered 503 (percent) and the running accumulator that spreads them evenly. */
  failRate: { percent: number; acc: number };
  handle: () => EmulatorHandle;
}

function redact(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'password' in body) return { ...body, password: '***' };
  return body;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function route(req: ApiRequest, parts: ServerParts, fired: FaultSpec[]): Reply {
  const status = fired.find((f) => f.kind === 'status');
  if (status?.kind === 'status') throw statusFaultReply(status, parts.rate.config);
  if (req.path === '/auth') {
    if (req.method !== 'POST') throw new HttpError(json(405, { status: 405, error: 'Method Not Allowed', message: 'Use POST /auth.' }));
    return handleAuth(req, parts.auth);
  }
  const handler = ROUTES[`${req.method} ${req.path}`];
  if (!handler) {
    const known = PATHS.has(req.path);
    throw new HttpError(
      json(known ? 405 : 404, {
        timestamp: new Date().toISOString(),
        status: known ? 405 : 404,
        error: known ? 'Method Not Allowed' : 'Not Found',
        message: known ? `${req.method} is not supported on ${req.path}.` : `No endpoint ${req.method} ${req.path}.`,
        path: req.path,
      }),
    );
  }
  if (fired.some((f) => f.kind === 'expire-token')) throw unauthorized('JWT expired');
  requireToken(req, parts.auth);
  if (parts.failRate.percent > 0 && (parts.failRate.acc += parts.failRate.percent) >= 100) {
    parts.failRate.acc -= 100;
    throw new HttpError(json(503, { status: 503, error: 'Service Unavailable', message: 'The service is temporarily unavailable (emulator fail rate).' }));
  }
  const budget = parts.rate.take();
  if (!budget.allowed) {
    throw new HttpError(json(429, { status: 429, error: 'Too Many Requests', message: 'API rate limit exceeded for this window.' }, budget.headers));
  }
  const reply = handler(req, parts.state);
  reply.headers = { ...reply.headers, ...budget.headers };
  return reply;
}

export function requestListener(parts: ServerParts) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void serve(req, res, parts).catch(() => {
      // The connection is gone or the reply half-written: nothing left to tell the client.
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, parts: ServerParts): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const rawBody = await readBody(req);
  const api: ApiRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query: Object.fromEntries(url.searchParams),
    body: parseBody(rawBody, req.headers['content-type'], path === '/auth' && !rawBody.trimStart().startsWith('{')),
    rawBody,
    headers: req.headers,
  };
  if (path.startsWith('/__emulator/') || path === '/__emulator') {
    let reply: Reply;
    try {
      reply = await handleControl(api, parts.handle());
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      reply = e.reply;
    }
    await writeReply(res, reply, []);
    return;
  }
  const fired = parts.faults.take(api.method, path);
  const latency = fired.reduce((ms, f) => (f.kind === 'latency' ? ms + f.ms : ms), 0);
  if (latency > 0) await sleep(latency);
  let reply: Reply;
  try {
    reply = route(api, parts, fired);
  } catch (e) {
    if (e instanceof HttpError) reply = e.reply;
    else reply = json(500, { status: 500, error: 'Internal Server Error', message: e instanceof Error ? e.message : String(e) });
  }
  parts.log.push({ method: api.method, path, query: api.query, body: redact(api.body), status: reply.status });
  await writeReply(res, reply, fired);
}

async function* chunksOf(body: NonNullable<Reply['body']>): AsyncGenerator<Buffer> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    yield Buffer.from(body);
    return;
  }
  yield* body;
}

/** Write the reply; a 'drop' fault destroys the socket after N body bytes, 'truncate-gzip' ends the body early. */
async function writeReply(res: ServerResponse, reply: Reply, fired: FaultSpec[]): Promise<void> {
  const drop = fired.find((f) => f.kind === 'drop');
  const truncate = fired.find((f) => f.kind === 'truncate-gzip');
  const limit = drop?.kind === 'drop' ? (drop.afterBytes ?? 0) : truncate?.kind === 'truncate-gzip' ? (truncate.keepBytes ?? 64) : Infinity;
  const headers: Record<string, string> = { ...reply.headers };
  const whole = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
  // A dropped whole body still announces its full length, so the client can tell it was cut.
  if (whole && !truncate) headers['Content-Length'] = String(Buffer.byteLength(reply.body as string | Buffer));
  res.writeHead(reply.status, headers);
  if (reply.body === undefined || reply.status === 204) {
    if (drop) res.socket?.destroy();
    else res.end();
    return;
  }
  let sent = 0;
  const source = chunksOf(reply.body);
  try {
    for await (const chunk of source) {
      if (res.destroyed) return;
      if (sent + chunk.length > limit) {
        const part = chunk.subarray(0, limit - sent);
        if (drop) {
          res.flushHeaders();
          if (part.length) res.write(part, () => res.socket?.destroy());
          else res.socket?.destroy();
        } else {
          res.end(part);
        }
        return;
      }
      sent += chunk.length;
      if (!res.write(chunk)) await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    if (drop && sent >= limit) {
      res.socket?.destroy();
      return;
    }
    res.end();
  } finally {
    await source.return(undefined);
  }
}
