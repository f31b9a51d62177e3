import { expect, test, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import de from '../../locales/de-DE.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import fr from '../../locales/fr-CA.json' with { type: 'json' };

// Issue 16: switching the public page's language with and without JavaScript, on the demo that
// first-run.setup.ts loads. Screenshots at 1280 and 390 px go to CANDOR_E2E_SHOTS.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/languages-${name}.png`;
const REGION = '/regions/telstra-au';
const audience = (catalog: Record<string, string>) => catalog['region.audience']!.replace('{audience}', 'Telstra Hiptop');

async function switchTo(page: Page, name: string) {
  await page.getByRole('navigation', { name: /Language|Langue|Sprache/ }).getByRole('link', { name }).click();
}

for (const javaScriptEnabled of [false, true]) {
  test(`switches language ${javaScriptEnabled ? 'with' : 'without'} JavaScript and remembers the choice`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'en-AU' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(REGION);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(audience(en));

    await switchTo(page, 'Français');
    await expect(page).toHaveURL(new RegExp(`${REGION}\\?lang=fr-CA$`));
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(audience(fr));
    await expect(page.getByText(fr['data.lost']).first()).toBeVisible();

    // Links keep the language: the carrier's history opens in French.
    await page.getByRole('navigation', { name: fr['layout.nav'] }).getByRole('link', { name: fr['layout.navHistory'] }).click();
    await expect(page).toHaveURL(new RegExp(`${REGION}/history\\?lang=fr-CA$`));
    await expect(page.getByRole('heading', { level: 2, name: fr['history.uptimeTitle'] })).toBeVisible();
    // Remembered in a cookie: another carrier's bare address opens in French too.
    await page.goto('/regions/rogers-ca');
    await expect(page).toHaveURL(/\/regions\/rogers-ca\?lang=fr-CA$/);
    await expect(page.getByRole('heading', { level: 2, name: fr['home.active'] })).toBeVisible();

    await switchTo(page, 'Deutsch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
    await expect(page.getByRole('heading', { level: 2, name: de['home.active'] })).toBeVisible();
    await page.goto('/history');
    await expect(page).toHaveURL(/\/history\?lang=de-DE$/);
    await expect(page.getByRole('heading', { level: 2, name: de['history.uptimeTitle'] })).toBeVisible();

    await switchTo(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.goto('/incidents/demo-sidekick-data-loss');
    await expect(page).toHaveURL(/\/incidents\/demo-sidekick-data-loss$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(errors).toEqual([]);
    await context.close();
  });
}

test('opens the home page in the browser’s language, passes axe in French, and reads well at 1280 and 390 px', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/\?lang=de-DE$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  await expect(page.getByRole('heading', { level: 2, name: de['home.byCarrier'] })).toBeVisible();
  for (const [w, h] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: shot(`de-home-${w}`), fullPage: false });
  }
  await page.goto(`${REGION}?lang=fr-CA`);
  for (const [w, h] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: shot(`fr-region-${w}`), fullPage: false });
    // The header, language switch included, stays within a quarter of a phone screen.
    if (w === 390) expect((await page.locator('header.site').boundingBox())!.height).toBeLessThanOrEqual(844 / 4);
  }
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await context.close();
});
