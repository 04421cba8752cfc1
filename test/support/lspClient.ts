/** A minimal LSP client over stdio for tests: spawns `node dist/server.js --stdio`. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface TestServer {
  connection: MessageConnection;
  process: ChildProcess;
  /** What the server answered to `initialize` (its capabilities). */
  initializeResult: InitializeResult;
  /** Resolves with the next diagnostics published for `uri` (optionally of a given version). */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

export async function startTestServer(repoRoot: string, options: { settings?: unknown; configuration?: unknown; capabilities?: Record<string, unknown> } = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version?: number; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i !== -1) waiters.splice(i, 1)[0].resolve(p.diagnostics);
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.configuration ?? null));
  connection.listen();
  const initializeResult: InitializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: options.configuration !== undefined }, ...options.capabilities },
    initializationOptions: options.settings ? { settings: options.settings } : {},
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    initializeResult,
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } finally {
        connection.dispose();
        await new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill(), 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
