import { expect, test } from '@playwright/test';
import { E2E_ADMIN, pickCells, signIn } from './fixtures';

// Issue 12: the declare and update forms at 1280 and 390 px, screenshotted to be looked at, and
// measured: the page itself never scrolls sideways (only the grids do, inside their boxes).

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/console-forms-${name}.png`;

for (const width of [1280, 390]) {
  test(`the declare and update forms fit at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, E2E_ADMIN, '/admin/incidents/new');
    await pickCells(page, ['Photos, Telstra Hiptop', 'Photos, T-Mobile Sidekick']);
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
