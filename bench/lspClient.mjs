// A minimal LSP client over stdio for the benchmarks (plain JS: the bench runs without a build of the tests).
import { spawn } from 'node:child_process';
import path from 'node:path';
import rpc from 'vscode-jsonrpc/node.js';

export async function startServer(root) {
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && w.version === p.version);
    if (i !== -1) waiters.splice(i, 1)[0].resolve(p.diagnostics);
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    /** Sends a notification and resolves with the diagnostics of `version`, and the elapsed ms. */
    async notifyAndWait(method, params, uri, version) {
      const done = new Promise((resolve) => waiters.push({ uri, version, resolve }));
      const t = performance.now();
      await connection.sendNotification(method, params);
      const diagnostics = await done;
      return { ms: performance.now() - t, diagnostics };
    },
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}
