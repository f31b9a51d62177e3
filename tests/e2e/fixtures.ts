import { expect, test, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import type { E2eServer } from '../../playwright.config';

// Shared facts for the end-to-end suite. tests/e2e/first-run.setup.ts runs before every other
// spec (Playwright "setup" project): it creates this admin through the first-run page and loads
// the demo scenario, so the other specs may rely on both.
export const E2E_ADMIN = { email: 'admin@candor.test', name: 'Alex Admin', password: 'correct-horse-battery-staple' } as const;
/** Staff that console-workflow.spec.ts creates in the console with these passwords. */
export const E2E_SECOND = { email: 'second.responder@candor.test', name: 'Sam Second', password: 'another-long-password' } as const;
export const E2E_VIEWER = { email: 'view.only@candor.test', name: 'Vera Viewer', password: 'viewer-long-password' } as const;

/** The Candor server the running test's project drives (playwright.config.ts runs two, each with its own database). */
export const e2eServer = (): E2eServer => {
  const server = (test.info().project.metadata as { server?: E2eServer }).server;
  if (!server) throw new Error('every project in playwright.config.ts names its server in metadata.server');
  return server;
};
export const e2eDatabaseUrl = (): string => e2eServer().databaseUrl;

/** Signs in through the form from a console page and waits until it is back on that page. */
export async function signIn(page: Page, who: { email: string; password: string }, path = '/admin/incidents'): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/admin\/sign-in\?next=/);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** Declaring is two steps: tick the affected "<service>, <carrier>" cells, then set their details. */
export async function pickCells(page: Page, cells: string[]): Promise<void> {
  for (const cell of cells) await page.getByLabel(cell, { exact: true }).check();
  await page.getByRole('button', { name: 'Next: set details' }).click();
  await expect(page.getByLabel('Title')).toBeVisible();
}

/** On the notice form: count the audience, open "Queue and send…", and confirm that count. Returns the count. */
export async function queueCountedNotice(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Preview and count' }).click();
  const count = (await page.getByTestId('audience-count').textContent())!.trim();
  const queue = page.getByRole('form', { name: 'Queue the notice' });
  await queue.getByText('Queue and send…').click();
  await queue.getByRole('button', { name: `Yes, send to ${count} subscriber${count === '1' ? '' : 's'}` }).click();
  return count;
}

/**
 * Opens a public page for something staff just created: the public snapshot is rebuilt after the
 * change (a second or more on a loaded machine), and until then the address answers 404.
 */
export async function openPublished(page: Page, path: string): Promise<void> {
  await expect.poll(async () => (await page.goto(path))?.status(), { timeout: 30_000, intervals: [250, 500, 1000] }).toBe(200);
}

/**
 * axe-core's violations on the page as it stands, every rule of AxeBuilder's default run. Passing
 * nodes are not serialised (`resultTypes`), and a page without frames is checked by one `axe.run`
 * in the page (legacy mode) instead of `runPartial` plus `finishRun` in a blank page: 1.8 s against
 * 11 s on /history's 6,700 nodes. A page with frames gets the default run, which also enters them.
 */
export async function axeViolations(page: Page): Promise<Awaited<ReturnType<AxeBuilder['analyze']>>['violations']> {
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  return (await (page.frames().length > 1 ? builder : builder.setLegacyMode(true)).analyze()).violations;
}
