import { expect, test, type Page } from '@playwright/test';
import { axeViolations, E2E_ADMIN } from './fixtures';

// Management screens and the API together: a region and a component added in the console, a
// token created in the console, maintenance planned through the API that starts and completes by
// itself at the set times, and the audit log showing who did it.

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
}

test('regions, components, a console token, self-running maintenance and the audit log', async ({ page }) => {
  // An 11 s maintenance window to wait out, then axe on five console pages.
  test.setTimeout(120_000);
  page.on('dialog', (d) => void d.accept());
  const suffix = Date.now().toString(36);
  await signIn(page, '/admin/regions');

  const addRegion = page.getByRole('region', { name: 'Add a region' });
  await addRegion.getByLabel('Name', { exact: true }).fill(`Vodafone New Zealand ${suffix}`);
  await addRegion.getByLabel('Slug').fill(`vodafone-nz-${suffix}`);
  await addRegion.getByLabel('Carrier').fill('Vodafone');
  await addRegion.getByLabel('Product name').fill('Sidekick');
  await addRegion.getByLabel('Market').fill('New Zealand');
  await addRegion.getByLabel('Time zone').fill('Mars/Olympus');
  await addRegion.getByRole('button', { name: 'Add region' }).click();
  await expect(addRegion.getByRole('alert')).toContainText('not a known IANA time zone');
  await expect(addRegion.getByLabel('Carrier')).toHaveValue('Vodafone');
  await addRegion.getByLabel('Time zone').fill('Pacific/Auckland');
  await addRegion.getByRole('button', { name: 'Add region' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Region added.' })).toBeVisible();
  await expect(page.getByRole('cell', { name: `Vodafone New Zealand ${suffix}` })).toBeVisible();

  await page.goto('/admin/components');
  const addComponent = page.getByRole('region', { name: 'Add a component' });
  await addComponent.getByLabel('Name', { exact: true }).fill(`Notes sync ${suffix}`);
  await addComponent.getByLabel(/^Slug/).fill(`notes-${suffix}`);
  await addComponent.getByLabel('Customer data it holds').selectOption('notes');
  await addComponent.getByRole('button', { name: 'Add component' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Component "Notes sync ${suffix}" added.` })).toBeVisible();

  await page.goto('/admin/tokens');
  const newToken = page.getByRole('region', { name: 'Create a token' });
  // Acting for the person who creates it is the default; acting for nobody is explained.
  await expect(newToken.getByLabel('Acts for')).toHaveValue('me');
  await expect(newToken).toContainText('can neither declare data lost');
  await newToken.getByLabel('Name', { exact: true }).fill(`e2e-${suffix}`);
  await newToken.getByLabel('Role').selectOption('responder');
  await newToken.getByRole('button', { name: 'Create token' }).click();
  const shown = await page.getByRole('status').filter({ hasText: 'shown only once' }).textContent();
  const token = /(cnd_\S+)/.exec(shown ?? '')?.[1];
  expect(token).toBeTruthy();
  await page.goto('/admin/tokens');
  await expect(page.getByRole('row').filter({ hasText: `e2e-${suffix}` })).toContainText(E2E_ADMIN.name);

  const api = (path: string, body?: unknown) => page.request.fetch(path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}` }, ...(body ? { data: body } : {}) });
  expect((await page.request.post('/api/v1/incidents', { data: { name: 'x', body: 'y' } })).status()).toBe(401);
  const bad = await api('/api/v1/incidents', { name: 'Window', kind: 'maintenance', body: 'y', scheduled_for: new Date().toISOString(), impacts: [] });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.field).toBe('scheduled_until');

  // The window starts 8 s out: the public snapshot must show it as scheduled first, and a rebuild of
  // the demo's snapshot takes several seconds on a loaded two-core machine (CI).
  const start = new Date(Date.now() + 8000);
  const end = new Date(start.getTime() + 3000);
  const created = await api('/api/v1/incidents', {
    name: `Notes database upgrade ${suffix}`,
    kind: 'maintenance',
    body: 'Notes will not sync for a few seconds.',
    scheduled_for: start.toISOString(),
    scheduled_until: end.toISOString(),
    impacts: [{ component: `notes-${suffix}`, region: `vodafone-nz-${suffix}`, status: 'under_maintenance' }],
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  const statusOf = async () => {
    const res = await page.request.get('/api/v2/scheduled-maintenances.json');
    const list = (await res.json()).scheduled_maintenances as { id: string; status: string }[];
    return list.find((m) => m.id === id)?.status;
  };
  await expect.poll(statusOf, { timeout: start.getTime() - Date.now() - 500, intervals: [200] }).toBe('scheduled');
  await expect.poll(statusOf, { timeout: start.getTime() - Date.now() + 10_000, intervals: [200] }).toBe('in_progress');
  expect(Date.now()).toBeGreaterThanOrEqual(start.getTime());
  await expect.poll(statusOf, { timeout: end.getTime() - Date.now() + 10_000, intervals: [200] }).toBe('completed');

  // The public status follows the clock; the console shows the scheduler's updates, which on a
  // loaded machine may land a few seconds after the boundary: reload until the end is recorded.
  await expect(async () => {
    await page.goto(`/admin/incidents/${id}`);
    await expect(page.getByRole('list').filter({ hasText: 'The scheduled maintenance is complete.' })).toContainText('by Candor', { timeout: 1000 });
  }).toPass({ timeout: 20_000, intervals: [500] });
  await expect(page.getByRole('list').filter({ hasText: 'The scheduled maintenance has started.' })).toContainText('by Candor');

  await page.goto('/admin/audit?objectType=region');
  await expect(page.getByRole('row').filter({ hasText: 'region.create' }).first()).toContainText(E2E_ADMIN.name);
  await page.goto(`/admin/audit?objectId=${id}`);
  await expect(page.getByRole('row').filter({ hasText: 'maintenance.complete' })).toContainText('Candor');

  for (const path of ['/admin/incidents/new', '/admin/audit', `/admin/incidents/${id}`, '/admin/components', '/admin/regions']) {
    await page.goto(path);
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${path}: ${v.id}`)).toEqual([]);
  }
});
