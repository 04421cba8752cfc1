import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { DOCUMENTATION_POLICY_ID, LOCKED_RHEL8_POLICY_ID } from '../../emulator/src/index';
import { SyncHarness } from '../unit/sync/emulatorHarness';

const ID = DOCUMENTATION_POLICY_ID;
const FILE = `documentation-policy.${ID}.policy.json`;
const EVALUATION = '/pcas/v3/policy/section/control/technology/evaluation';

describe('qualys-policy push', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await SyncHarness.start();
    assert.equal((await h.cli(['pull', String(ID)])).code, 0);
    h.emulator.clearRequests();
  });
  afterEach(async () => {
    await h.stop();
  });

  const setMinAge = (value: string) =>
    h.edit(FILE, (p) => {
      p.sections![0].controls![0].technologies![0].evaluate!.dp.v = [value];
    });

  it('one edited data point is one call, and the tenant then has it', async () => {
    setMinAge('7');
    const before = h.text(FILE);
    const run = await h.cli(['push', FILE]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(h.calls(), [`GET /pcas/v3/policy?policyId=${ID} 200`, `PUT ${EVALUATION} 204`]);
    const body = h.emulator.requests().find((r) => r.method === 'PUT')!.body as Record<string, unknown>;
    assert.deepEqual({ ...body, evaluate: undefined }, { policyId: ID, sectionNumber: 1, controlId: 1072, technologyId: 18, evaluate: undefined });
    assert.deepEqual((await h.remote(ID)).sections![0].controls![0].technologies![0].evaluate!.dp.v, ['7']);
    assert.equal(h.text(FILE), before, 'a push never modifies the policy file');
    assert.match(run.stdout, /re-evaluates postures only after the policy is evaluated/);
  });

  it('pushing again plans nothing and sends nothing', async () => {
    setMinAge('7');
    await h.cli(['push', FILE]);
    h.emulator.clearRequests();
    const again = await h.cli(['push', FILE, '--dry-run', '--format', 'json']);
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.stdout).operations, []);
    const real = await h.cli(['push', FILE]);
    assert.match(real.stdout, /up to date/);
    assert.deepEqual(h.writes(), []);
  });

  it('--dry-run --format json prints the calls and sends none', async () => {
    setMinAge('7');
    h.edit(FILE, (p) => (p.sections![0].controls![0].criticality = 'URGENT'));
    const run = await h.cli(['push', FILE, '--dry-run', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { operations: { method: string; path: string; body: unknown }[] };
    assert.deepEqual(
      out.operations.map((o) => `${o.method} ${o.path}`),
      ['PUT /pcas/v3/policy/section/control', `PUT ${EVALUATION}`],
    );
    assert.deepEqual(out.operations[0].body, { policyId: ID, sectionNumber: 1, controlId: 1072, criticality: 'URGENT' });
    assert.deepEqual(h.writes(), []);
  });

  it('refuses a conflict, says what changed remotely, and keeps the remote change', async () => {
    const status = await h.remoteCall('PUT', EVALUATION, { policyId: ID, sectionNumber: 1, controlId: 1072, technologyId: 18, evaluate: { dp: { v: ['3'] } } });
    assert.equal(status, 204);
    h.emulator.clearRequests();
    setMinAge('7');
    const run = await h.cli(['push', FILE]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /changed in the tenant since your last pull/);
    assert.match(run.stdout, /control:1072\.technology:18\.evaluate/);
    assert.match(run.stdout, /your file: \S+ \["7"\]; the tenant now: \S+ \["3"\]/);
    assert.deepEqual(h.writes(), []);
    assert.deepEqual((await h.remote(ID)).sections![0].controls![0].technologies![0].evaluate!.dp.v, ['3']);
  });

  it('keeps a remote change to an untouched part: not sent back, not reverted by the next push', async () => {
    assert.equal(await h.remoteCall('PUT', '/pcas/v3/policy', { policyId: ID, coverPage: 'colleague' }), 204);
    h.emulator.clearRequests();
    setMinAge('7');
    const run = await h.cli(['push', FILE]);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(h.writes(), [`PUT ${EVALUATION} 204`]);
    assert.match(run.stdout, /the tenant has 1 change\(s\) since your last pull.*\n {2}Update policy: coverPage/);
    assert.equal((await h.remote(ID)).coverPage, 'colleague');

    h.emulator.clearRequests();
    const again = await h.cli(['push', FILE]);
    assert.match(again.stdout, /up to date/);
    assert.deepEqual(h.writes(), []);
    assert.equal((await h.remote(ID)).coverPage, 'colleague');
  });

  it('a 429 in the middle is waited out and the push completes', async () => {
    setMinAge('7');
    h.edit(FILE, (p) => (p.coverPage = 'new cover'));
    h.emulator.setFaults({ kind: 'status', status: 429, method: 'PUT', skip: 1, times: 1, retryAfterSec: 1 });
    const run = await h.cli(['push', FILE]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(h.writes(), ['PUT /pcas/v3/policy 204', `PUT ${EVALUATION} 429`, `PUT ${EVALUATION} 204`]);
    const remote = await h.remote(ID);
    assert.equal(remote.coverPage, 'new cover');
  });

  it('a dropped connection stops the push, reports what was applied, and the next push resumes', async () => {
    h.edit(FILE, (p) => {
      p.coverPage = 'new cover';
      p.sections!.push({ sectionNumber: 2, sectionHeading: 'Added', controls: [] });
      p.sections![0].controls![0].criticality = 'URGENT';
    });
    h.emulator.setFaults({ kind: 'drop', method: 'POST', path: '/pcas/v3/policy/section' });
    const first = await h.cli(['push', FILE]);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /applied \(1\):\n {2}✓ Update policy: coverPage/);
    assert.match(first.stdout, /not applied \(2\):/);
    assert.deepEqual(h.writes(), ['PUT /pcas/v3/policy 204', 'POST /pcas/v3/policy/section 201']);

    h.emulator.clearRequests();
    const second = await h.cli(['push', FILE]);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    // The section was created although its answer was lost: it is not created twice.
    assert.deepEqual(h.writes(), ['PUT /pcas/v3/policy/section/control 204']);
    const remote = await h.remote(ID);
    assert.deepEqual(remote.sections!.map((s) => s.sectionHeading), ['Section-1', 'Added']);
    assert.equal(remote.sections![0].controls![0].criticality, 'URGENT');

    h.emulator.clearRequests();
    assert.match((await h.cli(['push', FILE])).stdout, /up to date/);
  });

  it('refuses a locked policy and sends nothing', async () => {
    const locked = `locked.${LOCKED_RHEL8_POLICY_ID}.policy.json`;
    assert.equal((await h.cli(['pull', String(LOCKED_RHEL8_POLICY_ID), '--out', locked])).code, 0);
    h.edit(locked, (p) => (p.coverPage = 'edit'));
    h.emulator.clearRequests();
    const run = await h.cli(['push', locked]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /is locked in the tenant; unlock it first/);
    assert.deepEqual(h.writes(), []);
  });

  it('refuses a file with validation errors before any request', async () => {
    h.edit(FILE, (p) => (p.sections![0].controls![0].technologies![0].evaluate!.dp.op = 'equals'));
    const run = await h.cli(['push', FILE]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /validation error/);
    assert.deepEqual(h.emulator.requests(), []);
  });

  it('a wrong password fails with an actionable message', async () => {
    setMinAge('7');
    const run = await h.cli(['push', FILE], { QUALYS_PASSWORD: 'wrong' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Authentication failed — check the username and password/);
    assert.deepEqual(h.writes(), []);
  });

  it('a file without a recorded base needs --force, which makes the tenant match it', async () => {
    mkdirSync(h.file('elsewhere'));
    copyFileSync(h.file(FILE), h.file(`elsewhere/${FILE}`));
    h.edit(`elsewhere/${FILE}`, (p) => (p.coverPage = 'from a copy'));
    const refused = await h.cli(['push', `elsewhere/${FILE}`]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /no base recorded.*--force/);
    assert.deepEqual(h.writes(), []);
    const forced = await h.cli(['push', `elsewhere/${FILE}`, '--force']);
    assert.equal(forced.code, 0, forced.stdout);
    assert.deepEqual(h.writes(), ['PUT /pcas/v3/policy 204']);
    assert.equal((await h.remote(ID)).coverPage, 'from a copy');
  });
});
