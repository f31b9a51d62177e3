import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/server/errors';
import { parseInput } from '@/lib/server/validate';
import { ComponentTranslationsInput, IncidentTranslationsInput, PageTranslationsInput, mergeTranslations, readTranslations, translated, writeTranslations } from '@/lib/domain/translations';
import { LANGUAGES } from '@/lib/i18n/languages';

const refusal = (schema: Parameters<typeof parseInput>[0], input: unknown): AppError => {
  try {
    parseInput(schema, input);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
};

describe('translation inputs', () => {
  it('accepts every language Candor writes in, trimmed', () => {
    const ok = Object.fromEntries(LANGUAGES.map((l) => [l, `  Name ${l} `]));
    expect(parseInput(ComponentTranslationsInput, { name: ok }).name).toEqual(Object.fromEntries(LANGUAGES.map((l) => [l, `Name ${l}`])));
  });

  it('names the field and the language it does not know', () => {
    const e = refusal(ComponentTranslationsInput, { name: { 'xx-YY': 'Kontakte' } });
    expect(e.code).toBe('validation');
    expect(e.field).toBe('name.xx-YY');
    expect(e.message).toBe(`name.xx-YY: not a language Candor writes in (${LANGUAGES.join(', ')})`);
  });

  it('keeps the length limits of the original fields', () => {
    expect(refusal(ComponentTranslationsInput, { name: { 'de-DE': 'x'.repeat(101) } }).field).toBe('name.de-DE');
    expect(parseInput(ComponentTranslationsInput, { name: { 'de-DE': 'x'.repeat(100) } }).name?.['de-DE']).toHaveLength(100);
    expect(refusal(PageTranslationsInput, { logoText: { 'fr-CA': 'x'.repeat(61) } }).field).toBe('logoText.fr-CA');
    expect(parseInput(IncidentTranslationsInput, { postmortem: { 'fr-CA': 'x'.repeat(100_000) } }).postmortem?.['fr-CA']).toHaveLength(100_000);
  });

  it('refuses fields the object does not translate, naming the ones it does', () => {
    const e = refusal(ComponentTranslationsInput, { title: { 'de-DE': 'Titel' } });
    expect(e.message).toContain('translates only name, description');
    expect(parseInput(IncidentTranslationsInput, { name: { 'de-DE': 'Titel' } }).name).toEqual({ 'de-DE': 'Titel' });
  });
});

describe('mergeTranslations', () => {
  const stored = { name: { 'de-DE': 'Kontakte', 'fr-CA': 'Contacts' }, description: { 'de-DE': 'Adressbuch' } };

  it('sets, replaces and keeps what the patch leaves out', () => {
    expect(mergeTranslations('component', stored, { name: { 'fr-CA': 'Carnet' } })).toEqual({ name: { 'fr-CA': 'Carnet', 'de-DE': 'Kontakte' }, description: { 'de-DE': 'Adressbuch' } });
  });

  it('removes a language on an empty text and a field with no language left', () => {
    expect(mergeTranslations('component', stored, { description: { 'de-DE': '' }, name: { 'fr-CA': '  ' } })).toEqual({ name: { 'de-DE': 'Kontakte' } });
  });

  it('gives the same JSON for the same content whatever the order (an unchanged save is no change)', () => {
    const a = mergeTranslations('component', {}, { description: { 'de-DE': 'x' }, name: { 'de-DE': 'b', 'fr-CA': 'a' } });
    const b = mergeTranslations('component', { name: { 'fr-CA': 'a', 'de-DE': 'b' }, description: { 'de-DE': 'x' } }, {});
    expect(writeTranslations(a)).toBe(writeTranslations(b));
    expect(writeTranslations(a)).not.toBe(writeTranslations(mergeTranslations('component', a, { name: { 'de-DE': 'c' } })));
  });
});

describe('readTranslations and translated', () => {
  it('reads malformed or foreign stored JSON as nothing', () => {
    expect(readTranslations('component', 'not json')).toEqual({});
    expect(readTranslations('component', '[1]')).toEqual({});
    expect(readTranslations('component', JSON.stringify({ name: { 'de-DE': 'Kontakte', 'xx-YY': 'no' }, other: { 'de-DE': 'x' } }))).toEqual({ name: { 'de-DE': 'Kontakte' } });
  });

  it('falls back to the original where no translation exists', () => {
    const c = { name: 'Contacts', description: null as string | null, translations: { name: { 'de-DE': 'Kontakte' } } };
    expect(translated(c, 'name', 'de-DE')).toBe('Kontakte');
    expect(translated(c, 'name', 'fr-CA')).toBe('Contacts');
    expect(translated(c, 'name', 'en')).toBe('Contacts');
    expect(translated(c, 'description', 'de-DE')).toBeNull();
    expect(translated({ translations: { name: { 'de-DE': 'Ausfall' } } }, 'name', 'de-DE', 'Outage')).toBe('Ausfall');
    expect(translated({}, 'name', 'de-DE', 'Outage')).toBe('Outage');
  });
});
