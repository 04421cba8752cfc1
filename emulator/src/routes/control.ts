/**
 * The emulator's own control API under /__emulator/ (never recorded, never faulted, no auth), for
 * out-of-process users: read the request log, arm faults, reset the tenant, change settings.
 */
import { validateFault } from '../faults';
import { HttpError, json, noContent, type ApiRequest, type Reply } from '../http';
import type { EmulatorConfig, EmulatorHandle, FaultSpec } from '../types';

function badRequest(message: string): HttpError {
  return new HttpError(json(400, { message }));
}

function readConfig(body: unknown): EmulatorConfig {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('config body must be a JSON object');
  const b = body as Record<string, unknown>;
  const config: EmulatorConfig = {};
  if (b.tokenTtlSec !== undefined) {
    if (typeof b.tokenTtlSec !== 'number' || b.tokenTtlSec < 0) throw badRequest('tokenTtlSec must be a non-negative number');
    config.tokenTtlSec = b.tokenTtlSec;
  }
  if (b.hosts !== undefined) {
    if (typeof b.hosts !== 'number' || !Number.isInteger(b.hosts) || b.hosts < 1 || b.hosts > 100_000) throw badRequest('hosts must be an integer from 1 to 100000');
    config.hosts = b.hosts;
  }
  if (b.failRate !== undefined) {
    if (typeof b.failRate !== 'number' || b.failRate < 0 || b.failRate > 100) throw badRequest('failRate must be a number from 0 to 100');
    config.failRate = b.failRate;
  }
  if (b.rateLimit !== undefined) {
    const r = b.rateLimit as Record<string, unknown>;
    if (!r || typeof r !== 'object') throw badRequest('rateLimit must be an object');
    for (const k of ['limit', 'windowSec']) if (r[k] !== undefined && (typeof r[k] !== 'number' || (r[k] as number) < 1)) throw badRequest(`rateLimit.${k} must be a positive number`);
    if (r.enforce !== undefined && typeof r.enforce !== 'boolean') throw badRequest('rateLimit.enforce must be a boolean');
    config.rateLimit = r as EmulatorConfig['rateLimit'];
  }
  return config;
}

export async function handleControl(req: ApiRequest, handle: EmulatorHandle): Promise<Reply> {
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case 'GET /__emulator/requests':
      return json(200, handle.requests());
    case 'DELETE /__emulator/requests':
      handle.clearRequests();
      return noContent();
    case 'GET /__emulator/faults':
      return json(200, handle.faults());
    case 'POST /__emulator/faults': {
      const list = Array.isArray(req.body) ? req.body : [req.body];
      let faults: FaultSpec[];
      try {
        faults = list.map(validateFault);
      } catch (e) {
        throw badRequest((e as Error).message);
      }
      handle.setFaults(faults);
      return json(200, handle.faults());
    }
    case 'DELETE /__emulator/faults':
      handle.setFaults([]);
      return noContent();
    case 'POST /__emulator/reset':
      await handle.reset();
      return noContent();
    case 'POST /__emulator/config':
      handle.configure(readConfig(req.body));
      return noContent();
    case 'GET /__emulator/info':
      return json(200, { url: handle.url, username: handle.username, subscriptionId: handle.subscriptionId });
    default:
      throw new HttpError(json(404, { message: `No emulator control endpoint ${route}. See emulator/README.md.` }));
  }
}
