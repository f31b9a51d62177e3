import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import en from '../../locales/en.json' with { type: 'json' };
import { E2E_ADMIN, e2eDatabaseUrl, signIn } from './fixtures';

// A subscriber's language as staff and subscriber meet it (issue 16): the console imports a CSV
// locale column (a bad language named by its line and column) and shows each subscriber's
// language; someone who subscribed to two carriers without choosing keeps "each carrier's own"
// on the manage page, can pick one there, and can go back.

const storedLocale = (email: string) => {
  const db = new Database(e2eDatabaseUrl().replace(/^file:/, ''), { readonly: true });
  try {
    return (db.prepare('SELECT locale FROM Subscriber WHERE email = ?').get(email) as { locale: string } | undefined)?.locale;
  } finally {
    db.close();
  }
};

test('CSV locale column in the console, and "each carrier’s own language" kept and chosen on the manage page', async ({ page, browser }) => {
  const tag = Date.now().toString(36);
  const mixed = `mixed-${tag}@example.com`;
  await signIn(page, E2E_ADMIN, '/admin/subscribers');
  const form = page.getByRole('form', { name: 'Import subscribers from CSV' });
  await form.getByLabel('or paste CSV').fill(`email,regions,locale\nfr-${tag}@example.ca,rogers-ca,fr\nbad-${tag}@example.com,all,klingon\n${mixed},tmobile-de telstra-au,`);
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText('Imported 2 new and updated 0 subscribers; 1 rows rejected.');
  const rejected = form.getByRole('table', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row')).toHaveCount(2);
  await expect(rejected.getByRole('row').nth(1)).toContainText(/3.*bad-.*line 3: locale: not a language Candor writes in/);

  const rowOf = async (email: string) => {
    await page.goto(`/admin/subscribers?q=${encodeURIComponent(email)}`);
    const table = page.getByRole('table');
    await expect(table.getByRole('row').filter({ hasText: email })).toHaveCount(1);
    const column = (await table.getByRole('columnheader').allTextContents()).indexOf('Language');
    expect(column).toBeGreaterThan(0);
    return table.getByRole('row').filter({ hasText: email }).getByRole('cell').nth(column);
  };
  await expect(await rowOf(`fr-${tag}@example.ca`)).toHaveText('Français (fr-CA)');
  await expect(await rowOf(mixed)).toHaveText('each carrier’s');
  expect(storedLocale(`bad-${tag}@example.com`)).toBeUndefined();

  // Subscribing by the public API to two carriers, choosing no language: '' until they choose.
  const subscriber = `two-${tag}@example.com`;
  const asked = await page.request.post('/api/subscriptions', { data: { email: subscriber, regions: ['tmobile-de', 'rogers-ca'] } });
  expect(asked.status()).toBe(202);
  expect(storedLocale(subscriber)).toBe('');
  // The worker delivers the confirmation to the local sink a moment later.
  const confirmMail = page.getByRole('link', { name: /Confirm your .* subscription/ }).first();
  await expect(async () => {
    await page.goto('/admin/mailbox');
    await expect(confirmMail).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await confirmMail.click();
  await expect(page.getByText(`To ${subscriber}`)).toBeVisible();
  const link = /https?:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]+/.exec(await page.getByTestId('mail-text').innerText())?.[0];
  expect(link).toBeTruthy();

  const context = await browser.newContext({ locale: 'en-US' });
  const reader = await context.newPage();
  await reader.goto(new URL(link!).pathname);
  await reader.getByRole('button', { name: en['confirm.yes'] }).click();
  const language = reader.getByLabel(en['subscribe.language']);
  await expect(language).toHaveValue('');
  await expect(language.locator('option:checked')).toHaveText(en['subscribe.languageEachCarrier']);
  // Saving other choices keeps "each carrier's own".
  await reader.getByRole('button', { name: en['manage.save'] }).click();
  await expect(reader.getByRole('status').filter({ hasText: en['manage.saved'] })).toBeVisible();
  expect(storedLocale(subscriber)).toBe('');
  // The positive control: choosing a language stores it, and choosing "each carrier's own" again clears it.
  await language.selectOption({ label: 'Français' });
  await reader.getByRole('button', { name: en['manage.save'] }).click();
  await expect.poll(() => storedLocale(subscriber)).toBe('fr-CA');
  // A fresh page shows what is stored (the form the redirect re-renders may still be arriving).
  await reader.reload();
  await expect(language).toHaveValue('fr-CA');
  await language.selectOption('');
  await reader.getByRole('button', { name: en['manage.save'] }).click();
  await expect.poll(() => storedLocale(subscriber)).toBe('');
  await reader.reload();
  await expect(language).toHaveValue('');
  await context.close();
});
