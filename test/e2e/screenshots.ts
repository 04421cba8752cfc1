/** Screenshots: on failure into artifacts/ (git-ignored); on success, the README's pictures in docs/images/. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../host/codeServer';
import { ARTIFACTS } from './session';

const DOCS_IMAGES = path.join(REPO_ROOT, 'docs/images');

export async function failureScreenshot(page: Page, testTitle: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${testTitle.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Saves a README picture. Existing pictures are kept (so test runs don't churn committed files)
 * unless QUALYS_E2E_UPDATE_SCREENSHOTS=1.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(DOCS_IMAGES, `${name}.png`);
  if (existsSync(file) && process.env.QUALYS_E2E_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(DOCS_IMAGES, { recursive: true });
  // Park the mouse on the empty panel so no stray tooltip shows in the picture.
  await page.mouse.move(900, 700);
  await page.screenshot({ path: file });
}
