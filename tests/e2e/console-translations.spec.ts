import { expect, test } from '@playwright/test';
import { demoComponents } from '@/prisma/seed/demo-catalogue';
import { E2E_ADMIN, signIn } from './fixtures';

// Issue 16: the console's "Translations" disclosure (plain form fields, no script needed) on a
// component's edit form: prefilled from the demo, saved, and read on the German home page.
// Screenshots at 1280 and 390 px go to CANDOR_E2E_SHOTS.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/translations-${name}.png`;

for (const javaScriptEnabled of [false, true]) {
  test(`edits a component's German description in the Translations disclosure ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, E2E_ADMIN, '/admin/components');
    const contacts = demoComponents[0]!;
    const item = page.getByRole('listitem').filter({ has: page.getByText(`Edit ${contacts.name}`, { exact: true }) });
    await item.getByText(`Edit ${contacts.name}`, { exact: true }).click();
    await item.getByText('Translations', { exact: false }).first().click();
    const name = item.getByLabel('Name in Deutsch');
    await expect(name).toHaveValue(contacts.translations.name['de-DE']!);
    await expect(item.getByLabel('Name in Français')).toHaveValue(contacts.translations.name['fr-CA']!);
    if (javaScriptEnabled) {
      for (const [w, h] of [[1280, 900], [390, 844]] as const) {
        await page.setViewportSize({ width: w, height: h });
        await name.scrollIntoViewIfNeeded();
        await page.screenshot({ path: shot(`component-${w}`), fullPage: false });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      }
    }
    const description = `Adressbuch-Abgleich (${javaScriptEnabled ? 'mit' : 'ohne'} JavaScript).`;
    await item.getByLabel('Description in Deutsch').fill(description);
    await item.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Component saved.')).toBeVisible();

    // The public snapshot is rebuilt on the change, within seconds.
    await expect(async () => {
      await page.goto('/?lang=de-DE');
      await expect(page.getByText(description)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    // The positive control: the English page keeps the original description.
    await page.goto('/?lang=en');
    await expect(page.getByText(contacts.description)).toBeVisible();
    await expect(page.getByText(description)).toHaveCount(0);
    await context.close();
  });
}
