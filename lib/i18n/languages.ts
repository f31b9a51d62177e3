// The languages Candor's public pages speak, and how a request's language is chosen among them.
// Pure: no I/O; the caller passes the query, cookie and Accept-Language it read.

export const LANGUAGES = ['en', 'fr-CA', 'de-DE'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';

/** Each language named in itself, for the language switch (never translated). */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', 'fr-CA': 'Français', 'de-DE': 'Deutsch' };

export const LANG_COOKIE = 'candor_lang';

const displayNamesIn = new Map<string, Intl.DisplayNames | null>();
/** Intl's names of countries or languages in `locale`, made once per (type, locale); null for a locale Intl refuses. */
function displayNames(type: 'region' | 'language', locale: string): Intl.DisplayNames | null {
  const key = `${type}|${locale}`;
  let names = displayNamesIn.get(key);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(locale, { type, languageDisplay: 'standard' });
    } catch {
      names = null;
    }
    if (displayNamesIn.size > 100) displayNamesIn.clear();
    displayNamesIn.set(key, names);
  }
  return names;
}

/**
 * A region's market in the reader's language: staff type it once ("United States"), and when it is
 * the English name of the country of the region's locale (en-US), readers of other languages get
 * their own name for that country ("Vereinigte Staaten", "États-Unis"). Any other text is shown as
 * typed ("Deutschland" for a de-DE region stays as its staff wrote it).
 */
export function marketName(market: string, regionLocale: string | null | undefined, readerLocale: string): string {
  let country: string | undefined;
  try {
    country = regionLocale ? new Intl.Locale(regionLocale).region : undefined;
  } catch {
    return market;
  }
  if (!country || displayNames('region', 'en')?.of(country) !== market.trim()) return market;
  return displayNames('region', readerLocale)?.of(country) ?? market;
}

/** A language's name in the reader's own words ("anglais", "Englisch"), for "shown in English" notes. */
export function languageName(lang: Lang, locale: string): string {
  try {
    return displayNames('language', locale)?.of(lang === 'en' ? 'en' : lang.split('-')[0]!) ?? lang;
  } catch {
    return lang;
  }
}

const BY_PRIMARY: Record<string, Lang> = { en: 'en', fr: 'fr-CA', de: 'de-DE' };

/**
 * A language tag as written in a URL, cookie, header or region ("fr-ca", "fr", "de-AT", "en-US") to
 * the language that serves it, or null when none does. Only the primary subtag decides.
 */
export function parseLang(tag: string | null | undefined): Lang | null {
  if (!tag || tag.length > 35) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return BY_PRIMARY[primary] ?? null;
}

/** A region's language: its locale's, else English. */
export const regionLang = (locale: string | null | undefined): Lang => parseLang(locale) ?? DEFAULT_LANG;

/** The best language for an Accept-Language header (RFC 9110 section 12.5.4), or null when it names none. */
export function negotiateLanguage(header: string | null | undefined): Lang | null {
  if (!header) return null;
  let best: Lang | null = null;
  let bestQ = 0;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    const lang = parseLang(tag);
    if (lang && Number.isFinite(weight) && weight > bestQ) {
      best = lang;
      bestQ = weight;
    }
  }
  return best;
}

/**
 * The locale dates and numbers are formatted in: the region's own when it speaks this language
 * (en-CA keeps Canadian dates in English), else the language's.
 */
export function formatLocale(lang: Lang, regionLocale?: string | null): string {
  if (regionLocale && parseLang(regionLocale) === lang) return regionLocale;
  return lang === 'en' ? 'en-US' : lang;
}

/** A language a region's pages are offered in, with the locale its dates and numbers use there. */
export interface OfferedLanguage {
  lang: Lang;
  locale: string;
}

/** The tags of a stored language list ("fr-CA,en-CA"); blanks dropped. */
export const languageTags = (list: string | null | undefined): string[] => (list ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');

/**
 * The languages a region offers, its default (its locale's language) first. `list` is the region's
 * stored comma list: empty offers every language; tags Candor does not speak are skipped. A tag
 * with a country ("en-CA") keeps that country's dates in its language.
 */
export function regionLanguages(locale: string | null | undefined, list: string | null | undefined): OfferedLanguage[] {
  const first = regionLang(locale);
  const offered: OfferedLanguage[] = [{ lang: first, locale: formatLocale(first, locale) }];
  const tags = languageTags(list);
  const wanted = tags.length === 0 ? LANGUAGES.map((l) => l as string) : tags;
  for (const tag of wanted) {
    const lang = parseLang(tag);
    if (!lang || offered.some((o) => o.lang === lang)) continue;
    offered.push({ lang, locale: languageLocale(tag) ?? formatLocale(lang) });
  }
  return offered;
}

/** What a language tag is stored as (a subscriber's language): its canonical form with a country ("fr-CA", "en-CA"), else its language's; null when Candor does not speak it. */
export function languageLocale(tag: string | null | undefined): string | null {
  const lang = parseLang(tag);
  if (!lang || !tag) return null;
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    canonical = undefined;
  }
  return canonical?.includes('-') ? formatLocale(lang, canonical) : formatLocale(lang);
}

/** The first of `wanted` (tags, most wanted first; nulls skipped) that `offered` has, else the offered default. */
export function pickLanguage(offered: readonly OfferedLanguage[], ...wanted: (string | null | undefined)[]): OfferedLanguage {
  for (const tag of wanted) {
    const lang = parseLang(tag);
    const hit = lang ? offered.find((o) => o.lang === lang) : undefined;
    if (hit) return hit;
  }
  return offered[0]!;
}

/** Every language, each in its own default locale (pages that belong to no carrier). */
export const EVERY_LANGUAGE: readonly OfferedLanguage[] = LANGUAGES.map((lang) => ({ lang, locale: formatLocale(lang) }));
