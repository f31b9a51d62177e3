import { describe, expect, it } from 'vitest';
import { languageName, marketName } from '@/lib/i18n/languages';

describe('marketName', () => {
  it("names a country market in the reader's language when staff typed its English name", () => {
    expect(marketName('United States', 'en-US', 'de-DE')).toBe('Vereinigte Staaten');
    expect(marketName('United States', 'en-US', 'fr-CA')).toBe('États-Unis');
    expect(marketName('Australia', 'en-AU', 'de-DE')).toBe('Australien');
    expect(marketName('Canada', 'fr-CA', 'de-DE')).toBe('Kanada');
    // English readers get the text as typed.
    expect(marketName('United States', 'en-US', 'en-US')).toBe('United States');
  });

  it('leaves any other market as staff typed it', () => {
    // Already in the region's own language, not the English name of its country.
    expect(marketName('Deutschland', 'de-DE', 'fr-CA')).toBe('Deutschland');
    // Not the locale's country, or no country in the locale at all.
    expect(marketName('Europe', 'de-DE', 'fr-CA')).toBe('Europe');
    expect(marketName('Australia', 'en-US', 'de-DE')).toBe('Australia');
    expect(marketName('United States', 'en', 'de-DE')).toBe('United States');
    expect(marketName('United States', null, 'de-DE')).toBe('United States');
    // Hostile or broken locales fall back to the text, never throw.
    expect(marketName('United States', 'not a locale!', 'de-DE')).toBe('United States');
    expect(marketName('<b>United States</b>', 'en-US', 'de-DE')).toBe('<b>United States</b>');
    expect(marketName('United States', 'en-US', 'xx-invalid-!!')).toBe('United States');
  });

  it("names a language in the reader's words", () => {
    expect(languageName('en', 'fr-CA')).toBe('anglais');
    expect(languageName('en', 'de-DE')).toBe('Englisch');
    expect(languageName('de-DE', 'en-US')).toBe('German');
  });
});
