/**
 * Runs the CLI in-process against a fresh emulator in a temp folder (shared by the pull/push CLI
 * tests). Requests are read from the emulator's own log; `/auth` is left out of `calls()` because
 * token caching is the API client's business, not the sync code's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, type CliRun } from '../../support/cliRunner';
import { startEmulator, type EmulatorHandle } from '../../../emulator/src/index';
import type { Policy } from '../../../server/src/model/policy';

export type { CliRun };

export class SyncHarness {
  private constructor(
    readonly emulator: EmulatorHandle,
    readonly dir: string,
  ) {}

  static async start(): Promise<SyncHarness> {
    return new SyncHarness(await startEmulator({ port: 0 }), mkdtempSync(path.join(tmpdir(), 'qp-sync-')));
  }

  async stop(): Promise<void> {
    await this.emulator.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
    return runCli(args, this.dir, { QUALYS_BASE_URL: this.emulator.url, QUALYS_USERNAME: 'emulator', QUALYS_PASSWORD: 'emulator', ...env });
  }

  /** `METHOD /path?query` of every API request since the last clear, without `/auth`. */
  calls(): string[] {
    return this.emulator
      .requests()
      .filter((r) => r.path !== '/auth')
      .map((r) => {
        const q = new URLSearchParams(r.query).toString();
        return `${r.method} ${r.path}${q ? `?${q}` : ''} ${r.status}`;
      });
  }

  writes(): string[] {
    return this.calls().filter((c) => !c.startsWith('GET '));
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  read(name: string): Policy {
    return JSON.parse(readFileSync(this.file(name), 'utf8')) as Policy;
  }

  text(name: string): string {
    return readFileSync(this.file(name), 'utf8');
  }

  edit(name: string, change: (p: Policy) => void): void {
    const p = this.read(name);
    change(p);
    writeFileSync(this.file(name), `${JSON.stringify(p, null, 2)}\n`);
  }

  /** The tenant's current export, read directly (not through the code under test). */
  async remote(policyId: number): Promise<Policy> {
    const res = await fetch(`${this.emulator.url}/pcas/v3/policy?policyId=${policyId}`, { headers: { authorization: `Bearer ${await this.token()}` } });
    return (await res.json()) as Policy;
  }

  private async token(): Promise<string> {
    const auth = await fetch(`${this.emulator.url}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=emulator&password=emulator&token=true',
    });
    return auth.text();
  }

  /** Sends one raw call as another user of the tenant would (a colleague's change). */
  async remoteCall(method: string, apiPath: string, body?: unknown): Promise<number> {
    const res = await fetch(`${this.emulator.url}${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${await this.token()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }
}
