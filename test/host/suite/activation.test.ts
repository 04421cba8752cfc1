import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './helpers';

describe('activation', () => {
  it('activates in the extension host and returns its test API', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const api = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.languageClientReady?.then, 'function', 'activate() must return { languageClientReady: Promise }');
  });

  it('starts the language client', async () => {
    const api = await activateExtension();
    await api.languageClientReady;
  });

  it('contributes the qualys-policy language', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('qualys-policy'), `languages: ${languages.join(', ')}`);
  });
});
