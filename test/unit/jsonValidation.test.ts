/**
 * The manifest's `jsonValidation` contribution, as VS Code's JSON extension uses it: the
 * URL is joined to the extension folder, and `$ref: "evaluate.schema.json"` is resolved
 * relative to the referring schema (VS Code's JSON server `resolveRelativePath`). Runs the
 * real vscode-json-languageservice over the contributed schema.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getLanguageService, type Diagnostic } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { dpPolicy, policyWith } from '../support/policyText';

const repoRoot = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contribution = manifest.contributes.jsonValidation as { fileMatch: string[]; url: string }[];
const extensionUri = pathToFileURL(repoRoot).href;

function jsonService() {
  const service = getLanguageService({
    schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
    // VS Code's JSON server: the base is the referring schema's URI up to its last '/'.
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource.substring(0, resource.lastIndexOf('/') + 1)).href },
  });
  // VS Code's JSON client: a './' URL is joined to the extension's folder.
  const schemas = contribution.map((c) => ({ uri: `${extensionUri}/${c.url.replace(/^\.\//, '')}`, fileMatch: c.fileMatch }));
  service.configure({ validate: true, allowComments: false, schemas });
  return service;
}

async function validate(text: string, uri = 'file:///w/x.policy.json'): Promise<Diagnostic[]> {
  const service = jsonService();
  const document = TextDocument.create(uri, 'json', 1, text);
  return service.doValidation(document, service.parseJSONDocument(document), { trailingCommas: 'error', comments: 'error' });
}

describe('jsonValidation contribution (plain JSON users)', () => {
  it('points at the policy schema for *.policy.json', () => {
    assert.deepEqual(contribution, [{ fileMatch: ['*.policy.json'], url: './schemas/policy.schema.json' }]);
  });

  it('a valid policy has no problems, and the schemas resolve (no $ref errors)', async () => {
    assert.deepEqual(await validate(dpPolicy({ op: 're', v: ['a'], cd: 'match any' })), []);
  });

  it('checks the evaluate block through the relative $ref to evaluate.schema.json', async () => {
    const messages = (await validate(dpPolicy({ op: 'gte', bogus: 1 }))).map((d) => d.message);
    assert.ok(messages.some((m) => /Value is not accepted\. Valid values: "eq"/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Property bogus is not allowed/.test(m)), messages.join('\n'));
    assert.ok(!messages.some((m) => /resolved|loading reference/i.test(m)), messages.join('\n'));
  });

  it('reports policy-level schema errors too (criticality enum)', async () => {
    const text = JSON.stringify(policyWith([{ controlId: 1, sectionNumber: 1, controlNumber: 1, statement: 's', criticality: 'HIGH', technologies: [] }]));
    const messages = (await validate(text)).map((d) => d.message);
    assert.ok(messages.some((m) => /Valid values: "CRITICAL"|"URGENT"/.test(m)), messages.join('\n'));
  });

  it('suggests inside strings in qualys-policy files, as VS Code does for JSON (op, cd, criticality are strings)', () => {
    const defaults = manifest.contributes.configurationDefaults['[qualys-policy]'];
    assert.deepEqual(defaults['editor.quickSuggestions'], { strings: true });
  });

  it('does not apply to other .json files', async () => {
    assert.deepEqual(await validate('{"anything": true}', 'file:///w/package.json'), []);
  });
});
