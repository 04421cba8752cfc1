/** Platforms, URL safety, proxy choice and the throttling arithmetic (no network needed). */
import assert from 'node:assert/strict';
import { PODS, QualysApiError, QualysClient, isLoopbackHost, resolvePlatform } from '../../client/src/api';
import { chooseProxy, matchesNoProxy } from '../../client/src/api/proxy';
import { DEFAULT_RETRY, Limiter, isThrottle409, readRateBudget, retryDelayMs, serverWaitMs } from '../../client/src/api/throttle';
import { jwtExpiry, renewTime, TOKEN_LIFETIME_MS } from '../../client/src/api/auth';
import { buildQuery } from '../../client/src/api/session';
import { batchPostureEntries } from '../../client/src/api/postures';

function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof QualysApiError && e.kind === 'usage' && pattern.test(e.message));
}

describe('api/pods and resolvePlatform', () => {
  it('maps every known pod to its gateway', () => {
    const expect: Record<string, string> = {
      qg1: 'https://gateway.qg1.apps.qualys.com',
      qg4: 'https://gateway.qg4.apps.qualys.com',
      eu1: 'https://gateway.qg1.apps.qualys.eu',
      eu2: 'https://gateway.qg2.apps.qualys.eu',
      eu3: 'https://gateway.qg3.apps.qualys.eu',
      in1: 'https://gateway.qg1.apps.qualys.in',
      ca1: 'https://gateway.qg1.apps.qualys.ca',
      ae1: 'https://gateway.qg1.apps.qualys.ae',
      uk1: 'https://gateway.qg1.apps.qualys.co.uk',
      au1: 'https://gateway.qg1.apps.qualys.com.au',
      ksa1: 'https://gateway.qg1.apps.qualysksa.com',
    };
    for (const [pod, url] of Object.entries(expect)) assert.deepEqual(resolvePlatform(pod.toUpperCase()), { baseUrl: url, pod });
    assert.equal(PODS.length, 13);
    assert.equal(resolvePlatform('us2').baseUrl, 'https://gateway.qg2.apps.qualys.com');
  });

  it('accepts any https URL or bare host, and turns a UI host into its gateway', () => {
    assert.deepEqual(resolvePlatform('https://gateway.qg2.apps.qualys.com/'), { baseUrl: 'https://gateway.qg2.apps.qualys.com', pod: 'qg2' });
    assert.deepEqual(resolvePlatform('qualys.private.example.com'), { baseUrl: 'https://qualys.private.example.com' });
    const ui = resolvePlatform('https://qualysguard.qg3.apps.qualys.com');
    assert.equal(ui.baseUrl, 'https://gateway.qg3.apps.qualys.com');
    assert.match(ui.note ?? '', /not the API gateway/);
    assert.equal(resolvePlatform('http://127.0.0.1:8080').baseUrl, 'http://127.0.0.1:8080');
  });

  it('rejects unknown pods, http:// to a remote host, and junk', () => {
    usageError(() => resolvePlatform('qg9'), /Unknown Qualys pod "qg9"/);
    usageError(() => resolvePlatform('http://gateway.qg1.apps.qualys.com'), /Refusing plain http:\/\/ to gateway\.qg1\.apps\.qualys\.com/);
    usageError(() => resolvePlatform('ftp://x.example'), /Unsupported URL scheme/);
    usageError(() => resolvePlatform(''), /No Qualys platform given/);
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.10.20.30', '::1', '[::1]', 'app.localhost']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['128.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1', '::2']) assert.ok(!isLoopbackHost(h), h);
  });

  it('the client refuses http:// to a non-loopback host before sending anything', () => {
    usageError(
      () => new QualysClient({ baseUrl: 'http://10.1.2.3:8080', username: 'u', password: 'p' }),
      /Refusing plain http:\/\/ to 10\.1\.2\.3:8080: the token would travel unencrypted/,
    );
    usageError(() => new QualysClient({ baseUrl: 'https://user:pw@gateway.example', username: 'u', password: 'p' }), /must not contain a user name or password/);
  });
});

describe('api/proxy choice', () => {
  const target = new URL('https://gateway.qg1.apps.qualys.com');
  it('prefers the explicit proxy, then HTTPS_PROXY / https_proxy', () => {
    assert.equal(chooseProxy(target, 'http://proxy.corp:3128', {}).proxyUrl, 'http://proxy.corp:3128/');
    assert.equal(chooseProxy(target, undefined, { HTTPS_PROXY: 'http://p1:8080' }).proxyUrl, 'http://p1:8080/');
    assert.equal(chooseProxy(target, undefined, { https_proxy: 'p2:8080' }).proxyUrl, 'http://p2:8080/');
    assert.equal(chooseProxy(target, undefined, {}).proxyUrl, undefined);
  });

  it('honours NO_PROXY (suffixes, leading dots, ports, *) and never proxies loopback', () => {
    const env = { HTTPS_PROXY: 'http://p:1' };
    assert.equal(chooseProxy(target, undefined, { ...env, NO_PROXY: '.qualys.com' }).proxyUrl, undefined);
    assert.equal(chooseProxy(target, undefined, { ...env, no_proxy: 'example.org, apps.qualys.com' }).proxyUrl, undefined);
    assert.equal(chooseProxy(target, undefined, { ...env, NO_PROXY: '*' }).proxyUrl, undefined);
    assert.equal(chooseProxy(target, undefined, { ...env, NO_PROXY: 'qualys.com:8443' }).proxyUrl, 'http://p:1/');
    assert.equal(chooseProxy(new URL('http://127.0.0.1:9'), 'http://p:1', {}).proxyUrl, undefined);
    assert.ok(matchesNoProxy(new URL('https://a.b.c'), 'b.c:443'));
    assert.ok(!matchesNoProxy(new URL('https://xb.c'), 'b.c'));
  });

  it('never shows proxy credentials', () => {
    const c = chooseProxy(target, 'http://bob:secret@proxy.corp:3128', {});
    assert.equal(c.reason, 'via proxy http://proxy.corp:3128');
  });
});

describe('api/throttle arithmetic', () => {
  it('reads the server wait from X-RateLimit-ToWait-Sec, else Retry-After (seconds or date)', () => {
    assert.equal(serverWaitMs({ 'x-ratelimit-towait-sec': '7', 'retry-after': '3' }), 7000);
    assert.equal(serverWaitMs({ 'retry-after': '3' }), 3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(serverWaitMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5000);
    assert.equal(serverWaitMs({}), undefined);
  });

  it('backs off exponentially with jitter, capped, and honours server hints', () => {
    const opts = { ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 8000 };
    assert.equal(retryDelayMs(1, opts, undefined, () => 0), 500);
    assert.equal(retryDelayMs(1, opts, undefined, () => 1), 1000);
    assert.equal(retryDelayMs(3, opts, undefined, () => 1), 4000);
    assert.equal(retryDelayMs(10, opts, undefined, () => 1), 8000);
    assert.equal(retryDelayMs(1, opts, 2000, () => 0), 2000);
    assert.equal(retryDelayMs(1, opts, 2000, () => 1), 2200);
  });

  it('tells a throttling 409 from a real conflict', () => {
    assert.ok(isThrottle409({ 'x-ratelimit-towait-sec': '1' }));
    assert.ok(isThrottle409({ 'x-concurrency-limit-limit': '2' }));
    assert.ok(!isThrottle409({ 'content-type': 'application/json' }));
  });

  it('keeps the rate budget from X-RateLimit-* headers', () => {
    const b = readRateBudget({ 'x-ratelimit-remaining': '12', 'x-ratelimit-limit': '300', 'x-ratelimit-window-sec': '3600' }, {});
    assert.deepEqual(b, { remaining: 12, limit: 300, windowSec: 3600 });
    assert.deepEqual(readRateBudget({ 'x-ratelimit-remaining': '11' }, b), { remaining: 11, limit: 300, windowSec: 3600 });
    assert.equal(readRateBudget({}, b), b);
  });

  it('Limiter admits at most max holders, in order, and lets a waiter cancel', async () => {
    const limiter = new Limiter(2);
    const r1 = await limiter.acquire();
    const r2 = await limiter.acquire();
    const order: number[] = [];
    const third = limiter.acquire().then((r) => (order.push(3), r));
    const ac = new AbortController();
    const cancelled = limiter.acquire(ac.signal);
    const fifth = limiter.acquire().then((r) => (order.push(5), r));
    assert.equal(limiter.inUse, 2);
    assert.equal(limiter.waiting, 3);
    ac.abort(new Error('stop'));
    await assert.rejects(cancelled, /stop/);
    assert.equal(limiter.waiting, 2);
    r1();
    const r3 = await third;
    assert.deepEqual(order, [3]);
    assert.equal(limiter.inUse, 2);
    r2();
    const r5 = await fifth;
    assert.deepEqual(order, [3, 5]);
    r3();
    r5();
    r5(); // releasing twice is harmless
    assert.equal(limiter.inUse, 0);
    assert.throws(() => new Limiter(0), /positive integer/);
  });
});

describe('api/token lifetime', () => {
  const jwtWith = (claims: object): string =>
    `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('reads exp from the JWT and renews a little before it', () => {
    const now = 1_700_000_000_000;
    const jwt = jwtWith({ exp: now / 1000 + 3600 });
    assert.equal(jwtExpiry(jwt), now + 3_600_000);
    assert.equal(renewTime(jwt, now), now + 3_600_000 - 5 * 60_000);
    assert.equal(renewTime('opaque-token', now), now + TOKEN_LIFETIME_MS - 5 * 60_000);
    const short = jwtWith({ exp: now / 1000 + 10 });
    assert.equal(renewTime(short, now), now + 9_000);
  });

  it('counts the lifetime (exp - iat) from receipt, so a skewed local clock does not matter', () => {
    const serverNow = 1_700_000_000;
    const jwt = jwtWith({ iat: serverNow, exp: serverNow + 4 * 3600 });
    const localAhead = (serverNow + 5 * 3600) * 1000; // local clock 5 h ahead: exp already "past"
    assert.equal(renewTime(jwt, localAhead), localAhead + TOKEN_LIFETIME_MS - 5 * 60_000);
  });
});

describe('api/query encoding', () => {
  it('encodes titles with %20, keeps documented commas, skips undefined', () => {
    assert.equal(buildQuery({ policyTitle: 'A & B #1 é', x: undefined, ids: [1, 2] }), '?policyTitle=A%20%26%20B%20%231%20%C3%A9&ids=1,2');
    assert.equal(buildQuery({}), '');
    assert.equal(buildQuery({ a: 1 }, 'b=2'), '?a=1&b=2');
  });
});

describe('api/postureInfo request batching', () => {
  it('splits host ids so each body stays under the size limit, losing none', () => {
    const hostIds = Array.from({ length: 5000 }, (_, i) => String(10_000_000 + i));
    const batches = batchPostureEntries([{ policyId: '1', subscriptionId: '9', hostIds }, { subscriptionId: '9', postureId: '1-5' }], 10_000);
    assert.ok(batches.length > 1);
    for (const b of batches) assert.ok(JSON.stringify(b).length <= 10_000, `${JSON.stringify(b).length} bytes`);
    const back = batches.flat().flatMap((e) => ('hostIds' in e ? e.hostIds : []));
    assert.deepEqual(back, hostIds);
    assert.ok(batches.flat().some((e) => 'postureId' in e));
    assert.equal(batchPostureEntries([{ policyId: '1', subscriptionId: '9', hostIds: ['1', '2'] }]).length, 1);
  });
});
