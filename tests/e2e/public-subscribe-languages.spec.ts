import { expect, test, type Page } from '@playwright/test';
import de from '../../locales/de-DE.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import { demoComponents, demoSettings } from '@/prisma/seed/demo-catalogue';
import { axeViolations, signIn, E2E_ADMIN } from './fixtures';

// Issue 16: the subscribe, confirm and manage pages (rendered by Next, not the snapshot) name the
// page and its services in the page's language, and a German subscriber's confirmation mail is
// German. Screenshots of /subscribe and /manage in German go to CANDOR_E2E_SHOTS.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/subscribe-languages-${name}.png`;
const PAGE_DE = demoSettings.translations.name['de-DE'];
/** The demo's services whose German name differs from the English one (from the seed itself). */
const renamed = demoComponents.filter((c) => c.translations.name['de-DE'] !== c.name);

/** The page names the site and every service in German: no English name of either is left. */
async function expectGermanNames(page: Page, title: string) {
  await expect(page).toHaveTitle(`${title} · ${PAGE_DE}`);
  const text = await page.locator('main').innerText();
  expect(renamed.length).toBeGreaterThan(0);
  for (const c of renamed) expect(text, c.name).toContain(c.translations.name['de-DE']);
  expect(renamed.filter((c) => text.includes(c.name)).map((c) => c.name)).toEqual([]);
  expect(text).not.toContain(demoSettings.name);
  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
}

test('subscribing in German: the pages and the confirmation mail name the site and its services in German', async ({ page, browser }) => {
  // The control: in English the same page shows the English names.
  await page.goto('/subscribe?lang=en');
  await expect(page.getByRole('link', { name: `← ${demoSettings.name}` })).toBeVisible();
  await expect(page.getByText(renamed[0]!.name, { exact: true }).first()).toBeVisible();
  await expect(page).toHaveTitle(`${en['subscribe.metaTitle']} · ${demoSettings.name}`);

  await page.goto('/subscribe?lang=de-DE');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(de['subscribe.metaTitle']);
  await expect(page.getByRole('link', { name: `← ${PAGE_DE}` })).toBeVisible();
  await expectGermanNames(page, de['subscribe.metaTitle']);
  await page.screenshot({ path: shot('subscribe-de'), fullPage: true });

  const email = `leser-${Date.now()}@example.de`;
  await page.getByLabel(de['subscribe.email']).fill(email);
  await page.getByRole('radio', { name: de['subscribe.onlyThese'] }).first().check();
  await page.getByRole('checkbox', { name: /T-Mobile Deutschland/ }).check();
  await page.getByRole('button', { name: de['subscribe.submit'] }).click();
  await expect(page.getByRole('heading', { name: de['subscribe.doneTitle'] })).toBeVisible();

  // The mail, from the console's Mailbox: German subject and text.
  const staff = await browser.newContext();
  const console = await staff.newPage();
  await signIn(console, E2E_ADMIN, '/admin/mailbox');
  const subject = de['mail.confirm.subject'].replace('{brand}', PAGE_DE);
  await expect(async () => {
    await console.goto('/admin/mailbox');
    await expect(console.getByRole('link', { name: subject }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await console.getByRole('link', { name: subject }).first().click();
  await expect(console.getByText(`To ${email}`)).toBeVisible();
  const text = await console.getByTestId('mail-text').innerText();
  expect(text).toContain(de['mail.confirm.heading']);
  expect(text).not.toContain(en['mail.confirm.heading']);
  const link = /https?:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link).toBeTruthy();
  await staff.close();

  // Confirm and manage: German, from the subscriber's stored language (no ?lang in the mail's link).
  await page.goto(new URL(link!).pathname);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  await expect(page).toHaveTitle(`${de['confirm.metaTitle']} · ${PAGE_DE}`);
  await page.getByRole('button', { name: de['confirm.yes'] }).click();
  await expect(page.getByText(de['manage.confirmed'])).toBeVisible();
  await expect(page.getByRole('link', { name: `← ${PAGE_DE}` })).toBeVisible();
  await expectGermanNames(page, de['manage.metaTitle']);
  await page.screenshot({ path: shot('manage-de'), fullPage: true });
});
