/** Fault injection, the request log and the /__emulator control API, each kind exercised over real HTTP. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzip } from 'node:zlib';
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { caller, tokenFor, type Call } from '../support/emulatorHttp';

const LABELS = '/pcas/v1/library/label';
const POSTURES = '/pcrs/5.0/posture/postureInfo';

/** Raw body bytes over node:http, reporting a socket error instead of throwing it. */
function rawPost(url: string, token: string, body: unknown): Promise<{ status: number; bytes: Buffer; error?: Error }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks), error }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('emulator fault injection', () => {
  let emu: EmulatorHandle;
  let call: Call;
  let token: string;

  beforeEach(async () => {
    emu = await startEmulator({ port: 0 });
    token = await tokenFor(emu);
    call = caller(emu, token);
    emu.clearRequests();
  });
  afterEach(() => emu.close());

  const postureBody = () => [{ policyId: '5656123', subscriptionId: emu.subscriptionId }];

  it('status 429 carries Retry-After and X-RateLimit-* headers, then the path recovers', async () => {
    emu.setFaults({ kind: 'status', status: 429, path: LABELS, retryAfterSec: 7 });
    const limited = await call('GET', LABELS);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(limited.headers.get('x-ratelimit-towait-sec'), '7');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(limited.headers.get('x-ratelimit-limit'));
    assert.ok(limited.headers.get('x-ratelimit-window-sec'));
    assert.equal((await call('GET', LABELS)).status, 200);
    assert.deepEqual(emu.faults(), []);
  });

  it('status 409 carries the concurrency headers', async () => {
    emu.setFaults({ kind: 'status', status: 409, retryAfterSec: 2 });
    const res = await call('GET', LABELS);
    assert.equal(res.status, 409);
    assert.equal(res.headers.get('x-concurrency-limit-limit'), '2');
    assert.equal(res.headers.get('x-concurrency-limit-running'), '2');
    assert.equal(res.headers.get('x-ratelimit-towait-sec'), '2');
  });

  it('targets precisely: a 429 on the 3rd PUT only', async () => {
    emu.setFaults({ kind: 'status', status: 429, method: 'PUT', skip: 2, times: 1 });
    const put = () => call('PUT', '/pcas/v3/policy', { policyId: 5656122, coverPage: 'x' });
    const statuses = [(await put()).status, (await call('GET', LABELS)).status, (await put()).status, (await put()).status, (await put()).status];
    assert.deepEqual(statuses, [204, 200, 204, 429, 204]);
    assert.deepEqual(
      emu.requests().map((r) => `${r.method} ${r.status}`),
      ['PUT 204', 'GET 200', 'PUT 204', 'PUT 429', 'PUT 204'],
    );
  });

  it('5xx for every matching call while times is 0 (until cleared)', async () => {
    emu.setFaults({ kind: 'status', status: 503, path: LABELS, times: 0 });
    assert.equal((await call('GET', LABELS)).status, 503);
    assert.equal((await call('GET', LABELS)).status, 503);
    assert.equal((await call('GET', '/pcrs/1.0/posture/policy/list')).status, 200);
    emu.setFaults([]);
    assert.equal((await call('GET', LABELS)).status, 200);
  });

  it('expire-token answers 401 JWT expired to the next call only; a fresh login is not needed', async () => {
    emu.setFaults({ kind: 'expire-token', times: 1 });
    const expired = await call('GET', LABELS);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json, { status: 401, error: 'Unauthorized', message: 'JWT expired' });
    assert.equal((await call('GET', LABELS)).status, 200);
  });

  it('latency delays the matching response: a later, unfaulted call completes first', async () => {
    emu.setFaults({ kind: 'latency', ms: 400, path: LABELS });
    const order: string[] = [];
    const slow = call('GET', LABELS).then((r) => order.push(`labels ${r.status}`));
    await new Promise((resolve) => setImmediate(resolve));
    await call('GET', '/pcrs/1.0/posture/policy/list').then((r) => order.push(`list ${r.status}`));
    await slow;
    assert.deepEqual(order, ['list 200', 'labels 200']);
  });

  it('drop destroys the connection after K bytes of a streamed posture response', async () => {
    emu.setFaults({ kind: 'drop', path: POSTURES, afterBytes: 1000 });
    const res = await rawPost(`${emu.url}${POSTURES}?compressionRequired=0`, token, postureBody());
    assert.equal(res.status, 200);
    assert.ok(res.error, 'the response ends with a socket error');
    assert.ok(res.bytes.length <= 1000, `${res.bytes.length} bytes`);
    assert.throws(() => JSON.parse(res.bytes.toString('utf8')));
    // The next download is whole again.
    const again = await rawPost(`${emu.url}${POSTURES}?compressionRequired=0`, token, postureBody());
    assert.equal(again.error, undefined);
    assert.ok(Array.isArray(JSON.parse(again.bytes.toString('utf8'))));
  });

  it('truncate-gzip ends the body cleanly after N bytes, leaving an incomplete gzip stream', async () => {
    emu.setFaults({ kind: 'truncate-gzip', path: POSTURES, keepBytes: 300 });
    const res = await rawPost(`${emu.url}${POSTURES}`, token, postureBody());
    assert.equal(res.status, 200);
    assert.equal(res.error, undefined);
    assert.equal(res.bytes.length, 300);
    const failure = await new Promise<Error | null>((resolve) => gunzip(res.bytes, (err) => resolve(err)));
    assert.match(failure?.message ?? 'no error', /unexpected end of file/);
  });

  it('the fail rate answers 503 to an even share of calls', async () => {
    emu.configure({ failRate: 50 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', LABELS)).status);
    assert.deepEqual(statuses, [200, 503, 200, 503]);
  });

  describe('control API under /__emulator', () => {
    it('arms faults, reads and clears the request log, and is not recorded itself', async () => {
      const armed = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 500, path: LABELS }) });
      assert.equal(armed.status, 200);
      assert.equal((await call('GET', LABELS)).status, 500);
      const log = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as { method: string; path: string; query: object; body: unknown; status: number }[];
      assert.deepEqual(log, [{ method: 'GET', path: LABELS, query: {}, body: null, status: 500 }]);
      assert.equal((await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' })).status, 204);
      assert.deepEqual(emu.requests(), []);
    });

    it('records query and parsed body of each call', async () => {
      await call('PUT', '/pcas/v3/policy/lock', { policyId: 5656122, isLocked: true });
      await call('GET', '/pcas/v3/policy?policyId=5656122');
      assert.deepEqual(emu.requests(), [
        { method: 'PUT', path: '/pcas/v3/policy/lock', query: {}, body: { policyId: 5656122, isLocked: true }, status: 204 },
        { method: 'GET', path: '/pcas/v3/policy', query: { policyId: '5656122' }, body: null, status: 200 },
      ]);
    });

    it('rejects a malformed fault with a message naming the problem', async () => {
      const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { message: string }).message, /fault kind must be one of/);
    });

    it('reset restores the initial tenant and clears faults; tokens stay valid', async () => {
      await call('DELETE', '/pcas/v3/policy?policyId=5656122');
      emu.setFaults({ kind: 'status', status: 500, path: '/nowhere', times: 0 });
      assert.equal((await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' })).status, 204);
      assert.deepEqual(emu.faults(), []);
      assert.equal((await call('GET', '/pcas/v3/policy?policyId=5656122')).status, 200);
    });
  });
});
