import { expect, test } from '@playwright/test';
import { axeViolations, E2E_ADMIN, signIn } from './fixtures';

// Staff answer an incident from their phones: every page the console's navigation leads to passes
// axe at 390 px (no serious or critical violation), its wide tables scrolling sideways included.
// The pages are read from the navigation itself, so a new one is checked without touching this file.

test('every page in the console navigation passes axe at 390 px', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, E2E_ADMIN, '/admin/incidents');
  await page.setViewportSize({ width: 390, height: 900 });
  const nav = page.getByRole('navigation', { name: 'Console' });
  const paths = [...new Set(await nav.getByRole('link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname)))];
  expect(paths.length).toBeGreaterThanOrEqual(10);
  expect(paths).toContain('/admin/subscribers');
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    found.push(...serious.map((v) => `${path}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
  }
  expect(found).toEqual([]);
});
