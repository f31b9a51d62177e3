import de from '@/locales/de-DE.json';
import en from '@/locales/en.json';
import fr from '@/locales/fr-CA.json';
import type { Lang } from './languages';

// One JSON file per language under locales/, in ICU MessageFormat, edited by translators without
// touching code. English is the reference: tests/unit/i18n-catalogs.test.ts keeps the others level.

export type MessageKey = keyof typeof en;
export const CATALOGS: Record<Lang, Record<string, string>> = { en, 'fr-CA': fr, 'de-DE': de };
