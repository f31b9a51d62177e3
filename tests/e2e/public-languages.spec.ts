import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import { checkHtml } from '../helpers/html-check';
import { axeViolations, e2eDatabaseUrl } from './fixtures';
import de from '../../locales/de-DE.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import fr from '../../locales/fr-CA.json' with { type: 'json' };
import { demoComponents, demoGroups, demoSettings } from '@/prisma/seed/demo-catalogue';
import { demoIncidents } from '@/prisma/seed/demo-incidents';

// Issue 16: switching the public page's language with and without JavaScript, on the demo that
// first-run.setup.ts loads. Screenshots at 1280 and 390 px go to CANDOR_E2E_SHOTS.

const shot = (name: string) => `${process.env.CANDOR_E2E_SHOTS ?? 'test-results'}/languages-${name}.png`;
const REGION = '/regions/telstra-au';
const audience = (catalog: Record<string, string>) => catalog['region.audience']!.replace('{audience}', 'Telstra Hiptop');

async function switchTo(page: Page, name: string) {
  await page.getByRole('navigation', { name: /Language|Langue|Sprache/ }).getByRole('link', { name }).click();
}

for (const javaScriptEnabled of [false, true]) {
  test(`switches language ${javaScriptEnabled ? 'with' : 'without'} JavaScript and remembers the choice`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'en-AU' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(REGION);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(audience(en));

    await switchTo(page, 'Français');
    await expect(page).toHaveURL(new RegExp(`${REGION}\\?lang=fr-CA$`));
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(audience(fr));
    await expect(page.getByText(fr['data.lost']).first()).toBeVisible();

    // Links keep the language: the carrier's history opens in French.
    await page.getByRole('navigation', { name: fr['layout.nav'] }).getByRole('link', { name: fr['layout.navHistory'] }).click();
    await expect(page).toHaveURL(new RegExp(`${REGION}/history\\?lang=fr-CA$`));
    await expect(page.getByRole('heading', { level: 2, name: fr['history.uptimeTitle'] })).toBeVisible();
    // Remembered in a cookie: another carrier's bare address opens in French too.
    await page.goto('/regions/rogers-ca');
    await expect(page).toHaveURL(/\/regions\/rogers-ca\?lang=fr-CA$/);
    await expect(page.getByRole('heading', { level: 2, name: fr['home.active'] })).toBeVisible();

    // Rogers offers French and English only; T-Mobile US offers German too.
    await expect(page.getByRole('navigation', { name: fr['layout.language'] }).getByRole('link', { name: 'Deutsch' })).toHaveCount(0);
    await page.goto('/regions/tmobile-us');
    await switchTo(page, 'Deutsch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
    await expect(page.getByRole('heading', { level: 2, name: de['home.active'] })).toBeVisible();
    await page.goto('/history');
    await expect(page).toHaveURL(/\/history\?lang=de-DE$/);
    await expect(page.getByRole('heading', { level: 2, name: de['history.uptimeTitle'] })).toBeVisible();

    await switchTo(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.goto('/incidents/demo-sidekick-data-loss');
    await expect(page).toHaveURL(/\/incidents\/demo-sidekick-data-loss$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(errors).toEqual([]);
    await context.close();
  });
}

test('opens the home page in the browser’s language, passes axe in French, and reads well at 1280 and 390 px', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/\?lang=de-DE$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  await expect(page.getByRole('heading', { level: 2, name: de['home.byCarrier'] })).toBeVisible();
  for (const [w, h] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: shot(`de-home-${w}`), fullPage: false });
  }
  await page.goto(`${REGION}?lang=fr-CA`);
  for (const [w, h] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: shot(`fr-region-${w}`), fullPage: false });
    // The header, language switch included, stays within a quarter of a phone screen.
    if (w === 390) expect((await page.locator('header.site').boundingBox())!.height).toBeLessThanOrEqual(844 / 4);
  }
  expect((await axeViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await context.close();
});

/** Catalog sentences (no values, three words or more) that differ from English: none may show on a page in `lang`. */
const englishLeft = (text: string, lang: 'fr-CA' | 'de-DE') => {
  const other = lang === 'fr-CA' ? (fr as Record<string, string>) : (de as Record<string, string>);
  return Object.entries(en as Record<string, string>).filter(([k, v]) => !v.includes('{') && v.split(' ').length > 2 && other[k] !== v && text.includes(v)).map(([, v]) => v);
};
const storedLocale = (email: string) => {
  const db = new Database(sqliteFilePath(e2eDatabaseUrl()), { readonly: true });
  try {
    return (db.prepare('SELECT locale FROM Subscriber WHERE email = ?').get(email) as { locale: string } | undefined)?.locale;
  } finally {
    db.close();
  }
};

for (const javaScriptEnabled of [false, true]) {
  test(`subscribes in French on Rogers’ page ${javaScriptEnabled ? 'with' : 'without'} JavaScript: switch, form, stored language`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'en-CA' });
    const page = await context.newPage();
    await page.goto('/subscribe?region=rogers-ca');
    // Rogers' own language first (English), French offered, German not.
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en['subscribe.metaTitle']);
    const nav = page.getByRole('navigation', { name: en['layout.language'] });
    await expect(nav.getByRole('link')).toHaveText(['Français']);
    await nav.getByRole('link', { name: 'Français' }).click();
    await expect(page).toHaveURL(/\/subscribe\?region=rogers-ca&lang=fr-CA$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr['subscribe.metaTitle']);
    await expect(page.getByLabel(fr['subscribe.language'])).toHaveValue('fr-CA');
    // Asking for German, which Rogers does not offer, falls back to its default, never an error.
    const refused = await page.request.get('/subscribe?region=rogers-ca&lang=de-DE', { maxRedirects: 0 });
    expect(refused.status()).toBe(307);
    expect(refused.headers().location).toMatch(/lang=fr-CA$/);

    const email = `rogers-fr-${javaScriptEnabled ? 'js' : 'nojs'}@example.ca`;
    await page.getByLabel(fr['subscribe.email']).fill(email);
    await page.getByRole('button', { name: fr['subscribe.submit'] }).click();
    await expect(page.getByRole('heading', { name: fr['subscribe.doneTitle'] })).toBeVisible();
    await expect(page.getByText(fr['subscribe.doneInbox'])).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
    expect(storedLocale(email)).toBe('fr-CA');

    // The choice is remembered: the bare subscribe page opens in French.
    await page.goto('/subscribe?region=rogers-ca');
    await expect(page).toHaveURL(/lang=fr-CA$/);
    // A refused address is named in French.
    await page.getByLabel(fr['subscribe.email']).fill('pas-une-adresse@');
    await page.getByLabel(fr['subscribe.email']).evaluate((el) => el.removeAttribute('type'));
    await page.getByRole('button', { name: fr['subscribe.submit'] }).click();
    await expect(page.getByRole('form', { name: fr['subscribe.submit'] }).getByRole('alert')).toHaveText(fr['subscribe.invalid'].replace('{field}', fr['subscribe.email']));
    await context.close();
  });
}

test('the French Rogers subscribe page validates, passes axe with its lang and hreflang, and has no English left', async ({ page }) => {
  const res = await page.goto('/subscribe?region=rogers-ca&lang=fr-CA');
  const html = await res!.text();
  expect(checkHtml(html)).toEqual([]);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
  await expect(page.locator('link[rel="alternate"][hreflang="fr-CA"]')).toHaveAttribute('href', /\/subscribe\?region=rogers-ca&lang=fr-CA$/);
  await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute('href', /\/subscribe\?region=rogers-ca&lang=en$/);
  await expect(page.locator('link[rel="alternate"][hreflang="de-DE"]')).toHaveCount(0);
  expect((await axeViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(englishLeft(await page.locator('body').innerText(), 'fr-CA')).toEqual([]);
  // The scan finds English on the English page (it can fail).
  await page.goto('/subscribe?region=rogers-ca&lang=en');
  expect(englishLeft(await page.locator('body').innerText(), 'fr-CA').length).toBeGreaterThan(3);
});

test('screenshots: German T-Mobile page and French Rogers subscribe page at 1280 and 390 px, no English left', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  for (const [path, name, lang] of [['/regions/tmobile-de', 'de-tmobile', 'de-DE'], ['/subscribe?region=rogers-ca&lang=fr-CA', 'fr-rogers-subscribe', 'fr-CA']] as const) {
    for (const [w, h] of [[1280, 900], [390, 844]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await page.screenshot({ path: shot(`${name}-${w}`), fullPage: true });
    }
    expect(englishLeft(await page.locator('body').innerText(), lang), path).toEqual([]);
  }
  await context.close();
});

/**
 * The demo's staff-typed names (component and group names, incident titles, the page name and
 * footer) whose `lang` translation differs from the English: the English may not show on a page in
 * `lang`. From the seed itself, so a name added there is checked too.
 */
const demoNames = (lang: 'fr-CA' | 'de-DE') =>
  [
    ...[...demoComponents, ...demoGroups].map((x) => [x.name, x.translations.name[lang]] as const),
    ...demoIncidents(new Date()).map((i) => [i.title, i.translations?.name?.[lang]] as const),
    [demoSettings.name, demoSettings.translations.name[lang]] as const,
    [demoSettings.footerText, demoSettings.translations.footerText[lang]] as const,
  ].filter(([original, translated]) => translated !== original);
const untranslatedNames = (text: string, lang: 'fr-CA' | 'de-DE') => demoNames(lang).filter(([original]) => text.includes(original)).map(([original]) => original);

test('the German T-Mobile pages and the French Rogers pages name services, groups and incidents in their language', async ({ page }) => {
  const pages = [
    ['/regions/tmobile-de', 'de-DE'],
    ['/regions/tmobile-de/history', 'de-DE'],
    ['/regions/tmobile-de/incidents/demo-maintenance-storage', 'de-DE'],
    ['/regions/rogers-ca?lang=fr-CA', 'fr-CA'],
    ['/regions/rogers-ca/history?lang=fr-CA', 'fr-CA'],
    ['/regions/rogers-ca/incidents/demo-history-portal-sign-in?lang=fr-CA', 'fr-CA'],
  ] as const;
  for (const [path, lang] of pages) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const text = await page.locator('body').innerText();
    expect(untranslatedNames(text, lang), path).toEqual([]);
    // Not a vacuous pass: the page shows demo names, in its language.
    expect(demoNames(lang).filter(([, translated]) => translated && text.includes(translated)).length, path).toBeGreaterThan(0);
  }
  // The scan finds the names on the same carriers' English pages (it can fail).
  for (const [path, lang] of [['/regions/tmobile-de?lang=en', 'de-DE'], ['/regions/rogers-ca?lang=en', 'fr-CA']] as const) {
    await page.goto(path);
    expect(untranslatedNames(await page.locator('body').innerText(), lang).length, path).toBeGreaterThan(5);
  }
});
