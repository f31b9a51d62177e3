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

/**
 * The language and locale a message to one reader is written in: their stored locale (a
 * subscriber's, or a carrier's), else their region's (readerLang, readerLocale).
 */
export function readerLanguage(stored: string | null | undefined, regionLocale: string | null = null): { lang: Lang; locale: string } {
  const lang = readerLang(stored, regionLocale);
  return { lang, locale: readerLocale(lang, stored, regionLocale) };
}

function isLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}
