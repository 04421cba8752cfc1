/** Sign-in, token reuse and renewal, expiry and re-authentication, against the emulator. */
import assert from 'node:assert/strict';
import { startHarness, rejection, type Harness } from './harness';

describe('api/auth (emulator)', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('signs in with a form-encoded POST /auth and reuses the token', async () => {
    await h.client.authenticate();
    await h.client.listLibraryLabels();
    await h.client.listLibraryLabels();
    const auth = h.authRequests();
    assert.equal(auth.length, 1);
    assert.equal(auth[0].method, 'POST');
    assert.equal(auth[0].status, 201);
    const form = auth[0].body as Record<string, string>;
    assert.equal(form.username, 'emulator');
    assert.equal(form.token, 'true');
    assert.equal(h.apiRequests().length, 2);
  });

  it('wrong password: kind "auth", names the host, never shows the password', async () => {
    const password = 'Wr0ng-Passw0rd!';
    const { client, logs } = h.newClient({ password });
    const err = await rejection(client.listLibraryLabels());
    const host = new URL(h.emu.url).host;
    assert.equal(err.kind, 'auth');
    assert.equal(err.status, 401);
    assert.match(err.message, new RegExp(`^Authentication failed — check the username and password for ${host.replace(/\./g, '\\.')}`));
    assert.match(err.qualysMessage ?? '', /Authentication Failure/);
    const everything = JSON.stringify({ message: err.message, stack: err.stack, endpoint: err.endpoint, q: err.qualysMessage, logs });
    assert.ok(!everything.includes(password), 'password leaked');
    // No API call was attempted without a token.
    assert.equal(h.apiRequests().length, 0);
  });

  it('a sign-in error body that echoes the password does not leak it (auth and server errors)', async () => {
    const password = 'Ech0ed-Secret';
    for (const status of [401, 502]) {
      const { client, logs } = h.newClient({ password, retry: { maxRetries: 0 } });
      h.emu.setFaults({ kind: 'status', status, path: '/auth', body: { message: `bad login for password=${password} (${password})` } });
      const err = await rejection(client.authenticate());
      assert.equal(err.kind, status === 401 ? 'auth' : 'server');
      assert.match(err.qualysMessage ?? '', /bad login for password=\[redacted\] \(\[redacted\]\)/);
      const everything = JSON.stringify({ message: err.message, stack: err.stack, q: err.qualysMessage, logs });
      assert.ok(!everything.includes(password), `password leaked: ${everything}`);
    }
  });

  it('a password callback is asked only when a token is needed', async () => {
    let asked = 0;
    const { client } = h.newClient({ password: async () => (asked++, h.emu.password) });
    assert.equal(asked, 0);
    await client.listLibraryLabels();
    await client.listLibraryLabels();
    assert.equal(asked, 1);
  });

  it('401 "JWT expired": signs in again once and retries the call', async () => {
    await h.client.listLibraryLabels();
    h.emu.clearRequests();
    h.emu.setFaults({ kind: 'expire-token', path: '/pcas/v1/library/label', times: 1 });
    const labels = await h.client.listLibraryLabels();
    assert.ok(labels.length > 0);
    const log = h.emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(log, ['GET /pcas/v1/library/label 401', 'POST /auth 201', 'GET /pcas/v1/library/label 200']);
    const notes = h.logs.map((l) => l.note ?? '').join('\n');
    assert.match(notes, /JWT expired; signing in again/);
    // Two sign-ins in total for this client: the first call's and the renewal.
    assert.equal(h.logs.filter((l) => l.path === '/auth').length, 2);
  });

  it('gives up with kind "auth" when the fresh token is refused too (no loop)', async () => {
    h.emu.setFaults({ kind: 'expire-token', path: '/pcas/v1/library/label', times: 0 });
    const err = await rejection(h.client.listLibraryLabels());
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /even after signing in again/);
    assert.equal(h.apiRequests().length, 2);
    assert.equal(h.authRequests().length, 2);
  });

  it('renews the token before its JWT exp instead of waiting for a 401', async () => {
    // 2 s tokens: the server's expiry (iat is whole seconds) is 1–2 s after minting; the client
    // renews 1.8 s after receipt. Waiting 2 s puts the next call past the client's renewal point.
    const short = await startHarness({ tokenTtlSec: 2 });
    try {
      await short.client.listLibraryLabels();
      await new Promise((r) => setTimeout(r, 2000));
      await short.client.listLibraryLabels();
      assert.equal(short.authRequests().length, 2);
      assert.ok(short.apiRequests().every((r) => r.status === 200), 'no request was refused');
    } finally {
      await short.close();
    }
  });

  it('logs every call without secrets', async () => {
    await h.client.listLibraryLabels();
    await h.client.exportPolicy({ policyTitle: 'does not exist' }).catch(() => undefined);
    assert.ok(h.logs.length >= 3);
    for (const entry of h.logs) {
      assert.equal(typeof entry.durationMs, 'number');
      assert.ok(entry.attempt >= 1);
      const text = JSON.stringify(entry);
      assert.ok(!/password=|Bearer|eyJ/i.test(text), text);
    }
    assert.deepEqual(
      h.logs.map((l) => `${l.method} ${l.path.split('?')[0]} ${l.status}`).slice(0, 2),
      ['POST /auth 201', 'GET /pcas/v1/library/label 200'],
    );
  });
});
