import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { E2E_ADMIN, e2eDatabaseUrl, pickCells, queueCountedNotice, signIn } from './fixtures';

// Issue 12, "a stale screen undoes decisions": after every console or public form, the page shows
// what is stored. Ada (the e2e admin) and Rob (a responder made here) walk the cases in the browser.

// Several signed-in browsers per test on a shared, busy machine: generous caps, no timed assertion.
test.describe.configure({ mode: 'serial', timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 30_000 });
test.use({ timezoneId: 'America/Toronto' });

const ROB = { email: `rob.${Date.now()}@candor.test`, name: 'Rob Reviewer', password: 'rob-long-enough-password' };

async function signedIn(browser: Browser, who: { email: string; password: string }, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, who, path);
  return page;
}

const db = () => new Database(e2eDatabaseUrl().replace(/^file:/, ''), { readonly: true });
const telstraData = (incidentId: string) => {
  const d = db();
  try {
    return (d.prepare('SELECT i."dataState" AS s FROM "IncidentImpact" i JOIN "Region" r ON r.id = i."regionId" JOIN "Component" c ON c.id = i."componentId" WHERE i."incidentId" = ? AND r.slug = ? AND c.slug = ?').get(incidentId, 'telstra-au', 'contacts') as { s: string }).s;
  } finally {
    d.close();
  }
};

let incidentId = '';

test('a new staff member and a new token appear in their tables at once', async ({ browser }) => {
  const ada = await signedIn(browser, E2E_ADMIN, '/admin/users');
  const form = ada.getByRole('region', { name: 'Add a staff member' }).locator('form');
  await form.getByLabel('E-mail', { exact: true }).fill(ROB.email);
  await form.getByLabel('Name').fill(ROB.name);
  await form.getByLabel('Role').selectOption('responder');
  await form.getByLabel(/^Password/).fill(ROB.password);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(ada.getByRole('status').filter({ hasText: `Account created for ${ROB.email}` })).toBeVisible();
  await expect(ada.getByRole('table').first()).toContainText(ROB.email);

  const tokenName = `fresh-${Date.now()}`;
  await ada.goto('/admin/tokens');
  await ada.getByLabel('Name').fill(tokenName);
  await ada.getByRole('button', { name: 'Create token' }).click();
  await expect(ada.getByRole('status').filter({ hasText: `Token "${tokenName}"` })).toBeVisible();
  await expect(ada.getByRole('table').first()).toContainText(tokenName);
  await ada.context().close();
});

test("Rob's update form is rebuilt after he approves Ada's data-loss update, and Ada's stale form is refused", async ({ browser }) => {
  const ada = await signedIn(browser, E2E_ADMIN, '/admin/incidents/new');
  await pickCells(ada, ['Contacts, Telstra Hiptop']);
  await ada.getByLabel('Title').fill(`Photos and contacts missing ${Date.now()}`);
  await ada.getByLabel('Kind').selectOption('data_loss');
  await ada.getByLabel('Contacts, Telstra Hiptop: status').selectOption('major_outage');
  await ada.getByLabel('Contacts, Telstra Hiptop: data').selectOption('at_risk');
  await ada.getByRole('textbox', { name: /^Main text/ }).fill('We are investigating missing contacts.');
  await ada.getByRole('button', { name: 'Declare incident' }).click();
  await ada.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
  incidentId = ada.url().split('/').pop()!;
  const adaForm = ada.getByRole('form', { name: 'Post an update' });
  await adaForm.getByText('Change impact per region').click();
  await adaForm.getByLabel('Contacts, Telstra Hiptop: data').selectOption('lost');
  await adaForm.getByRole('textbox', { name: /^Main text/ }).fill('Contacts for Telstra Hiptop customers are likely permanently lost.');
  await adaForm.getByRole('button', { name: 'Post update' }).click();
  await expect(ada.getByRole('status').filter({ hasText: 'waiting for a second staff member' })).toBeVisible();

  const rob = await signedIn(browser, ROB, `/admin/incidents/${incidentId}`);
  const robForm = rob.getByRole('form', { name: 'Post an update' });
  await expect(robForm.getByLabel('Contacts, Telstra Hiptop: data')).toHaveValue('at_risk');
  await rob.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(rob.getByRole('status').filter({ hasText: 'Approved and published.' })).toBeVisible();
  expect(telstraData(incidentId)).toBe('lost');
  // No reload: the form now shows what is stored, so posting it keeps "lost".
  await expect(robForm.getByLabel('Contacts, Telstra Hiptop: data')).toHaveValue('lost');
  await robForm.getByRole('textbox', { name: /^Main text/ }).fill('We are checking backups for anything left.');
  await robForm.getByRole('button', { name: 'Post update' }).click();
  await expect(rob.getByRole('status').filter({ hasText: 'Update published.' })).toBeVisible();
  expect(telstraData(incidentId)).toBe('lost');

  // Ada's page was drawn before all this: her "at risk" grid is refused, not applied.
  await adaForm.getByText('Change impact per region').click();
  await adaForm.getByLabel('Contacts, Telstra Hiptop: data').selectOption('at_risk');
  await adaForm.getByRole('textbox', { name: /^Main text/ }).fill('From a stale screen.');
  await adaForm.getByRole('button', { name: 'Post update' }).click();
  await expect(adaForm.getByText(/changed by someone else since you opened it/)).toBeVisible();
  expect(telstraData(incidentId)).toBe('lost');
  await ada.context().close();
  await rob.context().close();
});

test('approving on a resolved incident asks to reopen it', async ({ browser }) => {
  const ada = await signedIn(browser, E2E_ADMIN, `/admin/incidents/${incidentId}`);
  const adaForm = ada.getByRole('form', { name: 'Post an update' });
  await adaForm.getByText('Change impact per region').click();
  await adaForm.getByLabel('Contacts, T-Mobile Sidekick (United States): status').selectOption('partial_outage');
  await adaForm.getByLabel('Contacts, T-Mobile Sidekick (United States): data').selectOption('lost');
  await adaForm.getByRole('textbox', { name: /^Main text/ }).fill('Some contacts are likely lost too.');
  await adaForm.getByRole('button', { name: 'Post update' }).click();
  await expect(ada.getByRole('status').filter({ hasText: 'waiting for a second staff member' })).toBeVisible();

  const rob = await signedIn(browser, ROB, `/admin/incidents/${incidentId}`);
  const resolve = rob.getByRole('region', { name: 'Resolve' });
  await resolve.getByLabel(/Yes, every affected component/).check();
  await resolve.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(rob.getByRole('status').filter({ hasText: 'Resolved.' })).toBeVisible();
  await expect(rob.getByTestId('reopen-question')).toContainText('Approving this update reopens it');
  await expect(rob.getByRole('button', { name: 'Approve and publish' })).toHaveCount(0);
  await rob.getByRole('button', { name: 'Approve and reopen' }).click();
  await expect(rob.getByRole('status').filter({ hasText: 'the incident is open again' })).toBeVisible();
  await expect(rob.getByRole('form', { name: 'Post an update' })).toBeVisible();
  await ada.context().close();
  await rob.context().close();
});

test('the notice page leaves "queued" by itself once every message is sent', async ({ browser }) => {
  const ada = await signedIn(browser, E2E_ADMIN, '/admin/notices');
  await ada.goto(`/admin/notices/new?incident=${incidentId}&kind=update`);
  await queueCountedNotice(ada);
  await expect(ada.getByRole('status').filter({ hasText: 'Queued: sending starts now.' })).toBeVisible();
  await expect(ada.getByTestId('notice-status')).toHaveText('sent', { timeout: 30_000 });
  // The server-drawn parts follow without a reload: no more Pause or Cancel, and what was sent.
  await expect(ada.getByRole('button', { name: /Pause|Cancel the notice/ })).toHaveCount(0);
  await expect(ada.getByRole('heading', { name: 'What each region received' })).toBeVisible();
  await expect(ada.getByText(/; finished /)).toBeVisible();
  await ada.context().close();
});

test('subscribe: a tick means only these, the zone is visible and prefilled, and the carrier is preselected', async ({ page, browser, context }) => {
  await page.goto('/subscribe');
  const zone = page.getByLabel('Time zone for the times in your notices');
  await expect(zone).toHaveValue('America/Toronto');
  await expect(page.getByRole('radio', { name: 'Every carrier and country' })).toBeChecked();
  await page.getByRole('checkbox', { name: /Hiptop on Telstra/ }).check();
  await expect(page.getByRole('radio', { name: 'Only these:' }).first()).toBeChecked();
  await page.getByRole('radio', { name: 'Every carrier and country' }).check();
  await expect(page.getByRole('checkbox', { name: /Hiptop on Telstra/ })).not.toBeChecked();

  await page.goto('/subscribe?region=tmobile-us');
  await expect(page.getByRole('checkbox', { name: /Sidekick on T-Mobile \(T-Mobile US\)/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Hiptop on Telstra/ })).not.toBeChecked();
  await context.addCookies([{ name: 'candor_region', value: 'telstra-au', url: page.url() }]);
  await page.goto('/subscribe');
  await expect(page.getByRole('checkbox', { name: /Hiptop on Telstra/ })).toBeChecked();
  await expect(zone).toHaveValue('America/Toronto');
  const noJs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await noJs.goto('/subscribe?region=telstra-au');
  await expect(noJs.getByLabel('Time zone for the times in your notices')).toHaveValue('Australia/Sydney');
  await noJs.context().close();
  await context.clearCookies();

  // Tick one carrier without touching the radio, pick a zone, subscribe: only that carrier is stored and mailed.
  const email = `only-telstra-${Date.now()}@example.au`;
  await page.goto('/subscribe');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('checkbox', { name: /Hiptop on Telstra/ }).check();
  await zone.selectOption('Australia/Perth');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  const d = db();
  const row = d.prepare('SELECT s."allRegions" AS allRegions, s."timeZone" AS tz, group_concat(r.slug) AS slugs FROM "Subscriber" s LEFT JOIN "SubscriberRegion" sr ON sr."subscriberId" = s.id LEFT JOIN "Region" r ON r.id = sr."regionId" WHERE s.email = ? GROUP BY s.id').get(email);
  d.close();
  expect(row).toEqual({ allRegions: 0, tz: 'Australia/Perth', slugs: 'telstra-au' });

  const ada = await signedIn(browser, E2E_ADMIN, '/admin/mailbox');
  await expect(async () => {
    await ada.reload();
    await ada.getByRole('row').filter({ hasText: email }).getByRole('link').first().click({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const text = await ada.getByTestId('mail-text').innerText();
  expect(text).toContain('Telstra');
  expect(text).not.toMatch(/T-Mobile|Rogers/);
  const link = /https?:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]+/.exec(text)![0];
  await ada.context().close();

  // The manage page shows what is stored after every action.
  await page.goto(new URL(link).pathname);
  await page.getByRole('button', { name: 'Yes, send me notices' }).click();
  await expect(page.getByTestId('subscription-state')).toHaveText('active');
  const choices = page.getByRole('form', { name: 'Your choices' });
  await expect(choices.getByLabel('Time zone for the times in your notices')).toHaveValue('Australia/Perth');
  await choices.getByRole('checkbox', { name: /Sidekick on T-Mobile \(T-Mobile US\)/ }).check();
  await choices.getByRole('button', { name: 'Save choices' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(choices.getByRole('checkbox', { name: /Sidekick on T-Mobile \(T-Mobile US\)/ })).toBeChecked();
  await choices.getByRole('radio', { name: 'Every carrier and country' }).check();
  await choices.getByRole('button', { name: 'Save choices' }).click();
  await expect(choices.getByRole('radio', { name: 'Every carrier and country' })).toBeChecked();
  await page.reload();
  await expect(choices.getByRole('checkbox', { name: /Sidekick on T-Mobile \(T-Mobile US\)/ })).not.toBeChecked();
  await expect(choices.getByRole('radio', { name: 'Every carrier and country' })).toBeChecked();

  await page.getByRole('button', { name: 'Pause notices' }).click();
  await expect(page.getByTestId('subscription-state')).toHaveText('paused');
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByTestId('subscription-state')).toHaveText('unsubscribed');
  await page.getByRole('button', { name: 'Subscribe again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Welcome back' })).toBeVisible();
  await expect(page.getByTestId('subscription-state')).not.toHaveText('unsubscribed');
  await expect(page.getByText('You are unsubscribed')).toHaveCount(0);
});
