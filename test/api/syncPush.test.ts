/**
 * The push executor against the emulator through the real client: structural edits (new
 * section, added control, reorder, technology changes) land as planned, the recorded base then
 * equals the tenant, and a second push plans nothing.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DOCUMENTATION_POLICY_ID, LOCKED_RHEL8_POLICY_ID } from '../../emulator/src/index';
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
  it('a locked policy is refused; with unlock it is unlocked after the confirmation, as the first call', async () => {
    const lockedFile = path.join(dir, 'locked.policy.json');
    const policy = await h.client.exportPolicy({ policyId: LOCKED_RHEL8_POLICY_ID });
    assert.equal(policy.isLocked, true);
    await pullToFile({ policy, file: lockedFile, recordBase: true, confirmOverwrite: async () => false });
    const p = JSON.parse(readFileSync(lockedFile, 'utf8')) as Policy;
    p.coverPage = 'edited while locked';
    const text = serializePolicy(p);
    const run = (more: { unlock?: boolean; confirm?: () => Promise<boolean> }) =>
      push({ client: h.client, file: lockedFile, text, validate: findValidationErrors, ...more });
    const writes = () => h.apiRequests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

    h.emu.clearRequests();
    assert.equal((await run({})).kind, 'locked');
    assert.deepEqual(writes(), []);

    // Cancelling the preview leaves the policy locked: nothing is sent before the confirmation.
    let listed: string[] = [];
    const cancelled = await run({ unlock: true, confirm: async () => false });
    assert.equal(cancelled.kind, 'cancelled');
    assert.deepEqual(writes(), []);
    assert.equal((await h.client.exportPolicy({ policyId: LOCKED_RHEL8_POLICY_ID })).isLocked, true);

    const pushed = await push({
      client: h.client,
      file: lockedFile,
      text,
      validate: findValidationErrors,
      unlock: true,
      confirm: async (plan) => {
        listed = plan.operations.map((o) => o.summary);
        return true;
      },
    });
    assert.equal(pushed.kind, 'pushed', JSON.stringify(pushed));
    assert.match(listed[0], /^Unlock the policy/);
    assert.deepEqual(writes(), ['PUT /pcas/v3/policy/lock', 'PUT /pcas/v3/policy']);
    const remote = await h.client.exportPolicy({ policyId: LOCKED_RHEL8_POLICY_ID });
    assert.equal(remote.isLocked, false);
    assert.equal(remote.coverPage, 'edited while locked');

    // The unlock was the user's tenant action, not the file's: the next push does not lock it again.
    h.emu.clearRequests();
    const again = await run({});
    assert.equal(again.kind, 'up-to-date', JSON.stringify(again));
    assert.deepEqual(writes(), []);
  });
});
