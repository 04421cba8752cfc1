/** Throttling (429 / 409 with headers), 5xx, timeouts and the rate budget, against the emulator. */
import assert from 'node:assert/strict';
import { startHarness, rejection, type Harness } from './harness';

const LABELS = '/pcas/v1/library/label';

describe('api/throttling and server errors (emulator)', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.client.authenticate();
    h.emu.clearRequests();
  });
  afterEach(async () => {
    await h.close();
  });

  const statuses = (): string[] => h.apiRequests().map((r) => `${r.method} ${r.path} ${r.status}`);

  it('429 with Retry-After / X-RateLimit-ToWait-Sec: waits, retries, succeeds; budget exposed', async () => {
    h.emu.setFaults({ kind: 'status', status: 429, path: LABELS, times: 2, retryAfterSec: 0 });
    const labels = await h.client.listLibraryLabels();
    assert.ok(labels.length > 0);
    assert.deepEqual(statuses(), [`GET ${LABELS} 429`, `GET ${LABELS} 429`, `GET ${LABELS} 200`]);
    const notes = h.logs.filter((l) => l.note).map((l) => l.note);
    assert.equal(notes.filter((n) => /rate limited \(429\); retrying in/.test(n ?? '')).length, 2);
    assert.deepEqual(h.logs.filter((l) => l.path === LABELS).map((l) => l.attempt), [1, 2, 3]);
    const budget = h.client.rateBudget;
    assert.equal(typeof budget.limit, 'number');
    assert.equal(typeof budget.windowSec, 'number');
    assert.equal(typeof budget.remaining, 'number');
  });

  it('honours the server wait hint (Retry-After: 1 s)', async () => {
    h.emu.setFaults({ kind: 'status', status: 429, path: LABELS, times: 1, retryAfterSec: 1 });
    await h.client.listLibraryLabels();
    const note = h.logs.find((l) => l.note?.includes('rate limited'))?.note ?? '';
    // 1 s plus at most 10 % jitter: the hint, not the 5 ms test backoff, decided the wait.
    const waited = Number(/retrying in ([\d.]+) s/.exec(note)?.[1]);
    assert.ok(waited >= 1 && waited <= 1.1, note);
  });

  it('409 with the concurrency headers is treated as throttling and retried', async () => {
    h.emu.setFaults({ kind: 'status', status: 409, path: LABELS, times: 1, retryAfterSec: 0 });
    await h.client.listLibraryLabels();
    assert.deepEqual(statuses(), [`GET ${LABELS} 409`, `GET ${LABELS} 200`]);
  });

  it('gives up after the bounded number of retries with kind "rate-limit" and says so', async () => {
    const { client } = h.newClient({ retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
    h.emu.setFaults({ kind: 'status', status: 429, path: LABELS, times: 0, retryAfterSec: 0 });
    const err = await rejection(client.listLibraryLabels());
    assert.equal(err.kind, 'rate-limit');
    assert.equal(err.status, 429);
    assert.match(err.message, /^Rate limit reached; retried 2 times over [\d.]+ s \(GET \/pcas\/v1\/library\/label\); try again later \(limit: \d+ calls per \d+ s\)$/);
    assert.equal(h.apiRequests().length, 3);
  });

  it('fails fast when Qualys asks for a wait longer than maxWaitMs', async () => {
    const { client } = h.newClient({ retry: { maxWaitMs: 5_000 } });
    h.emu.setFaults({ kind: 'status', status: 429, path: LABELS, times: 1, retryAfterSec: 3600 });
    const err = await rejection(client.listLibraryLabels());
    assert.equal(err.kind, 'rate-limit');
    assert.match(err.message, /Qualys asks to wait 3600 s/);
    assert.equal(h.apiRequests().length, 1);
  });

  it('a "locked" refusal is kind "locked" and not retried', async () => {
    h.emu.setFaults({ kind: 'status', status: 423, path: '/pcas/v3/policy/lock', times: 1, body: { message: 'Policy is locked' } });
    const err = await rejection(h.client.setPolicyLock(1, false));
    assert.equal(err.kind, 'locked');
    assert.match(err.message, /^Policy 1 is locked; unlock it before editing/);
    assert.equal(h.apiRequests().length, 1);
  });

  it('a transient 503 on an idempotent call is retried', async () => {
    h.emu.setFaults({ kind: 'status', status: 503, path: LABELS, times: 1 });
    await h.client.listLibraryLabels();
    assert.deepEqual(statuses(), [`GET ${LABELS} 503`, `GET ${LABELS} 200`]);
  });

  it('an idempotent call whose answer is cut off mid-body is repeated', async () => {
    h.emu.setFaults({ kind: 'drop', path: LABELS, afterBytes: 5, times: 1 });
    const labels = await h.client.listLibraryLabels();
    assert.ok(labels.length > 0);
    assert.equal(h.apiRequests().filter((r) => r.path === LABELS).length, 2);
    assert.ok(h.logs.some((l) => /response cut off; retrying in/.test(l.note ?? '')));
  });

  it('a cut-off answer to a POST is not repeated: kind "network"', async () => {
    h.emu.setFaults({ kind: 'drop', path: '/pcas/v1/library/policy/import', afterBytes: 5, times: 1 });
    const lib = await h.client.listLibraryPolicies();
    h.emu.clearRequests();
    const err = await rejection(h.client.importLibraryPolicy({ policyId: lib[0].policyId, policyTitle: 'Cut off import' }));
    assert.equal(err.kind, 'network');
    assert.match(err.message, /while reading the response/);
    assert.equal(h.apiRequests().length, 1);
  });

  it('a persistent 500 ends with kind "server", the retry count and the Qualys text', async () => {
    const { client } = h.newClient({ retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 } });
    h.emu.setFaults({ kind: 'status', status: 500, path: LABELS, times: 0 });
    const err = await rejection(client.listLibraryLabels());
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 500);
    assert.equal(err.endpoint, `GET ${LABELS}`);
    assert.match(err.message, /^Qualys server error 500 on GET \/pcas\/v1\/library\/label; retried 1 time; try again later \(Qualys said: Injected 500 response\.\)$/);
    assert.equal(h.apiRequests().length, 2);
  });

  it('a 500 on a POST that changes state is not repeated', async () => {
    h.emu.setFaults({ kind: 'status', status: 500, path: '/pcas/v3/policy/section', method: 'POST', times: 0 });
    const err = await rejection(h.client.addSection(1, 'New section'));
    assert.equal(err.kind, 'server');
    assert.equal(h.apiRequests().length, 1);
  });

  it('times out (kind "timeout") when the server stays silent longer than timeoutMs', async () => {
    const { client } = h.newClient({ timeoutMs: 200, retry: { maxRetries: 0 } });
    await client.authenticate();
    h.emu.setFaults({ kind: 'latency', ms: 1500, path: LABELS, times: 1 });
    const err = await rejection(client.listLibraryLabels());
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /sent nothing for 0\.2 s \(GET \/pcas\/v1\/library\/label\); check the network, or raise the timeout/);
  });

  it('cancellation before the start sends nothing; during a wait it stops at once', async () => {
    const ac = new AbortController();
    ac.abort();
    const before = await rejection(h.client.listLibraryLabels(ac.signal));
    assert.equal(before.kind, 'cancelled');
    assert.equal(h.apiRequests().length, 0);

    const ac2 = new AbortController();
    h.emu.setFaults({ kind: 'status', status: 429, path: LABELS, times: 1, retryAfterSec: 60 });
    const pending = h.client.listLibraryLabels(ac2.signal);
    while (!h.logs.some((l) => l.note?.includes('rate limited'))) await new Promise((r) => setTimeout(r, 5));
    ac2.abort();
    const during = await rejection(pending);
    assert.equal(during.kind, 'cancelled');
    assert.match(during.message, /^Cancelled: GET \/pcas\/v1\/library\/label/);
  });

  it('queues calls beyond maxConcurrency (default 2; configurable)', async () => {
    h.emu.setFaults({ kind: 'latency', ms: 50, path: LABELS, times: 0 });
    for (const [overrides, cap] of [[{}, 2], [{ maxConcurrency: 3 }, 3]] as const) {
      const { client } = h.newClient(overrides);
      await client.authenticate();
      h.emu.clearRequests();
      const calls = Array.from({ length: 6 }, () => client.listLibraryLabels());
      assert.deepEqual(client.activity, { inFlight: cap, queued: 6 - cap });
      await Promise.all(calls);
      assert.deepEqual(client.activity, { inFlight: 0, queued: 0 });
      assert.equal(h.apiRequests().filter((r) => r.path === LABELS).length, 6);
    }
  });
});
