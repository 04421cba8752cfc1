/**
 * A stateful local fake of the Qualys gateway (auth, PCAS policy and library APIs, PCRS postures),
 * bound to 127.0.0.1, with fault injection and a request log for tests. See emulator/README.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultSet } from './faults';
import { RateWindow } from './rateLimit';
import { requestListener } from './server';
import { EmulatorState } from './state';
import type { EmulatorHandle, EmulatorOptions, RateLimitConfig, RecordedRequest } from './types';

export type { EmulatorConfig, EmulatorHandle, EmulatorOptions, FaultKind, FaultMatch, FaultSpec, RateLimitConfig, RecordedRequest } from './types';
export { DOCUMENTATION_POLICY_ID, LOCKED_RHEL8_POLICY_ID, MULTI_TECH_POLICY_ID } from './tenant';
export { FIRST_HOST_ID } from './data/fleet';

export const DEFAULT_USERNAME = 'emulator';
export const DEFAULT_PASSWORD = 'emulator';
const DEFAULT_HOSTS = 48;
const FOUR_HOURS = 4 * 3600;

function checkedFailRate(percent: number): number {
  if (!(percent >= 0 && percent <= 100)) throw new Error(`failRate must be a percentage from 0 to 100 (got ${percent})`);
  return percent;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const hostCount = options.hosts ?? DEFAULT_HOSTS;
  if (!Number.isInteger(hostCount) || hostCount < 1) throw new Error(`hosts must be a positive integer (got ${hostCount})`);
  const state = new EmulatorState(options.dataDir, options.seed ?? 1, hostCount);
  const username = options.username ?? DEFAULT_USERNAME;
  const password = options.password ?? DEFAULT_PASSWORD;
  const auth = { username, password, secret: state.tenant.tokenSecret, ttlSec: options.tokenTtlSec ?? FOUR_HOURS };
  const rateConfig: RateLimitConfig = { limit: 300, windowSec: 3600, enforce: false, ...options.rateLimit };
  const rate = new RateWindow(rateConfig);
  const faults = new FaultSet();
  let log: RecordedRequest[] = [];
  const failRate = { percent: checkedFailRate(options.failRate ?? 0), acc: 0 };
  const parts = { state, auth, faults, rate, log, failRate, handle: () => handle };

  const server = createServer(requestListener(parts));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;

  const handle: EmulatorHandle = {
    url: `http://127.0.0.1:${port}`,
    port,
    username,
    password,
    get subscriptionId() {
      return state.tenant.subscriptionId;
    },
    async close() {
      if (closed) return;
      closed = true;
      let saveError: unknown;
      try {
        state.flush();
      } catch (e) {
        saveError = e; // Still stop serving; then report that the last changes were not saved.
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (saveError) throw saveError;
    },
    requests: () => log.map((r) => ({ ...r })),
    clearRequests() {
      log = [];
      parts.log = log;
    },
    setFaults: (f) => faults.set(f),
    faults: () => faults.list(),
    configure(config) {
      if (config.tokenTtlSec !== undefined) auth.ttlSec = config.tokenTtlSec;
      if (config.rateLimit) rate.config = { ...rate.config, ...config.rateLimit };
      if (config.hosts !== undefined) {
        if (!Number.isInteger(config.hosts) || config.hosts < 1) throw new Error(`hosts must be a positive integer (got ${config.hosts})`);
        state.setHostCount(config.hosts);
      }
      if (config.failRate !== undefined) failRate.percent = checkedFailRate(config.failRate);
    },
    async reset() {
      state.reset();
      faults.clear();
      rate.reset();
      handle.clearRequests();
    },
  };
  return handle;
}
