/** With a data directory the tenant survives restarts (written atomically); without one, each run starts fresh. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
});
