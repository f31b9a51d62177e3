import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { keepSms } from '@/lib/channels/sms/outbox';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
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
