import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { E2E_ADMIN, E2E_SECOND, E2E_VIEWER, e2eDatabaseUrl, pickCells, signIn } from './fixtures';

// The console workflow end to end: sign in, declare an incident with per-region impact, post an
// update, pass a data-loss update through the two-person rule, resolve. After each step the
// public JSON (/api/v2/summary.json) must show it within 2 seconds.

const SECOND = E2E_SECOND;
const VIEWER = E2E_VIEWER;

async function newSignedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, who);
  return page;
}

interface SummaryIncident {
  id: string;
  status: string;
  incident_updates: { body: string; status: string }[];
}

async function summaryIncident(page: Page, id: string): Promise<SummaryIncident | undefined> {
  const res = await page.request.get('/api/v2/summary.json', { headers: { 'cache-control': 'no-cache' } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { incidents: SummaryIncident[] };
  return body.incidents.find((i) => i.id === id);
}

test.describe.configure({ mode: 'serial' });

test('an expired session goes to sign-in and comes back to the same page', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const conn = new Database(e2eDatabaseUrl().replace(/^file:/, ''));
  try {
    conn.prepare(`UPDATE "Session" SET "expiresAt" = ? WHERE "userId" = (SELECT id FROM "User" WHERE email = ?)`).run(new Date(Date.now() - 1000).toISOString().replace('Z', '+00:00'), E2E_ADMIN.email);
  } finally {
    conn.close();
  }
  await page.goto('/admin/audit?objectType=incident');
  await expect(page).toHaveURL(/\/admin\/sign-in\?next=%2Fadmin%2Faudit%3FobjectType%3Dincident/);
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/audit' && url.searchParams.get('objectType') === 'incident');
});

test('wrong passwords get a clear message, and the e-mail stays filled in', async ({ page }) => {
  await page.goto('/admin/sign-in?email=someone%40candor.test');
  await expect(page.getByLabel('E-mail')).toHaveValue('someone@candor.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.flash-error')).toHaveText('Wrong e-mail or password.');
  await expect(page.getByLabel('E-mail')).toHaveValue('someone@candor.test');
});

test('declare, update, two-person data-loss approval, resolve', async ({ page, browser }) => {
  // Three people, five forms and a public check after each step: about 25 s on a quiet two-core
  // machine, over 60 s when it is busy.
  test.setTimeout(120_000);
  page.on('dialog', (d) => void d.accept());
  await signIn(page, E2E_ADMIN);

  // A second responder and a viewer, created in the console with known passwords.
  await page.goto('/admin/users');
  for (const [who, role] of [
    [SECOND, 'responder'],
    [VIEWER, 'viewer'],
  ] as const) {
    const form = page.getByRole('region', { name: 'Add a staff member' }).locator('form');
    await form.getByLabel('E-mail', { exact: true }).fill(who.email);
    await form.getByLabel('Name').fill(who.name);
    await form.getByLabel('Role').selectOption(role);
    await form.getByLabel(/^Password/).fill(who.password);
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Account created for ${who.email}` })).toBeVisible();
  }

  // Declare: tick the affected cells, then set their details.
  const title = `Contacts missing after sync ${Date.now()}`;
  await page.goto('/admin/incidents/new');
  await pickCells(page, ['Contacts, Telstra Hiptop', 'Contacts, T-Mobile Sidekick (United States)']);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Kind').selectOption('data_loss');
  await page.getByLabel('Contacts, Telstra Hiptop: status').selectOption('major_outage');
  await page.getByLabel('Contacts, Telstra Hiptop: data').selectOption('at_risk');
  await page.getByLabel('Contacts, Telstra Hiptop: affected users').fill('120000');
  await page.getByLabel('Contacts, T-Mobile Sidekick (United States): status').selectOption('partial_outage');
  await page.getByRole('textbox', { name: /^Main text/ }).fill('We are investigating reports that contacts are missing after a sync.');
  await expect(page.getByRole('heading', { name: 'Telstra Hiptop customers' })).toBeVisible();
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await page.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
  const id = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Incident declared and published.' })).toBeVisible();
  await expect.poll(async () => (await summaryIncident(page, id))?.status, { timeout: 2000, intervals: [100, 200, 400] }).toBe('investigating');

  // Post an update that changes the status.
  const update = page.getByRole('form', { name: 'Post an update' });
  await update.getByLabel('Incident status').selectOption('identified');
  await update.getByRole('textbox', { name: /^Main text/ }).fill('We found a failed storage upgrade; contacts are being recovered.');
  await update.getByRole('button', { name: 'Post update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Update published.' })).toBeVisible();
  await expect.poll(async () => (await summaryIncident(page, id))?.status, { timeout: 2000, intervals: [100, 200, 400] }).toBe('identified');

  // Declaring data lost waits for a second person; the author cannot approve it.
  const lostText = 'Some contacts for Telstra Hiptop customers are likely permanently lost.';
  await update.getByText('Change impact per region').click();
  await update.getByLabel('Contacts, Telstra Hiptop: data').selectOption('lost');
  await update.getByRole('textbox', { name: /^Main text/ }).fill(lostText);
  await update.getByRole('button', { name: 'Post update' }).click();
  // The text names Telstra, and T-Mobile's customers read the main text too: Candor asks first.
  await expect(update.getByRole('alert')).toContainText('The main text names "Telstra" and "Hiptop", which T-Mobile Sidekick customers will read.');
  await update.getByLabel('Publish anyway: I have checked who reads each text').check();
  await update.getByRole('button', { name: 'Post update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'waiting for a second staff member' })).toBeVisible();
  await expect(page.getByText('You wrote this update, so a different staff member must approve it.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve and publish' })).toHaveCount(0);
  await page.waitForTimeout(500);
  expect((await summaryIncident(page, id))?.incident_updates.map((u) => u.body)).not.toContain(lostText);

  const second = await newSignedIn(browser, SECOND);
  await second.goto('/admin/incidents');
  await expect(second.getByRole('heading', { name: /Waiting for approval/ })).toBeVisible();
  await second.getByRole('link', { name: title }).first().click();
  await second.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(second.getByRole('status').filter({ hasText: 'Approved and published.' })).toBeVisible();
  await expect.poll(async () => (await summaryIncident(page, id))?.incident_updates.map((u) => u.body), { timeout: 2000, intervals: [100, 200, 400] }).toContain(lostText);
  await second.context().close();

  // Resolve, with confirmation.
  await page.reload();
  const resolve = page.getByRole('region', { name: 'Resolve' });
  await resolve.getByRole('button', { name: 'Resolve incident' }).click();
  await resolve.getByLabel(/Yes, every affected component/).check();
  await resolve.getByLabel('Closing update (optional)').fill('Service is restored. Recovered contacts are back on devices.');
  await resolve.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Resolved.' })).toBeVisible();
  await expect(page.getByRole('table').first()).not.toContainText('Major outage');
  await expect.poll(async () => summaryIncident(page, id), { timeout: 2000, intervals: [100, 200, 400] }).toBeUndefined();
});

test('a viewer can read but the server refuses changes', async ({ browser }) => {
  const viewer = await newSignedIn(browser, VIEWER);
  await viewer.goto('/admin/incidents');
  await expect(viewer.getByRole('heading', { name: 'Incidents' })).toBeVisible();
  await expect(viewer.getByRole('link', { name: 'Declare an incident' })).toHaveCount(0);
  await viewer.goto('/admin/incidents/new');
  await expect(viewer.getByRole('heading', { name: '403: not allowed for your role' })).toBeVisible();
  await viewer.goto('/admin/users');
  await expect(viewer.getByRole('heading', { name: '403: not allowed for your role' })).toBeVisible();
  // No Mailbox or SMS outbox for viewers (they hold messages to other people): no link, and the pages refuse them.
  await expect(viewer.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Incidents' })).toBeVisible();
  await expect(viewer.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Mailbox' })).toHaveCount(0);
  await expect(viewer.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'SMS outbox' })).toHaveCount(0);
  for (const path of ['/admin/mailbox', '/admin/mailbox?page=2', `/admin/mailbox/${Date.now()}-000001-abcd`, '/admin/sms-outbox']) {
    await viewer.goto(path);
    await expect(viewer.getByRole('heading', { name: '403: not allowed for your role' })).toBeVisible();
  }
  await viewer.goto('/admin/settings');
  await expect(viewer.getByLabel('Page name', { exact: true })).toBeDisabled();
  // Forge the submission the UI does not offer: the server must still refuse it.
  await viewer.evaluate(() => {
    const form = document.querySelector('form[aria-label="Page settings"]')!;
    form.querySelectorAll('fieldset').forEach((f) => (f.disabled = false));
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Forged save';
    form.append(button);
  });
  await viewer.getByLabel('Page name', { exact: true }).fill('Hijacked');
  await viewer.getByRole('button', { name: 'Forged save' }).click();
  await expect(viewer.locator('.flash-error')).toContainText('This needs the admin role');
  const summary = await (await viewer.request.get('/api/v2/summary.json')).json();
  expect(summary.page.name).not.toBe('Hijacked');
  await viewer.context().close();
});
