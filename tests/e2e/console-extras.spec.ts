import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { totpCode } from '@/lib/server/auth/totp';
import { axeViolations, E2E_ADMIN, e2eDatabaseUrl, pickCells } from './fixtures';

// Three console extras: an admin resets a colleague's lost second factor (confirm step without
// JavaScript), update bodies render as Markdown in the timeline, and maintenance windows are typed
// and shown in a chosen time zone.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/console-extras-${name}.png`;

async function signIn(page: Page, who: { email: string; password: string }, path: string) {
  await page.goto(`/admin/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function noSeriousAxe(page: Page) {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
}

test('an admin resets a lost second factor without JavaScript; the password alone then signs in', async ({ browser }) => {
  const suffix = Date.now().toString(36);
  const member = { email: `lost.${suffix}@candor.test`, name: `Lou ${suffix}`, password: 'lou-long-password' };
  const secret = 'JBSWY3DPEHPK3PXP';

  const adminContext = await browser.newContext({ javaScriptEnabled: false });
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN, '/admin/users');
  await admin.waitForURL('**/admin/users');
  const add = admin.getByRole('region', { name: 'Add a staff member' });
  await add.getByLabel('E-mail', { exact: true }).fill(member.email);
  await add.getByLabel('Name').fill(member.name);
  await add.getByLabel('Password (optional').fill(member.password);
  await add.getByRole('button', { name: 'Add staff member' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `Account created for ${member.email}` })).toBeVisible();
  const conn = new Database(e2eDatabaseUrl().replace(/^file:/, ''));
  try {
    conn.prepare(`UPDATE "User" SET "totpSecret" = ?, "totpEnabledAt" = ? WHERE email = ?`).run(secret, new Date().toISOString().replace('Z', '+00:00'), member.email);
  } finally {
    conn.close();
  }

  // Lou signs in with a code, then loses the phone.
  const louContext = await browser.newContext();
  const lou = await louContext.newPage();
  await signIn(lou, member, '/admin/incidents');
  await lou.waitForURL(/\/admin\/sign-in\/verify/);
  await lou.getByRole('textbox', { name: 'Code' }).fill(totpCode(secret, new Date()));
  await lou.getByRole('button', { name: 'Verify' }).click();
  await lou.waitForURL('**/admin/incidents');

  await admin.goto('/admin/users');
  const row = admin.getByRole('row', { name: new RegExp(member.email) });
  await expect(row).toContainText('2-step on');
  await expect(admin.getByRole('row', { name: new RegExp(E2E_ADMIN.email) }).getByRole('link', { name: /Reset two-step/ })).toHaveCount(0);
  await row.getByRole('link', { name: `Reset two-step sign-in for ${member.name}` }).click();
  const confirm = admin.getByRole('region', { name: `Reset two-step sign-in for ${member.name}?` });
  await expect(confirm).toContainText('signed out everywhere');
  await admin.screenshot({ path: shot('users-reset-confirm'), fullPage: true });
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(admin.getByRole('region', { name: /Reset two-step sign-in for/ })).toHaveCount(0);
  await expect(row).toContainText('2-step on');

  await row.getByRole('link', { name: `Reset two-step sign-in for ${member.name}` }).click();
  await admin.getByRole('button', { name: 'Reset two-step sign-in' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `Two-step sign-in is off for ${member.email} (1 session ended)` })).toBeVisible();
  await expect(row).toContainText('password only');
  await admin.screenshot({ path: shot('users-reset-done'), fullPage: true });

  // Lou's session is gone; the password alone signs in now.
  await lou.goto('/admin/incidents');
  await expect(lou).toHaveURL(/\/admin\/sign-in\?/);
  await signIn(lou, member, '/admin/incidents');
  await lou.waitForURL('**/admin/incidents');
  await louContext.close();

  await admin.goto(`/admin/audit?action=user.totp_reset`);
  await expect(admin.getByRole('cell', { name: 'user.totp_reset', exact: true }).first()).toBeVisible();
  await adminContext.close();
});

test('update bodies show as Markdown in the console timeline, raw HTML as text', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/incidents/new');
  await page.waitForURL('**/admin/incidents/new');
  const title = `Markdown timeline ${Date.now().toString(36)}`;
  await pickCells(page, ['Photos, Rogers Sidekick']);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Photos, Rogers Sidekick: status').selectOption('degraded_performance');
  await page.getByRole('textbox', { name: /^Main text/ }).fill('**Photo uploads** are slow.\n\n- Rogers only\n- no data at risk\n\nSee [the help page](https://support.example.com/photos) or [this](javascript:alert(1)).\n\n<img src=x onerror="window.__xss=1">');
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await page.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname));
  const entry = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'Photo uploads' }).first();
  await expect(entry.locator('strong')).toHaveText('Photo uploads');
  await expect(entry.locator('ul li')).toHaveText(['Rogers only', 'no data at risk']);
  await expect(entry.getByRole('link', { name: 'the help page' })).toHaveAttribute('href', 'https://support.example.com/photos');
  await expect(entry.getByRole('link', { name: 'the help page' })).toHaveAttribute('rel', 'nofollow noopener noreferrer');
  await expect(entry.locator('a[href^="javascript"], img, script')).toHaveCount(0);
  await expect(entry).toContainText('<img src=x onerror="window.__xss=1">');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await entry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('timeline-markdown'), fullPage: true });
});

test('maintenance windows are typed and shown in a chosen time zone; a skipped time is refused', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/maintenance');
  await page.waitForURL('**/admin/maintenance');
  const title = `Zone test ${Date.now().toString(36)}`;
  const plan = page.getByRole('form', { name: 'Plan maintenance' });
  await plan.getByLabel('Title').fill(title);
  // The demo page's zone is Los Angeles: the default.
  await expect(plan.getByLabel('Times are in')).toHaveValue('America/Los_Angeles');
  await plan.getByLabel('Starts').fill('2027-03-14T02:30');
  await plan.getByLabel('Ends').fill('2027-03-14T04:00');
  await plan.getByLabel('Announcement').fill('We will upgrade the sync database.');
  await plan.getByRole('button', { name: 'Plan maintenance' }).click();
  await expect(plan.getByRole('alert')).toContainText('scheduled_for: 02:30 on 2027-03-14 does not exist in America/Los_Angeles: the clocks go forward 1 hour then.');
  await expect(plan.getByLabel('Title')).toHaveValue(title);
  await page.screenshot({ path: shot('maintenance-gap'), fullPage: true });
  await plan.getByLabel('Starts').fill('2027-03-14T01:00');
  await plan.getByRole('button', { name: 'Plan maintenance' }).click();
  await page.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname));
  const id = new URL(page.url()).pathname.split('/').pop()!;

  await page.goto('/admin/maintenance');
  const row = page.getByRole('row', { name: new RegExp(title) });
  // 01:00 PST and 04:00 PDT: 09:00 and 11:00 UTC.
  await expect(row).toContainText('2027-03-14 09:00 UTC to 2027-03-14 11:00 UTC');
  await expect(row).toContainText(/Mar 14, 2027, 1:00\s?AM PST to Mar 14, 2027, 4:00\s?AM PDT/);
  await row.getByRole('link', { name: `Change the window of ${title}` }).click();
  await page.waitForURL(`**/admin/maintenance/${id}`);
  const edit = page.getByRole('form', { name: 'Change the maintenance window' });
  await expect(edit.getByLabel('Starts')).toHaveValue('2027-03-14T01:00');
  await expect(edit.getByLabel('Ends')).toHaveValue('2027-03-14T04:00');
  await noSeriousAxe(page);
  await page.screenshot({ path: shot('maintenance-window-la'), fullPage: true });

  await page.getByRole('form', { name: 'Choose the time zone' }).getByLabel('Show and type times in').selectOption('Australia/Sydney');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(`**/admin/maintenance/${id}?tz=Australia%2FSydney`);
  await expect(edit.getByLabel('Starts (Australia/Sydney)')).toHaveValue('2027-03-14T20:00');
  await expect(edit.getByLabel('Ends (Australia/Sydney)')).toHaveValue('2027-03-14T22:00');

  // Sydney's clocks go back on 4 Apr 2027: 02:30 happens twice, and the first is taken.
  await edit.getByLabel('Starts (Australia/Sydney)').fill('2027-04-04T02:30');
  await edit.getByLabel('Ends (Australia/Sydney)').fill('2027-04-04T05:00');
  await edit.getByRole('button', { name: 'Save window' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'happens twice in Australia/Sydney' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/admin/maintenance/${id}\\?tz=Australia%2FSydney$`));
  await expect(edit.getByLabel('Starts (Australia/Sydney)')).toHaveValue('2027-04-04T02:30');
  await expect(page.getByText('2027-04-03 15:30 UTC').first()).toBeVisible();
  await page.screenshot({ path: shot('maintenance-window-sydney'), fullPage: true });

  await edit.getByLabel('Starts (Australia/Sydney)').fill('2027-10-03T02:30');
  await edit.getByLabel('Ends (Australia/Sydney)').fill('2027-10-03T05:00');
  await edit.getByRole('button', { name: 'Save window' }).click();
  await expect(edit.getByRole('alert')).toContainText('02:30 on 2027-10-03 does not exist in Australia/Sydney');
});

test('while a delivery worker has paused mail, every console page says so, why and how much waits; the banner goes when it resumes', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/notices');
  await page.waitForURL('**/admin/notices');
  const banner = page.getByRole('alert').filter({ hasText: 'Mail is not going out' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(banner).toHaveCount(0);

  // The row a paused worker writes (lib/jobs/mail-pause.ts); Prisma's SQLite DateTime text.
  const now = new Date().toISOString().replace('Z', '+00:00');
  const conn = new Database(e2eDatabaseUrl().replace(/^file:/, ''));
  const run = (sql: string, ...args: unknown[]) => conn.prepare(sql).run(...args);
  try {
    run(`INSERT INTO "MailPause" ("workerId", since, reason, reply, stage, "updatedAt") VALUES ('e2e-paused-worker', ?, 'the relay refused our login (535 5.7.8)', '535 5.7.8 Authentication credentials invalid', 'auth', ?)`, now, now);
    for (const path of ['/admin/notices', '/admin/incidents', '/admin/settings']) {
      await page.goto(path);
      await expect(banner).toContainText(/Mail is not going out: the relay refused our login \(535 5\.7\.8\) at \d\d:\d\d UTC; [\d,]+ messages? (is|are) waiting/);
      await expect(banner).toContainText('SMTP_URL');
    }
    await noSeriousAxe(page);
  } finally {
    run(`DELETE FROM "MailPause" WHERE "workerId" = 'e2e-paused-worker'`);
    conn.close();
  }
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(banner).toHaveCount(0);
});
