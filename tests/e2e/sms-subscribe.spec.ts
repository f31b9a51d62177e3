import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { listSmsOutbox } from '@/lib/channels/sms/outbox';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import { e2eDatabaseUrl } from './fixtures';

// Subscribing by text message without JavaScript: the form names a bad number, the code is texted
// (to the local SMS outbox, SMS_URL being unset), a wrong code is named, the right one confirms.

test('subscribe by SMS without JavaScript: a bad number is named, the texted code confirms on the code page', async ({ browser }) => {
  const dir = join(dirname(sqliteFilePath(e2eDatabaseUrl())), 'sms-outbox');
  const phone = `+614123${String(Date.now() % 100_000).padStart(5, '0')}`;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/subscribe');
  await page.getByLabel('E-mail address').fill('hiptop-sms@example.au');
  await page.getByLabel('Text message (SMS)').check();
  await page.getByLabel('Mobile number').fill('0412 345 678');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('alert')).toContainText('phone_number:');
  expect(listSmsOutbox(dir).messages.filter((m) => m.to === phone)).toHaveLength(0);

  await page.getByLabel('E-mail address').fill('hiptop-sms@example.au');
  await page.getByLabel('Text message (SMS)').check();
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/subscribe\/code\?phone=/);
  await expect(page.getByRole('heading', { name: 'Type the code we texted you' })).toBeVisible();
  await expect(page.getByLabel('Mobile number')).toHaveValue(phone);
  const texts = listSmsOutbox(dir).messages.filter((m) => m.to === phone);
  expect(texts).toHaveLength(1);
  const code = /^(\d{6}) is your /.exec(texts[0]!.text)![1]!;

  await page.getByLabel('Code', { exact: true }).fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert')).toContainText('code:');
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/manage\/[^?]+\?confirmed=1/);
  await expect(page.getByText(`Notices are texted to ${phone}`)).toBeVisible();
  await context.close();
});

test('the SMS field and the code page fit at 1280 and 390 px (screenshots in the test output)', async ({ page }, info) => {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/subscribe');
    await expect(page.getByLabel('Mobile number')).toBeVisible();
    await page.screenshot({ path: info.outputPath(`subscribe-${width}.png`), fullPage: true });
    await page.goto('/subscribe/code?phone=%2B61412345678');
    await expect(page.getByLabel('Code', { exact: true })).toBeVisible();
    // Nothing runs off the side on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: info.outputPath(`code-${width}.png`), fullPage: true });
  }
});
