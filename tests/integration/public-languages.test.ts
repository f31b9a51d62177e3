import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { CATALOGS } from '@/lib/i18n/catalogs';
import { translated } from '@/lib/domain/translations';
import { LANGUAGES, type Lang } from '@/lib/i18n/languages';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { updateRegion } from '@/lib/server/regions/update-region';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, type Snapshot } from '@/lib/server/public/snapshot';
import { serveSnapshot } from '@/lib/server/public/serve';
import { snapshotStore } from '@/lib/server/public/store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { listenHotPath, request as get } from '../helpers/hot-path-server';

// The public pages in each language, as the hot path and Next's route handler serve them: the
// region's language by default, ?lang= to switch (remembered in a cookie), the browser's language on
// the home page, hreflang alternates, and no English left on a French or German page.

async function request(port: number, path: string, headers: Record<string, string> = {}) {
  const r = await get(port, path, headers);
  return { ...r, body: r.body.toString() };
}

/** Catalog sentences with no values (more than two words): if one shows in English on another language's page, something was left untranslated. */
const englishSentences = (lang: Lang) => Object.entries(CATALOGS.en).filter(([k, v]) => !v.includes('{') && v.split(' ').length > 2 && CATALOGS[lang][k] !== v).map(([, v]) => v);
const visibleText = (html: string) => html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
const dataStates = (html: string) => [...new Set([...html.matchAll(/class="tag d-([a-z_]+)/g)].map((m) => m[1]!))];

describe('public pages in English, French and German', () => {
  let t: TestDatabase;
  let server: Awaited<ReturnType<typeof listenHotPath>> | undefined;
  let port = 0;
  let snap: Snapshot;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    const now = new Date('2026-11-25T09:00:00Z');
    await loadDemo({ actor: cliActor, now });
    // A French-Canadian and a German carrier, through the same service staff use.
    // (Rogers offers every language here, so its French page can be checked against each.)
    await updateRegion({ actor: cliActor, ref: 'rogers-ca', input: { locale: 'fr-CA', languages: '' } });
    await updateRegion({ actor: cliActor, ref: 'tmobile-us', input: { locale: 'de-DE', time_zone: 'Europe/Berlin' } });
    // An English carrier that offers French too, and not German.
    await updateRegion({ actor: cliActor, ref: 'telstra-au', input: { languages: ['en-AU', 'fr-CA'] } });
    snap = buildSnapshot(await loadPublicModel(now), now);
    snapshotStore().current = snap;
    server = await listenHotPath();
    port = server.port;
  });
  afterAll(async () => {
    await server?.close();
    snapshotStore().current = null;
    await t?.drop();
  });

  it('opens a region in its own language, with lang, hreflang alternates and a switch that needs no script', async () => {
    const fr = await request(port, '/regions/rogers-ca');
    expect(fr.status).toBe(200);
    expect(fr.body).toMatch(/^<!DOCTYPE html><html lang="fr-CA">/);
    const base = snap.model.page.url.replace(/\/+$/, '');
    for (const l of LANGUAGES) expect(fr.body).toContain(`<link rel="alternate" hreflang="${l}" href="${base}/regions/rogers-ca?lang=${l}">`);
    expect(fr.body).toContain(`<link rel="alternate" hreflang="x-default" href="${base}/regions/rogers-ca">`);
    expect(fr.body).toContain('<a href="/regions/rogers-ca?lang=de-DE" hreflang="de-DE" lang="de-DE">Deutsch</a>');
    expect(fr.body).toContain('<a href="/regions/rogers-ca?lang=en" hreflang="en" lang="en">English</a>');
    expect(fr.body).toContain('<span aria-current="true" lang="fr-CA">Français</span>');
    expect(fr.body).toContain(`<h1>${CATALOGS['fr-CA']['region.audience']!.replace('{audience}', 'Rogers Sidekick')}</h1>`);

    const de = await request(port, '/regions/tmobile-us');
    expect(de.body).toMatch(/^<!DOCTYPE html><html lang="de-DE">/);
    // German dates in the region's zone: "25. Nov. 2026, 10:00 MEZ".
    expect(de.body).toMatch(/\d{1,2}\. Nov\. 2026, \d{1,2}:\d{2} MEZ/);
    const en = await request(port, '/regions/telstra-au');
    expect(en.body).toMatch(/^<!DOCTYPE html><html lang="en">/);
    // Pages in a language other than their default keep it from link to link; default pages link bare.
    const chosen = (await request(port, '/regions/telstra-au?lang=fr-CA')).body;
    expect(chosen).toContain('<a href="/regions/telstra-au/history?lang=fr-CA">');
    expect(chosen).toContain('<a href="/feed.atom?lang=fr-CA">');
    expect(en.body).toContain('<a href="/regions/telstra-au/history">');
    expect(fr.body).toContain('<a href="/regions/rogers-ca/history">');
  });

  it('says the data states in the page’s language (the same states the English page shows)', async () => {
    for (const [path, lang] of [['/regions/tmobile-us', 'fr-CA'], ['/regions/tmobile-us', 'de-DE'], ['/', 'fr-CA'], ['/', 'de-DE']] as const) {
      const english = (await request(port, `${path}?lang=en`)).body;
      const states = dataStates(english);
      expect(states.length, `${path} shows some data state`).toBeGreaterThan(0);
      const page = (await request(port, `${path}?lang=${lang}`)).body;
      expect(dataStates(page)).toEqual(states);
      for (const s of states) {
        const key = `data.${s}` as keyof typeof CATALOGS.en;
        expect(page, `${lang} ${s}`).toContain(CATALOGS[lang][key]);
        expect(english).toContain(CATALOGS.en[key]);
      }
    }
  });

  it('leaves no catalog English on French and German pages: home, region, incident and history', async () => {
    const incident = [...snap.entries.keys()].find((k) => /^\/regions\/rogers-ca\/incidents\/[^?]+$/.test(k))!;
    expect(incident).toBeDefined();
    for (const lang of ['fr-CA', 'de-DE'] as const) {
      const sentences = englishSentences(lang);
      expect(sentences.length).toBeGreaterThan(20);
      for (const path of ['/', '/regions/rogers-ca', incident, '/history', '/regions/tmobile-us/history', '/incidents/' + incident.split('/').pop()]) {
        const text = visibleText((await request(port, `${path}?lang=${lang}`)).body);
        expect(sentences.filter((s) => text.includes(s)), `${lang} ${path}`).toEqual([]);
      }
      // The same scan finds English on the English page (it can fail).
      const english = visibleText((await request(port, '/?lang=en')).body);
      expect(sentences.filter((s) => english.includes(s)).length).toBeGreaterThan(3);
    }
  });

  it('switches with ?lang=, remembers the choice in a cookie, and falls back on unknown languages', async () => {
    const chosen = await request(port, '/regions/tmobile-us?lang=en');
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatch(/<html lang="en">/);
    expect(chosen.headers['set-cookie']?.[0]).toBe('candor_lang=en; Path=/; Max-Age=31536000; SameSite=Lax');
    // Already remembered: no cookie again.
    expect((await request(port, '/regions/tmobile-us?lang=en', { cookie: 'candor_lang=en' })).headers['set-cookie']).toBeUndefined();

    const back = await request(port, '/regions/tmobile-us', { cookie: 'other=1; candor_lang=en' });
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe('/regions/tmobile-us?lang=en');
    // The cookie's language is this page's own: no redirect.
    expect((await request(port, '/regions/tmobile-us', { cookie: 'candor_lang=de-DE' })).status).toBe(200);

    for (const bad of ['/regions/tmobile-us?lang=xx', '/regions/tmobile-us?lang=%3Cscript%3E', '/regions/tmobile-us?lang=']) {
      const r = await request(port, bad);
      expect(r.status, bad).toBe(200);
      expect(r.body, bad).toMatch(/<html lang="de-DE">/);
      expect(r.headers['set-cookie'], bad).toBeUndefined();
    }
    const badCookie = await request(port, '/regions/tmobile-us', { cookie: 'candor_lang=klingon' });
    expect(badCookie.status).toBe(200);
    expect(badCookie.body).toMatch(/<html lang="de-DE">/);
  });

  it('offers on a carrier’s pages only its languages; another one falls back to its default', async () => {
    const base = snap.model.page.url.replace(/\/+$/, '');
    for (const path of ['/regions/telstra-au', '/regions/telstra-au/history']) {
      const en = (await request(port, path)).body;
      expect(en).toMatch(/^<!DOCTYPE html><html lang="en">/);
      expect(en).toContain(`<a href="${path}?lang=fr-CA" hreflang="fr-CA" lang="fr-CA">Français</a>`);
      expect(en).toContain(`<link rel="alternate" hreflang="fr-CA" href="${base}${path}?lang=fr-CA">`);
      // German is Candor's, not this carrier's: no link, no alternate, no entry.
      expect(en).not.toContain('lang="de-DE">Deutsch<');
      expect(en).not.toContain('hreflang="de-DE"');
      expect(snap.entries.has(`${path}?lang=de-DE`)).toBe(false);
      // The positive control: the same page without a carrier offers German.
      expect((await request(port, '/history')).body).toContain('hreflang="de-DE"');
      // Asked by URL, remembered in a cookie or both: the carrier's default, 200, and no cookie set.
      for (const [url, headers] of [[`${path}?lang=de-DE`, {}], [path, { cookie: 'candor_lang=de-DE' }], [`${path}?lang=de-DE`, { cookie: 'candor_lang=de-DE' }], [path, { 'accept-language': 'de-DE' }]] as const) {
        const r = await request(port, url, headers);
        expect(r.status, `${url} ${JSON.stringify(headers)}`).toBe(200);
        expect(r.body).toMatch(/^<!DOCTYPE html><html lang="en">/);
        expect(r.headers['set-cookie']).toBeUndefined();
      }
      // The language it does offer is there.
      expect((await request(port, `${path}?lang=fr-CA`)).body).toMatch(/^<!DOCTYPE html><html lang="fr-CA">/);
    }
    const viaNext = await serveSnapshot(new Request('http://localhost/regions/telstra-au?lang=de-DE', { headers: { cookie: 'candor_lang=de-DE' } }));
    expect(viaNext.status).toBe(200);
    expect(await viaNext.text()).toMatch(/^<!DOCTYPE html><html lang="en">/);
  });

  it('opens the demo’s T-Mobile Germany in German, with English as its one other language', async () => {
    // (Next's handler in an earlier test rebuilt the snapshot at the real clock: back to the demo's.)
    snapshotStore().current = snap;
    const de = await request(port, '/regions/tmobile-de');
    expect(de.status).toBe(200);
    expect(de.body).toMatch(/^<!DOCTYPE html><html lang="de-DE">/);
    expect(de.body).toContain('<span aria-current="true" lang="de-DE">Deutsch</span>');
    expect(de.body).toContain('<a href="/regions/tmobile-de?lang=en" hreflang="en" lang="en">English</a>');
    expect(de.body).not.toContain('Français');
    // Its planned work reads in the carrier's own German text.
    expect(visibleText(de.body)).toContain('Wir ziehen den Dienst auf neue Speicher-Hardware um.');
    // The carrier picker names the other carriers' countries in German, and this one as its staff typed it.
    // (tmobile-us was given a de-DE locale above, so its "United States" is no longer its locale's country: as typed.)
    expect(de.body).toContain('Telstra Hiptop (Australien)</option>');
    expect(de.body).toContain('Rogers Sidekick (Kanada)</option>');
    expect(de.body).toContain('T-Mobile Sidekick (United States)</option>');
    expect(de.body).toContain('T-Mobile Sidekick (Deutschland)</option>');
    expect((await request(port, '/regions/tmobile-de?lang=en')).body).toContain('Telstra Hiptop (Australia)</option>');
    expect((await request(port, '/regions/tmobile-de?lang=fr-CA')).body).toMatch(/^<!DOCTYPE html><html lang="de-DE">/);
  });

  it('marks an update nobody translated: its own language on the text, and a note in the reader’s; a translated one reads in the page’s language', async () => {
    snapshotStore().current = snap;
    const note = (lang: Lang, language: string) => CATALOGS[lang]['notice.untranslated']!.replace('{language}', language);
    // The demo's planned work is translated: Rogers' French page reads it in French, without a note.
    const rogers = await request(port, '/regions/rogers-ca?lang=fr-CA');
    expect(visibleText(rogers.body)).toContain('Nous déplaçons le service vers du nouveau matériel de stockage.');
    expect(rogers.body).not.toContain(note('fr-CA', 'anglais'));
    // An older incident's updates were never translated: shown as written, marked lang="en", with the note.
    const fr = await request(port, '/regions/rogers-ca/incidents/demo-history-portal-sign-in?lang=fr-CA');
    expect(fr.body).toContain(`<p class="small muted untranslated">${note('fr-CA', 'anglais')}</p><div class="body" lang="en"><p>Some customers cannot sign in to the web portal.`);
    const de = await request(port, '/incidents/demo-history-portal-sign-in?lang=de-DE');
    expect(visibleText(de.body)).toContain(note('de-DE', 'Englisch'));
    // The same page in English: the text is in the page's language, so no note and no lang of its own.
    const en = await request(port, '/regions/rogers-ca/incidents/demo-history-portal-sign-in?lang=en');
    expect(en.body).toContain('<div class="body"><p>Some customers cannot sign in to the web portal.');
    expect(en.body).not.toContain('untranslated');
  });

  it('says “not found” in the language asked for, remembered or preferred, and English otherwise', async () => {
    snapshotStore().current = snap;
    const cases: [string, Record<string, string>, Lang][] = [
      ['/regions/nope?lang=de-DE', {}, 'de-DE'],
      ['/incidents/nope', { cookie: 'candor_lang=fr-CA' }, 'fr-CA'],
      ['/history/1999-01', { 'accept-language': 'de-AT,de;q=0.9' }, 'de-DE'],
      ['/regions/nope?lang=tlh', { cookie: 'candor_lang=<b>', 'accept-language': 'ja' }, 'en'],
      ['/regions/nope', {}, 'en'],
    ];
    for (const [path, headers, lang] of cases) {
      const r = await request(port, path, headers);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toMatch(new RegExp(`^<!DOCTYPE html><html lang="${lang}">`));
      expect(r.body, path).toContain(CATALOGS[lang]['notFound.heading']);
    }
    // Addresses the snapshot does not own reach Next's catch-all, which answers the same way.
    const viaNext = await serveSnapshot(new Request('http://localhost/no-such-page', { headers: { cookie: 'candor_lang=fr-CA' } }));
    expect(viaNext.status).toBe(404);
    expect(await viaNext.text()).toContain(CATALOGS['fr-CA']['notFound.heading']);
  });

  it('builds the feeds, the calendar and the badges in each language, with the same entry ids', async () => {
    snapshotStore().current = snap;
    const ids = (xml: string, tag: 'id' | 'guid') => [...xml.matchAll(new RegExp(`<${tag}[^>]*>(tag:[^<]+)</${tag}>`, 'g'))].map((m) => m[1]);
    // T-Mobile Germany's feed speaks German by default, English on request, and not French (not offered).
    const de = (await request(port, '/regions/tmobile-de/feed.atom')).body;
    expect(de).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-DE">');
    expect(de).toContain(`[${CATALOGS['de-DE']['incident.scheduled']}]`);
    // German dates in Berlin time.
    expect(de).toMatch(/\d{1,2}\. (Nov|Dez)\. 2026, \d{1,2}:\d{2} MEZ/);
    const en = (await request(port, '/regions/tmobile-de/feed.atom?lang=en')).body;
    expect(en).toContain('xml:lang="en"');
    expect(en).toContain(`[${CATALOGS.en['incident.scheduled']}]`);
    expect(ids(en, 'id')).toEqual(ids(de, 'id'));
    expect(ids(de, 'id').length).toBeGreaterThan(1);
    expect((await request(port, '/regions/tmobile-de/feed.atom?lang=fr-CA')).body).toBe(de);

    const rssFr = (await request(port, '/feed.rss?lang=fr-CA')).body;
    const rssEn = (await request(port, '/feed.rss')).body;
    expect(rssFr).toContain('<language>fr-ca</language>');
    expect(rssEn).toContain('<language>en</language>');
    // The site is named as staff translated it (the demo has a French and a German page name).
    expect(rssFr).toContain(CATALOGS['fr-CA']['feed.incidents']!.replace('{site}', translated(snap.model.page, 'name', 'fr-CA')));
    expect(translated(snap.model.page, 'name', 'fr-CA')).not.toBe(snap.model.page.name);
    expect(ids(rssFr, 'guid')).toEqual(ids(rssEn, 'guid'));
    expect(rssFr).toContain('/incidents/demo-sidekick-data-loss?lang=fr-CA</link>');
    // An update nobody translated: as written, marked with its language, after the note in French;
    // the translated data-loss update reads in French with no note; the English feed has neither mark.
    const escaped = (html: string) => html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    const frNote = CATALOGS['fr-CA']['notice.untranslated']!.replace('{language}', 'anglais');
    expect(rssFr).toContain(escaped(`<p><em>${frNote}</em></p><div lang="en"><p>Some customers cannot sign in to the web portal.`));
    expect(rssFr).toContain('Les données personnelles de nombreux clients sont probablement perdues');
    expect(rssEn).toContain(escaped('<p>Some customers cannot sign in to the web portal.'));
    expect(rssEn).not.toContain(escaped('<div lang="en">'));

    const uids = (ics: string) => [...ics.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]);
    const icsDe = (await request(port, '/maintenance.ics?lang=de-DE')).body;
    const icsEn = (await request(port, '/maintenance.ics')).body;
    expect(icsDe).toContain(`X-WR-CALNAME:${CATALOGS['de-DE']['ical.calendarName']!.replace('{site}', translated(snap.model.page, 'name', 'de-DE'))}`);
    expect(icsEn).toContain(`X-WR-CALNAME:${snap.model.page.name}: maintenance`);
    expect(uids(icsDe)).toEqual(uids(icsEn));
    expect(uids(icsDe).length).toBeGreaterThan(0);

    const badgeFr = (await request(port, '/badge.svg?lang=fr-CA')).body;
    expect(badgeFr).toContain(`>${CATALOGS['fr-CA']['badge.label']}<`);
    expect((await request(port, '/badge.svg')).body).toContain('>status<');
    // The German carrier's badge says its status in German.
    const badgeDe = (await request(port, '/regions/tmobile-de/badge.svg')).body;
    expect(badgeDe).toContain(`>${CATALOGS['de-DE']['page.allOperational']!.toLocaleLowerCase('de-DE')}<`);
    // And the pages link to their language's feeds.
    expect((await request(port, '/regions/tmobile-de')).body).toContain('href="/regions/tmobile-de/feed.atom"');
    expect((await request(port, '/regions/tmobile-de?lang=en')).body).toContain('href="/regions/tmobile-de/feed.atom?lang=en"');
  });

  it('follows the browser’s language on the home page only, after a remembered choice', async () => {
    const de = await request(port, '/', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(de.status).toBe(302);
    expect(de.headers.location).toBe('/?lang=de-DE');
    const unknown = await request(port, '/', { 'accept-language': 'ja, zh;q=0.5' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatch(/<html lang="en">/);
    expect((await request(port, '/', { 'accept-language': 'de', cookie: 'candor_lang=en' })).status).toBe(200);
    expect((await request(port, '/', { 'accept-language': 'fr-FR', cookie: 'candor_lang=klingon' })).headers.location).toBe('/?lang=fr-CA');
    // A region page keeps its region's language whatever the browser says.
    const region = await request(port, '/regions/telstra-au', { 'accept-language': 'de' });
    expect(region.status).toBe(200);
    expect(region.body).toMatch(/<html lang="en">/);
  });

  it('serves each language as its own prebuilt entry, with its own ETag and 304s', async () => {
    const tags = new Set<string>();
    for (const l of LANGUAGES) {
      const r = await request(port, `/regions/rogers-ca?lang=${l}`, { 'accept-encoding': 'br' });
      expect(r.headers['content-encoding']).toBe('br');
      tags.add(String(r.headers.etag));
      expect(snap.entries.get(`/regions/rogers-ca?lang=${l}`)).toBeDefined();
      const again = await request(port, `/regions/rogers-ca?lang=${l}`, { 'accept-encoding': 'br', 'if-none-match': String(r.headers.etag), cookie: `candor_lang=${l}` });
      expect(again.status).toBe(304);
    }
    expect(tags.size).toBe(LANGUAGES.length);
    // The bare path is the region's language: the very same entry.
    expect(snap.entries.get('/regions/rogers-ca')).toBe(snap.entries.get('/regions/rogers-ca?lang=fr-CA'));
  });

  it('answers the same through Next’s route handler', async () => {
    const fr = await serveSnapshot(new Request('http://localhost/regions/tmobile-us?lang=fr-CA'));
    expect(fr.status).toBe(200);
    // (Without the background service the handler rebuilds the snapshot, so the bytes' clock differs.)
    const body = await fr.text();
    expect(body).toMatch(/^<!DOCTYPE html><html lang="fr-CA">/);
    expect(body).toContain(CATALOGS['fr-CA']['region.everyCarrier']);
    expect(fr.headers.get('set-cookie')).toBe('candor_lang=fr-CA; Path=/; Max-Age=31536000; SameSite=Lax');
    const remembered = await serveSnapshot(new Request('http://localhost/regions/tmobile-us', { headers: { cookie: 'candor_lang=fr-CA' } }));
    expect(remembered.status).toBe(302);
    expect(remembered.headers.get('location')).toBe('/regions/tmobile-us?lang=fr-CA');
  });
});
