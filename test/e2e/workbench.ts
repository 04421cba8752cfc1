/**
 * Driving the VS Code workbench (code-server) the way a user does: keyboard, clicks, and waiting
 * on what the workbench renders. Selectors are VS Code 1.100's DOM (the version code-server 4.100.3 ships).
 */
import type { Locator, Page } from 'playwright-core';

const MOD = 'Control';

export class Workbench {
  constructor(readonly page: Page) {}

  async waitUntilReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** Runs a command through the command palette, by its title as the palette shows it ("Qualys: Push to Tenant"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** Opens a workspace file by name through Quick Open and waits for its editor tab. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press(`${MOD}+p`);
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.activeTab(name).waitFor({ state: 'visible' });
    await this.editor().waitFor({ state: 'visible' });
  }

  activeTab(name: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab.active', { hasText: name });
  }

  /** The active text editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();
  }

  /** Selects the first occurrence of `text` in the active editor (Find, then close the widget: the match stays selected). */
  async select(text: string): Promise<void> {
    await this.editor().locator('.view-lines').click();
    await this.page.keyboard.press(`${MOD}+Home`);
    await this.page.keyboard.press(`${MOD}+f`);
    const find = this.page.locator('.editor-group-container.active .find-widget.visible textarea, .editor-group-container.active .find-widget.visible input').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text);
    // Typing in the find box normally selects the first match after the cursor already ("1 of N");
    // when it only counts ("? of N"), Enter goes to that first match.
    const count = this.page.locator('.editor-group-container.active .find-widget.visible .matchesCount');
    await count.filter({ hasText: /of [1-9]/ }).waitFor();
    if (!/^1 of/.test(await count.innerText())) await this.page.keyboard.press('Enter');
    await count.filter({ hasText: /^1 of/ }).waitFor();
    await this.closeFindWidget();
  }

  /** Escape closes the find widget (keeping the selection); a key press can land while the widget is still busy, so repeat it. */
  private async closeFindWidget(): Promise<void> {
    const widget = this.page.locator('.editor-group-container.active .find-widget.visible');
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('.editor-group-container.active .find-widget.visible textarea, .editor-group-container.active .find-widget.visible input').first().focus();
      await this.page.keyboard.press('Escape');
      try {
        await widget.waitFor({ state: 'hidden', timeout: 5_000 });
        return;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  }

  /** The text of the active editor's visible lines (Monaco renders non-breaking spaces). */
  async visibleText(): Promise<string> {
    const text = await this.editor().locator('.view-lines').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  async openView(containerTitle: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${containerTitle}"]`).first();
    await item.waitFor({ state: 'visible' });
    const selected = await item.evaluate((a) => a.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!selected) await item.click();
    await this.page.locator('.sidebar .composite.title', { hasText: containerTitle }).first().waitFor({ state: 'visible' });
  }

  /** A view pane in the side bar by its name ("Library"). */
  pane(name: string): Locator {
    return this.page.locator('.sidebar .pane', { has: this.page.locator(`.pane-header[aria-label^="${name}"]`) });
  }

  async expandPane(name: string): Promise<Locator> {
    const pane = this.pane(name);
    const header = pane.locator('.pane-header');
    await header.waitFor({ state: 'visible' });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await pane.locator('.pane-body').waitFor({ state: 'visible' });
    return pane;
  }

  treeRow(pane: Locator, label: string | RegExp): Locator {
    return pane.locator('.monaco-list-row', { hasText: label }).first();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  async openProblems(): Promise<Locator> {
    await this.runCommand('View: Focus Problems');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    return panel;
  }
}

/** Clicks an inline action of a tree row (they show on hover, as for a user). */
export async function clickInlineAction(row: Locator, label: string): Promise<void> {
  await row.hover();
  const action = row.locator(`.actions .action-label[aria-label="${label}"]`);
  await action.waitFor({ state: 'visible' });
  await action.click();
}
