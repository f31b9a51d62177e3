import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { keepSms } from '@/lib/channels/sms/outbox';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import AxeBuilder from '@axe-core/playwright';
import { E2E_ADMIN, e2eDatabaseUrl, signIn } from './fixtures';

// The console's SMS outbox lists what the local outbox keeps when SMS_URL is unset. The texts are
// written where the server keeps them (the data folder: the e2e database's folder), as the sink does.

test('the SMS outbox lists texts with sender, segments and encoding, beside the Mailbox', async ({ page }) => {
  const dir = join(dirname(sqliteFilePath(e2eDatabaseUrl())), 'sms-outbox');
  const stamp = Date.now();
  const long = `Telstra: data loss in Sydney since 09:00 (${stamp}). ${'Recovery is under way; we will text again. '.repeat(8)}`;
  keepSms(dir, { to: '+61412345678', from: 'Telstra', text: long, encoding: 'GSM-7', segments: 3, reference: 'e2e-1' });
  keepSms(dir, { to: '+14155550100', from: null, text: `Ваш код: ${stamp % 1_000_000}`, encoding: 'UCS-2', segments: 1, reference: 'e2e-2' });

  await signIn(page, E2E_ADMIN, '/admin/sms-outbox');
  await expect(page.getByRole('heading', { name: 'SMS outbox' })).toBeVisible();
  await expect(page.getByText('SMS_URL is not set')).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'SMS outbox' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Mailbox' })).toBeVisible();

  const rows = page.getByRole('row');
  const code = rows.filter({ hasText: `Ваш код: ${stamp % 1_000_000}` });
  await expect(code).toContainText('+14155550100');
  await expect(code).toContainText('SMSC default');
  await expect(code).toContainText('UCS-2');
  const notice = rows.filter({ hasText: String(stamp) }).filter({ hasText: 'Telstra' });
  await expect(notice).toContainText('+61412345678');
  await expect(notice).toContainText('3 (over 2)');
  await expect(notice).toContainText('GSM-7');
});

test('a notice’s page counts each channel, and for texts what the phones’ receipts said', async ({ page }) => {
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);
  const token = execFileSync('node', ['bin/candor.mjs', 'tokens', 'create', '--name', `e2e-channels-${suffix}`, '--role', 'admin', '--user', E2E_ADMIN.email], { env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() }, encoding: 'utf8' }).trim().split('\n').pop()!;
  const api = async (path: string, body: unknown) => {
    const res = await page.request.post(path, { headers: { authorization: `Bearer ${token}` }, data: body });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
    return (await res.json()) as { id: string };
  };
  // A carrier of its own, so the notice's audience is exactly what this test adds (and other specs' counts stay).
  const region = `vodafone-nz-${suffix}`;
  await api('/api/v1/regions', { slug: region, name: `Vodafone NZ ${suffix}`, carrier: 'Vodafone', product: 'Sidekick', market: 'New Zealand', time_zone: 'Pacific/Auckland' });
  await api('/api/v1/subscribers', {
    subscribers: [
      { channel: 'sms', phone_number: '+64211234567', email: `sms.${suffix}@example.nz`, regions: [region], skip_confirmation: true },
      { email: `mail.${suffix}@example.nz`, regions: [region], skip_confirmation: true },
    ],
  });
  const incident = await api('/api/v1/incidents', { name: `Contacts sync down in NZ ${suffix}`, body: 'Contacts do not sync.', impacts: [{ component: 'contacts', region, status: 'major_outage' }] });
  const notice = await api('/api/v1/notices', { incident: incident.id, kind: 'update' });

  await signIn(page, E2E_ADMIN, `/admin/notices/${notice.id}`);
  await expect(page.getByTestId('notice-status')).toHaveText('sent', { timeout: 30_000 });
  const table = page.getByRole('table', { name: 'Delivery by channel' });
  // Demo subscribers who follow every carrier are in the audience too: only the SMS line is this test's alone.
  await expect(table.getByRole('row').filter({ hasText: 'E-mail' })).toBeVisible();
  const sms = table.getByRole('row').filter({ hasText: 'Text message (SMS)' });
  await expect(sms.getByRole('cell').nth(0)).toHaveText('1');
  // The local outbox (no SMS_URL) answers each text with a "delivered" receipt, a moment after it is
  // kept: the page, finished sending, keeps looking while a receipt is awaited, and shows it.
  await expect(sms).toContainText('1 delivered, 0 not delivered, 0 awaiting', { timeout: 20_000 });
  // Staff find the texter by the number as people say it, and the list shows it.
  await page.goto(`/admin/subscribers?q=${encodeURIComponent('021 123 4567')}`);
  const found = page.getByRole('row').filter({ hasText: `sms.${suffix}@example.nz` });
  await expect(found).toContainText('Text message (SMS) · +64211234567');
  await page.screenshot({ path: test.info().outputPath('subscribers-by-number.png'), fullPage: false });
  await page.goto(`/admin/notices/${notice.id}`);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`notice-by-channel-${width}.png`), fullPage: false });
    // The delivery section only: the page's previews are one frame per carrier and language, checked elsewhere.
    const { violations } = await new AxeBuilder({ page }).include('section[aria-labelledby="progress-title"]').setLegacyMode(true).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe at ${width} px`).toEqual([]);
  }
});
