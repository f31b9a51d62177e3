import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGS, type MessageKey } from './catalogs';
import { formatLocale, type Lang } from './languages';

export type MessageValues = Record<string, string | number | Date>;

const compiled = new Map<string, IntlMessageFormat>();

/**
 * One message in one language, formatted with `values` (plurals, numbers and dates in `locale`, by
 * default the language's). A key a catalog lacks falls back to English, so a reader never sees a key.
 */
export function t(lang: Lang, key: MessageKey, values?: MessageValues, locale: string = formatLocale(lang)): string {
  const cacheKey = `${lang}\u0000${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    const source = CATALOGS[lang][key] ?? CATALOGS.en[key] ?? key;
    format = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  const out = format.format(values);
  return typeof out === 'string' ? out : String(out);
}

/** A translator bound to a language and the locale its dates and numbers are formatted in. */
export interface Translator {
  lang: Lang;
  locale: string;
  t: (key: MessageKey, values?: MessageValues) => string;
  number: (n: number) => string;
}

const translators = new Map<string, Translator>();

/** Translators hold nothing but the catalogs and two Intl objects: one per language and locale serves every caller. */
export function translator(lang: Lang, regionLocale?: string | null): Translator {
  const locale = formatLocale(lang, regionLocale);
  const cacheKey = `${lang}\u0000${locale}`;
  let tr = translators.get(cacheKey);
  if (!tr) {
    const numbers = new Intl.NumberFormat(locale);
    tr = { lang, locale, t: (key, values) => t(lang, key, values, locale), number: (n) => numbers.format(n) };
    translators.set(cacheKey, tr);
  }
  return tr;
}
