/**
 * Conformance: for each seed sample request, the emulator's response has the seed sample's shape
 * (same keys, same value types) and the documented status code. Fixtures in test/fixtures/seed-shapes
 * are the seed samples with their deliberately malformed bits fixed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { caller, tokenFor, type Call } from '../support/emulatorHttp';
import { compareShapes, shapeOf } from '../support/shape';

const FIXTURES = path.resolve(__dirname, '../fixtures/seed-shapes');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
}

function assertShape(actual: unknown, name: string, allowExtra: readonly string[] = []): void {
  const diffs = compareShapes(shapeOf(actual), shapeOf(fixture(name)), allowExtra);
  assert.deepEqual(diffs, [], `response differs from seed sample '${name}':\n${diffs.join('\n')}`);
}

const RHEL8_TITLE = 'CIS Benchmark for Red Hat Enterprise Linux 8, v3.0.0 [Automated and Manual, Level 1 and Level 2]';
const CENTOS7_TITLE = 'CIS Benchmark for CentOS Linux 7, v4.0.0 [Automated and Manual, Level 1 and Level 2]';

describe('emulator conformance with the seed samples', () => {
  let emu: EmulatorHandle;
  let call: Call;

  before(async () => {
    emu = await startEmulator({ port: 0 });
    call = caller(emu, await tokenFor(emu));
  });
  after(() => emu.close());

  it('GET /pcas/v3/policy (by id and by URL-encoded title) has the export shape', async () => {
    const byId = await call('GET', '/pcas/v3/policy?policyId=5656121');
    assert.equal(byId.status, 200);
    assertShape(byId.json, 'policy-export');
    const byTitle = await call('GET', `/pcas/v3/policy?policyTitle=${encodeURIComponent('Documentation_Policy')}`);
    assert.equal(byTitle.status, 200);
    assert.equal((byTitle.json as { policyId: number }).policyId, 5656121);
    assert.match((byId.json as { exported: string }).exported, /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
  });

  it('GET /pcas/v3/policy/technology lists technologies; POST adds and returns the full list', async () => {
    const list = await call('GET', '/pcas/v3/policy/technology?policyId=5656121');
    assertShape(list.json, 'policy-technologies');
    const added = await call('POST', '/pcas/v3/policy/technology', { policyId: 5656121, technologyIds: [331] });
    assert.equal(added.status, 200);
    assertShape(added.json, 'policy-technologies-add');
    assert.deepEqual((added.json as { technologyId: number }[]).map((t) => t.technologyId), [18, 331]);
  });

  it('sections: GET shape, POST 201 with the new section, PUT and DELETE 204', async () => {
    const section = await call('GET', '/pcas/v3/policy/section?policyId=5656121&sectionNumber=1');
    // The seed's section sample drops the legacy "rational" its own export of the same policy carries.
    assertShape(section.json, 'section', ['rational']);
    const added = await call('POST', '/pcas/v3/policy/section', { policyId: 5656121, sectionHeading: 'section 6' });
    assert.equal(added.status, 201);
    assertShape(added.json, 'section-add');
    assert.deepEqual(added.json, { sectionNumber: 2, sectionHeading: 'section 6', controls: [] });
    assert.equal((await call('PUT', '/pcas/v3/policy/section', { policyId: 5656121, sectionNumber: 2, sectionHeading: 'section66' })).status, 204);
    assert.equal((await call('DELETE', '/pcas/v3/policy/section?policyId=5656121&sectionNumber=2')).status, 204);
  });

  it('controls: POST returns the added controls, GET shape, PUT and DELETE 204', async () => {
    const added = await call('POST', '/pcas/v3/policy/section/control', {
      policyId: 5656121,
      sectionNumber: 1,
      controls: [{ controlId: 1048, referenceText: 'Reference Text', isControlDisable: true, controlNumber: 2, criticality: 'CRITICAL' }],
    });
    assert.equal(added.status, 201);
    assertShape(added.json, 'controls-add');
    const control = await call('GET', '/pcas/v3/policy/section/control?policyId=5656122&sectionNumber=1&controlId=1071');
    assertShape(control.json, 'control', ['controlDefinitionUpdateAvailable']);
    const update = await call('PUT', '/pcas/v3/policy/section/control', {
      policyId: 5656121,
      sectionNumber: 1,
      controlId: 1072,
      criticality: 'CRITICAL',
      referenceText: 'Control 1072',
      isControlDisable: false,
      controlNumber: 1,
    });
    assert.equal(update.status, 204);
  });

  it('control technologies: GET shape, POST returns the control technology list, DELETE 204', async () => {
    const list = await call('GET', '/pcas/v3/policy/section/control/technology?policyId=5656122&sectionNumber=1&controlId=1071');
    assertShape(list.json, 'control-technologies', ['controlDefinitionUpdateAvailable']);
    const added = await call('POST', '/pcas/v3/policy/section/control/technology', { policyId: 5656121, sectionNumber: 1, controlId: 1048, technologyIds: [54] });
    assert.equal(added.status, 200);
    assertShape(added.json, 'control-technologies-add');
    assert.ok((added.json as { technologyId: number }[]).some((t) => t.technologyId === 54));
    const del = await call('DELETE', '/pcas/v3/policy/section/control/technology?policyId=5656121&sectionNumber=1&controlId=1048&technologyId=54');
    assert.equal(del.status, 204);
  });

  it('evaluation: GET shape; PUT with the seed body answers 204', async () => {
    const ev = await call('GET', '/pcas/v3/policy/section/control/technology/evaluation?policyId=5656122&sectionNumber=1&controlId=1071&technologyId=45');
    assertShape(ev.json, 'evaluation', ['controlDefinitionUpdateAvailable']);
    const put = await call('PUT', '/pcas/v3/policy/section/control/technology/evaluation', {
      policyId: 5656122,
      sectionNumber: 1,
      controlId: 1071,
      technologyId: 45,
      evaluate: { dp: { k: 'rh06.secman.system.logindefs-min-password-length', v: ['8'], op: 'ge', fv: [{ value: '161803399999999', set: '1', description: 'Setting not found' }] } },
      remediation: 'Remediation text to be updated',
    });
    assert.equal(put.status, 204, put.text);
  });

  it('PUT /pcas/v3/policy and the lock endpoint answer 204', async () => {
    assert.equal((await call('PUT', '/pcas/v3/policy', { policyId: 5656122, policyTitle: 'test', coverPage: 'cover', isActive: true })).status, 204);
    assert.equal((await call('PUT', '/pcas/v3/policy/lock', { policyId: 5656122, isLocked: false })).status, 204);
  });

  it('library list: plain, with description, filtered by label, technology and date', async () => {
    const all = await call('GET', '/pcas/v1/library/policy/list');
    assertShape(all.json, 'library-list');
    const described = await call('GET', '/pcas/v1/library/policy/list?labelId=1001&technologyId=217,96&includeDescription=true');
    assertShape(described.json, 'library-list-description');
    const ids = (described.json as { policyId: number }[]).map((p) => p.policyId);
    assert.ok(ids.includes(1464495) && ids.includes(1441206), ids.join(','));
    const after = await call('GET', '/pcas/v1/library/policy/list?updatedAfter=08/08/2025');
    const dates = (after.json as { date: string }[]).map((p) => p.date.split('/').reverse().join(''));
    assert.ok(dates.length > 0 && dates.every((d) => d >= '20250808'), dates.join(','));
  });

  it('library policy details: basic by encoded title, full by id', async () => {
    const basic = await call('GET', `/pcas/v1/library/policy?policyTitle=${encodeURIComponent(CENTOS7_TITLE)}&details=basic`);
    assert.equal(basic.status, 200);
    assertShape(basic.json, 'library-policy-basic');
    const full = await call('GET', '/pcas/v1/library/policy?policyId=1464495&details=full');
    assertShape(full.json, 'library-policy-full');
    const byTitle = await call('GET', `/pcas/v1/library/policy?policyTitle=${encodeURIComponent(RHEL8_TITLE)}`);
    assert.equal((byTitle.json as { policyId: number }).policyId, 1464495);
  });

  it('library import, labels and technologies', async () => {
    const imported = await call('POST', '/pcas/v1/library/policy/import', {
      policyId: '1464495',
      technologyIds: ['217'],
      importAsUnlocked: true,
      activatePolicy: true,
      policyTitle: 'New policy api',
    });
    assert.equal(imported.status, 200, imported.text);
    assertShape(imported.json, 'library-import');
    assertShape((await call('GET', '/pcas/v1/library/label')).json, 'library-labels');
    const techs = await call('GET', '/pcas/v1/library/technology?labelId=7325');
    assertShape(techs.json, 'library-technologies');
    assert.deepEqual((techs.json as { technologies: { technologyId: number }[] }).technologies.map((t) => t.technologyId).sort(), [346, 391, 78].sort());
  });

  it('the delete samples (control, policy technology, policy) answer 204, then the item is gone', async () => {
    const control = '/pcas/v3/policy/section/control?policyId=5656121&sectionNumber=1&controlId=1072';
    assert.equal((await call('DELETE', control)).status, 204);
    assert.equal((await call('GET', control)).status, 404);
    await call('POST', '/pcas/v3/policy/technology', { policyId: 5656122, technologyIds: [331] });
    assert.equal((await call('DELETE', '/pcas/v3/policy/technology?policyId=5656122&technologyId=331')).status, 204);
    const techs = (await call('GET', '/pcas/v3/policy/technology?policyId=5656122')).json as { technologies: { technologyId: number }[] };
    assert.ok(!techs.technologies.some((t) => t.technologyId === 331));
    assert.equal((await call('DELETE', '/pcas/v3/policy?policyId=5656121')).status, 204);
    const gone = await call('GET', '/pcas/v3/policy?policyId=5656121');
    assert.equal(gone.status, 404);
    assert.match((gone.json as { message: string }).message, /5656121 does not exist/);
  });

  it('host ids: every seed sample (one policy, several, lastScanDate, statusChangedSince) has the seed shape', async () => {
    for (const query of ['policyId=5656122', 'policyId=5656122,5656123', 'policyId=5656122&lastScanDate=2022-05-25', 'policyId=5656122&statusChangedSince=2022-05-25']) {
      const res = await call('GET', `/pcrs/4.0/posture/hostids?${query}`);
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      assertShape(res.json, 'hostids');
      assert.equal((res.json as unknown[]).length, query.includes(',') ? 2 : 1, query);
    }
  });

  it('the tenant policy list has the documented shape, and honours lastEvaluationDate', async () => {
    const list = await call('GET', '/pcrs/1.0/posture/policy/list');
    assert.equal(list.status, 200);
    assertShape(list.json, 'tenant-policy-list');
    assert.equal((list.json as { subscriptionId: string }).subscriptionId, emu.subscriptionId);
    const later = await call('GET', '/pcrs/1.0/posture/policy/list?lastEvaluationDate=2999-01-01');
    assert.ok(later.status === 204 || (later.json as { policyList: unknown[] }).policyList.length === 0, later.text);
  });

  it('postureInfo v5 records have the seed record shape, with and without scan source', async () => {
    const body = [{ policyId: '5656122', subscriptionId: emu.subscriptionId }];
    const res = await call('POST', '/pcrs/5.0/posture/postureInfo?evidenceRequired=1&compressionRequired=0', body);
    assert.equal(res.status, 200);
    const records = res.json as unknown[];
    assert.ok(records.length > 0);
    for (const r of records.slice(0, 20)) assertShape(r, 'posture-v5-record');
    const scan = await call('POST', '/pcrs/5.0/posture/postureInfo?evidenceRequired=1&compressionRequired=0&scanSourceRequired=1', body);
    assertShape((scan.json as unknown[])[0], 'posture-v5-scan-source');
  });
});
