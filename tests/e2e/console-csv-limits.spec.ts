import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from './fixtures';

// Limits as a browser meets them: a CSV past Next's default 1 MB but under Candor's limit imports;
// one past the limit gets a message naming it; an absurd page number gets a message, not an error
// page; a hostile ?next= after sign-in stays in the console.

const csv = (rows: number, padding: number, tag: string) => Buffer.from(`email,regions,components,time_zone\n${Array.from({ length: rows }, (_, i) => `csv-${tag}-${i}@example.com,all,all,UTC\n`).join('')}${'\n'.repeat(padding)}`);

test('CSV import up to its limit, a message past it; paging and redirects stay sane', async ({ page }) => {
  await page.goto(`/admin/sign-in?next=${encodeURIComponent('/\\evil.example/admin')}`);
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === new URL(page.url()).origin && url.pathname === '/admin');

  await page.goto('/admin/subscribers');
  const form = page.getByRole('form', { name: 'Import subscribers from CSV' });
  await expect(form).toContainText('Up to 1,000 rows and 2 MB.');
  const tag = Date.now().toString(36);
  await form.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: csv(5, 1_500_000, tag) });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('status')).toContainText('Imported 5 new and updated 0 subscribers; 0 rows rejected.');

  await form.getByLabel('CSV file').setInputFiles({ name: 'too-big.csv', mimeType: 'text/csv', buffer: csv(5, 2_500_000, `${tag}x`) });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('alert')).toContainText('the limit is 2 MB');

  for (const value of ['1e309', '-1', 'NaN', '99999999999999999999']) {
    const response = await page.goto(`/admin/subscribers?page=${value}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('alert').filter({ hasText: 'page: a whole number from 1 to 100000' })).toBeVisible();
  }
});
