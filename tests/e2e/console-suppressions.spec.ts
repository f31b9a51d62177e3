import { expect, test } from '@playwright/test';
import { axeViolations, E2E_ADMIN } from './fixtures';

// The suppression list in the console: reached from the navigation, an address added by hand
// with a reason, found by search, removed through the confirm step, and both actions in the audit log.

test('suppression list: add, search, remove with a confirm step, audit', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const address = `complainer-${suffix}@example.com`;
  await page.goto('/admin/suppressions');
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/suppressions');

  await page.goto('/admin/incidents');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Suppressions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Suppression list' })).toBeVisible();

  const add = page.getByRole('region', { name: 'Suppress an address' });
  await add.getByLabel('E-mail').fill(address.toUpperCase());
  await add.getByLabel('Reason').fill('asked by phone to stop all mail');
  await add.getByRole('button', { name: 'Add to the list' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${address} is on the suppression list` })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(address) })).toContainText('asked by phone to stop all mail');

  // Adding it again is refused, and the form keeps what was typed.
  await add.getByLabel('E-mail').fill(address);
  await add.getByLabel('Reason').fill('again');
  await add.getByRole('button', { name: 'Add to the list' }).click();
  await expect(add.getByRole('alert')).toContainText('already on the suppression list');
  await expect(add.getByLabel('Reason')).toHaveValue('again');

  await page.getByRole('search', { name: 'Find suppressed addresses' }).getByLabel('Address contains').fill(`complainer-${suffix}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('1 address match.')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);

  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);

  await page.getByRole('link', { name: `Remove ${address}` }).click();
  const confirm = page.getByRole('region', { name: `Remove ${address}?` });
  await expect(confirm).toContainText('Candor will mail this address again');
  await page.screenshot({ path: process.env.CANDOR_E2E_SCREENSHOT ?? 'test-results/console-suppressions.png', fullPage: true });
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: `Remove ${address}?` })).toHaveCount(0);
  await expect(page.getByRole('row', { name: new RegExp(address) })).toBeVisible();

  await page.getByRole('link', { name: `Remove ${address}` }).click();
  await page.getByRole('button', { name: 'Remove from the list' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${address} removed from the suppression list` })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(address) })).toHaveCount(0);

  await page.goto(`/admin/audit?objectType=suppression&objectId=${encodeURIComponent(address)}`);
  await expect(page.getByRole('cell', { name: 'suppression.add', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'suppression.remove', exact: true })).toBeVisible();
});
