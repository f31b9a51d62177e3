import { LANG_COOKIE, negotiateLanguage, parseLang, type Lang } from '@/lib/i18n/languages';
import type { Snapshot, SnapshotEntry } from './snapshot';

// Which language a public page is answered in. Every page is prebuilt in every language
// (snapshot.tsx): the bare path in the page's default (its region's language, English elsewhere),
// `?lang=<tag>` in any. A remembered choice (cookie) or, on the home page, the browser's
// Accept-Language moves a bare-path request to its `?lang=` URL, so each URL has one content and
// caches need no Vary on cookies. Unknown or unoffered languages fall back to the default.

/** The language a query string asks for, or null. Read by hand (no URLSearchParams): it runs on the hot path. */
export function langParam(search: string): Lang | null {
  const amp = search.startsWith('lang=') ? -1 : search.indexOf('&lang=');
  if (amp === -1 && !search.startsWith('lang=')) return null;
  const start = amp + 6;
  const end = search.indexOf('&', start);
  const raw = search.slice(start, end === -1 ? undefined : end);
  if (!raw.includes('%') && !raw.includes('+')) return parseLang(raw);
  try {
    return parseLang(decodeURIComponent(raw.replace(/\+/g, ' ')));
  } catch {
    return null;
  }
}

export const langCookieHeader = (lang: Lang): string => `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;

export function cookieValue(raw: string | null | undefined, name: string): string | undefined {
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type LanguageChoice = { redirect: string; setCookie: null } | { redirect: null; setCookie: string | null };
const NOTHING: LanguageChoice = { redirect: null, setCookie: null };

/**
 * For a GET of `path` with query `search`: a redirect to the remembered or preferred language's URL,
 * or the cookie to set when the query chose a language the cookie does not hold yet.
 */
export function chooseLanguage(snapshot: Snapshot, path: string, search: string, cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): LanguageChoice {
  const asked = search ? langParam(search) : null;
  const remembered = cookieHeader ? parseLang(cookieValue(cookieHeader, LANG_COOKIE)) : null;
  if (asked) return remembered === asked || !snapshot.entries.has(`${path}?lang=${asked}`) ? NOTHING : { redirect: null, setCookie: langCookieHeader(asked) };
  const wanted = remembered ?? (path === '/' ? negotiateLanguage(acceptLanguage) : null);
  if (!wanted) return NOTHING;
  const variant = snapshot.entries.get(`${path}?lang=${wanted}`);
  if (!variant || variant === snapshot.entries.get(path)) return NOTHING;
  return { redirect: `${path}?lang=${wanted}`, setCookie: null };
}

/**
 * The 404 page in the language asked for (the query), else remembered (the cookie), else the
 * browser's, else English: a missing page has no carrier to take a language from.
 */
export function notFoundPage(snapshot: Snapshot, search: string, cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): SnapshotEntry {
  const lang = (search ? langParam(search) : null) ?? (cookieHeader ? parseLang(cookieValue(cookieHeader, LANG_COOKIE)) : null) ?? negotiateLanguage(acceptLanguage);
  return (lang && snapshot.notFoundHtmlIn.get(lang)) || snapshot.notFoundHtml;
}
