import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { EVERY_LANGUAGE, LANG_COOKIE, negotiateLanguage, parseLang, pickLanguage, type Lang, type OfferedLanguage } from '@/lib/i18n/languages';
import { translator, type Translator } from '@/lib/i18n/t';

// The language of the public pages Next renders (subscribe, code, confirm, manage). As with the
// snapshot's pages, a URL has one content: the page is shown in the language its `?lang=` names
// (English without one), and a request whose language comes from elsewhere (the cookie, the
// subscriber's stored choice, the carrier, the browser) is first redirected to its `?lang=` URL.
// So the root layout's <html lang> can be read from the URL alone.

export type Query = Record<string, string | string[] | undefined>;

/** The language a URL's query shows its page in (what the root layout and metadata read). */
export const queryLang = (query: Query | URLSearchParams): Lang => {
  const raw = query instanceof URLSearchParams ? query.get('lang') : query.lang;
  return parseLang(typeof raw === 'string' ? raw : null) ?? 'en';
};

export interface PageLanguage {
  tr: Translator;
  /** The languages this page offers, its default first (for the switch and hreflang). */
  langs: readonly Lang[];
  /** The page's path and query without `lang`, for its language links. */
  path: string;
}

export const PUBLIC_NEXT_PATHS = /^\/(subscribe|confirm|manage)(\/|$)/;

/** `path?query` with `lang` set to `lang` (dropped when null). */
export function withLang(path: string, query: Query, lang: Lang | null): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (k !== 'lang' && typeof v === 'string') params.set(k, v);
  if (lang) params.set('lang', lang);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/**
 * Chooses the page's language among `offered`: the URL's, the remembered one (cookie), the
 * subscriber's own (`preferred`), the browser's (only when `browser`), else the offered default;
 * redirects when the URL does not already say it. An unknown or unoffered language falls back.
 */
export async function pageLanguage({ path, query, offered = EVERY_LANGUAGE, preferred = null, browser = false }: { path: string; query: Query; offered?: readonly OfferedLanguage[]; preferred?: string | null; browser?: boolean }): Promise<PageLanguage> {
  const raw = typeof query.lang === 'string' ? query.lang : null;
  const remembered = (await cookies()).get(LANG_COOKIE)?.value ?? null;
  const accept = browser ? negotiateLanguage((await headers()).get('accept-language')) : null;
  const chosen = pickLanguage(offered, raw, remembered, preferred, accept);
  if (queryLang(query) !== chosen.lang) redirect(withLang(path, query, chosen.lang));
  return { tr: translator(chosen.lang, chosen.locale), langs: offered.map((o) => o.lang), path: withLang(path, query, null) };
}
