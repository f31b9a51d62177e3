import { expect, test } from '@playwright/test';
import { E2E_ADMIN, pickCells, signIn } from './fixtures';

// Issue 12: the declare and update forms at 1280 and 390 px, screenshotted to be looked at, and
// measured: the page itself never scrolls sideways (only the grids do, inside their boxes).

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/console-forms-${name}.png`;

for (const width of [1280, 390]) {
  test(`the declare and update forms fit at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, E2E_ADMIN, '/admin/incidents/new');
    await pickCells(page, ['Photos, Telstra Hiptop', 'Photos, T-Mobile Sidekick (United States)']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: shot(`declare-${width}`), fullPage: true });

    await page.goto('/admin/incidents/demo-sidekick-data-loss');
    await expect(page.getByRole('textbox', { name: /^Main text/ })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByText(/Change impact per region/).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByRole('form', { name: 'Post an update' }).screenshot({ path: shot(`update-${width}`) });
  });
}

test('the next update is typed on the clock of a chosen zone and read back in UTC', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/incidents/demo-sidekick-data-loss');
  const form = page.getByRole('form', { name: 'Post an update' });
  await form.getByLabel('Next update time is in').selectOption('Australia/Sydney');
  await form.getByLabel(/^Next update by \(Australia\/Sydney/).fill('2027-01-15T09:00');
  await expect(form.getByText('That is 14 Jan 2027, 22:00 UTC.')).toBeVisible();
  await form.getByRole('textbox', { name: /^Main text/ }).fill('Restoring continues; the next update comes by Friday morning.');
  await form.getByRole('button', { name: 'Post update' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Update (published|saved)/ })).toBeVisible();
  await expect(page.getByText(/Next update promised by/).first()).toBeVisible();
  await page.screenshot({ path: shot('next-update-zone'), fullPage: false });
});
