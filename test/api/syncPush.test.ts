/**
 * The push executor against the emulator through the real client: structural edits (new
 * section, added control, reorder, technology changes) land as planned, the recorded base then
 * equals the tenant, and a second push plans nothing.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DOCUMENTATION_POLICY_ID } from '../../emulator/src/index';
import type { Policy } from '../../server/src/model/policy';
import { readBase } from '../../client/src/sync/baseStore';
import { pullToFile } from '../../client/src/sync/pull';
import { push } from '../../client/src/sync/push';
import { serializePolicy } from '../../client/src/sync/policyFile';
import { findValidationErrors } from '../../client/src/sync/validateText';
import { startHarness, type Harness } from './harness';

describe('sync: push through the client against the emulator', () => {
  let h: Harness;
  let dir: string;
  let file: string;

  beforeEach(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(tmpdir(), 'qp-sync-api-'));
    file = path.join(dir, 'doc.policy.json');
    const policy = await h.client.exportPolicy({ policyId: DOCUMENTATION_POLICY_ID });
    await pullToFile({ policy, file, recordBase: true, confirmOverwrite: async () => false });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const local = (): Policy => JSON.parse(readFileSync(file, 'utf8')) as Policy;
  const pushText = (p: Policy) => push({ client: h.client, file, text: serializePolicy(p), validate: findValidationErrors });

  it('adds a section and a control with a custom evaluation, then has nothing left to push', async () => {
    const p = local();
    p.sections!.push({
      sectionNumber: 2,
      sectionHeading: 'Memory',
      controls: [
        {
          controlId: 1048,
          sectionNumber: 2,
          controlNumber: 1,
          criticality: 'SERIOUS',
          isControlDisable: false,
          referenceText: 'REF-1048',
          technologies: [
            {
              technologyId: 18,
              technologyName: 'Windows Vista',
              evaluate: { dp: { k: 'secman.system.clearpageonshut', v: ['0'], op: 'eq', fv: [{ value: '314159265358979', set: '0', description: 'Key not found' }] } },
            },
          ],
        },
      ],
    });
    h.emu.clearRequests();
    const outcome = await pushText(p);
    assert.equal(outcome.kind, 'pushed', JSON.stringify(outcome));
    assert.deepEqual(
      h.apiRequests().map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        'GET /pcas/v3/policy 200',
        'POST /pcas/v3/policy/section 201',
        'POST /pcas/v3/policy/section/control 201',
        'PUT /pcas/v3/policy/section/control/technology/evaluation 204',
      ],
    );
    const remote = await h.client.exportPolicy({ policyId: DOCUMENTATION_POLICY_ID });
    const added = remote.sections![1].controls![0];
    assert.equal(added.criticality, 'SERIOUS');
    assert.deepEqual(added.technologies![0].evaluate!.dp.v, ['0']);
    const base = (await readBase(file, DOCUMENTATION_POLICY_ID))!;
    const { exported: _e, ...remoteContent } = remote;
    const { exported: _b, ...baseContent } = base;
    assert.deepEqual(baseContent, remoteContent, 'the recorded base is exactly the tenant after the push');

    h.emu.clearRequests();
    const again = await pushText(p);
    assert.equal(again.kind, 'up-to-date', JSON.stringify(again));
    assert.deepEqual(h.apiRequests().map((r) => r.method), ['GET']);
  });

  it('moves a control to a new position and removes a section, one call each', async () => {
    // Two controls in section 1 first (set up through the tenant), then pull them.
    await h.client.addControls(DOCUMENTATION_POLICY_ID, 1, [{ controlId: 1048 }]);
    await h.client.addSection(DOCUMENTATION_POLICY_ID, 'To be removed');
    const fresh = await h.client.exportPolicy({ policyId: DOCUMENTATION_POLICY_ID });
    await pullToFile({ policy: fresh, file, recordBase: true, confirmOverwrite: async () => true });

    const p = local();
    const [first, second] = p.sections![0].controls!;
    first.controlNumber = 2;
    second.controlNumber = 1;
    p.sections!.pop();
    h.emu.clearRequests();
    const outcome = await pushText(p);
    assert.equal(outcome.kind, 'pushed', JSON.stringify(outcome));
    assert.deepEqual(
      h.apiRequests().map((r) => `${r.method} ${r.path}`),
      ['GET /pcas/v3/policy', 'PUT /pcas/v3/policy/section/control', 'DELETE /pcas/v3/policy/section'],
    );
    const remote = await h.client.exportPolicy({ policyId: DOCUMENTATION_POLICY_ID });
    assert.deepEqual(remote.sections!.map((s) => s.controls!.map((c) => c.controlId)), [[second.controlId, first.controlId]]);
    assert.equal((await pushText(p)).kind, 'up-to-date');
  });
});
