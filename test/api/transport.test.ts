/** Connections: proxies (a real CONNECT proxy on loopback), strict TLS and plain-http refusal. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { QualysClient } from '../../client/src/api';
import { clientFromEnv } from '../../client/src/auth/envClient';
import { rejection } from './harness';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

describe('api/transport', () => {
  describe('proxy', () => {
    let proxy: Server;
    let port: number;
    const connects: { target: string; auth?: string }[] = [];

    before(async () => {
      // A minimal forward proxy that records CONNECT requests and refuses to tunnel.
      proxy = createHttpServer((_req, res) => res.writeHead(405).end());
      proxy.on('connect', (req, socket) => {
        connects.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
        socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      });
      port = await listen(proxy);
    });
    after(async () => {
      await close(proxy);
    });
    beforeEach(() => {
      connects.length = 0;
    });

    it('tunnels through the explicit proxy (CONNECT host:443) and hides proxy credentials', async () => {
      const client = new QualysClient({
        baseUrl: 'https://gateway.qg1.apps.qualys.com',
        username: 'u',
        password: 'secret-password',
        proxyUrl: `http://alice:pr0xy-pw@127.0.0.1:${port}`,
        env: {},
        retry: { maxRetries: 0 },
      });
      try {
        assert.equal(client.connection, `via proxy http://127.0.0.1:${port}`);
        const err = await rejection(client.authenticate());
        assert.equal(err.kind, 'network');
        assert.deepEqual(connects.map((c) => c.target), ['gateway.qg1.apps.qualys.com:443']);
        assert.equal(connects[0].auth, `Basic ${Buffer.from('alice:pr0xy-pw').toString('base64')}`);
        assert.ok(!err.message.includes('pr0xy-pw') && !err.message.includes('secret-password'), err.message);
      } finally {
        await client.close();
      }
    });

    it('uses HTTPS_PROXY from the environment, unless NO_PROXY lists the host', async () => {
      const viaEnv = new QualysClient({ baseUrl: 'https://gateway.qg2.apps.qualys.eu', username: 'u', password: 'p', env: { HTTPS_PROXY: `http://127.0.0.1:${port}` }, retry: { maxRetries: 0 } });
      const bypass = new QualysClient({
        baseUrl: 'https://gateway.qg2.apps.qualys.eu',
        username: 'u',
        password: 'p',
        env: { HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: 'localhost,.qualys.eu' },
      });
      try {
        await rejection(viaEnv.authenticate());
        assert.deepEqual(connects.map((c) => c.target), ['gateway.qg2.apps.qualys.eu:443']);
        assert.equal(bypass.connection, 'host listed in NO_PROXY: direct');
      } finally {
        await viaEnv.close();
        await bypass.close();
      }
    });

    it('a proxy that refuses connections is named in the error, with the setting to check', async () => {
      const gone = createHttpServer();
      const deadPort = await listen(gone);
      await close(gone);
      const client = new QualysClient({
        baseUrl: 'https://gateway.qg1.apps.qualys.com',
        username: 'u',
        password: 'p',
        proxyUrl: `http://bob:s3cr3t-proxy@127.0.0.1:${deadPort}`,
        env: {},
        retry: { maxRetries: 0 },
      });
      try {
        const err = await rejection(client.authenticate());
        assert.equal(err.kind, 'network');
        assert.equal(
          err.message,
          `Connection to gateway.qg1.apps.qualys.com through the proxy http://127.0.0.1:${deadPort} failed (ECONNREFUSED) during POST /auth; check the proxy setting (http.proxy or HTTPS_PROXY)`,
        );
      } finally {
        await client.close();
      }
    });

    it('the CLI client (clientFromEnv) takes proxy variables from the injected env, not process.env', async () => {
      const creds = { QUALYS_BASE_URL: 'https://gateway.qg2.apps.qualys.eu', QUALYS_USERNAME: 'u', QUALYS_PASSWORD: 'p' };
      const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy };
      process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
      delete process.env.https_proxy;
      const viaInjected = clientFromEnv({ ...creds, HTTPS_PROXY: `http://127.0.0.1:${port}` });
      const direct = clientFromEnv({ ...creds });
      try {
        assert.equal(viaInjected.connection, `via proxy http://127.0.0.1:${port}`);
        assert.equal(direct.connection, 'no proxy configured: direct');
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await viaInjected.close();
        await direct.close();
      }
    });
  });

  describe('TLS', () => {
    it('refuses a certificate it cannot verify, with advice, and never disables the check', async () => {
      const dir = path.resolve(__dirname, '../fixtures/tls');
      let hits = 0;
      const server = createHttpsServer({ key: readFileSync(path.join(dir, 'self-signed.key')), cert: readFileSync(path.join(dir, 'self-signed.crt')) }, (_req, res) => {
        hits++;
        res.writeHead(201).end('token');
      });
      const port = await listen(server as unknown as Server);
      const client = new QualysClient({ baseUrl: `https://127.0.0.1:${port}`, username: 'u', password: 'p', env: {}, retry: { maxRetries: 0 } });
      try {
        const err = await rejection(client.authenticate());
        assert.equal(err.kind, 'network');
        assert.match(err.message, /^The TLS certificate of 127\.0\.0\.1:\d+ could not be verified \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)\. .*NODE_EXTRA_CA_CERTS/);
        assert.equal(hits, 0, 'no request reached the server');
      } finally {
        await client.close();
        await close(server as unknown as Server);
      }
    });
  });

  describe('plain http', () => {
    it('is refused for a remote host with a clear message, and allowed for loopback', () => {
      assert.throws(
        () => new QualysClient({ baseUrl: 'http://gateway.qg1.apps.qualys.com', username: 'u', password: 'p' }),
        (e: Error & { kind?: string }) => e.kind === 'usage' && /Refusing plain http:\/\/ to gateway\.qg1\.apps\.qualys\.com: the token would travel unencrypted\. Use https:\/\/gateway\.qg1\.apps\.qualys\.com/.test(e.message),
      );
      for (const url of ['http://127.0.0.1:1', 'http://localhost:1', 'http://[::1]:1']) {
        const c = new QualysClient({ baseUrl: url, username: 'u', password: 'p' });
        assert.equal(c.connection, 'loopback host: direct');
        void c.close();
      }
    });

    it('a refused connection is kind "network" with a hint', async () => {
      const server = createHttpServer();
      const port = await listen(server);
      await close(server);
      const client = new QualysClient({ baseUrl: `http://127.0.0.1:${port}`, username: 'u', password: 'p', env: {}, retry: { maxRetries: 0 } });
      try {
        const err = await rejection(client.authenticate());
        assert.equal(err.kind, 'network');
        assert.match(err.message, /^Connection to 127\.0\.0\.1:\d+ failed \(ECONNREFUSED\) during POST \/auth; is the server \(or the emulator\) running\?$/);
      } finally {
        await client.close();
      }
    });
  });
});
