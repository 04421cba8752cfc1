/**
 * The tenant evaluation flow without VS Code: fetch a pulled policy's posture evidence from
 * the emulator into the on-disk cache, evaluate the policy against it, edit a value and see
 * hosts flip, and cancel a fetch half-way without damaging the cache.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EvidenceStore, PROGRESS_EVERY, describeFilters } from '../../client/src/evaluation/evidenceStore';
import { DOCUMENTATION_POLICY_ID, MULTI_TECH_POLICY_ID } from '../../emulator/src/index';
import { readEvidenceFile } from '../../server/src/evidenceFile';
import type { Policy } from '../../server/src/model/policy';
import { EvidenceIndexBuilder } from '../../server/src/service/evaluation/evidence';
import { LiveEvaluation } from '../../server/src/service/evaluation/live';
import { parsePolicy, parsePolicyIncrementally } from '../../server/src/service/parse';
import { startHarness, type Harness } from './harness';

const ALL = { statuses: [], criticalities: [] } as const;

describe('evidence store (tenant evaluation flow against the emulator)', () => {
  let h: Harness;
  let dir: string;

  beforeEach(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(tmpdir(), 'qp-evidence-'));
  });

  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function loadLive(store: EvidenceStore, policy: Policy): Promise<{ live: LiveEvaluation; document: TextDocument; records: number }> {
    const builder = new EvidenceIndexBuilder();
    const { records } = await readEvidenceFile(store.evidencePath(policy.policyId), builder);
    const document = TextDocument.create('file:///pulled.policy.json', 'qualys-policy', 1, JSON.stringify(policy, null, 2));
    const live = new LiveEvaluation(builder.build({ policyId: policy.policyId }));
    live.update(document, parsePolicy(document));
    return { live, document, records };
  }

  it('fetches hostids then postureInfo v5 with evidence, compressed, and caches it with metadata', async () => {
    const store = new EvidenceStore(path.join(dir, 'evidence'));
    assert.equal(await store.cached(DOCUMENTATION_POLICY_ID), undefined);
    const progress: string[] = [];
    const meta = await store.fetch(h.client, DOCUMENTATION_POLICY_ID, ALL, { onProgress: (p) => progress.push(p.phase), now: () => new Date('2026-11-23T09:40:00Z') });

    assert.ok(meta.count > 0 && meta.hosts > 0, JSON.stringify(meta));
    assert.equal(meta.fetchedAt, '2026-11-23T09:40:00.000Z');
    assert.deepEqual(await store.cached(DOCUMENTATION_POLICY_ID), meta);
    assert.deepEqual(JSON.parse(readFileSync(store.metadataPath(DOCUMENTATION_POLICY_ID), 'utf8')), meta);
    assert.deepEqual(progress.slice(0, 2), ['hosts', 'postures']);
    assert.deepEqual(readdirSync(path.join(dir, 'evidence')).sort(), [`${DOCUMENTATION_POLICY_ID}.json`, `${DOCUMENTATION_POLICY_ID}.meta.json`]);

    const calls = h.apiRequests();
    assert.equal(calls[0]!.path, '/pcrs/4.0/posture/hostids');
    assert.equal(calls[0]!.query.policyId, String(DOCUMENTATION_POLICY_ID));
    const postures = calls.filter((r) => r.path.startsWith('/pcrs/5.0/posture/postureInfo'));
    assert.equal(postures.length, 1, 'one batch for the default batch size');
    assert.equal(postures[0]!.query.evidenceRequired, '1');
    assert.equal(postures[0]!.query.compressionRequired, '1');
    const body = postures[0]!.body as { policyId: string; subscriptionId: string; hostIds: string[] }[];
    assert.equal(String(body[0]!.policyId), String(DOCUMENTATION_POLICY_ID));
    assert.equal(body[0]!.subscriptionId, h.emu.subscriptionId);
    assert.equal(body[0]!.hostIds.length, meta.hosts);

    // The cache is one record per line, which the server streams.
    const lines = readFileSync(store.evidencePath(DOCUMENTATION_POLICY_ID), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, meta.count + 2);
  });

  it('evaluating the pulled policy reproduces every recorded status; one edited value flips hosts', async () => {
    const store = new EvidenceStore(dir);
    const meta = await store.fetch(h.client, DOCUMENTATION_POLICY_ID, ALL);
    const policy = await h.client.exportPolicy({ policyId: DOCUMENTATION_POLICY_ID });
    const { live, document, records } = await loadLive(store, policy);
    assert.equal(records, meta.count);
    const { counts } = live.totals();
    assert.equal(counts.passed + counts.failed + counts.error, meta.count, 'every posture is evaluated');
    assert.equal(counts.changed, 0, 'the unchanged policy agrees with every recorded status');

    // Replace one control's expected value by a pattern that matches nothing: its passing hosts fail.
    const target = live.controlViews.find((c) => c.counts.passed > 0);
    assert.ok(target, 'some control has passing hosts');
    const text = document.getText();
    const controlText = text.slice(target.offset, target.offset + target.length);
    const dpStart = target.offset + controlText.indexOf('"dp"');
    const dpValue = text.indexOf('{', dpStart);
    const dpEnd = matchingBrace(text, dpValue);
    const replacement = '{ "k": "edited", "v": ["a^"], "l": 0, "op": "re", "cd": "match any" }';
    const changes = [{ range: { start: document.positionAt(dpValue), end: document.positionAt(dpEnd + 1) }, text: replacement }];
    const previous = parsePolicy(document);
    const edited = TextDocument.update(document, changes, 2);
    const update = live.update(edited, parsePolicyIncrementally(edited, previous, changes));

    assert.deepEqual([...update.reevaluated], [target.controlId], 'only the edited control is evaluated again');
    const after = live.control(target.controlId)!;
    assert.equal(after.counts.passed, 0);
    assert.ok(live.totals().flips.toFailed >= target.counts.passed - target.counts.error, JSON.stringify(live.totals()));
    assert.equal(live.totals().counts.changed, after.counts.changed, 'no other control changed');
  });

  it('reproduces every recorded status on the multi-technology policy as well', async () => {
    const store = new EvidenceStore(dir);
    const meta = await store.fetch(h.client, MULTI_TECH_POLICY_ID, ALL);
    const { live } = await loadLive(store, await h.client.exportPolicy({ policyId: MULTI_TECH_POLICY_ID }));
    const { counts } = live.totals();
    assert.equal(counts.passed + counts.failed + counts.error, meta.count);
    assert.equal(counts.changed, 0);
    assert.ok(counts.passed > 0 && counts.failed > 0, JSON.stringify(counts));
  });

  it('filters by status and criticality, and keeps the filters in the metadata', async () => {
    const store = new EvidenceStore(dir);
    const filters = { statuses: ['Failed' as const], criticalities: [4, 5] };
    const meta = await store.fetch(h.client, DOCUMENTATION_POLICY_ID, filters);
    assert.deepEqual(meta.filters, filters);
    assert.equal(describeFilters(meta.filters), 'Failed · criticality 4, 5');
    const call = h.apiRequests().find((r) => r.path.startsWith('/pcrs/5.0/posture/postureInfo'))!;
    assert.equal(call.query.status, 'Failed');
    assert.equal(call.query.criticalityValues, '4,5');
    const builder = new EvidenceIndexBuilder();
    await readEvidenceFile(store.evidencePath(DOCUMENTATION_POLICY_ID), builder);
    const statuses = new Set<string>();
    for (const techs of builder.build().byControl.values()) for (const postures of techs.values()) for (const p of postures) statuses.add(p.recorded);
    assert.ok(statuses.size <= 1 && !statuses.has('Passed'), [...statuses].join());
  });

  it('a cancel in the middle leaves the previous cache untouched and no temp files', async () => {
    const store = new EvidenceStore(dir);
    const first = await store.fetch(h.client, DOCUMENTATION_POLICY_ID, ALL);
    const before = readFileSync(store.evidencePath(DOCUMENTATION_POLICY_ID));
    h.emu.clearRequests();

    const abort = new AbortController();
    const cancelled = store.fetch(h.client, DOCUMENTATION_POLICY_ID, { statuses: ['Failed'], criticalities: [] }, {
      signal: abort.signal,
      batchSize: 1,
      onProgress: (p) => {
        if (p.phase === 'postures' && p.hostsDone === 2) abort.abort();
      },
    });
    await assert.rejects(cancelled);
    const postureCalls = h.apiRequests().filter((r) => r.path.startsWith('/pcrs/5.0/posture/postureInfo')).length;
    assert.ok(postureCalls >= 2 && postureCalls < first.hosts, `stopped after ${postureCalls} of ${first.hosts} batches`);
    assert.deepEqual(await store.cached(DOCUMENTATION_POLICY_ID), first);
    assert.ok(readFileSync(store.evidencePath(DOCUMENTATION_POLICY_ID)).equals(before));
    assert.deepEqual(readdirSync(dir).sort(), [`${DOCUMENTATION_POLICY_ID}.json`, `${DOCUMENTATION_POLICY_ID}.meta.json`]);
  });

  it('a cancel in the middle of a streamed response stops it and writes nothing', async () => {
    await h.close();
    // A fleet large enough that the multi-technology policy has several hundred postures.
    h = await startHarness({ hosts: 2000 });
    const store = new EvidenceStore(dir);
    const abort = new AbortController();
    let seen = 0;
    await assert.rejects(
      store.fetch(h.client, MULTI_TECH_POLICY_ID, ALL, {
        signal: abort.signal,
        batchSize: 5000,
        onProgress: (p) => {
          seen = p.records;
          if (p.records === PROGRESS_EVERY) abort.abort();
        },
      }),
      (e: Error & { kind?: string }) => e.kind === 'cancelled' || e.name === 'AbortError',
    );
    assert.equal(seen, PROGRESS_EVERY, 'stopped within the first response');
    assert.equal(h.apiRequests().filter((r) => r.path.startsWith('/pcrs/5.0/posture/postureInfo')).length, 1);
    assert.equal(await store.cached(MULTI_TECH_POLICY_ID), undefined);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a cancel on the first fetch leaves no cache at all', async () => {
    const store = new EvidenceStore(dir);
    const abort = new AbortController();
    await assert.rejects(
      store.fetch(h.client, DOCUMENTATION_POLICY_ID, ALL, {
        signal: abort.signal,
        batchSize: 1,
        onProgress: (p) => {
          if (p.hostsDone === 1) abort.abort();
        },
      }),
    );
    assert.equal(await store.cached(DOCUMENTATION_POLICY_ID), undefined);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('clear removes the cache', async () => {
    const store = new EvidenceStore(dir);
    await store.fetch(h.client, DOCUMENTATION_POLICY_ID, ALL);
    await store.clear(DOCUMENTATION_POLICY_ID);
    assert.equal(await store.cached(DOCUMENTATION_POLICY_ID), undefined);
    assert.deepEqual(readdirSync(dir), []);
  });
});

/** Offset of the `}` closing the object that opens at `open` (strings respected). */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}
