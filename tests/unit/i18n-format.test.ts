import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/lib/domain/time';
import { formatLocale, negotiateLanguage, parseLang, regionLang } from '@/lib/i18n/languages';
import { t, translator } from '@/lib/i18n/t';
import { langParam } from '@/lib/server/public/language';
import { renderHtml } from '@/lib/server/public/views/render-html';
import { durationText, restoredText, uptimeText } from '@/lib/server/public/views/words';

// Plurals, numbers, percentages and dates in each language, and how a language is chosen.
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('plurals', () => {
  it('picks the form for one and for many in each language', () => {
    expect(t('en', 'matrix.hint', { count: 1 })).toContain('1 carrier:');
    expect(t('en', 'matrix.hint', { count: 4 })).toContain('4 carriers:');
    expect(t('fr-CA', 'matrix.hint', { count: 1 })).toContain('1 fournisseur :');
    expect(t('fr-CA', 'matrix.hint', { count: 4 })).toContain('4 fournisseurs :');
    expect(t('de-DE', 'history.daySummary', { day: '3. Nov.', uptime: '99 %', count: 0 })).toBe('3. Nov.: 99 % Verfügbarkeit, keine Störungen');
    expect(t('de-DE', 'history.daySummary', { day: '3. Nov.', uptime: '99 %', count: 1 })).toBe('3. Nov.: 99 % Verfügbarkeit, 1 Störung');
    expect(t('de-DE', 'history.daySummary', { day: '3. Nov.', uptime: '99 %', count: 2 })).toBe('3. Nov.: 99 % Verfügbarkeit, 2 Störungen');
    expect(t('fr-CA', 'embed.more', { count: 1 })).toBe('et 1 autre');
    expect(t('fr-CA', 'embed.more', { count: 3 })).toBe('et 3 autres');
  });

  it('counts durations in each language’s units', () => {
    expect(durationText(translator('en'), 50 * 3_600_000)).toBe('2 d 2 h');
    expect(durationText(translator('de-DE'), 50 * 3_600_000)).toBe('2 Tage 2 Std.');
    expect(durationText(translator('de-DE'), 24 * 3_600_000 * 3)).toBe('3 Tage');
    expect(durationText(translator('fr-CA'), 90 * 60_000)).toBe('1 h 30 min');
  });
});

describe('numbers', () => {
  it('groups thousands the way each locale does', () => {
    expect(restoredText(translator('en'), 250_000, 90_000)).toBe('about 90,000 of 250,000 affected customers restored');
    expect(nb(restoredText(translator('fr-CA'), 250_000, 90_000))).toBe('environ 90 000 clients touchés sur 250 000 rétablis');
    expect(restoredText(translator('de-DE'), 250_000, 90_000)).toBe('etwa 90.000 von 250.000 betroffenen Kunden wiederhergestellt');
    expect(restoredText(translator('de-DE'), 40_000, 40_000)).toBe('alle 40.000 betroffenen Kunden wiederhergestellt');
    expect(restoredText(translator('fr-CA'), 40_000, 0)).toContain('aucun des');
  });

  it('writes uptime percentages in the locale, floored so it never rounds up to 100', () => {
    expect(uptimeText(translator('en'), 0.99956)).toBe('99.95%');
    expect(nb(uptimeText(translator('fr-CA'), 0.99956))).toBe('99,95 %');
    expect(nb(uptimeText(translator('de-DE'), 0.99999))).toBe('99,99 %');
    expect(uptimeText(translator('en'), 1)).toBe('100%');
  });

  it('formats dates in the region’s zone and the reader’s language', () => {
    const at = new Date('2026-11-25T09:03:00Z');
    expect(formatDateTime(at, 'Europe/Berlin', translator('de-DE').locale)).toMatch(/25\. Nov\. 2026.*10:03.*MEZ/);
    expect(formatDateTime(at, 'America/Toronto', translator('fr-CA', 'fr-CA').locale)).toMatch(/25 nov\. 2026.*4 h 03.*HNE/);
    // An English reader on a French-Canadian region keeps English, a German reader German.
    expect(translator('en', 'en-CA').locale).toBe('en-CA');
    expect(translator('de-DE', 'en-CA').locale).toBe('de-DE');
  });
});

describe('choosing a language', () => {
  it('reads tags from URLs, cookies and regions, and refuses unknown ones', () => {
    expect(parseLang('fr-CA')).toBe('fr-CA');
    expect(parseLang('FR')).toBe('fr-CA');
    expect(parseLang('de-AT')).toBe('de-DE');
    expect(parseLang('xx')).toBeNull();
    expect(parseLang('')).toBeNull();
    expect(parseLang('<script>')).toBeNull();
    expect(regionLang('de-DE')).toBe('de-DE');
    expect(regionLang('ja-JP')).toBe('en');
    expect(formatLocale('en')).toBe('en-US');
  });

  it('reads ?lang= from a query string, whatever else it holds', () => {
    expect(langParam('lang=fr-CA')).toBe('fr-CA');
    expect(langParam('a=1&lang=de&b=2')).toBe('de-DE');
    expect(langParam('lang=fr%2DCA')).toBe('fr-CA');
    expect(langParam('xlang=fr')).toBeNull();
    expect(langParam('lang=')).toBeNull();
    expect(langParam('lang=%E0%A4%A')).toBeNull();
    expect(langParam('region=x')).toBeNull();
  });

  it('follows Accept-Language weights and ignores what it cannot serve', () => {
    expect(negotiateLanguage('de-DE,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(negotiateLanguage('ja, fr-CA;q=0.7, en;q=0.5')).toBe('fr-CA');
    expect(negotiateLanguage('en;q=0.2, de;q=0.6')).toBe('de-DE');
    expect(negotiateLanguage('ja, zh')).toBeNull();
    expect(negotiateLanguage('*')).toBeNull();
    expect(negotiateLanguage('fr;q=0')).toBeNull();
    expect(negotiateLanguage(undefined)).toBeNull();
  });
});

describe('markup in messages', () => {
  it('is text: values and messages are escaped when rendered', () => {
    const text = t('fr-CA', 'banner.for', { audience: '<b>Rogers</b>' });
    expect(text).toBe('pour <b>Rogers</b>');
    expect(renderHtml(createElement('p', null, text))).toBe('<p>pour &lt;b&gt;Rogers&lt;/b&gt;</p>');
  });
});
