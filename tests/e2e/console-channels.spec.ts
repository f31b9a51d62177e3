import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN, e2eDatabaseUrl, signIn } from './fixtures';

// Issue 15 in the console: a region's SMS sender ID, the notice preview's text message and chat
// cards, and the banner while the SMSC cannot be used; at 1280 and 390 px, screenshotted.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/console-channels-${name}.png`;
const noSideways = async (page: import('@playwright/test').Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

for (const width of [1280, 390]) {
  test(`a region's SMS sender ID and the notice preview per channel at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, E2E_ADMIN, '/admin/regions');
    const edit = page.locator('details', { has: page.getByText('Edit Telstra Australia') });
    await edit.getByText('Edit Telstra Australia').click();
    const field = edit.getByLabel('SMS sender ID');
    await expect(field).toHaveValue('Telstra');
    await noSideways(page, width);
    await edit.screenshot({ path: shot(`region-${width}`) });

    await page.goto('/admin/notices/new?incident=demo-sidekick-data-loss&kind=data_loss');
    const preview = page.getByRole('article', { name: 'Preview: Hiptop on Telstra' });
    const sms = preview.locator('details[data-channel="sms"]');
    await expect(sms.locator('summary')).toHaveText(/^Text message \(SMS\): [12] segments?, GSM-7$/);
    await sms.locator('summary').click();
    await expect(sms.locator('.sms-bubble')).toContainText(/^Telstra: /);
    const slack = preview.locator('details[data-channel="slack"]');
    await slack.locator('summary').first().click();
    await expect(slack.locator('.chat-card')).toContainText('Manage these notices');
    await expect(slack.locator('.chat-card')).not.toContainText('"blocks"');
    const discord = preview.locator('details[data-channel="discord"]');
    await discord.locator('summary').first().click();
    await noSideways(page, width);
    await preview.screenshot({ path: shot(`preview-${width}`) });
  });
}

test('a bad sender ID is refused naming the field, and nothing changes', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/regions');
  const edit = page.locator('details', { has: page.getByText('Edit Rogers Canada') });
  await edit.getByText('Edit Rogers Canada').click();
  await edit.getByLabel('SMS sender ID').fill('Rogers Wireless');
  await edit.getByRole('button', { name: 'Save region' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'sms_sender_id' })).toContainText('up to 11 letters');
  await page.goto('/admin/regions');
  const again = page.locator('details', { has: page.getByText('Edit Rogers Canada') });
  await again.getByText('Edit Rogers Canada').click();
  await expect(again.getByLabel('SMS sender ID')).toHaveValue('');
  await again.getByLabel('SMS sender ID').fill('Rogers');
  await again.getByRole('button', { name: 'Save region' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Region saved.' })).toBeVisible();
});

test('while texts wait because the SMSC refuses us, every console page says so; the banner goes when they leave', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/notices');
  const banner = page.getByRole('alert').filter({ hasText: 'Text messages are not going out' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(banner).toHaveCount(0);
  // What a worker leaves when its SMSC refuses the bind (lib/jobs/sms-dispatch.ts), on a paused notice so no worker takes it.
  const conn = new Database(e2eDatabaseUrl().replace(/^file:/, ''));
  const now = new Date().toISOString().replace('Z', '+00:00');
  const run = (sql: string, ...args: unknown[]) => conn.prepare(sql).run(...args);
  const region = (conn.prepare(`SELECT id FROM "Region" WHERE slug = 'telstra-au'`).get() as { id: string }).id;
  try {
    run(`INSERT INTO "Subscriber" (id, email, key, channel, "phoneNumber", "manageTokenHash", "confirmedAt", "createdAt", "updatedAt") VALUES ('sub_e2e_sms', 'e2e.sms@example.au', 'sms e2e.sms@example.au +61412340000', 'sms', '+61412340000', 'hash-e2e-sms', ?, ?, ?)`, now, now, now);
    run(`INSERT INTO "Notice" (id, "incidentId", kind, status, "createdAt", "updatedAt") VALUES ('notice_e2e_sms', 'demo-sidekick-data-loss', 'update', 'paused', ?, ?)`, now, now);
    run(`INSERT INTO "Delivery" ("noticeId", "subscriberId", "regionId", status, "lastError", "nextAttemptAt", "createdAt") VALUES ('notice_e2e_sms', 'sub_e2e_sms', ?, 'pending', 'SMS: the SMSC refused our bind (ESME_RBINDFAIL)', ?, ?)`, region, now, now);
    for (const path of ['/admin/notices', '/admin/incidents']) {
      await page.goto(path);
      await expect(banner).toContainText('Text messages are not going out: the SMSC refused our bind (ESME_RBINDFAIL); 1 text is waiting');
      await expect(banner).toContainText('SMS_URL');
    }
    await page.screenshot({ path: shot('sms-banner'), fullPage: false });
  } finally {
    run(`DELETE FROM "Notice" WHERE id = 'notice_e2e_sms'`);
    run(`DELETE FROM "Subscriber" WHERE id = 'sub_e2e_sms'`);
    conn.close();
  }
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(banner).toHaveCount(0);
});
