import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '@/lib/i18n/catalogs';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { manageToken } from '@/lib/server/subscriptions/tokens';
import { getSubscription, unsubscribeLinkState, updateSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { languageLocale } from '@/lib/i18n/languages';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { GET as unsubscribeGET, POST as unsubscribePOST } from '@/app/u/[token]/route';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Issue 16: a subscriber's language, chosen when subscribing (POST /api/subscriptions `locale`,
// the form's language select) or taken from their one carrier, and the one-click unsubscribe page
// in it. Unknown languages are refused by the API (422 naming the field) and ignored by the page.

const post = (body: unknown, ip: string) => subscriptionsPOST(new Request('http://127.0.0.1/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body) }));

describe('subscribers’ languages', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    forgetInstanceSecret();
    await loadDemo({ actor: cliActor, now: new Date() });
  });
  afterAll(async () => t?.drop());
  const stored = async (email: string) => t.handle.db.subscriber.findUnique({ where: { key: `email:${email}` } }).then((s) => s ?? t.handle.db.subscriber.findFirst({ where: { email } }));

  it('stores the language asked for, canonical, and the one carrier’s by default', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ locale: 'fr-CA', regions: 'all' }, 'fr-CA'],
      [{ locale: 'fr', regions: 'all' }, 'fr-CA'],
      [{ locale: 'de-de', regions: ['rogers-ca'] }, 'de-DE'],
      [{ locale: 'en-CA', regions: 'all' }, 'en-CA'],
      // No language given: the carrier's own (its locale's), or for several carriers '': each one's own.
      [{ regions: ['tmobile-de'] }, 'de-DE'],
      [{ regions: ['rogers-ca'] }, 'en-CA'],
      [{ regions: 'all' }, ''],
      [{ regions: ['tmobile-de', 'rogers-ca'] }, ''],
    ];
    for (const [k, [extra, want]] of cases.entries()) {
      const email = `lang${k}@example.org`;
      const res = await post({ email, time_zone: 'Europe/Berlin', ...extra }, `198.51.100.${k + 1}`);
      expect(res.status, JSON.stringify(extra)).toBe(202);
      expect((await stored(email))?.locale, JSON.stringify(extra)).toBe(want);
    }
  });

  it('shows the pages of a subscriber of several carriers who chose no language in their first carrier’s', async () => {
    const regions = await t.handle.db.region.findMany({ orderBy: [{ position: 'asc' }, { slug: 'asc' }], select: { slug: true, locale: true } });
    const firstOf = (slugs: string[]) => languageLocale(regions.find((r) => slugs.includes(r.slug))!.locale);
    const cases: [string, string[]][] = [
      ['lang6@example.org', regions.map((r) => r.slug)],
      ['lang7@example.org', ['tmobile-de', 'rogers-ca']],
    ];
    for (const [email, slugs] of cases) {
      const sub = (await stored(email))!;
      expect(sub.locale).toBe('');
      const { token } = await manageToken(sub.id, sub.tokenGeneration);
      expect(await getSubscription({ token }), email).toMatchObject({ locale: '', pageLocale: firstOf(slugs) });
      expect((await unsubscribeLinkState({ token })).locale, email).toBe(firstOf(slugs));
    }
    // The positive control: a chosen language is the pages' whatever the carriers.
    const chosen = (await stored('lang0@example.org'))!;
    expect(await getSubscription({ token: (await manageToken(chosen.id, chosen.tokenGeneration)).token })).toMatchObject({ locale: 'fr-CA', pageLocale: 'fr-CA' });
  });

  it('refuses a language Candor does not write in: 422 naming the field, nothing stored', async () => {
    for (const [k, locale] of ['tlh', 'ja-JP', '<b>fr</b>', 'x'.repeat(40)].entries()) {
      const email = `refused${k}@example.org`;
      const res = await post({ email, locale, regions: 'all' }, `198.51.100.${50 + k}`);
      expect(res.status, locale).toBe(422);
      expect((await res.json()).error.field).toBe('locale');
      expect(await stored(email)).toBeNull();
    }
    // The same request with a language it speaks goes through (the refusal was the language's).
    expect((await post({ email: 'refused0@example.org', locale: 'de-DE', regions: 'all' }, '198.51.100.60')).status).toBe(202);
  });

  it('lets the subscriber change their language on the manage page, and keeps it when they do not', async () => {
    const sub = (await stored('lang4@example.org'))!;
    const { token } = await manageToken(sub.id, sub.tokenGeneration);
    const prefs = { regions: ['tmobile-de'], components: 'all', notice_kinds: [], time_zone: 'Europe/Berlin' };
    expect((await getSubscription({ token })).locale).toBe('de-DE');
    expect((await updateSubscription({ token, input: { ...prefs, locale: 'en' } })).locale).toBe('en-US');
    await expect(updateSubscription({ token, input: { ...prefs, locale: 'tlh' } })).rejects.toMatchObject({ field: 'locale' });
    expect((await getSubscription({ token })).locale).toBe('en-US');
    // A save without a language leaves the stored one alone.
    expect((await updateSubscription({ token, input: { ...prefs, time_zone: 'Europe/Vienna' } })).locale).toBe('en-US');
    // '' is the choice of each carrier's own language (the manage page's first option).
    expect((await updateSubscription({ token, input: { ...prefs, locale: '' } })).locale).toBe('');
    expect((await updateSubscription({ token, input: { ...prefs, locale: 'de-DE' } })).locale).toBe('de-DE');
  });

  it('says the one-click unsubscribe page in the subscriber’s language, unless the link or reader picks another', async () => {
    const sub = (await stored('lang0@example.org'))!;
    await t.handle.db.subscriber.update({ where: { id: sub.id }, data: { confirmedAt: new Date() } });
    const { token } = await manageToken(sub.id, sub.tokenGeneration);
    const get = async (query = '', headers: Record<string, string> = {}) => {
      const res = await unsubscribeGET(new Request(`http://127.0.0.1/u/${token}${query}`, { headers }), { params: Promise.resolve({ token }) });
      return { status: res.status, html: await res.text() };
    };
    const fr = await get('', { 'accept-language': 'de-DE' });
    expect(fr.status).toBe(200);
    expect(fr.html).toContain('<html lang="fr-CA">');
    expect(fr.html).toContain(CATALOGS['fr-CA']['unsubscribe.askTitle']);
    expect(fr.html).toContain(`action="?lang=fr-CA"`);
    const de = await get('?lang=de-DE');
    expect(de.html).toContain('<html lang="de-DE">');
    expect(de.html).toContain(CATALOGS['de-DE']['unsubscribe.button']);
    // Unknown languages in the URL or the cookie fall back to the subscriber's.
    for (const [q, h] of [['?lang=tlh', {}], ['', { cookie: 'candor_lang=<x>' }]] as const) {
      const r = await get(q, h);
      expect(r.status).toBe(200);
      expect(r.html).toContain('<html lang="fr-CA">');
    }
    // The mail provider's one-click POST: the answer is French too, and the subscriber is out.
    const done = await unsubscribePOST(new Request(`http://127.0.0.1/u/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }), { params: Promise.resolve({ token }) });
    expect(done.status).toBe(200);
    const doneHtml = await done.text();
    expect(doneHtml).toContain('<html lang="fr-CA">');
    expect(doneHtml).toContain(CATALOGS['fr-CA']['unsubscribe.done']);
    expect((await t.handle.db.subscriber.findUnique({ where: { id: sub.id } }))?.unsubscribedAt).not.toBeNull();
    // A bad link in the reader's language (from the browser, no subscriber to ask).
    const bad = await unsubscribeGET(new Request('http://127.0.0.1/u/nope', { headers: { 'accept-language': 'de' } }), { params: Promise.resolve({ token: 'nope' }) });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain(CATALOGS['de-DE']['unsubscribe.badTitle']);
    // English for an English subscriber (the positive control for the French above).
    const en = (await stored('lang6@example.org'))!;
    const enToken = (await manageToken(en.id, en.tokenGeneration)).token;
    const enPage = await unsubscribeGET(new Request(`http://127.0.0.1/u/${enToken}`), { params: Promise.resolve({ token: enToken }) });
    expect(await enPage.text()).toContain(`<html lang="en">`);
  });
});
