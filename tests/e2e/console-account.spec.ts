import { expect, test, type Page } from '@playwright/test';
import { totpCode } from '@/lib/server/auth/totp';
import { E2E_ADMIN } from './fixtures';

// Account security in the browser: two-step sign-in with an authenticator code, a one-time
// password that must be replaced at first sign-in, and declaring an incident with JavaScript off.

async function signIn(page: Page, who: { email: string; password: string }, path = '/admin/incidents') {
  await page.goto(`/admin/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a one-time password must be replaced, then two-step sign-in asks for a code', async ({ page, browser }) => {
  test.setTimeout(120_000); // waits up to 30 s for a fresh code
  const email = `otp.${Date.now().toString(36)}@candor.test`;
  await signIn(page, E2E_ADMIN, '/admin/users');
  await page.waitForURL('**/admin/users');
  const form = page.getByRole('region', { name: 'Add a staff member' }).locator('form');
  await form.getByLabel('E-mail', { exact: true }).fill(email);
  await form.getByLabel('Role').selectOption('responder');
  await form.getByRole('button', { name: 'Add staff member' }).click();
  // Adding someone mails an invitation and shows no password; an admin can still hand out a one-time password.
  await expect(page.getByRole('status').filter({ hasText: `Account created for ${email}. An invitation` })).toBeVisible();
  await page.getByRole('link', { name: `Set one-time password for ${email.split('@')[0]}` }).click();
  await page.getByRole('button', { name: 'Set a one-time password' }).click();
  const note = await page.getByRole('status').filter({ hasText: 'One-time password' }).textContent();
  const oneTime = /: ([a-z2-9]{5}(?:-[a-z2-9]{5}){3})/.exec(note ?? '')?.[1];
  expect(oneTime).toBeTruthy();

  const context = await browser.newContext();
  const user = await context.newPage();
  await signIn(user, { email, password: oneTime! }, '/admin/incidents');
  await user.waitForURL('**/admin/account/password?next=%2Fadmin%2Fincidents');
  await user.goto('/admin/incidents');
  await expect(user).toHaveURL(/\/admin\/account\/password/);
  await user.getByLabel('One-time or current password').fill(oneTime!);
  await user.getByLabel(/^New password/).fill('my-own-long-password');
  await user.getByRole('button', { name: 'Save and continue' }).click();
  await user.waitForURL('**/admin/incidents');

  await user.goto('/admin/account');
  await user.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  const key = (await user.locator('.secret').nth(1).textContent())!.replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await expect(user.locator('.secret').first()).toContainText(`otpauth://totp/Candor%3A${encodeURIComponent(email)}`);
  await user.getByLabel('Code from the app').fill('000000' === totpCode(key, new Date()) ? '111111' : '000000');
  await user.getByRole('button', { name: 'Turn on' }).click();
  await expect(user.locator('.flash-error')).toContainText('not right');
  const enrolCode = totpCode(key, new Date());
  await user.getByLabel('Code from the app').fill(enrolCode);
  await user.getByRole('button', { name: 'Turn on' }).click();
  await expect(user.getByRole('status').filter({ hasText: 'Two-step sign-in is on.' })).toBeVisible();
  await context.close();

  const again = await (await browser.newContext()).newPage();
  await signIn(again, { email, password: 'my-own-long-password' }, '/admin/audit');
  await again.waitForURL('**/admin/sign-in/verify?next=%2Fadmin%2Faudit');
  await again.goto('/admin/audit');
  await expect(again).toHaveURL(/\/admin\/sign-in\/verify/);
  // Each code counts once: the one that turned two-step sign-in on cannot be replayed.
  await again.getByRole('textbox', { name: 'Code' }).fill(enrolCode);
  await again.getByRole('button', { name: 'Verify' }).click();
  await expect(again.locator('.flash-error')).toContainText('already been used');
  await expect(again).toHaveURL(/\/admin\/sign-in\/verify/);
  await expect.poll(() => totpCode(key, new Date()), { timeout: 35_000, intervals: [500] }).not.toBe(enrolCode);
  await again.getByRole('textbox', { name: 'Code' }).fill(totpCode(key, new Date()));
  await again.getByRole('button', { name: 'Verify' }).click();
  await again.waitForURL('**/admin/audit');
  await expect(again.getByRole('heading', { name: 'Audit log' })).toBeVisible();
});

test('declaring an incident works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, E2E_ADMIN, '/admin/incidents/new');
  await page.waitForURL('**/admin/incidents/new');
  // Step 1 is a plain GET form: tick the cell, then set details.
  await page.getByLabel('Photos, Rogers Sidekick', { exact: true }).check();
  await page.getByRole('button', { name: 'Next: set details' }).click();
  await page.waitForURL('**/admin/incidents/new?**');
  await page.getByLabel('Title').fill('Declared without JavaScript');
  await page.getByLabel('Photos, Rogers Sidekick: status').selectOption('degraded_performance');
  await page.getByRole('textbox', { name: /^Main text/ }).fill('Photo uploads are slow for Rogers customers.');
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await page.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
  await expect(page.getByRole('heading', { name: 'Declared without JavaScript' })).toBeVisible();
  await expect(page.getByText('Incident declared and published.')).toBeVisible();
  await context.close();
});
