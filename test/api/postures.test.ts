/**
 * postureInfo streaming against the emulator: gzip and plain bodies, every filter on the wire,
 * the documented 204 and 200-with-error answers, faults mid-stream, cancellation, and a large
 * compressed set read in bounded memory.
 */
import assert from 'node:assert/strict';
import type { PostureRequestEntry } from '../../client/src/api';
import { startHarness, collect, rejection, type Harness } from './harness';

const POSTURE_PATH = '/pcrs/5.0/posture/postureInfo';

describe('api/postures (emulator)', function () {
  this.timeout(60_000);
  let h: Harness;
  let entries: PostureRequestEntry[];
  let policyId: string;

  before(async () => {
    h = await startHarness();
    const tenant = await h.client.listTenantPolicies();
    const hosts = await h.client.resolveHostIds(tenant.policyList.map((p) => p.id));
    // The policy with the most postures, so faults and cancellation hit the middle of a stream.
    let best = { count: 0, entry: hosts[0] };
    for (const e of hosts.filter((x) => x.hostIds.length > 0)) {
      const count = (await collect(h.client.streamPostures([e]))).length;
      if (count > best.count) best = { count, entry: e };
    }
    assert.ok(best.count > 100, `the emulator tenant has a policy with postures (best: ${best.count})`);
    policyId = best.entry.policyId;
    entries = [best.entry];
  });
  after(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.emu.setFaults([]);
    h.emu.clearRequests();
  });

  const lastPostureQuery = (): Record<string, string> => {
    const calls = h.apiRequests().filter((r) => r.path === POSTURE_PATH);
    return calls[calls.length - 1].query;
  };

  it('streams the gzip body (the default) and the plain body to the same records', async () => {
    const gz = await collect(h.client.streamPostures(entries));
    assert.deepEqual(lastPostureQuery(), { evidenceRequired: '0', compressionRequired: '1' });
    const plain = await collect(h.client.streamPostures(entries, { compression: false }));
    assert.deepEqual(lastPostureQuery(), { evidenceRequired: '0', compressionRequired: '0' });
    assert.ok(gz.length > 100, `got ${gz.length} records`);
    assert.deepEqual(gz, plain);
    assert.ok(gz.every((r) => String(r.policyId) === policyId && ['Passed', 'Failed', 'Error'].includes(r.status)));
    const body = h.apiRequests().find((r) => r.path === POSTURE_PATH)?.body;
    assert.deepEqual(body, entries);
  });

  it('sends every filter as documented and gets only matching records', async () => {
    const records = await collect(
      h.client.streamPostures(entries, {
        evidence: true,
        extendedEvidence: true,
        compression: true,
        lastEvaluationDate: '2000-01-01',
        statusChangedSince: '2000-01-01',
        excludeInactiveControl: true,
        status: ['Failed', 'Error'],
        criticalityValues: [3, 4, 5],
        cloudMetaData: false,
        qdScore: true,
        scanSource: true,
      }),
    );
    assert.deepEqual(lastPostureQuery(), {
      evidenceRequired: '1',
      compressionRequired: '1',
      extendedEvidenceRequired: '1',
      lastEvaluationDate: '2000-01-01',
      statusChangedSince: '2000-01-01',
      excludeInactiveControl: '1',
      cloudMetaDataRequired: '0',
      qdScoreRequired: '1',
      scanSourceRequired: '1',
      status: 'Failed,Error',
      criticalityValues: '3,4,5',
    });
    assert.ok(records.length > 0);
    for (const r of records) {
      assert.ok(r.status === 'Failed' || r.status === 'Error', r.status);
      assert.ok([3, 4, 5].includes(r.criticality!.value));
      assert.ok(r.evidence && Array.isArray(r.evidence.currentValues));
    }

    await collect(h.client.streamPostures(entries, { lastScanDateFrom: '2000-01-01', lastScanDateTo: '2100-12-31', previousStatus: 'Passed', criticalityLabels: ['SERIOUS', 'URGENT'] }));
    assert.deepEqual(lastPostureQuery(), {
      evidenceRequired: '0',
      compressionRequired: '1',
      lastScanDateFrom: '2000-01-01',
      lastScanDateTo: '2100-12-31',
      previousStatus: 'Passed',
      criticalityLabels: 'SERIOUS,URGENT',
    });
    await collect(h.client.streamPostures(entries, { lastScanDate: '2000-01-01' }));
    assert.equal(lastPostureQuery().lastScanDate, '2000-01-01');
  });

  it('streamPolicyPostures resolves hosts, then streams the same records', async () => {
    const direct = await collect(h.client.streamPostures(entries));
    h.emu.clearRequests();
    const viaWorkflow = await collect(h.client.streamPolicyPostures([policyId]));
    assert.deepEqual(viaWorkflow, direct);
    assert.deepEqual(h.apiRequests().map((r) => `${r.method} ${r.path}`), ['GET /pcrs/4.0/posture/hostids', `POST ${POSTURE_PATH}`]);
  });

  it('refuses invalid filter combinations before sending anything', async () => {
    const cases: [object, RegExp][] = [
      [{ criticalityValues: [4], criticalityLabels: ['URGENT'] }, /not both/],
      [{ lastScanDateFrom: '2024-01-01' }, /go together/],
      [{ lastScanDate: '2024-01-01', lastScanDateFrom: '2024-01-01', lastScanDateTo: '2024-02-01' }, /not both/],
      [{ extendedEvidence: true }, /needs evidence/],
      [{ criticalityValues: [9] }, /0 to 5/],
      [{ criticalityLabels: ['HIGH'] }, /Unknown criticality label "HIGH"/],
    ];
    for (const [opts, pattern] of cases) {
      const err = await rejection(collect(h.client.streamPostures(entries, opts)));
      assert.equal(err.kind, 'usage', JSON.stringify(opts));
      assert.match(err.message, pattern);
    }
    assert.equal(h.apiRequests().length, 0);
  });

  it('204 means no records', async () => {
    const { policyId: id, subscriptionId } = entries[0] as { policyId: string; subscriptionId: string };
    const records = await collect(h.client.streamPostures([{ policyId: id, subscriptionId, hostIds: [] }]));
    assert.deepEqual(records, []);
    assert.equal(h.apiRequests()[0].status, 204);
  });

  it('the documented 200-with-error entry is an error, not a record', async () => {
    const unknown = { policyId: '987654321', subscriptionId: (entries[0] as { subscriptionId: string }).subscriptionId, hostIds: ['1'] };
    const err = await rejection(collect(h.client.streamPostures([unknown, ...entries])));
    assert.equal(err.kind, 'not-found');
    assert.equal(err.status, 200);
    assert.match(err.message, /^Policy 987654321 does not exist on 127\.0\.0\.1:\d+ \(Qualys said: Error: Compliance Policy does not exist\.\)$/);

    // With onEntryError the other policies' records still arrive.
    const seen: Error[] = [];
    const records = await collect(h.client.streamPostures([unknown, ...entries], { onEntryError: (e) => seen.push(e) }));
    assert.equal(seen.length, 1);
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => String(r.policyId) === policyId));
  });

  it('a connection dropped mid-stream fails with kind "network" and says how far it got', async () => {
    h.emu.setFaults({ kind: 'drop', path: POSTURE_PATH, afterBytes: 3000 });
    const got: unknown[] = [];
    const err = await rejection(
      (async () => {
        for await (const r of h.client.streamPostures(entries, { compression: false })) got.push(r);
      })(),
    );
    assert.equal(err.kind, 'network');
    assert.match(err.message, new RegExp(`while streaming postures, after ${got.length} records?`));
    assert.equal(h.apiRequests().filter((r) => r.path === POSTURE_PATH).length, 1, 'a half-read stream is not retried');
  });

  it('a truncated gzip body fails with kind "bad-response"', async () => {
    h.emu.setFaults({ kind: 'truncate-gzip', path: POSTURE_PATH, keepBytes: 400 });
    const err = await rejection(collect(h.client.streamPostures(entries)));
    assert.equal(err.kind, 'bad-response');
    assert.match(err.message, /^The compressed posture response from 127\.0\.0\.1:\d+ was cut off or corrupt after \d+ records? \(.+\); try again$/);
  });

  it('a dropped connection inside gzip data is still kind "network"', async () => {
    h.emu.setFaults({ kind: 'drop', path: POSTURE_PATH, afterBytes: 500 });
    const err = await rejection(collect(h.client.streamPostures(entries)));
    assert.equal(err.kind, 'network');
  });

  it('cancellation before the start sends nothing; mid-stream it stops with kind "cancelled"', async () => {
    const ac = new AbortController();
    ac.abort();
    const before = await rejection(collect(h.client.streamPostures(entries, { signal: ac.signal })));
    assert.equal(before.kind, 'cancelled');
    assert.equal(h.apiRequests().length, 0);

    const ac2 = new AbortController();
    let n = 0;
    const during = await rejection(
      (async () => {
        for await (const _ of h.client.streamPostures(entries, { signal: ac2.signal })) {
          if (++n === 3) ac2.abort();
        }
      })(),
    );
    assert.equal(during.kind, 'cancelled');
    assert.equal(n, 3);
    assert.match(during.message, /^Cancelled: POST \/pcrs\/5\.0\/posture\/postureInfo/);
    // The client is still usable afterwards (its concurrency slot was given back).
    assert.ok((await collect(h.client.streamPostures(entries))).length > 0);
  });

  it('breaking out of the loop early releases the call', async () => {
    for (let i = 0; i < 3; i++) {
      for await (const _ of h.client.streamPostures(entries)) break;
    }
    assert.ok((await h.client.listLibraryLabels()).length > 0);
  });
});

describe('api/postures at scale (emulator)', function () {
  this.timeout(300_000);

  it('streams 200 000+ compressed records with evidence in bounded memory', async () => {
    // Size the fleet so one policy yields at least 200 000 postures (host mixes vary: 25 % spare).
    const probe = await startHarness();
    let hostsNeeded = 0;
    let pick = '';
    try {
      const tenant = await probe.client.listTenantPolicies();
      const fleetSize = 48; // the emulator's default
      for (const e of await probe.client.resolveHostIds(tenant.policyList.map((p) => p.id))) {
        if (!e.hostIds.length) continue;
        const perFleetHost = (await collect(probe.client.streamPostures([e]))).length / fleetSize;
        const needed = Math.ceil((200_000 / perFleetHost) * 1.25);
        if (!pick || needed < hostsNeeded) [pick, hostsNeeded] = [e.policyId, needed];
      }
    } finally {
      await probe.close();
    }

    const h = await startHarness({ hosts: hostsNeeded });
    try {
      const [entry] = await h.client.resolveHostIds([pick]);
      const heap = (): number => process.memoryUsage().heapUsed;
      const baseline = heap();
      let peak = baseline;
      let count = 0;
      let chars = 0;
      for await (const record of h.client.streamPostures([entry], { evidence: true })) {
        count++;
        chars += JSON.stringify(record).length;
        if (count % 2000 === 0) peak = Math.max(peak, heap());
      }
      const growthMb = (peak - baseline) / 1048576;
      const payloadMb = chars / 1048576;
      assert.ok(count >= 200_000, `only ${count} records`);
      // Buffering would need at least the whole payload (and several times it once parsed);
      // streaming needs a few records and some chunks. Generous bounds: no GC tuning, no timing.
      assert.ok(payloadMb > 150, `payload only ${payloadMb.toFixed(0)} MB`);
      assert.ok(growthMb < 96 && growthMb < payloadMb / 2, `heap grew ${growthMb.toFixed(1)} MB for a ${payloadMb.toFixed(0)} MB payload`);
      const req = h.apiRequests().find((r) => r.path === POSTURE_PATH);
      assert.equal(req?.query.compressionRequired, '1');
    } finally {
      await h.close();
    }
  });
});
