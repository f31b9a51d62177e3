import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { axeViolations, E2E_ADMIN, e2eDatabaseUrl } from './fixtures';

// A Telstra customer in Sydney subscribes in the browser, the confirmation arrives in the local
// mail sink, staff see it in the console's mailbox, and one click on the confirm page activates it.

test.use({ timezoneId: 'Australia/Sydney' });

async function signIn(page: Page) {
  await page.goto('/admin/sign-in?next=/admin/mailbox');
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/mailbox/);
}

test('subscribe in the browser, read the confirmation in the mailbox, confirm with one click', async ({ page, browser }) => {
  const email = `hiptop-${Date.now()}@example.au`;
  await page.goto('/subscribe');
  await expect(page.getByRole('heading', { name: 'Get status notices' })).toBeVisible();
  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  await expect(page.getByTestId('time-zone')).toHaveValue('Australia/Sydney');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('radio', { name: 'Only these:' }).first().check();
  await page.getByRole('checkbox', { name: /Hiptop on Telstra/ }).check();
  await page.getByRole('checkbox', { name: 'Data loss' }).check();
  await page.getByRole('checkbox', { name: 'Recovery' }).check();
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();

  const staff = await browser.newContext();
  const console = await staff.newPage();
  await signIn(console);
  await console.getByRole('link', { name: /Confirm your .* subscription/ }).first().click();
  await expect(console.getByText(`To ${email}`)).toBeVisible();
  const text = await console.getByTestId('mail-text').innerText();
  const link = /https?:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link).toBeTruthy();
  await staff.close();

  // Opening the link changes nothing; the button does.
  await page.goto(new URL(link!).pathname);
  const db = new Database(e2eDatabaseUrl().replace(/^file:/, ''), { readonly: true });
  const row = () => db.prepare('SELECT "confirmedAt", "timeZone", "allRegions", "noticeKinds" FROM "Subscriber" WHERE email = ?').get(email) as { confirmedAt: string | null; timeZone: string; allRegions: number; noticeKinds: string };
  expect(row().confirmedAt).toBeNull();
  await page.getByRole('button', { name: 'Yes, send me notices' }).click();
  await expect(page.getByText('your subscription is confirmed')).toBeVisible();
  await expect(page.getByTestId('subscription-state')).toHaveText('active');
  expect(row()).toMatchObject({ timeZone: 'Australia/Sydney', allRegions: 0, noticeKinds: 'data_loss,recovery' });
  expect(row().confirmedAt).not.toBeNull();
  db.close();

  // Unsubscribing retires the manage link; the page moves to the new one, where it can be undone.
  const manageUrl = page.url();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await page.waitForURL((url) => url.searchParams.get('unsubscribed') === '1');
  expect(new URL(page.url()).pathname).not.toBe(new URL(manageUrl).pathname);
  await expect(page.getByTestId('subscription-state')).toHaveText('unsubscribed');
  await page.getByRole('button', { name: 'Subscribe again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Welcome back' })).toBeVisible();
  await page.goto(manageUrl);
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();

  // The same link a second time: a clear page that reveals nothing.
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
});

test('a password reset reaches the Mailbox only for admins, and redacted', async ({ page, browser }) => {
  await page.goto('/admin/password-reset');
  await expect(page.getByRole('note')).toContainText('SMTP_URL is not set');
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const staff = await browser.newContext();
  const console = await staff.newPage();
  await signIn(console);
  const row = console.getByRole('row').filter({ hasText: 'Reset your Candor console password' }).first();
  await expect(row).toContainText('staff (redacted)', { timeout: 15_000 });
  await row.getByRole('link').click();
  await expect(console.getByTestId('mail-text')).toContainText('password-reset/[redacted]');
  await expect(console.locator('iframe')).toHaveCount(0);
  expect(await console.content()).not.toMatch(/password-reset\/[A-Za-z0-9_-]{20,}/);
  await staff.close();
});

test('the subscribe form works without JavaScript and names a bad address', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/subscribe');
  await page.getByLabel('E-mail address').fill('no-js@example.com');
  await page.getByLabel('E-mail address').evaluate((el) => el.setAttribute('type', 'text'));
  await page.getByLabel('E-mail address').fill('not an address');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('alert')).toContainText('not a valid e-mail address');
  await page.getByLabel('E-mail address').fill('no-js@example.com');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await context.close();
});

test('a webhook subscription works without JavaScript: an inside URL is named; the answer holds no secret (only the confirmation page shows it)', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/subscribe');
  const contact = `noc-${Date.now()}@partner.example`;
  await page.getByLabel('E-mail address').fill(contact);
  await page.getByLabel('Webhook', { exact: true }).check();
  await page.getByLabel('Webhook or chat URL').fill('https://10.0.0.1/hook');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('alert')).toContainText('endpoint: points inside the network');
  // A public address literal needs no DNS, so the check passes offline.
  await page.getByLabel('E-mail address').fill(contact);
  await page.getByLabel('Webhook', { exact: true }).check();
  await page.getByLabel('Webhook or chat URL').fill('https://1.1.1.1/candor-hook');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  // Whoever fills the form need not own the endpoint: the secret goes only to the contact's confirmation page.
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('whsec_');
  await context.close();
});
