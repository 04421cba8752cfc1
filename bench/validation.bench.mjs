// Validation benchmark: open→diagnostics and edit→diagnostics through the real server over
// stdio, and server memory, next to vscode-json-languageservice validating the same text
// with schemas/policy.schema.json (VS Code's own JSON validation), for 1, 5 and 10 MB.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePolicy } from './generatePolicy.mjs';
import { startServer } from './lspClient.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES_MB = [1, 5, 10];
const EDITS = 9;
/** Pause between edits, like a typist's (longer than the server's debounce). */
const PAUSE_MS = 100;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Offsets of the edits: one character of an `op` value in the middle of the document, toggled. */
function editsFor(text) {
  const at = text.indexOf('"op": "ge"', Math.floor(text.length / 2)) + '"op": "g'.length;
  return Array.from({ length: EDITS }, (_, i) => ({ offset: at, length: 1, text: i % 2 === 0 ? 'x' : 'e' }));
}

function positionAt(text, offset) {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1 };
}

/** The same policy as real exports often are: a raw line break inside a string near the top. */
function withProblems(text) {
  return text.replace('Generated for the benchmark.', 'Generated for\nthe benchmark.');
}

async function measureServer(root, text) {
  const server = await startServer(root);
  const uri = 'file:///bench/bench.policy.json';
  const open = await server.notifyAndWait('textDocument/didOpen', { textDocument: { uri, languageId: 'qualys-policy', version: 1, text } }, uri, 1);
  const times = [];
  let version = 1;
  let current = text;
  for (const e of editsFor(text)) {
    await sleep(PAUSE_MS);
    version++;
    const start = positionAt(current, e.offset);
    const range = { start, end: { line: start.line, character: start.character + e.length } };
    const r = await server.notifyAndWait('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: e.text }] }, uri, version);
    current = current.slice(0, e.offset) + e.text + current.slice(e.offset + e.length);
    times.push(r.ms);
  }
  const memory = await server.connection.sendRequest('qualysPolicy/serverMemory');
  await server.stop();
  return { openMs: open.ms, editMs: median(times), rss: memory.rss, openDiagnostics: open.diagnostics.length };
}

async function measureBaseline(text) {
  const child = fork(path.join(here, 'jsonBaseline.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (m) => new Promise((resolve) => {
    child.once('message', resolve);
    child.send(m);
  });
  const open = await ask({ type: 'open', text });
  const times = [];
  let rss = open.rss;
  for (const e of editsFor(text)) {
    await sleep(PAUSE_MS);
    const r = await ask({ type: 'edit', ...e });
    times.push(r.ms);
    rss = r.rss;
  }
  child.kill();
  return { openMs: open.ms, editMs: median(times), rss };
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const ms = (x) => x.toFixed(1);

export default async function run({ root, log }) {
  log('## Validation: qualys-policy server vs vscode-json-languageservice');
  log(`edit→diagnostics is the median of ${EDITS} single-character edits in the middle of the document, ${PAUSE_MS} ms apart.`);
  log('Server figures go through the real server over stdio (JSON-RPC transport included);');
  log('baseline figures are parse + doValidation in a separate process (no transport), with the same schema.');
  log('"raw newline elsewhere": the same edits while the file keeps a syntax error far from them, as real exports do.');
  log('The machine may be shared: compare columns of the same run, not runs.');
  log('');
  const rows = [];
  for (const size of SIZES_MB) {
    const { text, controls } = generatePolicy(size * 1024 * 1024);
    const ours = await measureServer(root, text);
    const broken = await measureServer(root, withProblems(text));
    const base = await measureBaseline(text);
    rows.push([
      `${mb(text.length)} MB`,
      String(controls),
      ms(ours.openMs),
      ms(base.openMs),
      ms(ours.editMs),
      ms(broken.editMs),
      ms(base.editMs),
      `${(base.editMs / ours.editMs).toFixed(1)}×`,
      mb(ours.rss),
      mb(base.rss),
    ]);
  }
  const header = ['size', 'controls', 'open ours ms', 'open json-ls ms', 'edit ours ms', 'edit ours, raw newline elsewhere ms', 'edit json-ls ms', 'edit speed-up', 'RSS ours MB', 'RSS json-ls MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padStart(widths[i])).join(' | ') + ' |';
  log(line(header));
  log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) log(line(r));
  log('');
  return rows;
}
