import { expect, test as setup } from '@playwright/test';
import Database from 'better-sqlite3';
import { axeViolations, E2E_ADMIN, e2eDatabaseUrl } from './fixtures';

// Runs first, against the fresh e2e database: creates the admin every other spec signs in as,
// and loads the demo scenario they read.

setup('the first-run form works without JavaScript and keeps what was typed', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/setup');
  await expect(page.getByRole('heading', { name: 'Set up Candor' })).toBeVisible();
  await page.getByLabel('Your name').fill(E2E_ADMIN.name);
  await page.getByLabel('E-mail').fill('not an address');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('different');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Please correct' });
  await expect(alert).toContainText('not a valid e-mail address');
  await expect(alert).toContainText('use at least 10 characters');
  await expect(alert).toContainText('the two passwords differ');
  await expect(page.getByLabel('Your name')).toHaveValue(E2E_ADMIN.name);
  await expect(page.getByLabel('E-mail')).toHaveValue('not an address');
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await context.close();
});

setup('create the first admin and load the demo', async ({ page, request }) => {
  await page.goto('/setup');
  await expect(page.getByRole('heading', { name: 'Set up Candor' })).toBeVisible();
  const demo = page.getByRole('checkbox', { name: 'Load the demo scenario (the Sidekick data-loss week)' });
  await expect(demo).not.toBeChecked();
  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);

  await page.getByLabel('Your name').fill(E2E_ADMIN.name);
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByLabel('Confirm password').fill(`${E2E_ADMIN.password}-typo`);
  await demo.check();
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Please correct' })).toContainText('the two passwords differ');
  await expect(page.locator('#confirmPassword-error')).toHaveText('the two passwords differ');
  await expect(page.getByLabel('E-mail')).toHaveValue(E2E_ADMIN.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(demo).toBeChecked();
  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);

  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByLabel('Confirm password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/sign-in' && url.searchParams.get('email') === E2E_ADMIN.email && url.searchParams.get('setup') === 'done');

  await page.goto('/setup');
  await expect(page.getByRole('heading', { name: 'Candor is already set up' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Staff sign-in' })).toHaveAttribute('href', '/admin/sign-in');
  await expect(page.getByRole('textbox')).toHaveCount(0);

  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });

  const file = e2eDatabaseUrl().replace(/^file:/, '');
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const users = conn.prepare('SELECT email, role FROM "User"').all();
    expect(users).toEqual([{ email: E2E_ADMIN.email, role: 'admin' }]);
    expect(conn.prepare(`SELECT product FROM "Region" WHERE slug = 'telstra-au'`).get()).toEqual({ product: 'Hiptop' });
    const open = conn.prepare(`SELECT status FROM "Incident" WHERE kind = 'data_loss' AND status NOT IN ('resolved', 'postmortem')`).all();
    expect(open).toHaveLength(1);
    const subscribers = conn.prepare('SELECT count(*) AS n FROM "Subscriber" WHERE "confirmedAt" IS NOT NULL').get() as { n: number };
    expect(subscribers.n).toBeGreaterThanOrEqual(200);
  } finally {
    conn.close();
  }
});
