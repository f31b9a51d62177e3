import { describe, expect, it } from 'vitest';
import { LANGUAGES, regionLanguages } from '@/lib/i18n/languages';
import { CreateRegionInput, UpdateRegionInput } from '@/lib/server/regions/schemas';

describe('the languages a region offers', () => {
  it('puts the locale’s language first and keeps a listed country’s dates', () => {
    expect(regionLanguages('en-CA', 'fr-CA,en-CA')).toEqual([
      { lang: 'en', locale: 'en-CA' },
      { lang: 'fr-CA', locale: 'fr-CA' },
    ]);
    expect(regionLanguages('de-DE', 'de-DE,en')).toEqual([
      { lang: 'de-DE', locale: 'de-DE' },
      { lang: 'en', locale: 'en-US' },
    ]);
    // A French region that also offers Canadian English formats English dates the Canadian way.
    expect(regionLanguages('fr-CA', 'en-CA')).toEqual([
      { lang: 'fr-CA', locale: 'fr-CA' },
      { lang: 'en', locale: 'en-CA' },
    ]);
  });

  it('offers every language when the list is empty, and skips tags Candor does not speak', () => {
    expect(regionLanguages('en-AU', '').map((o) => o.lang)).toEqual([...LANGUAGES]);
    expect(regionLanguages('de-AT', '').map((o) => o.lang)).toEqual(['de-DE', 'en', 'fr-CA']);
    expect(regionLanguages('ja-JP', 'ja, tlh ,fr-CA').map((o) => o.lang)).toEqual(['en', 'fr-CA']);
  });
});

describe('region input: languages', () => {
  const base = { name: 'T-Mobile Germany', carrier: 'T-Mobile', product: 'Sidekick', market: 'Germany', time_zone: 'Europe/Berlin', locale: 'de-DE' };
  it('takes a list or a comma string, stored canonical and once per language', () => {
    expect(CreateRegionInput.parse({ ...base, languages: ['de-de', 'en', 'EN-gb'] }).languages).toBe('de-DE,en');
    expect(CreateRegionInput.parse({ ...base, languages: ' fr-CA , en-CA ,' }).languages).toBe('fr-CA,en-CA');
    expect(CreateRegionInput.parse(base).languages).toBe('');
  });

  it('refuses a language Candor does not speak, naming it', () => {
    const bad = CreateRegionInput.safeParse({ ...base, languages: ['de-DE', 'x-klingon'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['languages'], message: expect.stringContaining('"x-klingon"') });
    expect(CreateRegionInput.safeParse({ ...base, languages: 'ja' }).success).toBe(false);
  });

  it('changes only what a change names (no defaults fill the rest)', () => {
    expect(UpdateRegionInput.parse({ languages: 'de-DE' })).toEqual({ languages: 'de-DE' });
    expect(UpdateRegionInput.parse({ name: 'x' })).toEqual({ name: 'x' });
  });
});
