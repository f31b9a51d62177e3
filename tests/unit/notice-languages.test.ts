import { describe, expect, it } from 'vitest';
import { buildChannelNotice } from '@/lib/channels/channel-notice';
import { fullSmsNoticeText, smsNoticeText, smsStopLine, smsWords } from '@/lib/channels/payloads/sms';
import { MAX_NOTICE_SEGMENTS, smsSegments } from '@/lib/channels/sms/encoding';
import { DATA_STATES } from '@/lib/domain/status';
import { fixedNoticeWords } from '@/tests/helpers/notice-words';
import { LANGUAGES, type Lang } from '@/lib/i18n/languages';
import { readerLang, readerLocale } from '@/lib/i18n/reader';
import { textForReader } from '@/lib/domain/update-text';
import { translator } from '@/lib/i18n/t';
import { dataLine, listWords, previewProps, renderNotice } from '@/lib/mail/templates/notice';
import { NOTICE_KINDS, defaultNoticeCopy } from '@/lib/mail/templates/notice-defaults';
import { personalise } from '@/lib/mail/templates/variables';

// Notices in English, French (Canada) and German: plurals and numbers as each language writes
// them, the default texts in every language, and the SMS within its two segments in each.

/** Spaces as a reader sees them (French groups digits with a no-break space). */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const FOREIGN = LANGUAGES.filter((l) => l !== 'en');

describe('numbers and plurals in notices', () => {
  const expected: Record<Lang, { one: string; many: string; some: string; count: string }> = {
    en: { one: 'the 1 affected customer restored', many: 'all 250,000 affected customers restored', some: 'about 90,000 of 250,000 affected customers restored', count: '800,000' },
    'fr-CA': { one: 'le 1 client touché a été rétabli', many: 'les 250 000 clients touchés ont tous été rétablis', some: 'environ 90 000 clients touchés sur 250 000 rétablis', count: '800 000' },
    'de-DE': { one: 'der 1 betroffene Kunde wiederhergestellt', many: 'alle 250.000 betroffenen Kunden wiederhergestellt', some: 'etwa 90.000 von 250.000 betroffenen Kunden wiederhergestellt', count: '800.000' },
  };
  it.each(LANGUAGES)('%s: one, many and some restored; counts grouped the local way', (lang) => {
    const tr = translator(lang);
    const line = (affected: number, restored: number) => plain(dataLine(tr, { service: 'Contacts', dataState: 'restored', affectedUsers: affected, restoredUsers: restored }));
    expect(line(1, 1)).toContain(expected[lang].one);
    expect(line(250_000, 250_000)).toContain(expected[lang].many);
    expect(line(250_000, 90_000)).toContain(expected[lang].some);
    const text = plain(renderNotice(previewProps('data_loss', 'tmobile', 'lost', lang)).text);
    expect(text).toContain(expected[lang].count);
  });

  it('lists services with the language’s own "and"', () => {
    expect(listWords(['Contacts', 'Calendar', 'Photos'], 'en-US')).toBe('Contacts, Calendar and Photos');
    expect(listWords(['Contacts', 'Calendar', 'Photos'], 'fr-CA')).toBe('Contacts, Calendar et Photos');
    expect(listWords(['Contacts', 'Calendar', 'Photos'], 'de-DE')).toBe('Contacts, Calendar und Photos');
    expect(listWords(['Contacts'], 'de-DE')).toBe('Contacts');
  });
});

describe('the reader’s language', () => {
  it('is theirs, else their region’s, else English; dates in their own locale when it speaks it', () => {
    expect(readerLang('de-DE', 'en-US')).toBe('de-DE');
    expect(readerLang('ja-JP', 'fr-CA')).toBe('fr-CA');
    expect(readerLang('', 'de-AT')).toBe('de-DE');
    expect(readerLang(null, 'ja-JP')).toBe('en');
    expect(readerLocale('fr-CA', 'fr-FR', 'en-CA')).toBe('fr-FR');
    expect(readerLocale('en', 'de-DE', 'en-CA')).toBe('en-CA');
    expect(readerLocale('de-DE', 'de-DE', 'en-US')).toBe('de-DE');
    expect(readerLocale('en', 'en-!!', 'zz-bogus-tag-')).toBe('en-US');
  });
});

describe('default notice texts in every language', () => {
  const cases = NOTICE_KINDS.flatMap((kind) => DATA_STATES.map((state) => [kind, state] as const));
  it.each(FOREIGN)('%s has its own text for every kind and data state, with no English left in the rendered notice', (lang) => {
    // English's fixed words, from its catalog: none may remain in another language's notice.
    const english = fixedNoticeWords('en');
    expect(english.length).toBeGreaterThan(10);
    for (const [kind, state] of cases) {
      const own = defaultNoticeCopy(kind, state, lang);
      const en = defaultNoticeCopy(kind, state, 'en');
      expect(own.subject, `${kind} ${state}`).not.toBe(en.subject);
      expect(own.body, `${kind} ${state}`).not.toBe(en.body);
      // The same placeholders as English: a translation says the same facts.
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(new Set(vars(own.body + own.subject)), `${kind} ${state}`).toEqual(new Set(vars(en.body + en.subject)));
      const r = renderNotice({ ...previewProps(kind, 'tmobile', state, lang), latestUpdate: 'Staff words.', nextUpdateAt: new Date('2009-10-11T10:00:00Z') });
      const text = personalise(`${r.subject}\n${r.text}\n${r.html}`, { timeZone: 'Europe/Berlin', locale: lang, manageUrl: 'M', unsubscribeUrl: 'U' }, false);
      for (const words of english) expect(text, `${kind} ${state}: "${words}"`).not.toContain(words);
      expect(r.html).toContain(`<html lang="${lang}">`);
    }
  });
});

describe('the SMS of a notice in each language', () => {
  const facts = { noticeId: 'n1', region: { slug: 'tmobile-us', url: 'https://status.example.com/regions/tmobile-us' }, page: { id: 'p', name: 'Candor', url: 'https://status.example.com', status_indicator: 'major', status_description: 'x' }, incident: { id: 'i', name: 'x', status: 'identified', impact: 'major', created_at: '', updated_at: '', started_at: '', resolved_at: null, shortlink: '', incident_updates: [] }, impacts: [], componentUpdate: null };
  it.each(LANGUAGES)('%s: every kind fits in two segments and ends with its own STOP line', (lang) => {
    for (const kind of NOTICE_KINDS) {
      const notice = buildChannelNotice(previewProps(kind, 'tmobile', undefined, lang), facts);
      const text = personalise(smsNoticeText(notice), { timeZone: 'Europe/Berlin', locale: lang, manageUrl: 'M', unsubscribeUrl: 'U' }, false);
      expect(smsSegments(text).segments, `${kind}: ${text}`).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
      expect(text.endsWith(smsStopLine(lang))).toBe(true);
      expect(text).toContain('STOP');
    }
    if (lang !== 'en') expect(smsStopLine(lang)).not.toBe(smsStopLine('en'));
  });

  // The console warns when a template's text must be cut; Candor's own never should be, in any
  // language, for either carrier (three services, their times in the reader's zone): the words that
  // would go are the facts (a maintenance window's end, the state of the data).
  it.each(LANGUAGES)('%s: every default text, of every kind and data state, fits in two segments without being cut', (lang) => {
    let checked = 0;
    for (const [carrier, slug, timeZone] of [['tmobile', 'tmobile-us', 'America/Los_Angeles'], ['telstra', 'telstra-au', 'Australia/Sydney']] as const) {
      for (const kind of NOTICE_KINDS) {
        for (const state of DATA_STATES) {
          const notice = buildChannelNotice(previewProps(kind, carrier, state, lang), { ...facts, region: { slug, url: `https://status.example.com/regions/${slug}` } });
          const full = fullSmsNoticeText(notice, (text) => personalise(text, { timeZone, locale: lang, manageUrl: 'M', unsubscribeUrl: 'U' }, false));
          expect(smsSegments(full).segments, `${carrier} ${kind}/${state}:\n${full}`).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * NOTICE_KINDS.length * DATA_STATES.length);
  });

  // The key sentence is chosen while the times are still markers: a filled date has full stops of its own.
  it.each([
    ['de-DE', 'de-DE', / bis .* durch\.$/],
    ['en', 'en-CA', / to .*[ap]\.m\. EDT\.$/],
    ['fr-CA', 'fr-CA', / au .*\.$/],
  ] as const)('%s (%s): a maintenance text keeps its whole window, whatever full stops the dates have', (lang, locale, whole) => {
    const notice = buildChannelNotice(previewProps('maintenance', 'tmobile', 'intact', lang), facts);
    const fill = (text: string) => personalise(text, { timeZone: 'America/Toronto', locale, manageUrl: 'M', unsubscribeUrl: 'U' }, false);
    const words = smsNoticeText(notice, fill).split('\n')[1]!;
    expect(words).toMatch(whole);
    // Positive control: the filled date does carry full stops (German "So., 18. Okt.", "a.m."), so cutting after filling would have cut there.
    expect(fill(notice.paragraphs[0]!)).toMatch(/\w\.[ ,]/);
  });

  // A phone that lost its data still gets texts: the default data-loss text says which data, uncut.
  it.each(LANGUAGES)('%s: the default data-loss text names the lost services whole, without being cut', (lang) => {
    const notice = buildChannelNotice(previewProps('data_loss', 'telstra', 'lost', lang), facts);
    const full = personalise(fullSmsNoticeText(notice), { timeZone: 'Australia/Sydney', locale: lang, manageUrl: 'M', unsubscribeUrl: 'U' }, false);
    expect(smsSegments(full).segments, full).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
    expect(full).toBe(personalise(smsNoticeText(notice), { timeZone: 'Australia/Sydney', locale: lang, manageUrl: 'M', unsubscribeUrl: 'U' }, false));
    const words = full.split('\n')[1]!;
    expect(words, full).toMatch(/Contacts|Kontakte/);
    expect(words, full).toMatch(/Photos|Fotos/);
    expect(words).not.toContain('...');
  });

  it.each(LANGUAGES)('%s: an update notice texts the update itself, where the template only introduces it', (lang) => {
    const words = 'Contacts are back for 60% of customers.\n\nPhotos remain at risk.';
    const notice = buildChannelNotice({ ...previewProps('update', 'tmobile', 'recovering', lang), latestUpdate: words }, facts);
    expect(smsWords(notice).from).toBe('update');
    expect(smsNoticeText(notice).split('\n')[1]).toBe('Contacts are back for 60% of customers.');
    // An update quoted in another language, under a note, is not texted: the template's sentence is.
    const untranslated = buildChannelNotice({ ...previewProps('update', 'tmobile', 'recovering', lang), latestUpdate: words, latestUpdateFrom: lang === 'en' ? 'de-DE' : 'en' }, facts);
    expect(smsWords(untranslated).from).toBe('template');
    expect(smsNoticeText(untranslated)).not.toContain('Contacts are back');
  });
});

describe('an update in the reader’s language', () => {
  const update = {
    lang: 'en',
    body: 'Main text.',
    bodies: { telstra: 'Telstra text.' },
    translations: [{ lang: 'de-DE', body: 'Haupttext.', bodies: { telstra: 'Telstra-Text.' } }, { lang: 'fr-CA', body: 'Texte principal.' }],
  };
  it('is the original in its own language, the translation where there is one, else the original marked untranslated', () => {
    expect(textForReader(update, 'tmobile', 'en')).toEqual({ text: 'Main text.', untranslatedFrom: null });
    expect(textForReader(update, 'tmobile', 'de-DE')).toEqual({ text: 'Haupttext.', untranslatedFrom: null });
    expect(textForReader(update, 'telstra', 'de-DE')).toEqual({ text: 'Telstra-Text.', untranslatedFrom: null });
    // French has the main text translated but not Telstra's own: Telstra's French readers get Telstra's text, marked.
    expect(textForReader(update, 'telstra', 'fr-CA')).toEqual({ text: 'Telstra text.', untranslatedFrom: 'en' });
    expect(textForReader({ ...update, translations: [] }, 'tmobile', 'fr-CA')).toEqual({ text: 'Main text.', untranslatedFrom: 'en' });
  });

  it('carries a one-line note in the reader’s language when it is not translated (e-mail and chat)', () => {
    const props = { ...previewProps('update', 'tmobile', 'lost', 'de-DE'), latestUpdate: 'Original **words**.', latestUpdateFrom: 'en' as const };
    const r = renderNotice(props);
    expect(r.text).toContain('(Noch nicht übersetzt: Dieses Update wird auf Englisch gezeigt, so wie es verfasst wurde.)');
    expect(r.html).toContain('Noch nicht übersetzt');
    expect(renderNotice({ ...props, latestUpdateFrom: null }).text).not.toContain('Noch nicht übersetzt');
    const fr = renderNotice({ ...previewProps('update', 'tmobile', 'lost', 'fr-CA'), latestUpdate: 'Original.', latestUpdateFrom: 'de-DE' });
    expect(fr.text).toContain('présentée en allemand');
  });
});
