import { DEFAULT_LANG, formatLocale, parseLang, type Lang } from './languages';

// Which language a notice speaks to one subscriber: their own (chosen when subscribing), else
// their region's, else English; and the locale its dates and numbers are written in. Pure.

export function readerLang(subscriberLocale: string | null | undefined, regionLocale: string | null | undefined): Lang {
  return parseLang(subscriberLocale) ?? parseLang(regionLocale) ?? DEFAULT_LANG;
}

/** The reader's own locale when it speaks their language (fr-FR stays French from France), else the region's, else the language's. */
export function readerLocale(lang: Lang, subscriberLocale: string | null | undefined, regionLocale: string | null | undefined): string {
  if (subscriberLocale && parseLang(subscriberLocale) === lang && isLocale(subscriberLocale)) return subscriberLocale;
  return formatLocale(lang, regionLocale && isLocale(regionLocale) ? regionLocale : null);
}

/** A stored language (a subscriber's locale, or a carrier's) as the language and locale a message to them is written in. */
export function readerLanguage(stored: string | null | undefined): { lang: Lang; locale: string } {
  const lang = readerLang(stored, null);
  return { lang, locale: readerLocale(lang, stored, null) };
}

function isLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}
