/**
 * Every contributed command, run in the real extension host against the emulator, with the
 * argument forms the commands accept from tests (client/src/commands/*, client/src/evaluation/*).
 * The tests run in order: they share the emulator tenant and the workspace's policies folder.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { QualysClient } from '../../../client/src/api';
import type { QualysPolicyExtensionApi } from '../../../client/src/extension';
import type { Policy } from '../../../server/src/model/policy';
import type { PostureRecord } from '../../../server/src/model/posture';
import {
  EMULATOR_CREDENTIALS,
  EXTENSION_ID,
  acceptQuickPick,
  activateExtension,
  answering,
  emulatorUrl,
  eventually,
  workspaceRoot,
} from './helpers';

const POLICY_ID = 5656121; // "Documentation_Policy" in the emulator's tenant, on 8 hosts
const CONTROL_ID = 1072;

interface PullResult {
  file: string;
  status: string;
}

describe('commands against the emulator', () => {
  let ext: QualysPolicyExtensionApi;
  let qualys: QualysClient;
  let pulled: vscode.Uri;

  before(async () => {
    ext = (await activateExtension()) as unknown as QualysPolicyExtensionApi;
    await ext.languageClientReady;
    qualys = new QualysClient({ baseUrl: emulatorUrl(), ...EMULATOR_CREDENTIALS });
  });

  after(async () => {
    await qualys?.close();
  });

  const run = <T>(command: string, ...args: unknown[]): Thenable<T> => vscode.commands.executeCommand<T>(command, ...args);

  it('registers every command the manifest contributes', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('signs in from QUALYS_PASSWORD, signs out, refuses a wrong password and signs in with arguments', async () => {
    assert.equal(ext.session.isSignedIn, true, 'QUALYS_PASSWORD + settings should sign in');
    await run('qualysPolicy.signOut');
    assert.equal(ext.session.isSignedIn, false);
    assert.deepEqual(await ext.trees.tenant.getChildren(), [], 'signed out: the view shows its welcome content');
    await assert.rejects(Promise.resolve(run('qualysPolicy.signIn', { platform: emulatorUrl(), username: 'emulator', password: 'wrong' })));
    assert.equal(ext.session.isSignedIn, false);
    assert.equal(await run('qualysPolicy.signIn', { platform: emulatorUrl(), ...EMULATOR_CREDENTIALS }), true);
    assert.equal(ext.session.isSignedIn, true);
  });

  it('shows the library labels and their policies, filtered by title and technology', async () => {
    const labels = await ext.trees.library.getChildren();
    const expected = await qualys.listLibraryLabels();
    assert.deepEqual(labels.map((l) => l.label), expected.map((l) => l.labelName));
    const cis = labels.find((l) => l.label === 'CIS');
    assert.ok(cis, 'a CIS label');
    const policies = await ext.trees.library.getChildren(cis);
    const expectedCis = await qualys.listLibraryPolicies({ labelId: expected.find((l) => l.labelName === 'CIS')!.labelId });
    assert.deepEqual(policies.map((p) => p.label).sort(), expectedCis.map((p) => p.policyTitle).sort());

    await run('qualysPolicy.searchLibrary', 'Red Hat');
    const searched = await ext.trees.library.getChildren(cis);
    assert.ok(searched.length > 0 && searched.length < policies.length, `search narrowed ${policies.length} to ${searched.length}`);
    assert.ok(searched.every((p) => String(p.label).includes('Red Hat')));

    await run('qualysPolicy.clearLibraryFilter');
    await run('qualysPolicy.filterLibraryByTechnology', [217]);
    const byTechnology = await ext.trees.library.getChildren(cis);
    const expectedTech = await qualys.listLibraryPolicies({ labelId: expected.find((l) => l.labelName === 'CIS')!.labelId, technologyId: [217] });
    assert.deepEqual(byTechnology.map((p) => p.label).sort(), expectedTech.map((p) => p.policyTitle).sort());

    await run('qualysPolicy.clearLibraryFilter');
    await run('qualysPolicy.refreshLibrary');
    assert.equal((await ext.trees.library.getChildren(cis)).length, policies.length);
  });

  it('shows the tenant policies with their sections, controls and technologies', async () => {
    await run('qualysPolicy.refreshTenant');
    const nodes = await ext.trees.tenant.getChildren();
    const expected = (await qualys.listTenantPolicies()).policyList;
    assert.deepEqual(nodes.map((n) => n.label).sort(), expected.map((p) => p.title).sort());
    const doc = nodes.find((n) => n.label === 'Documentation_Policy')!;
    const sections = await ext.trees.tenant.getChildren(doc);
    assert.ok(sections.length > 0);
    const controls = await ext.trees.tenant.getChildren(sections[0]);
    const ids = controls.map((c) => (c as { control?: { controlId: number } }).control?.controlId);
    assert.ok(ids.includes(CONTROL_ID), `control ids: ${ids.join(', ')}`);
    const technologies = await ext.trees.tenant.getChildren(controls[0]);
    assert.ok(technologies.length > 0);
  });

  it('pulls a tenant policy into the policies folder', async () => {
    const result = await run<PullResult>('qualysPolicy.pullPolicy', { policyId: POLICY_ID }, { overwrite: true, open: false });
    assert.ok(result, 'pullPolicy returned nothing (see the Qualys output channel)');
    assert.equal(path.dirname(result.file), path.join(workspaceRoot().fsPath, 'policies'));
    const policy = JSON.parse(readFileSync(result.file, 'utf8')) as Policy;
    assert.equal(policy.policyId, POLICY_ID);
    assert.deepEqual(policy, await qualys.exportPolicy({ policyId: POLICY_ID }));
    pulled = vscode.Uri.file(result.file);
  });

  it('pulls and opens library policies', async () => {
    const [summary] = await qualys.listLibraryPolicies({});
    const result = await run<PullResult>('qualysPolicy.pullLibraryPolicy', { policyId: summary!.policyId }, { open: false });
    assert.ok(result && existsSync(result.file));
    assert.equal((JSON.parse(readFileSync(result.file, 'utf8')) as Policy).policyTitle, summary!.policyTitle);
    const doc = await run<vscode.TextDocument>('qualysPolicy.openLibraryPolicy', { policyId: summary!.policyId, policyTitle: summary!.policyTitle });
    assert.ok(doc);
    assert.equal(doc.languageId, 'qualys-policy');
    assert.notEqual(doc.uri.scheme, 'file');
  });

  it('compares with the tenant and reveals a control of the pulled file', async () => {
    const remote = await run<Policy>('qualysPolicy.compareWithTenant', pulled);
    assert.equal(remote?.policyId, POLICY_ID);
    assert.equal(activeDiff()?.modified.fsPath, pulled.fsPath, 'a diff editor tenant ↔ local');
    await run('workbench.action.closeActiveEditor');
    const local = await run<vscode.Uri>('qualysPolicy.compareWithLocal', { policyId: POLICY_ID });
    assert.equal(local?.fsPath, pulled.fsPath);
    assert.equal(activeDiff()?.modified.fsPath, pulled.fsPath, 'a diff editor tenant ↔ local');
    await run('workbench.action.closeActiveEditor');
    const editor = await run<vscode.TextEditor>('qualysPolicy.revealControl', { policyId: POLICY_ID, controlId: CONTROL_ID, policyTitle: 'Documentation_Policy' });
    assert.ok(editor);
    assert.equal(editor.document.uri.fsPath, pulled.fsPath);
    assert.match(editor.document.getText(editor.selection), new RegExp(`"controlId"\\s*:\\s*${CONTROL_ID}`));
  });

  it('pushes an edited section heading to the tenant', async () => {
    const doc = await vscode.workspace.openTextDocument(pulled);
    const before = (await qualys.exportPolicy({ policyId: POLICY_ID })).sections![0]!;
    const heading = `${before.sectionHeading} (edited by the extension-host test)`;
    const needle = `"sectionHeading": ${JSON.stringify(before.sectionHeading)}`;
    const offset = doc.getText().indexOf(needle);
    assert.ok(offset > 0, `${needle} is not in the pulled file`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(pulled, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + needle.length)), `"sectionHeading": ${JSON.stringify(heading)}`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());

    // A successful push ends with a notification offering "Evaluate Locally"; the command resolves when it is closed.
    const outcome = await answering(run<{ kind: string }>('qualysPolicy.push', pulled, { confirm: false }), () => run('notifications.clearAll'));
    assert.equal(outcome?.kind, 'pushed', JSON.stringify(outcome));
    const now = await qualys.exportPolicy({ policyId: POLICY_ID });
    assert.equal(now.sections![0]!.sectionHeading, heading);

    const again = await answering(run<{ kind: string }>('qualysPolicy.push', pulled, { confirm: false }), () => run('notifications.clearAll'));
    assert.equal(again?.kind, 'up-to-date', JSON.stringify(again));
    const latest = await run<PullResult>('qualysPolicy.pullLatest', pulled, { overwrite: true });
    assert.equal(latest?.status, 'unchanged');
  });

  it('locks, unlocks, deactivates and activates a tenant policy', async () => {
    const state = async () => (await qualys.listTenantPolicies()).policyList.find((p) => Number(p.id) === POLICY_ID)!;
    assert.equal(await run('qualysPolicy.lockPolicy', { policyId: POLICY_ID }), true);
    assert.equal(Number((await state()).locked), 1);
    assert.equal(await run('qualysPolicy.unlockPolicy', { policyId: POLICY_ID }), true);
    assert.equal(Number((await state()).locked), 0);
    assert.equal(await run('qualysPolicy.deactivatePolicy', { policyId: POLICY_ID }), true);
    assert.equal((await state()).status, 'inactive');
    assert.equal(await run('qualysPolicy.activatePolicy', { policyId: POLICY_ID }), true);
    assert.equal((await state()).status, 'active');
  });

  it('evaluates the policy against tenant evidence and shows counts in CodeLenses', async () => {
    await vscode.window.showTextDocument(pulled);
    await answering(run('qualysPolicy.evaluate', pulled), acceptQuickPick);
    const lens = await countLens(pulled);
    assert.match(lens.command!.title, /✓ \d+ passed · ✗ \d+ failed/);
    const total = countsOf(lens.command!.title);
    assert.ok(total > 0, lens.command!.title);

    // The lens's own command lists the hosts; picking one goes to the control.
    await answering(run(lens.command!.command, ...(lens.command!.arguments ?? [])), acceptQuickPick);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, pulled.fsPath);

    await answering(run('qualysPolicy.refreshEvidence', pulled), acceptQuickPick);
    assert.match((await countLens(pulled)).command!.title, /passed/);
  });

  it('clears the evaluation, then evaluates against a postures file', async () => {
    await run('qualysPolicy.clearEvaluation');
    await eventually(async () => !(await codeLenses(pulled)).some(isCountLens));

    const [hosts] = await qualys.resolveHostIds([POLICY_ID]);
    const records: PostureRecord[] = [];
    for await (const r of qualys.streamPostures([{ policyId: POLICY_ID, subscriptionId: hosts!.subscriptionId, hostIds: hosts!.hostIds }], { evidence: true })) records.push(r);
    assert.ok(records.length > 0);
    const file = path.join(workspaceRoot().fsPath, 'postures.json');
    writeFileSync(file, JSON.stringify(records));
    await run('qualysPolicy.evaluateFromFile', pulled, vscode.Uri.file(file));
    assert.match((await countLens(pulled)).command!.title, /passed/);
  });

  it('imports a library policy into the tenant and deletes it', async () => {
    const library = (await qualys.listLibraryPolicies({})).find((p) => p.policyTitle.includes('Red Hat'))!;
    const full = await qualys.getLibraryPolicy({ policyId: library.policyId, details: 'basic' });
    const title = `Imported by the extension-host test ${Date.now()}`;
    const result = await run<{ policyId?: number | string }>('qualysPolicy.importLibraryPolicy', { policyId: library.policyId }, {
      technologyIds: [full.technologies![0]!.technologyId],
      importAsUnlocked: true,
      activatePolicy: false,
      policyTitle: title,
      pull: false,
    });
    assert.ok(result, 'importLibraryPolicy returned nothing');
    const imported = (await qualys.listTenantPolicies()).policyList.find((p) => p.title === title);
    assert.ok(imported, `"${title}" is not in the tenant`);
    assert.equal(await run('qualysPolicy.deletePolicy', { policyId: Number(imported.id), policyTitle: title }, { confirmed: true }), true);
    assert.ok(!(await qualys.listTenantPolicies()).policyList.some((p) => p.title === title));
  });

  it('shows its output channel', async () => {
    await run('qualysPolicy.showOutput');
  });
});

function activeDiff(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input : undefined;
}

function isCountLens(l: vscode.CodeLens): boolean {
  return /passed/.test(l.command?.title ?? '');
}

async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

/** The first control's count lens, once the server has published one. */
function countLens(uri: vscode.Uri): Promise<vscode.CodeLens> {
  return eventually(async () => (await codeLenses(uri)).find(isCountLens));
}

function countsOf(title: string): number {
  return [...title.matchAll(/(\d+) (?:passed|failed|error)/g)].reduce((n, m) => n + Number(m[1]), 0);
}
