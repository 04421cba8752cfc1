// The baseline: VS Code's own vscode-json-languageservice validating a policy with
// schemas/policy.schema.json, the way VS Code's JSON server does on every change (full
// reparse + validation). Runs as a child process (`fork`) so its memory is measured alone.
// Messages: {type:'open', text} | {type:'edit', offset, length, text} → {ms, diagnostics, rss}.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaUri = (name) => pathToFileURL(path.join(root, 'schemas', name)).toString();

const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
  // As VS Code's JSON server does: `$ref: "evaluate.schema.json"` is relative to the referring schema.
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
});
service.configure({ validate: true, allowComments: false, schemas: [{ uri: schemaUri('policy.schema.json'), fileMatch: ['*.policy.json'] }] });

let document;
const validate = async () => {
  const t = performance.now();
  const json = service.parseJSONDocument(document);
  const diagnostics = await service.doValidation(document, json, { trailingCommas: 'error', comments: 'error' });
  return { ms: performance.now() - t, diagnostics: diagnostics.length };
};

process.on('message', async (m) => {
  if (m.type === 'open') {
    document = TextDocument.create('file:///bench/bench.policy.json', 'json', 1, m.text);
  } else if (m.type === 'edit') {
    const range = { start: document.positionAt(m.offset), end: document.positionAt(m.offset + m.length) };
    document = TextDocument.update(document, [{ range, text: m.text }], document.version + 1);
  }
  const result = await validate();
  process.send({ ...result, rss: process.memoryUsage().rss });
});
