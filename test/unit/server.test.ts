/** The language server end to end over stdio: diagnostics, incremental edits, features, custom messages. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { CodeAction, Hover } from 'vscode-languageserver-types';
import { LibraryTechnologiesNotification, ServerMemoryRequest } from '../../common/src/protocol';
import { dpPolicy } from '../support/policyText';
import { startTestServer, type TestServer } from '../support/lspClient';

const repoRoot = path.resolve(__dirname, '../..');
const uri = 'file:///work/broken.policy.json';

describe('language server over stdio', function () {
  this.timeout(60000);
  let server: TestServer;

  before(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot }));
  afterEach(async () => server?.stop());

  const open = (text: string, version = 1) =>
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'qualys-policy', version, text } });

  it('publishes diagnostics for a broken document, then updates them after an incremental edit', async () => {
    server = await startTestServer(repoRoot);
    const text = dpPolicy({ op: 'gte' });
    const first = server.nextDiagnostics(uri, 1);
    await open(text);
    const diagnostics = await first;
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-operator']);
    assert.equal(diagnostics[0].source, 'qualys-policy');

    // Replace "gte" by "ge" with a ranged (incremental) change.
    const at = diagnostics[0].range;
    const second = server.nextDiagnostics(uri, 2);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: at, text: '"ge"' }],
    });
    assert.deepEqual(await second, []);

    // And break it again elsewhere: a trailing comma at the very end.
    const lines = text.split('\n');
    const last = { line: lines.length - 1, character: 0 };
    const third = server.nextDiagnostics(uri, 3);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: last.line - 1, character: lines[last.line - 1].length }, end: { line: last.line - 1, character: lines[last.line - 1].length } }, text: ',' }],
    });
    assert.deepEqual((await third).map((d) => d.code), ['trailing-comma']);
  });

  it('serves code actions, hover, symbols and folding', async () => {
    server = await startTestServer(repoRoot);
    const diagnosticsReady = server.nextDiagnostics(uri, 1);
    await open(dpPolicy({ op: 'gte' }));
    const [d] = await diagnosticsReady;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Change operator to "ge"', 'Change operator to "gt"']);
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as Hover | null;
    assert.ok(hover === null || typeof hover.contents === 'object');
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
    assert.ok(Array.isArray(symbols) && symbols.length > 0);
    const folds = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as unknown[];
    assert.ok(folds.length > 0);
  });

  it('registers completion trigger characters, folding, symbols, hover and quick fixes', async () => {
    server = await startTestServer(repoRoot);
    const c = server.initializeResult.capabilities;
    // '"' starts a key or value, ':' follows a key, ' ' continues a multi-word cd ("match any").
    assert.deepEqual(c.completionProvider?.triggerCharacters, ['"', ':', ' ']);
    assert.equal(c.hoverProvider, true);
    assert.equal(c.documentSymbolProvider, true);
    assert.equal(c.foldingRangeProvider, true);
    assert.deepEqual((c.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'refactor.rewrite']);
    assert.equal(c.textDocumentSync, 2 /* incremental */);
  });

  it("honours the client's folding range limit", async () => {
    server = await startTestServer(repoRoot, { capabilities: { textDocument: { foldingRange: { rangeLimit: 2 } } } });
    const ready = server.nextDiagnostics(uri, 1);
    await open(dpPolicy({}));
    await ready;
    const folds = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as unknown[];
    assert.equal(folds.length, 2);
  });

  it('answers the memory request and accepts the library technology list', async () => {
    server = await startTestServer(repoRoot);
    await server.connection.sendNotification(LibraryTechnologiesNotification.method, { technologies: [{ technologyId: 80, technologyName: 'CentOS 7.x' }] });
    const memory = (await server.connection.sendRequest(ServerMemoryRequest.method)) as ServerMemoryRequest.Result;
    assert.ok(memory.rss > 0 && memory.heapUsed > 0);
  });

  it('applies settings from initializationOptions and from workspace/configuration', async () => {
    const text = dpPolicy({ extra: 1 });
    server = await startTestServer(repoRoot, { settings: { validation: { enable: true, unknownFields: 'error' } } });
    const ready = server.nextDiagnostics(uri, 1);
    await open(text);
    assert.equal((await ready)[0].severity, 1);
    await server.stop();

    server = await startTestServer(repoRoot, { configuration: { validation: { enable: true, unknownFields: 'off' } } });
    // The pull happens after `initialized`; a settings change revalidates open documents.
    await new Promise((r) => setTimeout(r, 200));
    const pulled = server.nextDiagnostics(uri, 1);
    await open(text);
    assert.deepEqual(await pulled, []);
  });

  it('clears diagnostics when the document closes', async () => {
    server = await startTestServer(repoRoot);
    const ready = server.nextDiagnostics(uri, 1);
    await open('{,}');
    assert.ok((await ready).length > 0);
    const cleared = server.nextDiagnostics(uri);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await cleared, []);
  });
});
