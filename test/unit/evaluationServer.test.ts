/**
 * The live evaluation over real LSP: the built server (`dist/server.js --stdio`) loads an
 * evidence file from disk, serves CodeLens counts, and updates them after an edit.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-types';
import {
  ClearEvidenceRequest,
  ControlHostsRequest,
  EvaluationClearedNotification,
  EvaluationResultsNotification,
  EvaluationSummaryRequest,
  EvaluationTargetRequest,
  LoadEvidenceRequest,
  type EvaluationResultsParams,
} from '../../common/src/evaluationProtocol';

const repoRoot = path.resolve(__dirname, '../..');

const POLICY = `{
  "policyId": 5298742,
  "policyTitle": "Server test",
  "sections": [
    {
      "sectionNumber": 1,
      "sectionHeading": "Passwords",
      "controls": [
        {
          "controlId": 1071,
          "sectionNumber": 1,
          "controlNumber": 1,
          "statement": "Minimum password length",
          "criticality": "SERIOUS",
          "technologies": [
            { "technologyId": 80, "technologyName": "CentOS 7.x", "evaluate": { "dp": { "k": "pass.min.len", "v": ["14"], "l": 0, "op": "ge" } } }
          ]
        },
        {
          "controlId": 1072,
          "sectionNumber": 1,
          "controlNumber": 2,
          "statement": "No evidence for this one",
          "criticality": "SERIOUS",
          "technologies": [
            { "technologyId": 80, "technologyName": "CentOS 7.x", "evaluate": { "dp": { "k": "x", "v": ["1"], "l": 0, "op": "eq" } } }
          ]
        }
      ]
    }
  ]
}
`;

function record(hostId: number, value: string, status: string): Record<string, unknown> {
  return {
    id: hostId,
    policyId: 5298742,
    controlId: 1071,
    technologyId: 80,
    hostId,
    ip: `10.1.0.${hostId}`,
    dns: `web${hostId}.example`,
    technology: { id: 80, name: 'CentOS 7.x' },
    status,
    evidence: { expectedValues: '\ngreater than or equal to\n14', currentValues: [value] },
  };
}

const RECORDS = [record(1, '5', 'Failed'), record(2, '14', 'Passed'), record(3, '16', 'Passed'), record(4, '8', 'Failed')];

describe('evaluation over LSP (dist/server.js --stdio)', function () {
  let dir: string;
  let server: ChildProcessWithoutNullStreams;
  let connection: MessageConnection;
  let stderr = '';
  const results: EvaluationResultsParams[] = [];
  const waiters: { test: (r: EvaluationResultsParams) => boolean; resolve: (r: EvaluationResultsParams) => void }[] = [];
  const cleared: string[] = [];
  let uri: string;

  /** The first results notification (already received or to come) that passes `test`. */
  function resultsWhere(test: (r: EvaluationResultsParams) => boolean): Promise<EvaluationResultsParams> {
    const seen = results.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ test, resolve }));
  }

  before(async function () {
    this.timeout(120_000);
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    dir = mkdtempSync(path.join(tmpdir(), 'qp-eval-server-'));
    const policyPath = path.join(dir, 'test.policy.json');
    writeFileSync(policyPath, POLICY);
    uri = pathToFileURL(policyPath).toString();

    server = spawn(process.execPath, [path.join(repoRoot, 'dist/server.js'), '--stdio'], { cwd: repoRoot });
    server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification(EvaluationResultsNotification.type, (r) => {
      results.push(r);
      for (const w of waiters.splice(0)) {
        if (w.test(r)) w.resolve(r);
        else waiters.push(w);
      }
    });
    connection.onNotification(EvaluationClearedNotification.type, ({ uri: u }) => cleared.push(u));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'qualys-policy', version: 1, text: POLICY } });
  });

  after(async () => {
    if (connection) {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
    }
    if (server && server.exitCode === null) server.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lensTitles = async (): Promise<string[]> => {
    const lenses = (await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    return lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
  };

  it('tells which tenant policy the document is', async () => {
    assert.deepEqual(await connection.sendRequest(EvaluationTargetRequest.type, { uri }), { policyId: 5298742, policyTitle: 'Server test' });
  });

  it('refuses an evidence file that is not an array of postures, saying why', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"policyId": 1}');
    await assert.rejects(connection.sendRequest(LoadEvidenceRequest.type, { uri, evidencePath: bad, source: { kind: 'file', label: 'bad.json' } }), /must hold a JSON array of posture records/);
    await assert.rejects(
      connection.sendRequest(LoadEvidenceRequest.type, { uri, evidencePath: path.join(dir, 'missing.json'), source: { kind: 'file', label: 'x' } }),
      /Cannot read the evidence file .*ENOENT/,
    );
    assert.deepEqual(await lensTitles(), [], 'no lenses without evidence');
  });

  it('loads evidence from a file path and serves a lens on the control that has evidence', async () => {
    // As saved from postureInfo: pretty-printed, with a trailing comma.
    const file = path.join(dir, 'postures.json');
    writeFileSync(file, JSON.stringify(RECORDS, null, 2).replace(/}\n]$/, '},\n]'));
    const loaded = await connection.sendRequest(LoadEvidenceRequest.type, { uri, evidencePath: file, source: { kind: 'file', label: 'postures.json' } });
    assert.equal(loaded.records, 4);
    assert.equal(loaded.hosts, 4);
    assert.equal(loaded.controls, 1);
    assert.equal(loaded.unmatchedRecords, 0);
    assert.ok(loaded.warnings.some((w) => /trailing commas/.test(w)), loaded.warnings.join('; '));
    const controlLine = POLICY.split('\n').findIndex((l) => l.includes('"controlId": 1071')) - 1;
    assert.deepEqual(await lensTitles(), [`${controlLine}:✓ 2 passed · ✗ 2 failed · ⚠ 0 error · Δ 0 would change`]);
    const first = await resultsWhere((r) => r.uri === uri && r.version === 1);
    assert.deepEqual(first.totals, { passed: 2, failed: 2, error: 0, changed: 0 });
  });

  it('changes the counts after a one-value edit, and says so in the summary and the Evaluation view', async () => {
    const at = POLICY.indexOf('"v": ["14"]') + '"v": ["'.length;
    const lines = POLICY.slice(0, at).split('\n');
    const start = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 2 } }, text: '8' }],
    });
    const after = await resultsWhere((r) => r.uri === uri && r.version === 2);
    assert.deepEqual(after.totals, { passed: 3, failed: 1, error: 0, changed: 1 });
    assert.deepEqual(after.flips, { toPassed: 1, toFailed: 0, toError: 0 });
    assert.deepEqual(after.controls[0]!.changedHosts.map((h) => `${h.hostName} ${h.recordedStatus}→${h.status}`), ['web4.example Failed→Passed']);
    assert.match((await lensTitles())[0]!, /✓ 3 passed · ✗ 1 failed · ⚠ 0 error · Δ 1 would change$/);
    const summary = await connection.sendRequest(EvaluationSummaryRequest.type, { uri });
    assert.equal(summary?.text, 'This push flips 1 host to Passed (1 control).');
    assert.equal(summary?.version, 2);
  });

  it('lists a control’s hosts, changed first, and merges them into the control hover', async () => {
    const hosts = await connection.sendRequest(ControlHostsRequest.type, { uri, controlId: 1071 });
    assert.deepEqual(hosts?.hosts.map((h) => h.hostId), ['4', '1', '2', '3']);
    assert.equal(await connection.sendRequest(ControlHostsRequest.type, { uri, controlId: 1072 }), null);

    const line = POLICY.split('\n').findIndex((l) => l.includes('"controlId": 1071'));
    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Control 1071/, 'the language service hover is still there');
    assert.match(md, /web4\\\.example .*Failed → \*\*Passed\*\*/);
  });

  it('clears the evidence: no more lenses, and the client is told', async () => {
    await connection.sendRequest(ClearEvidenceRequest.type, { uri });
    assert.deepEqual(await lensTitles(), []);
    assert.deepEqual(cleared, [uri]);
    assert.equal(await connection.sendRequest(EvaluationSummaryRequest.type, { uri }), null);
    assert.equal(stderr, '');
  });

  it('loads a large one-record-per-line file (read by the evaluation worker), counting skipped records', async () => {
    assert.ok(existsSync(path.join(repoRoot, 'dist/evaluationWorker.js')), 'the build has the worker');
    const many = Array.from({ length: 4500 }, (_, i) => record(10 + i, String(i % 20), i % 20 >= 8 ? 'Passed' : 'Failed'));
    const lines = [...many, { controlId: 1071 }, 'junk', { ...many[0], status: 'Unknown' }].map((r) => JSON.stringify(r));
    const file = path.join(dir, 'cache.json');
    writeFileSync(file, `[\n${lines.join(',\n')}\n]\n`);
    const loaded = await connection.sendRequest(LoadEvidenceRequest.type, { uri, evidencePath: file, source: { kind: 'tenant', label: 'tenant evidence' } });
    assert.equal(loaded.records, 4500);
    assert.equal(loaded.skippedRecords, 3);
    assert.deepEqual(loaded.warnings, [
      'record 4501: no usable technologyId, hostId, status (Passed/Failed/Error)',
      'record 4502: not an object',
      'record 4503: no usable status (Passed/Failed/Error)',
    ]);
    // The document says "8" (edited above): values 8…19 pass, as recorded.
    assert.match((await lensTitles())[0]!, /:✓ 2700 passed · ✗ 1800 failed · ⚠ 0 error · Δ 0 would change$/);
  });

  it('drops the evidence when the document closes: the client is told, and reopening shows no stale results', async () => {
    const before = cleared.length;
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'qualys-policy', version: 10, text: POLICY } });
    assert.deepEqual(await lensTitles(), [], 'no lenses from the evidence loaded before the close');
    assert.equal(await connection.sendRequest(EvaluationSummaryRequest.type, { uri }), null);
    assert.equal(await connection.sendRequest(ControlHostsRequest.type, { uri, controlId: 1071 }), null);
    assert.deepEqual(cleared.slice(before), [uri]);
    assert.equal(stderr, '');
  });

  it('does not keep evidence for a document closed while the file was being read', async () => {
    const file = path.join(dir, 'cache.json'); // written by the worker test above
    const loading = connection.sendRequest(LoadEvidenceRequest.type, { uri, evidencePath: file, source: { kind: 'tenant', label: 'tenant evidence' } });
    // Handled while the worker reads the file: messages are processed in order, the read takes a worker start at least.
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await assert.rejects(loading, /closed while its evidence was read/);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'qualys-policy', version: 11, text: POLICY } });
    assert.deepEqual(await lensTitles(), []);
    assert.equal(stderr, '');
  });
});
