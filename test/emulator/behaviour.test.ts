/** Emulator behaviour over real HTTP: auth, locking, unknown ids, state changes and computed postures. */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { DOCUMENTATION_POLICY_ID, LOCKED_RHEL8_POLICY_ID, MULTI_TECH_POLICY_ID, startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { caller, login, tokenFor, type Call } from '../support/emulatorHttp';

interface PostureRec {
  id: number;
  policyId: number;
  policyTitle: string;
  controlId: number;
  technologyId: number;
  hostId: number;
  status: string;
  previousStatus: string;
  postureModifiedDate: string;
  criticality: { label: string; value: number };
  evidence: { expectedValues: string; currentValues: string[] } | null;
}

const POSTURES = '/pcrs/5.0/posture/postureInfo';

describe('emulator behaviour', () => {
  let emu: EmulatorHandle;
  let call: Call;

  beforeEach(async () => {
    emu = await startEmulator({ port: 0 });
    call = caller(emu, await tokenFor(emu));
  });
  afterEach(() => emu.close());

  async function postures(policyId: number, query = 'evidenceRequired=1&compressionRequired=0'): Promise<PostureRec[]> {
    const res = await call('POST', `${POSTURES}?${query}`, [{ policyId: String(policyId), subscriptionId: emu.subscriptionId }]);
    if (res.status === 204) return [];
    assert.equal(res.status, 200, res.text);
    return res.json as PostureRec[];
  }

  describe('auth', () => {
    it('returns 201 with a real-looking JWT that expires in 4 hours', async () => {
      const res = await login(emu);
      assert.equal(res.status, 201);
      assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
      const jwt = await res.text();
      const [header, payload, signature] = jwt.split('.');
      assert.ok(signature.length > 20);
      assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).typ, 'JWT');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iat: number; exp: number };
      assert.equal(claims.exp - claims.iat, 4 * 3600);
    });

    it('rejects bad credentials with the documented body, and never records the password', async () => {
      const res = await login(emu, 'emulator', 'wrong');
      assert.equal(res.status, 401);
      const body = (await res.json()) as { authentication_exceptions: string[][] };
      assert.match(body.authentication_exceptions[0][0], /^Authentication Failure: .*InvalidCredentialsException/);
      const logged = emu.requests().filter((r) => r.path === '/auth');
      assert.ok(logged.every((r) => (r.body as { password: string }).password === '***'));
    });

    it('accepts overridden credentials only', async () => {
      const other = await startEmulator({ port: 0, username: 'alice', password: 's3cret' });
      try {
        assert.equal((await login(other, 'emulator', 'emulator')).status, 401);
        assert.equal((await login(other, 'alice', 's3cret')).status, 201);
      } finally {
        await other.close();
      }
    });

    it('answers "Not authenticated" without or with a forged token, "JWT expired" for an expired one', async () => {
      const none = await fetch(`${emu.url}/pcas/v1/library/label`);
      assert.equal(none.status, 401);
      assert.deepEqual(await none.json(), { status: 401, error: 'Unauthorized', message: 'Not authenticated' });
      const forged = await caller(emu, 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.forged')('GET', '/pcas/v1/library/label');
      assert.equal((forged.json as { message: string }).message, 'Not authenticated');
      emu.configure({ tokenTtlSec: 0 });
      const expired = await caller(emu, await tokenFor(emu))('GET', '/pcas/v1/library/label');
      assert.equal(expired.status, 401);
      assert.deepEqual(expired.json, { status: 401, error: 'Unauthorized', message: 'JWT expired' });
    });
  });

  describe('locking and unknown ids', () => {
    it('a locked policy refuses edits with 423 and a clear message; unlocking allows them', async () => {
      const edit = { policyId: LOCKED_RHEL8_POLICY_ID, sectionNumber: 1, sectionHeading: 'Renamed' };
      const refused = await call('PUT', '/pcas/v3/policy/section', edit);
      assert.equal(refused.status, 423);
      assert.match((refused.json as { message: string }).message, /is locked.*Unlock it first/);
      assert.equal((await call('DELETE', `/pcas/v3/policy?policyId=${LOCKED_RHEL8_POLICY_ID}`)).status, 423);
      assert.equal((await call('PUT', '/pcas/v3/policy/lock', { policyId: LOCKED_RHEL8_POLICY_ID, isLocked: 0 })).status, 204);
      assert.equal((await call('PUT', '/pcas/v3/policy/section', edit)).status, 204);
      const exported = await call('GET', `/pcas/v3/policy?policyId=${LOCKED_RHEL8_POLICY_ID}`);
      const p = exported.json as { isLocked: boolean; sections: { sectionHeading: string }[] };
      assert.equal(p.isLocked, false);
      assert.equal(p.sections[0].sectionHeading, 'Renamed');
    });

    it('unknown policy, section, control and technology ids get 4xx with a message', async () => {
      const cases: [string, string, unknown?][] = [
        ['GET', '/pcas/v3/policy?policyId=1'],
        ['GET', `/pcas/v3/policy?policyTitle=${encodeURIComponent('No such policy')}`],
        ['GET', `/pcas/v3/policy/section?policyId=${DOCUMENTATION_POLICY_ID}&sectionNumber=9`],
        ['GET', `/pcas/v3/policy/section/control?policyId=${DOCUMENTATION_POLICY_ID}&sectionNumber=1&controlId=999999`],
        ['POST', '/pcas/v3/policy/section/control', { policyId: DOCUMENTATION_POLICY_ID, sectionNumber: 1, controls: [{ controlId: 424242 }] }],
        ['POST', '/pcas/v3/policy/technology', { policyId: DOCUMENTATION_POLICY_ID, technologyIds: [99999] }],
        ['GET', `/pcas/v3/policy/section/control/technology/evaluation?policyId=${DOCUMENTATION_POLICY_ID}&sectionNumber=1&controlId=1072&technologyId=331`],
        ['GET', '/pcas/v1/library/policy?policyId=42'],
        ['POST', '/pcas/v1/library/policy/import', { policyId: 42 }],
      ];
      for (const [method, path, body] of cases) {
        const res = await call(method, path, body);
        assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} → ${res.status}`);
        assert.ok(typeof (res.json as { message?: unknown }).message === 'string', `${method} ${path}: ${res.text}`);
      }
    });

    it('rejects invalid evaluations with a specific message', async () => {
      const base = { policyId: DOCUMENTATION_POLICY_ID, sectionNumber: 1, controlId: 1072, technologyId: 18 };
      const badOp = await call('PUT', '/pcas/v3/policy/section/control/technology/evaluation', { ...base, evaluate: { dp: { op: 'like', v: ['1'] } } });
      assert.equal(badOp.status, 400);
      assert.match((badOp.json as { message: string }).message, /Operator 'like'/);
      const badCd = await call('PUT', '/pcas/v3/policy/section/control/technology/evaluation', { ...base, evaluate: { dp: { op: 'eq', v: ['1'], cd: 'match all' } } });
      assert.match((badCd.json as { message: string }).message, /Cardinality 'match all' is not valid with operator 'eq'/);
      const badRange = await call('PUT', '/pcas/v3/policy/section/control/technology/evaluation', { ...base, evaluate: { dp: { op: 'range', v: ['1'] } } });
      assert.match((badRange.json as { message: string }).message, /takes 2 value/);
    });
  });

  describe('state is reflected everywhere', () => {
    it('import → policy list, export by title, host ids and postures; delete removes it all', async () => {
      const imported = await call('POST', '/pcas/v1/library/policy/import', { policyId: 1464494, policyTitle: 'My RHEL 8 L1', activatePolicy: false });
      const { policyId, active } = imported.json as { policyId: number; active: boolean };
      assert.equal(active, false);
      assert.ok(![DOCUMENTATION_POLICY_ID, MULTI_TECH_POLICY_ID, LOCKED_RHEL8_POLICY_ID].includes(policyId));
      const list = (await call('GET', '/pcrs/1.0/posture/policy/list')).json as { policyList: { id: string; status: string; locked: number }[] };
      assert.deepEqual(list.policyList.find((p) => p.id === String(policyId)), { ...list.policyList.find((p) => p.id === String(policyId)), status: 'inactive', locked: 1 });
      const byTitle = await call('GET', `/pcas/v3/policy?policyTitle=${encodeURIComponent('My RHEL 8 L1')}`);
      assert.equal((byTitle.json as { policyId: number }).policyId, policyId);
      const hosts = (await call('GET', `/pcrs/4.0/posture/hostids?policyId=${policyId}`)).json as { hostIds: string[] }[];
      assert.ok(hosts[0].hostIds.length > 0);
      assert.ok((await postures(policyId)).length > 0);
      assert.equal((await call('PUT', '/pcas/v3/policy/lock', { policyId, isLocked: false })).status, 204);
      assert.equal((await call('DELETE', `/pcas/v3/policy?policyId=${policyId}`)).status, 204);
      assert.equal((await call('GET', `/pcas/v3/policy?policyId=${policyId}`)).status, 404);
      const gone = await call('POST', `${POSTURES}?compressionRequired=0`, [{ policyId: String(policyId), subscriptionId: emu.subscriptionId }]);
      assert.equal(gone.status, 200);
      assert.deepEqual(gone.json, [{ policyId: String(policyId), subscriptionId: emu.subscriptionId, error: 'Error: Compliance Policy does not exist.' }]);
    });

    it('a title change shows in the export, the policy list and posture records', async () => {
      await call('PUT', '/pcas/v3/policy', { policyId: MULTI_TECH_POLICY_ID, policyTitle: 'Linux passwords' });
      const list = (await call('GET', '/pcrs/1.0/posture/policy/list')).json as { policyList: { id: string; title: string }[] };
      assert.equal(list.policyList.find((p) => p.id === String(MULTI_TECH_POLICY_ID))?.title, 'Linux passwords');
      assert.ok((await postures(MULTI_TECH_POLICY_ID)).every((r) => r.policyTitle === 'Linux passwords'));
    });

    it('adding and removing a control adds and removes its postures', async () => {
      const before = await postures(DOCUMENTATION_POLICY_ID);
      await call('POST', '/pcas/v3/policy/section/control', { policyId: DOCUMENTATION_POLICY_ID, sectionNumber: 1, controls: [{ controlId: 1048 }] });
      const withControl = await postures(DOCUMENTATION_POLICY_ID);
      assert.ok(withControl.some((r) => r.controlId === 1048));
      await call('DELETE', `/pcas/v3/policy/section/control?policyId=${DOCUMENTATION_POLICY_ID}&sectionNumber=1&controlId=1048`);
      assert.equal((await postures(DOCUMENTATION_POLICY_ID)).length, before.length);
    });

    it('adding and deleting a policy technology adds and removes that technology\'s postures', async () => {
      assert.ok(!(await postures(DOCUMENTATION_POLICY_ID)).some((r) => r.technologyId === 331));
      await call('POST', '/pcas/v3/policy/technology', { policyId: DOCUMENTATION_POLICY_ID, technologyIds: [331] });
      const control = (await call('GET', `/pcas/v3/policy/section/control?policyId=${DOCUMENTATION_POLICY_ID}&sectionNumber=1&controlId=1072`)).json as { technologies: { technologyId: number }[] };
      assert.deepEqual(control.technologies.map((t) => t.technologyId), [18, 331]);
      assert.ok((await postures(DOCUMENTATION_POLICY_ID)).some((r) => r.technologyId === 331));
      assert.equal((await call('DELETE', `/pcas/v3/policy/technology?policyId=${DOCUMENTATION_POLICY_ID}&technologyId=331`)).status, 204);
      assert.ok(!(await postures(DOCUMENTATION_POLICY_ID)).some((r) => r.technologyId === 331));
    });

    it('an evaluation update recomputes postures: passing hosts flip to Failed with previousStatus Passed', async () => {
      const before = await postures(DOCUMENTATION_POLICY_ID);
      const passed = before.filter((r) => r.status === 'Passed');
      assert.ok(passed.length > 0 && before.some((r) => r.status === 'Failed'), 'the fleet has passing and failing hosts');
      const res = await call('PUT', '/pcas/v3/policy/section/control/technology/evaluation', {
        policyId: DOCUMENTATION_POLICY_ID,
        sectionNumber: 1,
        controlId: 1072,
        technologyId: 18,
        evaluate: { dp: { op: 'eq', v: ['999'], fv: [{ value: '161803399999999', set: '0', description: 'Attribute not found' }] } },
      });
      assert.equal(res.status, 204, res.text);
      const after = await postures(DOCUMENTATION_POLICY_ID);
      for (const p of passed) {
        const now = after.find((r) => r.id === p.id);
        assert.equal(now?.status, 'Failed');
        assert.equal(now?.previousStatus, 'Passed');
        assert.ok((now?.postureModifiedDate ?? '') > p.postureModifiedDate);
        assert.match(now?.evidence?.expectedValues ?? '', /^\nequal to\n999$/);
      }
      const flipped = await call('POST', `${POSTURES}?compressionRequired=0&previousStatus=Passed&status=Failed`, [{ policyId: String(DOCUMENTATION_POLICY_ID), subscriptionId: emu.subscriptionId }]);
      assert.equal((flipped.json as unknown[]).length, passed.length);
    });

    it('expectedValues lists compliant fixed values, then the operator phrase and values, as Qualys writes it', async () => {
      const recs = await postures(MULTI_TECH_POLICY_ID);
      const rhel6 = recs.find((r) => r.technologyId === 45);
      assert.equal(rhel6?.evidence?.expectedValues, '\nSetting not found\n------------ OR ------------\nFile not found\n------------ OR ------------\ngreater than or equal to\n0');
    });
  });

  describe('postureInfo', () => {
    it('gzips by default: the body itself is gzip, without Content-Encoding', async () => {
      const res = await fetch(`${emu.url}${POSTURES}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await tokenFor(emu)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ policyId: String(LOCKED_RHEL8_POLICY_ID), subscriptionId: emu.subscriptionId }]),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), null);
      const records = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')) as PostureRec[];
      assert.ok(records.length > 100);
      assert.ok(records.every((r) => r.evidence === null));
      const statuses = new Set(records.map((r) => r.status));
      assert.ok(statuses.has('Passed') && statuses.has('Failed'), [...statuses].join(','));
    });

    it('filters by status and criticality; both criticality parameters → 400 code 1905', async () => {
      const failed = await postures(LOCKED_RHEL8_POLICY_ID, 'compressionRequired=0&status=Failed');
      assert.ok(failed.length > 0 && failed.every((r) => r.status === 'Failed'));
      const urgent = await postures(LOCKED_RHEL8_POLICY_ID, 'compressionRequired=0&criticalityLabels=URGENT,CRITICAL');
      assert.ok(urgent.length > 0 && urgent.every((r) => r.criticality.value >= 4));
      const byValue = await postures(LOCKED_RHEL8_POLICY_ID, 'compressionRequired=0&criticalityValues=4,5');
      assert.equal(byValue.length, urgent.length);
      const both = await call('POST', `${POSTURES}?criticalityValues=2&criticalityLabels=MEDIUM`, [{ policyId: '5656121', subscriptionId: '1' }]);
      assert.equal(both.status, 400);
      assert.equal((both.json as { response: { code: number } }[])[0].response.code, 1905);
    });

    it('invalid evidenceRequired/compressionRequired → 404 "Invalid input Parameter."', async () => {
      for (const q of ['evidenceRequired=2', 'compressionRequired=yes']) {
        const res = await call('POST', `${POSTURES}?${q}`, [{ policyId: '5656121', subscriptionId: '1' }]);
        assert.equal(res.status, 404);
        assert.deepEqual(res.json, { message: 'Invalid input Parameter.' });
      }
    });

    it('answers 204 when nothing matches, and finds records by posture id', async () => {
      const none = await call('POST', `${POSTURES}?compressionRequired=0`, [{ policyId: '5656121', subscriptionId: '1', hostIds: ['1'] }]);
      assert.equal(none.status, 204);
      const some = await postures(MULTI_TECH_POLICY_ID);
      const ids = some.slice(0, 3).map((r) => r.id);
      const byId = await call('POST', `${POSTURES}?compressionRequired=0`, [{ subscriptionId: emu.subscriptionId, postureId: ids.join(',') }]);
      assert.deepEqual((byId.json as PostureRec[]).map((r) => r.id).sort(), [...ids].sort());
    });

    it('host ids: non-numeric policy id → 400 1905; more than 10 → 400; without policyId → every policy', async () => {
      const bad = await call('GET', '/pcrs/4.0/posture/hostids?policyId=abc');
      assert.equal(bad.status, 400);
      const body = bad.json as { response: { code: number; text: string } }[];
      assert.equal(body[0].response.code, 1905);
      assert.match(body[0].response.text, /parameter policy_ids has invalid value/);
      assert.equal((await call('GET', `/pcrs/4.0/posture/hostids?policyId=${Array.from({ length: 11 }, (_, i) => i + 1).join(',')}`)).status, 400);
      const all = (await call('GET', '/pcrs/4.0/posture/hostids')).json as { policyId: string }[];
      assert.deepEqual(all.map((e) => e.policyId), ['5656121', '5656122', '5656123']);
    });

    it('streams postures chunked (no Content-Length) and filters by dates', async () => {
      const res = await fetch(`${emu.url}${POSTURES}?compressionRequired=0&lastEvaluationDate=2020-01-01`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await tokenFor(emu)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ policyId: String(LOCKED_RHEL8_POLICY_ID), subscriptionId: emu.subscriptionId }]),
      });
      assert.equal(res.headers.get('content-length'), null);
      assert.equal(res.headers.get('transfer-encoding'), 'chunked');
      const all = (await res.json()) as (PostureRec & { complianceLastScanDate: string })[];
      const future = await call('POST', `${POSTURES}?compressionRequired=0&lastEvaluationDate=2999-01-01`, [{ policyId: String(LOCKED_RHEL8_POLICY_ID), subscriptionId: '1' }]);
      assert.equal(future.status, 204);
      const cut = [...new Set(all.map((r) => r.complianceLastScanDate))].sort()[1];
      const recent = await postures(LOCKED_RHEL8_POLICY_ID, `compressionRequired=0&lastScanDate=${cut}`);
      assert.ok(recent.length > 0 && recent.length < all.length);
      const badDate = await call('POST', `${POSTURES}?lastEvaluationDate=yesterday`, [{ policyId: '5656121', subscriptionId: '1' }]);
      assert.equal(badDate.status, 400);
      const hosts = (await call('GET', `/pcrs/4.0/posture/hostids?policyId=${LOCKED_RHEL8_POLICY_ID}&lastScanDate=${cut}`)).json as { hostIds: string[] }[];
      const allHosts = (await call('GET', `/pcrs/4.0/posture/hostids?policyId=${LOCKED_RHEL8_POLICY_ID}`)).json as { hostIds: string[] }[];
      assert.ok(hosts[0].hostIds.length < allHosts[0].hostIds.length);
    });

    it('rate-limit headers count down on every API response', async () => {
      const a = await call('GET', '/pcas/v1/library/label');
      const b = await call('GET', '/pcas/v1/library/label');
      assert.equal(a.headers.get('x-ratelimit-limit'), '300');
      assert.equal(a.headers.get('x-ratelimit-window-sec'), '3600');
      assert.equal(Number(a.headers.get('x-ratelimit-remaining')) - 1, Number(b.headers.get('x-ratelimit-remaining')));
    });

    it('an enforced budget answers 429 with Retry-After once spent', async () => {
      emu.configure({ rateLimit: { limit: 2, enforce: true } });
      await call('GET', '/pcas/v1/library/label');
      await call('GET', '/pcas/v1/library/label');
      const third = await call('GET', '/pcas/v1/library/label');
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers.get('retry-after')) >= 1);
      assert.equal(third.headers.get('x-ratelimit-remaining'), '0');
    });
  });
});
