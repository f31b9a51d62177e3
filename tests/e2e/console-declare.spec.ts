import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, signIn } from './fixtures';

// Declaring through the two-step flow at 1280 px: tick cells (a whole column at once), bulk-apply
// details to that column, choose the initial status, keep the preview in view, then send a
// notice from the incident page with the audience count confirmed.

const pageOverflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test('declare by ticking cells, bulk-apply to a column, chosen status; then send a notice with the count confirmed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E_ADMIN, '/admin/incidents/new');
  await page.getByLabel('Whole column: Telstra Hiptop').check();
  await page.getByLabel('Contacts, T-Mobile Sidekick (United States)', { exact: true }).check();
  // With JavaScript the column toggle ticks its cells at once.
  await expect(page.getByLabel('Photos, Telstra Hiptop', { exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Next: set details' }).click();
  const chosen = Number(/(\d+) service × carrier cells chosen/.exec((await page.getByText(/cells chosen/).textContent()) ?? '')?.[1]);
  const telstraRows = await page.getByLabel(/, Telstra Hiptop: status$/).count();
  expect(telstraRows).toBeGreaterThan(1);
  expect(chosen).toBe(telstraRows + 1);

  const title = `Photos failing in Australia ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.locator('select[name="status"]').selectOption('identified');
  const bulk = page.getByRole('group', { name: 'Apply to many cells' });
  await bulk.getByLabel('Status').selectOption('major_outage');
  await bulk.getByLabel('Data').selectOption('at_risk');
  await bulk.getByLabel('Affected users').fill('3000');
  await bulk.getByLabel('Apply to').selectOption({ label: 'Column: Telstra Hiptop' });
  await bulk.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByLabel('Photos, Telstra Hiptop: status')).toHaveValue('major_outage');
  await expect(page.getByLabel('Contacts, Telstra Hiptop: data')).toHaveValue('at_risk');
  // The T-Mobile cell is outside the column and keeps its own value.
  await expect(page.getByLabel('Contacts, T-Mobile Sidekick (United States): status')).toHaveValue('partial_outage');
  // The main text is read by every carrier, so it names none (naming one asks for a second confirmation).
  await page.getByRole('textbox', { name: /^Main text/ }).fill('Photos are failing to sync.');

  // The preview is beside the form, in view, and the page does not scroll sideways.
  const preview = page.getByRole('heading', { name: 'Telstra Hiptop customers' });
  await expect(preview).toBeInViewport();
  const submit = page.getByRole('button', { name: 'Declare incident' });
  await submit.scrollIntoViewIfNeeded();
  await expect(preview).toBeInViewport();
  const [p, s] = [await preview.boundingBox(), await submit.boundingBox()];
  expect(p!.x).toBeGreaterThan(s!.x + s!.width);
  expect(await pageOverflows(page)).toBe(false);

  await submit.click();
  await page.waitForURL(/\/admin\/incidents\/[^/]+$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const impact = page.getByRole('region', { name: 'Current impact' });
  await expect(impact.getByRole('row')).toHaveCount(1 + chosen);
  await expect(impact.getByRole('row').filter({ hasText: 'Telstra' }).filter({ hasText: 'Major outage' })).toHaveCount(telstraRows);
  await expect(page.locator('.badge').filter({ hasText: 'Identified' }).first()).toBeVisible();

  // The update form fits too: its grid scrolls inside its own box.
  await page.getByText(/Change impact per region/).click();
  expect(await pageOverflows(page)).toBe(false);

  const incidentUrl = page.url();
  await page.getByRole('link', { name: 'Send a notice' }).click();
  await expect(page.getByLabel('Incident')).toHaveValue(incidentUrl.split('/').pop()!);
  await page.getByRole('button', { name: 'Preview and count' }).click();
  const count = (await page.getByTestId('audience-count').textContent())!.trim();
  const queue = page.getByRole('form', { name: 'Queue the notice' });
  await expect(queue.getByRole('button', { name: /^Yes, send to/ })).toBeHidden();
  await queue.getByText('Queue and send…').click();
  const audience = `${count} subscriber${count === '1' ? '' : 's'}`;
  await expect(queue.getByText(`Send to ${audience}?`, { exact: true })).toBeVisible();
  await queue.getByRole('button', { name: `Yes, send to ${audience}` }).click();
  await page.waitForURL(/\/admin\/notices\/[^/]+$/);
});
