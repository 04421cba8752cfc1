/**
 * UI end-to-end: a user in code-server's workbench (headless Chromium) with the installed
 * extension and the emulator, step by step. Every step waits on what the workbench renders.
 * The steps run in order on one window: sign in → pull → edit → push → evaluate.
 */
import * as assert from 'node:assert/strict';
import { docsScreenshot, failureScreenshot } from './screenshots';
import { endSession, startSession, type Session } from './session';
import { clickInlineAction } from './workbench';

describe('UI: a user with the Qualys view, against the emulator', function () {
  let s: Session;
  let failed = false;

  before(async function () {
    // Not signed in: the user signs in through the UI.
    s = await startSession({ signedIn: false });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failed = true;
      if (s) console.log(`      screenshot: ${await failureScreenshot(s.page, this.currentTest.fullTitle())}`);
    }
  });

  after(async function () {
    if (s) await endSession(s, failed);
  });

  it('opens the Qualys view and signs in', async () => {
    const w = s.workbench;
    await w.openView('Qualys Policies');
    const library = await w.expandPane('Library');
    const signIn = library.locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Sign In' }).first();
    await signIn.waitFor({ state: 'visible' });
    await signIn.click();

    const quickInput = s.page.locator('.quick-input-widget');
    const input = quickInput.locator('input.input');
    await input.waitFor({ state: 'visible' });
    // Step 1/3: the platform; the emulator is a custom gateway URL (pre-filled from settings).
    await input.fill('Enter gateway URL');
    await quickInput.locator('.monaco-list-row', { hasText: 'Enter gateway URL' }).first().waitFor();
    await s.page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-title', { hasText: '(1/3)' }).waitFor();
    await input.fill(s.emulator.url);
    await s.page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-title', { hasText: '(2/3)' }).waitFor();
    await input.fill('emulator');
    await s.page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-title', { hasText: '(3/3)' }).waitFor();
    await input.fill('emulator');
    await s.page.keyboard.press('Enter');

    await w.treeRow(library, 'CIS').waitFor({ state: 'visible' });
  });

  it('expands the Library and pulls a library policy', async () => {
    const w = s.workbench;
    const library = w.pane('Library');
    const label = w.treeRow(library, 'CIS');
    await label.click();
    const policy = w.treeRow(library, /CIS Benchmark for Red Hat/);
    await policy.waitFor({ state: 'visible' });
    await docsScreenshot(s.page, 'library');
    await clickInlineAction(policy, 'Pull to Workspace');
    await w.activeTab(/red-hat.*\.policy\.json/).waitFor();
  });

  it('pulls a tenant policy from the Tenant view', async () => {
    const w = s.workbench;
    await w.pane('Library').locator('.pane-header').click(); // collapse: room for the Tenant
    const tenant = await w.expandPane('Tenant');
    const row = w.treeRow(tenant, 'Documentation_Policy');
    await row.waitFor({ state: 'visible' });
    await clickInlineAction(row, 'Pull Policy');
    await w.activeTab(/\.5656121\.policy\.json/).waitFor();
    await w.editor().waitFor({ state: 'visible' });
  });

  it('shows a squiggle and a Problems entry for a wrong operator', async () => {
    const w = s.workbench;
    // Put the cursor after `eq` of the first `"op": "eq"` and type: it becomes `equals`.
    await w.select('"op": "eq"');
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('ArrowLeft');
    await s.page.keyboard.type('uals');
    await w.editor().locator('.squiggly-error').first().waitFor({ state: 'visible' });
    const problems = await w.openProblems();
    await problems.locator('.monaco-list-row', { hasText: "Unknown operator 'equals'" }).first().waitFor({ state: 'visible' });
    await docsScreenshot(s.page, 'diagnostics');
  });

  it('accepts an operator completion, which clears the error', async () => {
    const w = s.workbench;
    await w.select('"equals"');
    // Cursor before the closing quote; delete the value and ask for completions (Ctrl+Space).
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'equals'.length; i++) await s.page.keyboard.press('Backspace');
    await s.page.keyboard.press('Control+Space');
    const suggest = s.page.locator('.editor-widget.suggest-widget.visible');
    const ge = suggest.locator('.monaco-list-row', { has: s.page.locator('.label-name', { hasText: /^ge$/ }) });
    await ge.waitFor({ state: 'visible' });
    await docsScreenshot(s.page, 'completion');
    await s.page.keyboard.type('ge');
    await suggest.locator('.monaco-list-row.focused', { has: s.page.locator('.label-name', { hasText: /^ge$/ }) }).waitFor({ state: 'visible' });
    await s.page.keyboard.press('Enter');
    await suggest.waitFor({ state: 'hidden' });
    await w.editor().locator('.squiggly-error').first().waitFor({ state: 'detached' });
    assert.match(await w.visibleText(), /"op": "ge"/);
  });

  it('shows a control with its rationale on hover', async () => {
    const w = s.workbench;
    await w.select('"controlId": 1072');
    await s.page.keyboard.press('ArrowLeft');
    await s.page.keyboard.press('Control+k');
    await s.page.keyboard.press('Control+i');
    const hover = s.page.locator('.monaco-hover:not(.hidden)', { hasText: 'Rationale' }).first();
    await hover.waitFor({ state: 'visible' });
    assert.match(await hover.innerText(), /Minimum Password Age/);
    await docsScreenshot(s.page, 'hover');
    await s.page.keyboard.press('Escape');
  });

  it('pushes the change and sees the success notification', async () => {
    const w = s.workbench;
    await s.page.keyboard.press('Control+s');
    await s.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    await w.runCommand('Qualys: Push to Tenant');
    const done = w.notification(/Pushed 1 change\(s\) to policy 5656121/);
    await done.waitFor({ state: 'visible' });
    await docsScreenshot(s.page, 'push');
  });

  it('evaluates the policy and sees the CodeLens counts', async () => {
    const w = s.workbench;
    await s.page.keyboard.press('Escape');
    await w.runCommand('Qualys: Evaluate Policy');
    const quickInput = s.page.locator('.quick-input-widget');
    // Two pickers (statuses, criticalities), everything selected by default: accept both.
    await quickInput.locator('.quick-input-title', { hasText: '(1/2)' }).waitFor();
    await s.page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-title', { hasText: '(2/2)' }).waitFor();
    await s.page.keyboard.press('Enter');
    await w.notification(/Evaluated \d+ postures on \d+ hosts/).waitFor({ state: 'visible' });
    await w.select('"controlId": 1072');
    const lens = w.editor().locator('.codelens-decoration', { hasText: /✓ \d+ passed · ✗ \d+ failed/ }).first();
    await lens.waitFor({ state: 'visible' });
    assert.match(await lens.innerText(), /✓ \d+ passed · ✗ \d+ failed · ⚠ \d+ error · Δ \d+ would change/);
    // The Evaluation view lists the result too.
    await s.workbench.pane('Evaluation').locator('.monaco-list-row', { hasText: /✓ \d+/ }).first().waitFor({ state: 'visible' });
    await docsScreenshot(s.page, 'evaluate');
  });
});
