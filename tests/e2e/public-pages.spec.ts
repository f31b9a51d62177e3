import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './fixtures';
// The public page as customers meet it, on the demo scenario that first-run.setup.ts loads.

const PUBLIC_PAGES = ['/', '/regions/telstra-au', '/regions/tmobile-us', '/regions/rogers-ca', '/incidents/demo-sidekick-data-loss', '/incidents/demo-maintenance-storage', '/history', '/embed', '/regions/telstra-au/embed', '/regions/nowhere'];

test('walks the Sidekick scenario: home, Telstra region, incident, history', async ({ page }) => {
  // Includes axe on the history page with a day open (its 90-day bars are most of the page's nodes):
  // 2-5 s of the test on a busy two-core machine (axeViolations), 15-30 s with axe's default run.
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danger Cloud Services status');
  await expect(page.locator('#overall')).toHaveText('Major System Outage');
  await expect(page.getByRole('heading', { name: 'Impact by carrier' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Contacts, Telstra Hiptop: major outage, data likely lost' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Contacts, Rogers Sidekick: operational' })).toBeVisible();

  await page.getByRole('main').getByRole('link', { name: 'Telstra Hiptop' }).first().click();
  await expect(page).toHaveURL(/\/regions\/telstra-au$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Telstra Hiptop customers');
  await expect(page.getByRole('heading', { name: 'What is affected for you' })).toBeVisible();
  await expect(page.getByText('Contacts on your Hiptop')).toBeVisible();
  // Sydney time, with UTC alongside.
  await expect(page.locator('main time').first()).toHaveText(/AEDT|GMT\+11/);
  await expect(page.locator('main .utc').first()).toContainText('UTC');

  await page.getByRole('link', { name: /photos lost for many customers/ }).first().click();
  // From Telstra's pages the incident opens as Telstra's customers read it; "All carriers" leads back.
  await expect(page).toHaveURL(/\/regions\/telstra-au\/incidents\/demo-sidekick-data-loss$/);
  await page.getByRole('link', { name: 'All carriers' }).click();
  await expect(page).toHaveURL(/\/incidents\/demo-sidekick-data-loss$/);
  await expect(page.getByRole('heading', { name: 'Who is affected' })).toBeVisible();
  // Restore progress counts only data coming back: T-Mobile's contacts and calendar. Telstra's data
  // is likely lost with nothing restored, so it gets no "0 of 120,000 restored" bar.
  await expect(page.getByRole('progressbar', { name: 'T-Mobile Sidekick: about 715,000 of 1,600,000 affected customers restored' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: /Telstra Hiptop/ })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Updates' })).toBeVisible();
  await expect(page.getByText('(was Investigating)')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByRole('heading', { name: 'Uptime over the past 90 days' })).toBeVisible();
  await expect(page.getByText('a partial outage counts as 30%')).toBeVisible();
  // Each bar row is one tab stop (today); arrow keys, Home and End move between days, and the
  // focused day's popover opens and describes the button, so it is announced.
  const rows = page.locator('.uptime-row');
  const rowCount = await rows.count();
  expect(rowCount).toBeGreaterThan(5);
  expect(await page.locator('.bars button:not([tabindex="-1"])').count()).toBe(rowCount);
  const row = page.getByRole('toolbar').first();
  const days = row.getByRole('button');
  await expect(days).toHaveCount(90);
  await days.last().focus();
  const open = page.locator('[popover]:popover-open');
  await expect(open).toHaveCount(1);
  await expect(open).toContainText(/uptime/);
  await page.keyboard.press('Home');
  await expect(days.first()).toBeFocused();
  await expect(days.first()).toHaveAttribute('tabindex', '0');
  await expect(days.last()).toHaveAttribute('tabindex', '-1');
  await expect(open).toHaveCount(1);
  expect(await open.getAttribute('id')).toBe(await days.first().getAttribute('popovertarget'));
  await page.keyboard.press('End');
  await expect(days.last()).toBeFocused();
  const target = await days.evaluateAll((buttons) => buttons.findIndex((b) => / \d+ incidents?$/.test(b.getAttribute('aria-label') ?? '')));
  expect(target).toBeGreaterThanOrEqual(0);
  for (let k = 89; k > target; k -= 1) await page.keyboard.press('ArrowLeft');
  const day = days.nth(target);
  await expect(day).toBeFocused();
  await expect(day).toHaveAccessibleName(/uptime, \d+ incidents?$/);
  await expect(day).toHaveAccessibleDescription(/\w/);
  await expect(open).toHaveCount(1);
  expect(await open.getAttribute('id')).toBe(await day.getAttribute('popovertarget'));
  await expect(open.getByRole('link').first()).toBeVisible();
  await expectAccessible(page, '/history with a day open');
  // The popover sits under its day, and stays there when the page scrolls.
  const gap = async () => page.evaluate(() => {
    const pop = document.querySelector('[popover]:popover-open')!.getBoundingClientRect();
    const button = (document.activeElement as HTMLElement).getBoundingClientRect();
    return Math.round(Math.min(Math.abs(pop.top - button.bottom), Math.abs(button.top - pop.bottom)));
  });
  expect(await gap()).toBe(6);
  await page.evaluate(() => window.scrollBy(0, 40));
  await expect.poll(gap).toBe(6);
  // Tab goes into the open popover, to its incidents.
  await page.keyboard.press('Tab');
  await expect(open.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(day).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('[popover]:popover-open')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.locator('[popover]:popover-open')).toHaveCount(1);
  await page.keyboard.press('Escape');
  // The next Tab leaves the row: to its list of incident days, then the next row's one stop.
  await page.keyboard.press('Tab');
  await expect(rows.first().locator('details.incident-days summary')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(rows.nth(1).locator('.bars button').last()).toBeFocused();
  await expect(page.locator('[popover]:popover-open')).toHaveCount(1);
  await page.keyboard.press('Escape');
  // A click opens the day it hits (the popover button works as it does without the script).
  await days.nth(10).click();
  await expect(page.locator('[popover]:popover-open')).toHaveCount(1);
  expect(await page.locator('[popover]:popover-open').getAttribute('id')).toBe(await days.nth(10).getAttribute('popovertarget'));
  await page.getByRole('navigation', { name: 'Months' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/history\/\d{4}-\d{2}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^History: /);
});

test('the region picker works without JavaScript and is remembered', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Your carrier').selectOption('telstra-au');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\/regions\/telstra-au$/);
  await expect(page.getByLabel('Your carrier')).toHaveValue('telstra-au');
  await page.goto('/');
  await expect(page).toHaveURL(/\/regions\/telstra-au$/);
  await page.getByRole('link', { name: 'See every carrier' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danger Cloud Services status');
  await page.goto('/');
  await expect(page).toHaveURL(/\/$/);
  await context.close();
});

test('the history page reads without JavaScript: one tab stop per row, incident days listed', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/history');
  const rows = page.locator('.uptime-row');
  const rowCount = await rows.count();
  expect(await page.locator('.bars button:not([tabindex="-1"])').count()).toBe(rowCount);
  const list = rows.first().locator('details.incident-days');
  await list.locator('summary').click();
  await expect(list.getByRole('link').first()).toBeVisible();
  await expect(list.getByRole('listitem').first()).toContainText('uptime');
  // The bars are still declarative popover buttons: a click shows the day, no script needed.
  await rows.first().locator('.bars button').last().click();
  await expect(page.locator('[popover]:popover-open')).toHaveCount(1);
  await context.close();
});

test('with JavaScript, the region picker also remembers the choice in localStorage', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const saved = () => page.evaluate(() => localStorage.getItem('candor-region'));
  await page.goto('/');
  await page.getByLabel('Your carrier').selectOption('telstra-au');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\/regions\/telstra-au$/);
  expect(await saved()).toBe('telstra-au');
  // The cookie is gone (cleared, expired): localStorage brings the carrier back, and the cookie too.
  await context.clearCookies();
  await page.goto('/');
  await expect(page).toHaveURL(/\/regions\/telstra-au$/);
  expect((await context.cookies()).find((c) => c.name === 'candor_region')?.value).toBe('telstra-au');
  // Choosing every carrier forgets both.
  await page.getByRole('link', { name: 'See every carrier' }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await saved()).toBeNull();
  await page.goto('/');
  await expect(page).toHaveURL(/\/$/);
  // A cookie set without the script (JavaScript was off then) is copied into localStorage.
  await context.addCookies([{ name: 'candor_region', value: 'rogers-ca', url: baseURL! }]);
  await page.goto('/regions/rogers-ca');
  await expect.poll(saved).toBe('rogers-ca');
  // A remembered carrier that no longer exists is dropped, and the home page stays.
  await context.clearCookies();
  await page.evaluate(() => localStorage.setItem('candor-region', 'nowhere'));
  await page.goto('/');
  await expect.poll(saved).toBeNull();
  await expect(page).toHaveURL(/\/$/);
  await context.close();
});

test('every page advertises its feeds, and the feeds, calendar, badge and widget answer', async ({ page, request }) => {
  for (const path of ['/', '/regions/telstra-au', '/incidents/demo-sidekick-data-loss', '/history']) {
    await page.goto(path);
    const hrefs = await page.locator('head link[rel="alternate"]').evaluateAll((links) => links.map((l) => `${l.getAttribute('type')} ${l.getAttribute('href')}`));
    expect(hrefs).toContain('application/atom+xml /feed.atom');
    expect(hrefs).toContain('application/rss+xml /feed.rss');
    if (path === '/regions/telstra-au') expect(hrefs).toContain('application/atom+xml /regions/telstra-au/feed.atom');
    for (const h of hrefs) {
      const res = await request.get(h.split(' ')[1]!);
      expect(res.status(), h).toBe(200);
    }
  }
  const checks: [string, RegExp][] = [
    ['/components/contacts/feed.atom', /^application\/atom\+xml/],
    ['/regions/telstra-au/feed.rss', /^application\/rss\+xml/],
    ['/maintenance.ics', /^text\/calendar/],
    ['/badge.svg', /^image\/svg\+xml/],
    ['/regions/telstra-au/badge.svg', /^image\/svg\+xml/],
    ['/embed', /^text\/html/],
  ];
  for (const [path, type] of checks) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toMatch(type);
  }
  expect(await (await request.get('/maintenance.ics?lang=en')).text()).toContain('SUMMARY:Planned replacement of the sync storage hardware');
  // Each language's calendar names the maintenance as staff translated it (issue 16).
  expect(await (await request.get('/maintenance.ics?lang=de-DE')).text()).toContain('SUMMARY:Geplanter Austausch der Speicher-Hardware für die Synchronisierung');
});

test('unknown regions, incidents and feeds get a 404 page, and JSON 404s under /api', async ({ page, request }) => {
  for (const path of ['/regions/nowhere', '/incidents/nope', '/regions/nowhere/feed.atom', '/history/1999-01']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  }
  const json = await request.get('/api/v2/summary.json?region=nowhere');
  expect(json.status()).toBe(404);
  expect(await json.json()).toMatchObject({ error: { code: 'not_found' } });
  expect((await request.get('/api/v2/nothing.json')).status()).toBe(404);
});

// Positive control for every axe check in the suite (axeViolations): planted faults are found on a
// page without frames (its quick mode) and, on a page with one, inside the frame (the default run).
test('the axe check finds planted violations on the page and inside a frame', async ({ page }) => {
  const plant = () => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="/icon" id="planted-img"><button id="planted-button"></button>');
  const planted = (violations: Awaited<ReturnType<typeof axeViolations>>) => violations.filter((v) => v.nodes.some((n) => /planted/.test(n.target.join(' ')))).map((v) => v.id).sort();
  await page.goto('/embed');
  expect(planted(await axeViolations(page))).toEqual([]);
  await page.evaluate(plant);
  expect(page.frames()).toHaveLength(1);
  expect(planted(await axeViolations(page))).toEqual(['button-name', 'image-alt']);
  await page.evaluate(async () => {
    for (const id of ['planted-img', 'planted-button']) document.getElementById(id)!.remove();
    const frame = Object.assign(document.createElement('iframe'), { src: '/embed', title: 'widget' });
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
    document.querySelector('main')!.append(frame);
    await loaded;
  });
  const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().endsWith('/embed'))!;
  await frame.evaluate(plant);
  await expect(frame.locator('#planted-img')).toHaveCount(1);
  expect(planted(await axeViolations(page))).toEqual(['button-name', 'image-alt']);
});

async function expectAccessible(page: Page, label: string) {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    label,
  ).toEqual([]);
}

// Each width and each colour scheme once: contrast depends on the scheme, layout rules (target size,
// scrolling regions, overflow) on the width. A full cross of the two doubled the time (axe's default
// run took about 50 s for these ten pages on two cores, most of it on /history's 90-day bars).
for (const [name, options] of [
  ['1280 px, light', { viewport: { width: 1280, height: 900 }, colorScheme: 'light' as const }],
  ['360 px, dark', { viewport: { width: 360, height: 800 }, colorScheme: 'dark' as const }],
] as const) {
  test(`every public page passes axe with no serious or critical violations (${name})`, async ({ browser, baseURL }) => {
    test.setTimeout(150_000);
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(baseURL!)) foreign.push(r.url());
    });
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
    });
    for (const path of PUBLIC_PAGES) {
      await page.goto(path);
      await expectAccessible(page, `${path} (${name})`);
      // No inline script (the CSP forbids it): at most the one enhancement script from this host.
      expect(await page.locator('script:not([src])').count(), path).toBe(0);
      for (const src of await page.locator('script[src]').evaluateAll((els) => els.map((e) => e.getAttribute('src')))) expect(src, path).toMatch(/^\/assets\/status\.[\w-]{12}\.js$/);
      // Nothing wider than the screen but the matrix, which scrolls in its own region.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
    }
    expect(foreign).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  });
}
