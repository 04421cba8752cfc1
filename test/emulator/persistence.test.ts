/** With a data directory the tenant survives restarts (written atomically); without one, each run starts fresh. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../emulator/src/index';
import { caller, tokenFor } from '../support/emulatorHttp';

describe('emulator persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qp-emulator-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps imports, edits and posture history across a restart, and tokens stay valid', async () => {
    const first = await startEmulator({ port: 0, dataDir: dir });
    const token = await tokenFor(first);
    const call = caller(first, token);
    const imported = (await call('POST', '/pcas/v1/library/policy/import', { policyId: 1465339, policyTitle: 'Windows 2016 DC', importAsUnlocked: true })).json as { policyId: number };
    assert.equal((await call('PUT', '/pcas/v3/policy/section', { policyId: 5656121, sectionNumber: 1, sectionHeading: 'Passwords' })).status, 204);
    await call('PUT', '/pcas/v3/policy/section/control/technology/evaluation', {
      policyId: 5656121,
      sectionNumber: 1,
      controlId: 1072,
      technologyId: 18,
      evaluate: { dp: { op: 'eq', v: ['999'] } },
    });
    await first.close();
    assert.deepEqual(readdirSync(dir), ['tenant.json'], 'no temp files left behind');

    const second = await startEmulator({ port: 0, dataDir: dir });
    try {
      const again = caller(second, token);
      const exported = (await again('GET', `/pcas/v3/policy?policyId=${imported.policyId}`)).json as { policyTitle: string; isLocked: boolean };
      assert.equal(exported.policyTitle, 'Windows 2016 DC');
      assert.equal(exported.isLocked, false);
      const doc = (await again('GET', '/pcas/v3/policy?policyId=5656121')).json as { sections: { sectionHeading: string }[] };
      assert.equal(doc.sections[0].sectionHeading, 'Passwords');
      const flipped = await again('POST', '/pcrs/5.0/posture/postureInfo?compressionRequired=0&previousStatus=Passed', [{ policyId: '5656121', subscriptionId: second.subscriptionId }]);
      assert.equal(flipped.status, 200);
      assert.ok((flipped.json as { status: string }[]).every((r) => r.status === 'Failed'));
      // New imports continue the id sequence instead of reusing an id.
      const next = (await again('POST', '/pcas/v1/library/policy/import', { policyId: 1464200 })).json as { policyId: number };
      assert.ok(next.policyId > imported.policyId);
    } finally {
      await second.close();
    }
  });

  it('without a data directory every run starts from the initial tenant', async () => {
    const first = await startEmulator({ port: 0 });
    await caller(first, await tokenFor(first))('DELETE', '/pcas/v3/policy?policyId=5656121');
    await first.close();
    const second = await startEmulator({ port: 0 });
    try {
      assert.equal((await caller(second, await tokenFor(second))('GET', '/pcas/v3/policy?policyId=5656121')).status, 200);
    } finally {
      await second.close();
    }
  });
  it('creates a missing data directory, and refuses one it cannot create with a message naming it', async () => {
    const nested = path.join(dir, 'a', 'b');
    const emu = await startEmulator({ port: 0, dataDir: nested });
    await emu.close();
    assert.deepEqual(readdirSync(nested), ['tenant.json']);
    writeFileSync(path.join(dir, 'plain-file'), 'x');
    const under = path.join(dir, 'plain-file', 'state');
    await assert.rejects(startEmulator({ port: 0, dataDir: under }), (e: Error) => e.message === `cannot read the emulator state in ${under} (ENOTDIR)`);
    // Node's recursive mkdir never returns for a path under /proc; ours must fail instead.
    if (existsSync('/proc/self')) {
      await assert.rejects(startEmulator({ port: 0, dataDir: '/proc/qualys-policy-emulator' }), /cannot save the emulator state in \/proc\/qualys-policy-emulator/);
    }
  });

  it('a data directory that disappears while running does not stop the server; close() says the state was not saved', async () => {
    const data = path.join(dir, 'state');
    const emu = await startEmulator({ port: 0, dataDir: data });
    const call = caller(emu, await tokenFor(emu));
    rmSync(data, { recursive: true });
    writeFileSync(data, 'not a directory any more');
    assert.equal((await call('PUT', '/pcas/v3/policy/section', { policyId: 5656121, sectionNumber: 1, sectionHeading: 'Unsaved' })).status, 204);
    // Let the coalesced background save run (and fail) before the next call.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await call('GET', '/pcas/v3/policy?policyId=5656121')).status, 200);
    await assert.rejects(emu.close(), (e: Error) => e.message === `cannot save the emulator state in ${data} (ENOTDIR)`);
    await assert.rejects(fetch(`${emu.url}/auth`), 'the server stopped anyway');
  });
});
