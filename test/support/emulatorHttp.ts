/** Raw HTTP helpers for emulator tests: real requests, no client library in between. */
import type { EmulatorHandle } from '../../emulator/src/index';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function login(emu: EmulatorHandle, username = emu.username, password = emu.password): Promise<Response> {
  return fetch(`${emu.url}/auth`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, token: 'true' }).toString(),
  });
}

export async function tokenFor(emu: EmulatorHandle): Promise<string> {
  const res = await login(emu);
  if (res.status !== 201) throw new Error(`auth failed: ${res.status}`);
  return res.text();
}

/** A caller bound to one token: `call('GET', '/pcas/v3/policy?policyId=1')`. */
export function caller(emu: EmulatorHandle, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<RawResponse> => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

export type Call = ReturnType<typeof caller>;
