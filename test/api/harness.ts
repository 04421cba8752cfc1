/**
 * Test harness: a real emulator on an ephemeral port and a client wired to it, with its log
 * captured. No mocks: every call crosses real HTTP.
 */
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import type { EmulatorOptions, RecordedRequest } from '../../emulator/src/types';
import { QualysClient, type ApiLogEntry, type QualysClientOptions } from '../../client/src/api';

export interface Harness {
  emu: EmulatorHandle;
  client: QualysClient;
  logs: ApiLogEntry[];
  /** A fresh client on the same emulator (its own token cache and log). */
  newClient(overrides?: Partial<QualysClientOptions>): { client: QualysClient; logs: ApiLogEntry[] };
  /** Recorded API requests other than /auth. */
  apiRequests(): RecordedRequest[];
  authRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** Fast retries so throttling and 5xx tests don't sleep for seconds (no timing is asserted). */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

export async function startHarness(emulatorOptions: EmulatorOptions = {}, clientOptions: Partial<QualysClientOptions> = {}): Promise<Harness> {
  const emu = await startEmulator({ port: 0, ...emulatorOptions });
  const clients: QualysClient[] = [];
  const newClient = (overrides: Partial<QualysClientOptions> = {}): { client: QualysClient; logs: ApiLogEntry[] } => {
    const logs: ApiLogEntry[] = [];
    const client = new QualysClient({
      baseUrl: emu.url,
      username: emu.username,
      password: emu.password,
      retry: FAST_RETRY,
      log: (e) => logs.push(e),
      env: {},
      ...clientOptions,
      ...overrides,
    });
    clients.push(client);
    return { client, logs };
  };
  const first = newClient();
  return {
    emu,
    client: first.client,
    logs: first.logs,
    newClient,
    apiRequests: () => emu.requests().filter((r) => r.path !== '/auth'),
    authRequests: () => emu.requests().filter((r) => r.path === '/auth'),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await emu.close();
    },
  };
}

/** Drains an async iterable into an array. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Awaits `p` expecting a QualysApiError-like rejection; returns it. */
export async function rejection(p: Promise<unknown>): Promise<Error & { kind?: string; status?: number; endpoint?: string; qualysMessage?: string; code?: number }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { kind?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
