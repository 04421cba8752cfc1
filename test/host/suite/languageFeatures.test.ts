import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OPERATORS } from '../../../server/src/model/catalog';
import { activateExtension, openFixture, positionOf, waitForDiagnostics } from './helpers';

describe('language features in the extension host', () => {
  before(async () => {
    await (await activateExtension()).languageClientReady;
  });

  it('reports the mistakes of a broken policy as diagnostics at their places', async () => {
    const doc = await openFixture('broken.policy.json');
    assert.equal(doc.languageId, 'qualys-policy');
    const expected = ['unknown-operator', 'cardinality-not-applicable', 'invalid-regex', 'duplicate-control', 'trailing-comma'];
    const diagnostics = await waitForDiagnostics(doc.uri, (ds) => expected.every((c) => ds.some((d) => codeOf(d) === c)));
    const at = (code: string): vscode.Diagnostic => diagnostics.find((d) => codeOf(d) === code)!;
    assert.deepEqual(at('unknown-operator').range.start, positionOf(doc, '"equals"'));
    assert.equal(at('unknown-operator').severity, vscode.DiagnosticSeverity.Error);
    assert.match(at('unknown-operator').message, /equals/);
    assert.ok(at('invalid-regex').range.contains(positionOf(doc, '(no|prohibit', 1)));
    assert.equal(doc.getText(at('trailing-comma').range), ',');
  });

  it('offers quick fixes that apply', async () => {
    const doc = await openFixture('broken.policy.json');
    const diagnostics = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'trailing-comma'));
    const comma = diagnostics.find((d) => codeOf(d) === 'trailing-comma')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, comma.range);
    const remove = actions.find((a) => a.title === 'Remove trailing comma');
    assert.ok(remove?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const op = diagnostics.find((d) => codeOf(d) === 'unknown-operator')!;
    const opActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, op.range);
    assert.ok(opActions.some((a) => a.title === 'Change operator to "eq"'), `actions: ${opActions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => codeOf(d) === 'trailing-comma'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('updates diagnostics as the mistake is fixed', async () => {
    const doc = await openFixture('broken.policy.json');
    const edit = new vscode.WorkspaceEdit();
    const start = positionOf(doc, '"equals"', 1);
    edit.replace(doc.uri, new vscode.Range(start, start.translate(0, 'equals'.length)), 'ge');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => codeOf(d) === 'unknown-operator'));
    assert.ok(after.some((d) => codeOf(d) === 'duplicate-control'), 'the other mistakes are still reported');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('completes every operator at an op value', async () => {
    const doc = await openFixture('good.policy.json');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      positionOf(doc, '"op": "eq"', '"op": "'.length + 1),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, ''));
    for (const op of OPERATORS) assert.ok(labels.includes(op.name), `no completion for ${op.name}; got ${labels.join(', ')}`);
  });

  it('shows a control with its rationale on hover', async () => {
    const doc = await openFixture('good.policy.json');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      positionOf(doc, '"controlId": 1072', 2),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Minimum Password Age/);
    assert.match(text, /Rationale/);
    assert.match(text, /user\s+identification/);
  });
});

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}
