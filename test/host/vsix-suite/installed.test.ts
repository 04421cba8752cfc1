import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'qualys-policy.qualys-policy';

describe('the packaged extension (.vsix) installed into code-server', () => {
  it('is installed from the extensions dir, not loaded from the source tree', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    assert.match(path.basename(ext.extensionPath), /^qualys-policy\.qualys-policy-\d+\.\d+\.\d+$/);
  });

  it('activates and starts its language server from the bundled dist/', async () => {
    const ext = vscode.extensions.getExtension<{ languageClientReady: Promise<unknown> }>(EXTENSION_ID)!;
    const api = await ext.activate();
    await api.languageClientReady;
    assert.equal(ext.isActive, true);
  });

  it('validates a policy file with the bundled server', async () => {
    const doc = await vscode.languages.setTextDocumentLanguage(
      await vscode.workspace.openTextDocument({ content: '{ "policyId": 1, "policyTitle": "t", "sections": [ { "sectionNumber": 1, "sectionHeading": "s", "controls": [ { "controlId": 1, "sectionNumber": 1, "controlNumber": 1, "technologies": [ { "technologyId": 18, "technologyName": "Windows Vista", "evaluate": { "dp": { "k": "a", "v": ["1"], "op": "equals" } } } ] } ] } ] }' }),
      'qualys-policy',
    );
    await vscode.window.showTextDocument(doc);
    const found = await new Promise<vscode.Diagnostic[]>((resolve) => {
      const check = (): boolean => {
        const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => /equals/.test(d.message));
        if (ds.length) {
          sub.dispose();
          resolve(ds);
        }
        return ds.length > 0;
      };
      const sub = vscode.languages.onDidChangeDiagnostics(() => check());
      check();
    });
    assert.ok(found.length > 0);
  });
});
