import * as assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { DOCUMENTATION_POLICY_ID } from '../../emulator/src/index';
import { basePathFor } from '../../client/src/sync/baseStore';
import { findValidationErrors } from '../../client/src/sync/validateText';
import { SyncHarness } from '../unit/sync/emulatorHarness';

const ID = DOCUMENTATION_POLICY_ID;
const FILE = `documentation-policy.${ID}.policy.json`;

describe('qualys-policy pull', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await SyncHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('writes <slug>.<id>.policy.json exactly as exported, records the base, and sends one export call', async () => {
    const run = await h.cli(['pull', String(ID)]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(h.calls(), [`GET /pcas/v3/policy?policyId=${ID} 200`]);
    const remote = await h.remote(ID);
    const text = h.text(FILE);
    const { exported: _a, ...pulled } = JSON.parse(text);
    const { exported: _b, ...fresh } = remote as unknown as Record<string, unknown>;
    assert.deepEqual(pulled, fresh);
    assert.deepEqual(Object.keys(JSON.parse(text)), Object.keys(remote), 'key order as exported');
    assert.match(text, /^\{\n {2}"policyId"/);
    assert.ok(existsSync(basePathFor(h.file(FILE), ID)));
  });

  it('pulled files validate clean', async () => {
    await h.cli(['pull', String(ID)]);
    assert.deepEqual(findValidationErrors(h.text(FILE), h.file(FILE)), []);
  });

  it('pulls by title, and into --out', async () => {
    const run = await h.cli(['pull', 'Documentation_Policy', '--out', 'mine.policy.json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(h.calls(), ['GET /pcas/v3/policy?policyTitle=Documentation_Policy 200']);
    assert.equal(h.read('mine.policy.json').policyId, ID);
  });

  it('refuses to overwrite local edits without --force, and replaces them with it', async () => {
    await h.cli(['pull', String(ID)]);
    h.edit(FILE, (p) => (p.coverPage = 'my local edit'));
    const refused = await h.cli(['pull', String(ID)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /local edits.*--force/);
    assert.equal(h.read(FILE).coverPage, 'my local edit');
    const forced = await h.cli(['pull', String(ID), '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(h.read(FILE).coverPage, 'my local edit');
  });

  it('overwrites an unedited file silently (its content is the base)', async () => {
    await h.cli(['pull', String(ID)]);
    assert.equal(await h.remoteCall('PUT', '/pcas/v3/policy', { policyId: ID, coverPage: 'changed in Qualys' }), 204);
    const again = await h.cli(['pull', String(ID)]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(h.read(FILE).coverPage, 'changed in Qualys');
  });

  it('does not overwrite an unrelated file it cannot account for', async () => {
    writeFileSync(h.file(FILE), '{ "not": "a pulled policy" ');
    const run = await h.cli(['pull', String(ID)]);
    assert.equal(run.code, 1);
    assert.equal(h.text(FILE), '{ "not": "a pulled policy" ');
  });

  it('pulls a library policy with --library, without recording a base', async () => {
    const run = await h.cli(['pull', '--library', 'CIS Benchmark for CentOS Linux 7, v4.0.0 [Automated and Manual, Level 1 and Level 2]']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(h.calls()[0], /^GET \/pcas\/v1\/library\/policy\?policyTitle=.*&details=full 200$/);
    assert.match(run.stdout, /library policy/);
  });

  it('a wrong password fails with an actionable message and writes nothing', async () => {
    const run = await h.cli(['pull', String(ID)], { QUALYS_PASSWORD: 'wrong' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Authentication failed — check the username and password/);
    assert.doesNotMatch(run.stderr, /wrong|at .*\.ts/);
    assert.equal(existsSync(h.file(FILE)), false);
  });

  it('missing credentials are named', async () => {
    const run = await h.cli(['pull', String(ID)], { QUALYS_USERNAME: undefined, QUALYS_PASSWORD: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /QUALYS_USERNAME, QUALYS_PASSWORD/);
  });
});
