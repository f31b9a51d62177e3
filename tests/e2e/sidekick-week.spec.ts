import { expect, test, type Browser, type Page } from '@playwright/test';
import { candor } from '../helpers/cli';
import { E2E_ADMIN, e2eDatabaseUrl, pickCells, queueCountedNotice, signIn } from './fixtures';

// Issue 12's browser test of the whole week: declare for two carriers, post per-carrier text,
// approve by a second person, send an apology, read both carriers' mails in the console's mailbox
// (each names only its own carrier and says the same data-state words as its page), resolve.

test.describe.configure({ timeout: 240_000 });

const CARRIERS = [
  { slug: 'tmobile-us', label: 'T-Mobile Sidekick (United States)', own: /T-Mobile|Sidekick/, other: /Telstra|Hiptop/, zone: 'America/Los_Angeles' },
  { slug: 'telstra-au', label: 'Telstra Hiptop', own: /Telstra|Hiptop/, other: /T-Mobile|Sidekick/, zone: 'Australia/Sydney' },
] as const;

async function signedIn(browser: Browser, who: { email: string; password: string }, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, who, path);
  return page;
}

/** Fills the main text and each carrier's own text (its tab) of a console update form. */
async function texts(page: Page, main: string, own: Record<string, string>): Promise<void> {
  await page.getByRole('textbox', { name: /^Main text/ }).fill(main);
  for (const c of CARRIERS) {
    await page.getByRole('tab', { name: c.label }).click();
    await page.getByRole('textbox', { name: `For ${c.label} customers only (optional)` }).fill(own[c.slug]!);
  }
}

test('the outage week in the browser: two carriers, their own texts, two-person approval, an apology each carrier reads alone, resolve', async ({ browser, request }) => {
  const suffix = Date.now().toString(36);
  const env = { DATABASE_URL: e2eDatabaseUrl() };
  const rob = { email: `rob.${suffix}@candor.test`, password: `rob-long-password-${suffix}` };
  expect((await candor(['users', 'create', '--email', rob.email, '--role', 'responder', '--password', rob.password, '--name', 'Rob Second'], env)).code).toBe(0);
  const token = (await candor(['tokens', 'create', '--name', `week-${suffix}`, '--role', 'responder'], env)).stdout.trim().split('\n').pop()!.trim();
  const reader = Object.fromEntries(CARRIERS.map((c) => [c.slug, `${c.slug}.${suffix}@example.com`]));
  const imported = await request.post('/api/v1/subscribers', {
    headers: { authorization: `Bearer ${token}` },
    data: CARRIERS.map((c) => ({ email: reader[c.slug], regions: [c.slug], time_zone: c.zone, skip_confirmation: true })),
  });
  expect(imported.status(), await imported.text()).toBeLessThan(300);

  // Monday: Ada declares for both carriers, each reading its own first text.
  const ada = await signedIn(browser, E2E_ADMIN, '/admin/incidents/new');
  await pickCells(ada, CARRIERS.map((c) => `Photos, ${c.label}`));
  const title = `Photos missing after the storage upgrade ${suffix}`;
  await ada.getByLabel('Title').fill(title);
  await ada.getByLabel('Kind').selectOption('data_loss');
  for (const c of CARRIERS) {
    await ada.getByLabel(`Photos, ${c.label}: status`).selectOption('major_outage');
    await ada.getByLabel(`Photos, ${c.label}: data`).selectOption('at_risk');
  }
  await texts(ada, 'We are investigating missing photos.', { 'tmobile-us': 'Sidekick photos may be missing; keep your Sidekick switched on.', 'telstra-au': 'Hiptop photos may be missing; keep your Hiptop switched on.' });
  await ada.getByRole('button', { name: 'Declare incident' }).click();
  await ada.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
  const id = ada.url().split('/').pop()!;

  // Thursday: Telstra's photos are likely lost, T-Mobile's still at risk; the update waits for a second person.
  const update = ada.getByRole('form', { name: 'Post an update' });
  await update.getByLabel('Incident status').selectOption('identified');
  await update.getByText('Change impact per region').click();
  await update.getByLabel('Photos, Telstra Hiptop: data').selectOption('lost');
  await texts(ada, 'We have news about photos.', { 'tmobile-us': 'Sidekick photos are still at risk; we are restoring them.', 'telstra-au': 'We are sorry: Hiptop photos are likely lost for good.' });
  await update.getByRole('button', { name: 'Post update' }).click();
  await expect(ada.getByRole('status').filter({ hasText: 'waiting for a second staff member' })).toBeVisible();

  const robPage = await signedIn(browser, rob, `/admin/incidents/${id}`);
  await robPage.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(robPage.getByRole('status').filter({ hasText: 'Approved and published.' })).toBeVisible();
  await robPage.context().close();

  // Each carrier's page reads only its own news, and says what happened to its photos.
  const words: Record<string, string> = {};
  const pub = await (await browser.newContext()).newPage();
  for (const c of CARRIERS) {
    await expect(async () => {
      await pub.goto(`/regions/${c.slug}/incidents/${id}`);
      await expect(pub.getByRole('heading', { level: 1 })).toContainText(title, { timeout: 500 });
    }).toPass({ timeout: 30_000 });
    const main = await pub.locator('main').innerText();
    expect(main).toMatch(c.own);
    expect(main).not.toMatch(c.other);
    words[c.slug] = (await pub.locator('main .tag[class*="d-"]').first().innerText()).replace(/^data /, '');
  }
  expect(words).toEqual({ 'tmobile-us': 'at risk', 'telstra-au': 'likely lost' });
  await pub.context().close();

  // Friday: an apology to both carriers, sent after the audience is confirmed.
  await ada.goto(`/admin/notices/new?incident=${id}&kind=apology`);
  await queueCountedNotice(ada);
  await ada.waitForURL(/\/admin\/notices\/[^/]+$/);
  await expect(ada.getByTestId('notice-status')).toHaveText('sent', { timeout: 120_000 });

  // Each reader's mail names only their carrier and uses the page's words for their photos.
  for (const c of CARRIERS) {
    // Each try starts from the mailbox: a click that navigated after its timeout must not strand the next try elsewhere.
    const message = ada.getByRole('row').filter({ hasText: reader[c.slug]! }).getByRole('link').first();
    await expect(async () => {
      await ada.goto('/admin/mailbox');
      await expect(message).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await message.click();
    await expect(ada.getByTestId('mail-text')).toBeVisible();
    const mail = await ada.getByTestId('mail-text').innerText();
    expect(mail, c.slug).toMatch(c.own);
    expect(mail, c.slug).not.toMatch(c.other);
    expect(mail, c.slug).toMatch(new RegExp(`Photos:\\s+${words[c.slug]}`));
  }

  // Resolve: one confirmation.
  await ada.goto(`/admin/incidents/${id}`);
  const resolve = ada.getByRole('region', { name: 'Resolve' });
  await resolve.getByLabel(/Yes, every affected component/).check();
  await resolve.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(ada.getByRole('status').filter({ hasText: 'Resolved.' })).toBeVisible();
  await expect.poll(async () => ((await (await request.get('/api/v2/incidents/unresolved.json')).json()) as { incidents: { id: string }[] }).incidents.some((i) => i.id === id)).toBe(false);
  await ada.context().close();
});
