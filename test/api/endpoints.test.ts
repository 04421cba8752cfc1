/**
 * Every typed method sends the documented method, path, query and body: asserted against the
 * emulator's request log, while walking a real edit session on an imported policy.
 */
import assert from 'node:assert/strict';
import type { RecordedRequest } from '../../emulator/src/types';
import { startHarness, rejection, type Harness } from './harness';

/** A title that breaks naive query-string building: spaces, &, #, +, %, =, ?, / and non-ASCII. */
const TITLE = 'Test & review #1 + 50% = ok? a/b — ünïcødé 漢字 😀';

describe('api/endpoints (emulator)', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const last = (): RecordedRequest => {
    const all = h.apiRequests();
    assert.ok(all.length > 0, 'no API request was recorded');
    return all[all.length - 1];
  };
  const expectCall = (method: string, path: string, query: Record<string, string>, body?: unknown): void => {
    const r = last();
    assert.equal(`${r.method} ${r.path}`, `${method} ${path}`);
    assert.deepEqual(r.query, query, `query of ${method} ${path}`);
    if (body !== undefined) assert.deepEqual(r.body, body, `body of ${method} ${path}`);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path} answered ${r.status}`);
  };

  it('walks the library, imports with a tricky title, edits every level, and deletes', async () => {
    const c = h.client;

    const labels = await c.listLibraryLabels();
    expectCall('GET', '/pcas/v1/library/label', {});
    assert.ok(labels.length > 0 && typeof labels[0].labelId === 'number');

    const techs = await c.listLibraryTechnologies(labels[0].labelId);
    expectCall('GET', '/pcas/v1/library/technology', { labelId: String(labels[0].labelId) });
    assert.ok(techs.length > 0);
    await c.listLibraryTechnologies();
    expectCall('GET', '/pcas/v1/library/technology', {});

    const all = await c.listLibraryPolicies();
    expectCall('GET', '/pcas/v1/library/policy/list', {});
    assert.ok(all.length > 0 && all.every((p) => typeof p.policyId === 'number'), 'a flat list of policies');
    await c.listLibraryPolicies({ labelId: labels[0].labelId, technologyId: [techs[0].technologyId, 999], includeDescription: true, updatedAfter: '01/01/2020' });
    expectCall('GET', '/pcas/v1/library/policy/list', {
      labelId: String(labels[0].labelId),
      technologyId: `${techs[0].technologyId},999`,
      includeDescription: 'true',
      updatedAfter: '01/01/2020',
    });

    // A library policy whose first section has controls.
    let lib = await c.getLibraryPolicy({ policyId: all[0].policyId, details: 'full' });
    for (const candidate of all) {
      lib = await c.getLibraryPolicy({ policyId: candidate.policyId, details: 'full' });
      if (lib.sections?.[0]?.controls?.length) break;
    }
    expectCall('GET', '/pcas/v1/library/policy', { policyId: String(lib.policyId), details: 'full' });
    const basic = await c.getLibraryPolicy({ policyTitle: lib.policyTitle, details: 'basic' });
    expectCall('GET', '/pcas/v1/library/policy', { policyTitle: lib.policyTitle, details: 'basic' });
    assert.equal(basic.policyId, lib.policyId);
    assert.ok(basic.sections?.every((s) => s.controls === undefined), 'basic details carry no controls');

    const imported = await c.importLibraryPolicy({ policyId: lib.policyId, importAsUnlocked: true, activatePolicy: true, policyTitle: TITLE });
    expectCall('POST', '/pcas/v1/library/policy/import', {}, { policyId: lib.policyId, importAsUnlocked: true, activatePolicy: true, policyTitle: TITLE });
    assert.equal(imported.imported, true);
    const id = imported.policyId;

    // Title encoding: the exact title travels in the query string and comes back unchanged.
    const byTitle = await c.exportPolicy({ policyTitle: TITLE });
    expectCall('GET', '/pcas/v3/policy', { policyTitle: TITLE });
    assert.equal(byTitle.policyId, id);
    assert.equal(byTitle.policyTitle, TITLE);
    const byId = await c.exportPolicy({ policyId: id });
    expectCall('GET', '/pcas/v3/policy', { policyId: String(id) });
    assert.equal(byId.isLocked, false);

    await c.updatePolicy({ policyId: id, coverPage: 'Cover from the test', isActive: false });
    expectCall('PUT', '/pcas/v3/policy', {}, { policyId: id, coverPage: 'Cover from the test', isActive: false });
    assert.equal((await c.exportPolicy({ policyId: id })).coverPage, 'Cover from the test');

    // Policy technologies.
    const own = await c.listPolicyTechnologies(id);
    expectCall('GET', '/pcas/v3/policy/technology', { policyId: String(id) });
    const extra = techs.find((t) => !own.technologies.some((o) => o.technologyId === t.technologyId)) ?? (await c.listLibraryTechnologies()).find((t) => !own.technologies.some((o) => o.technologyId === t.technologyId));
    assert.ok(extra, 'a technology outside the policy');
    const afterAdd = await c.addPolicyTechnologies(id, [extra.technologyId]);
    expectCall('POST', '/pcas/v3/policy/technology', {}, { policyId: id, technologyIds: [extra.technologyId] });
    assert.ok(afterAdd.some((t) => t.technologyId === extra.technologyId));
    await c.deletePolicyTechnology(id, extra.technologyId);
    expectCall('DELETE', '/pcas/v3/policy/technology', { policyId: String(id), technologyId: String(extra.technologyId) });

    // Sections.
    const s1 = byId.sections![0].sectionNumber;
    const section = await c.getSection(id, s1);
    expectCall('GET', '/pcas/v3/policy/section', { policyId: String(id), sectionNumber: String(s1) });
    const added = await c.addSection(id, 'Added by the API test');
    expectCall('POST', '/pcas/v3/policy/section', {}, { policyId: id, sectionHeading: 'Added by the API test' });
    const s2 = added.sectionNumber;
    await c.updateSection(id, s2, 'Renamed by the API test');
    expectCall('PUT', '/pcas/v3/policy/section', {}, { policyId: id, sectionNumber: s2, sectionHeading: 'Renamed by the API test' });

    // Controls: move the first control of section 1 into the new section.
    const controlId = section.controls![0].controlId;
    const control = await c.getControl({ policyId: id, sectionNumber: s1, controlId });
    expectCall('GET', '/pcas/v3/policy/section/control', { policyId: String(id), sectionNumber: String(s1), controlId: String(controlId) });
    assert.equal(control.controlId, controlId);
    await c.deleteControl({ policyId: id, sectionNumber: s1, controlId });
    expectCall('DELETE', '/pcas/v3/policy/section/control', { policyId: String(id), sectionNumber: String(s1), controlId: String(controlId) });
    const addedControls = await c.addControls(id, s2, [{ controlId, criticality: 'CRITICAL', referenceText: 'Ref from test', controlNumber: 1, isControlDisable: false }]);
    expectCall('POST', '/pcas/v3/policy/section/control', {}, {
      policyId: id,
      sectionNumber: s2,
      controls: [{ controlId, criticality: 'CRITICAL', referenceText: 'Ref from test', controlNumber: 1, isControlDisable: false }],
    });
    assert.equal(addedControls[0].controlId, controlId);
    await c.updateControl({ policyId: id, sectionNumber: s2, controlId, criticality: 'MEDIUM', referenceText: 'Updated ref' });
    expectCall('PUT', '/pcas/v3/policy/section/control', {}, { policyId: id, sectionNumber: s2, controlId, criticality: 'MEDIUM', referenceText: 'Updated ref' });

    // Control technologies and evaluations.
    const addr = { policyId: id, sectionNumber: s2, controlId };
    const ct = await c.listControlTechnologies(addr);
    expectCall('GET', '/pcas/v3/policy/section/control/technology', { policyId: String(id), sectionNumber: String(s2), controlId: String(controlId) });
    const technologyId = ct.technologies[0].technologyId;
    const evaluation = await c.getEvaluation({ ...addr, technologyId });
    expectCall('GET', '/pcas/v3/policy/section/control/technology/evaluation', {
      policyId: String(id),
      sectionNumber: String(s2),
      controlId: String(controlId),
      technologyId: String(technologyId),
    });
    const dp = evaluation.technologies![0].evaluate!.dp;
    await c.updateEvaluation({ ...addr, technologyId, evaluate: { dp }, remediation: 'Remediation from the test' });
    expectCall('PUT', '/pcas/v3/policy/section/control/technology/evaluation', {}, { ...addr, technologyId, evaluate: { dp }, remediation: 'Remediation from the test' });
    await c.deleteControlTechnology({ ...addr, technologyId });
    expectCall('DELETE', '/pcas/v3/policy/section/control/technology', {
      policyId: String(id),
      sectionNumber: String(s2),
      controlId: String(controlId),
      technologyId: String(technologyId),
    });
    const readded = await c.addControlTechnologies(addr, [technologyId]);
    expectCall('POST', '/pcas/v3/policy/section/control/technology', {}, { ...addr, technologyIds: [technologyId] });
    assert.ok(readded.some((t) => t.technologyId === technologyId));

    // Lock: edits are refused with kind "locked" until unlocked.
    await c.setPolicyLock(id, true);
    expectCall('PUT', '/pcas/v3/policy/lock', {}, { policyId: id, isLocked: true });
    const locked = await rejection(c.updateSection(id, s2, 'Not allowed'));
    assert.equal(locked.kind, 'locked');
    assert.match(locked.message, new RegExp(`^Policy ${id} is locked; unlock it before editing`));
    await c.setPolicyLock(id, false);
    expectCall('PUT', '/pcas/v3/policy/lock', {}, { policyId: id, isLocked: false });

    await c.deleteSection(id, s2);
    expectCall('DELETE', '/pcas/v3/policy/section', { policyId: String(id), sectionNumber: String(s2) });

    // send(): the push planner's raw operations, query included.
    const raw = await h.client.send<{ policyId: number }>({ method: 'GET', path: `/pcas/v3/policy?policyId=${id}` });
    expectCall('GET', '/pcas/v3/policy', { policyId: String(id) });
    assert.equal(raw?.policyId, id);
    const none = await h.client.send({ method: 'PUT', path: '/pcas/v3/policy/section', body: { policyId: id, sectionNumber: s1, sectionHeading: 'Via send' } });
    expectCall('PUT', '/pcas/v3/policy/section', {}, { policyId: id, sectionNumber: s1, sectionHeading: 'Via send' });
    assert.equal(none, undefined);
    const badPath = await rejection(h.client.send({ method: 'GET', path: 'https://evil.example/steal' }));
    assert.equal(badPath.kind, 'usage');

    // Tenant list, then delete and the not-found that follows.
    const tenant = await c.listTenantPolicies({ lastEvaluationDate: '2020-01-01' });
    expectCall('GET', '/pcrs/1.0/posture/policy/list', { lastEvaluationDate: '2020-01-01' });
    assert.ok(tenant.policyList.some((p) => String(p.id) === String(id)));
    await c.deletePolicy(id);
    expectCall('DELETE', '/pcas/v3/policy', { policyId: String(id) });
    const gone = await rejection(c.exportPolicy({ policyId: id }));
    assert.equal(gone.kind, 'not-found');
    assert.equal(gone.status, 404);
    assert.match(gone.message, new RegExp(`^Policy ${id} does not exist on 127\\.0\\.0\\.1:\\d+ \\(Qualys said: .*does not exist`));
  });

  it('resolves host ids in calls of at most 10 policies', async () => {
    const tenant = await h.client.listTenantPolicies();
    const ids = tenant.policyList.map((p) => Number(p.id));
    // Enough policies for two calls: import more until there are 11.
    const lib = await h.client.listLibraryPolicies();
    for (let i = 0; ids.length < 11; i++) {
      const r = await h.client.importLibraryPolicy({ policyId: lib[i % lib.length].policyId, policyTitle: `Batch policy ${i}` });
      ids.push(r.policyId);
    }
    h.emu.clearRequests();
    const hosts = await h.client.resolveHostIds(ids, { lastScanDate: '2020-01-01' });
    const calls = h.apiRequests();
    assert.deepEqual(calls.map((r) => `${r.method} ${r.path}`), ['GET /pcrs/4.0/posture/hostids', 'GET /pcrs/4.0/posture/hostids']);
    assert.equal(calls[0].query.policyId, ids.slice(0, 10).join(','));
    assert.equal(calls[1].query.policyId, ids.slice(10).join(','));
    assert.equal(calls[0].query.lastScanDate, '2020-01-01');
    for (const entry of hosts) {
      assert.equal(typeof entry.policyId, 'string');
      assert.equal(typeof entry.subscriptionId, 'string');
      assert.ok(entry.hostIds.every((x) => typeof x === 'string'));
    }
  });

  it('surfaces the documented posture error bodies: 400 code 1905 and 404 "Invalid input Parameter."', async () => {
    const bad = await rejection(h.client.send({ method: 'GET', path: '/pcrs/4.0/posture/hostids?policyId=abc' }));
    assert.equal(bad.kind, 'http');
    assert.equal(bad.status, 400);
    assert.equal(bad.code, 1905);
    assert.match(bad.qualysMessage ?? '', /policy_ids has invalid value/);
    assert.match(bad.message, /^Qualys rejected GET \/pcrs\/4\.0\/posture\/hostids\?policyId=abc with HTTP 400 \(Qualys said: parameter policy_ids has invalid value/);

    const invalid = await rejection(h.client.send({ method: 'POST', path: '/pcrs/5.0/posture/postureInfo?evidenceRequired=2', body: [{ policyId: '1', subscriptionId: '1', hostIds: ['1'] }] }));
    assert.equal(invalid.kind, 'http');
    assert.equal(invalid.status, 404);
    assert.equal(invalid.qualysMessage, 'Invalid input Parameter.');
    assert.match(invalid.message, /^Qualys rejected the parameters of POST \/pcrs\/5\.0\/posture\/postureInfo\?evidenceRequired=2 \(Qualys said: Invalid input Parameter\.\)$/);
  });

  it('checks ids before sending anything', async () => {
    h.emu.clearRequests();
    const err = await rejection(h.client.exportPolicy({ policyId: 'abc' }));
    assert.equal(err.kind, 'usage');
    assert.match(err.message, /policyId must be a whole number, got "abc"/);
    assert.equal(h.apiRequests().length, 0);
  });
});
