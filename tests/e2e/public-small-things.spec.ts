import { expect, test, type Page } from '@playwright/test';
import { candor } from '../helpers/cli';
import { E2E_ADMIN, e2eDatabaseUrl, openPublished, signIn } from './fixtures';

// Issue 12, "small things users notice", measured in the browser on the demo scenario that
// first-run.setup.ts loads. Screenshots at 1280 and 390 px go to CANDOR_E2E_SHOTS.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/small-things-${name}.png`;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

interface Summary {
  regions: { slug: string }[];
  incidents: { id: string; name: string; started_at: string; shortlink: string }[];
}

async function publicPaths(page: Page): Promise<string[]> {
  const summary = (await (await page.request.get('/api/v2/summary.json')).json()) as Summary;
  const incident = summary.incidents[0]!.id;
  return ['/', ...summary.regions.map((r) => `/regions/${r.slug}`), `/incidents/${incident}`, `/regions/${summary.regions[0]!.slug}/incidents/${incident}`, '/history'];
}

function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

test('the favicon: Candor answers /icon from the snapshot, and public and console pages link it', async ({ page, request }) => {
  const icon = await request.get('/icon');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  // Served by Candor's hot path in front of Next (the snapshot's age header says so).
  expect(icon.headers()['x-candor-snapshot-age']).toBeDefined();
  const svg = await icon.text();
  expect(svg).toMatch(/^<svg /);
  for (const path of ['/', '/admin/sign-in', '/subscribe']) {
    await page.goto(path);
    const href = await page.locator('head link[rel="icon"]').first().getAttribute('href');
    expect(href, path).toMatch(/^\/icon(\?|$)/);
    const res = await request.get(href!);
    expect(res.status(), path).toBe(200);
    expect(await res.text(), path).toBe(svg);
  }
});

test('the public header is no taller than a quarter of a phone screen, and the page reads well at 1280 and 390 px', async ({ page }) => {
  const paths = await publicPaths(page);
  await page.setViewportSize(PHONE);
  for (const path of paths) {
    await page.goto(path);
    const box = await page.locator('header.site').boundingBox();
    expect(box, path).not.toBeNull();
    expect(box!.height, path).toBeLessThanOrEqual(PHONE.height / 4);
    // Nothing in it is cut off or pushed sideways off the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.width);
  }
  await page.goto('/');
  await page.screenshot({ path: shot('home-390') });
  await page.goto(paths[1]!);
  await page.screenshot({ path: shot('region-390') });
  await page.setViewportSize(DESKTOP);
  await page.goto('/');
  await page.screenshot({ path: shot('home-1280') });
});

test('the impact matrix says it scrolls sideways on a phone, and does scroll; on a wide screen it fits and says nothing', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/');
  const matrix = page.getByRole('region', { name: /Impact by service and carrier/ });
  const hint = page.locator('main .scroll-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('scroll the table sideways');
  const scrolls = await matrix.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(scrolls).toBe(true);
  await hint.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('matrix-390') });
  await page.setViewportSize(DESKTOP);
  await page.goto('/');
  await expect(hint).toBeHidden();
  expect(await matrix.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(false);
});

test('the embed widget names the active incident with a link, fits the size its instructions give, and follows light or dark', async ({ page, baseURL }) => {
  await page.goto('/');
  const snippet = (await page.locator('footer pre.code').first().textContent()) ?? '';
  const width = Number(/width="(\d+)"/.exec(snippet)?.[1]);
  const height = Number(/height="(\d+)"/.exec(snippet)?.[1]);
  expect(width).toBeGreaterThan(0);
  expect(height).toBeGreaterThan(0);
  const summary = (await (await page.request.get('/api/v2/summary.json')).json()) as Summary;
  const newest = [...summary.incidents].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at))[0]!;

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setContent(`<!doctype html><html style="color-scheme:${scheme}"><body style="margin:20px;background:${scheme === 'dark' ? '#111' : '#fff'}"><iframe src="${baseURL}/embed" title="status" width="${width}" height="${height}" style="border:0"></iframe></body></html>`);
    const frame = page.frameLocator('iframe');
    const link = frame.getByRole('link', { name: newest.name });
    await expect(link).toBeVisible();
    expect(await link.getAttribute('href')).toBe(newest.shortlink);
    const inner = page.frames().find((f) => f.url().endsWith('/embed'))!;
    const fit = await inner.evaluate(() => {
      const main = document.querySelector('main')!.getBoundingClientRect();
      const a = document.querySelector('.incident a')!.getBoundingClientRect();
      return { sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight, main: main.bottom, link: a.bottom, right: main.right };
    });
    expect(fit.sw).toBeLessThanOrEqual(width);
    expect(fit.sh).toBeLessThanOrEqual(height);
    expect(fit.main).toBeLessThanOrEqual(height);
    expect(fit.link).toBeLessThanOrEqual(height);
    const colours = await inner.evaluate(() => {
      const s = getComputedStyle(document.querySelector('main')!);
      return { bg: s.backgroundColor, fg: s.color };
    });
    const lum = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    if (scheme === 'dark') expect(lum(colours.bg)).toBeLessThan(lum(colours.fg));
    else expect(lum(colours.bg)).toBeGreaterThan(lum(colours.fg));
    await page.screenshot({ path: shot(`embed-${scheme}`) });
  }

  // A carrier's widget ("… for T-Mobile Sidekick customers") fits the same size and links to its own reading.
  const region = summary.regions[0]!.slug;
  await page.setContent(`<!doctype html><iframe src="${baseURL}/regions/${region}/embed" title="status" width="${width}" height="${height}" style="border:0"></iframe>`);
  const link = page.frameLocator('iframe').getByRole('link', { name: newest.name });
  await expect(link).toBeVisible();
  expect(await link.getAttribute('href')).toBe(newest.shortlink.replace('/incidents/', `/regions/${region}/incidents/`));
  const inner = page.frames().find((f) => f.url().endsWith(`/regions/${region}/embed`))!;
  const size = await inner.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight, status: ((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)(document.querySelector('.status')!) }));
  expect(size.w).toBeLessThanOrEqual(width);
  expect(size.h).toBeLessThanOrEqual(height);
  // The status line is read whole, not cut short.
  expect(size.status).toBe(true);
  await page.screenshot({ path: shot('embed-region') });
});

test('the console shows a new maintenance window in the chosen zone and in UTC; the page says it starts', async ({ page }) => {
  await signIn(page, E2E_ADMIN, '/admin/maintenance');
  const plan = page.getByRole('form', { name: 'Plan maintenance' });
  const title = `Starts test ${Date.now().toString(36)}`;
  await plan.getByLabel('Title').fill(title);
  await plan.getByLabel('Times are in').selectOption('Australia/Sydney');
  await plan.getByLabel('Starts (Australia/Sydney)').fill('2031-01-10T09:00');
  await plan.getByLabel('Ends (Australia/Sydney)').fill('2031-01-10T11:30');
  // 09:00 AEDT is 22:00 UTC the day before.
  const echo = page.getByTestId('window-echo');
  await expect(echo).toContainText('(Australia/Sydney)');
  await expect(echo).toContainText('in UTC 9 Jan 2031, 22:00 UTC to 10 Jan 2031, 00:30 UTC');
  await page.setViewportSize(PHONE);
  await plan.screenshot({ path: shot('maintenance-form-390') });
  await page.setViewportSize(DESKTOP);
  await plan.screenshot({ path: shot('maintenance-form-1280') });
  await plan.getByLabel('Announcement').fill('We will replace the sync storage.');
  await plan.getByRole('button', { name: 'Plan maintenance' }).click();
  await page.waitForURL((url) => /^\/admin\/incidents\/[a-z0-9]+$/.test(url.pathname));
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('status').filter({ hasText: 'Maintenance planned for' })).toContainText('(Australia/Sydney); in UTC 9 Jan 2031, 22:00 UTC');

  await openPublished(page, `/incidents/${id}`);
  await expect(page.locator('main .window')).toContainText(/^Starts .* · Ends /);
  await expect(page.locator('main .window')).not.toContainText('Started');
});

test('an open page refreshes itself from the JSON each minute, in place and without errors; without JavaScript it is complete and stays as loaded', async ({ browser }) => {
  const suffix = Date.now().toString(36);
  const token = (await candor(['tokens', 'create', '--name', `live-${suffix}`, '--role', 'admin'], { DATABASE_URL: e2eDatabaseUrl() })).stdout.trim().split('\n').pop()!.trim();
  const auth = { authorization: `Bearer ${token}` };
  // A service of its own, which no incident that other specs leave open can touch.
  const target = { name: `Live check ${suffix}`, slug: `live-${suffix}` };
  const live = await browser.newContext();
  expect((await live.request.post('/api/v1/components', { headers: auth, data: target })).status()).toBe(201);
  type V2Component = { slug?: string; status: string };
  const published = async () => ((await (await live.request.get('/api/v2/components.json')).json()) as { components: V2Component[] }).components.find((c) => c.slug === target.slug)?.status;
  await expect.poll(published).toBe('operational');
  const page = await live.newPage();
  const errors = errorsOf(page);
  await page.clock.install();
  await page.goto('/');
  const still = await browser.newContext({ javaScriptEnabled: false });
  const plain = await still.newPage();
  await plain.goto('/');
  // Without JavaScript the page is whole: banner, incidents, services, matrix; no meta refresh.
  for (const p of [plain, page]) {
    await expect(p.locator('#overall')).toBeVisible();
    await expect(p.getByRole('heading', { name: 'Active incidents' })).toBeVisible();
    await expect(p.getByRole('region', { name: /Impact by service and carrier/ })).toBeVisible();
    await expect(p.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  }
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const row = (p: Page) => p.locator('ul.components li').filter({ hasText: target.name });
  await expect(row(page)).toContainText('Operational');

  const api = (status: string) => page.request.patch(`/api/v1/components/${target.slug}`, { headers: auth, data: { status } });
  expect((await api('degraded_performance')).status()).toBe(200);
  try {
    await expect.poll(published).toBe('degraded_performance');
    // Before a minute has passed, nothing moves.
    await page.clock.runFor(30_000);
    await page.waitForTimeout(500);
    await expect(row(page)).toContainText('Operational');
    await page.clock.runFor(31_000);
    await expect(row(page)).toContainText('Degraded performance');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    // The page without JavaScript does not change by itself.
    await expect(row(plain)).toContainText('Operational');
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: shot('live-390'), fullPage: false });
  } finally {
    expect((await api('operational')).status()).toBe(200);
  }
  // And back, a minute later, with no errors along the way.
  await expect.poll(published).toBe('operational');
  await page.clock.runFor(61_000);
  await expect(row(page)).toContainText('Operational');
  expect(errors).toEqual([]);
  await live.close();
  await still.close();
});
