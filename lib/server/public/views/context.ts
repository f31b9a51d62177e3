import { regionLang, type Lang } from '@/lib/i18n/languages';
import type { Translator } from '@/lib/i18n/t';
import type { Derived } from '../derive';
import type { PublicRegion } from '../model';

/** What every view needs besides its own data. */
export interface ViewContext {
  d: Derived;
  cssHref: string;
  /** The one script (progressive enhancement only), served from this host. */
  jsHref: string;
  /** Time the data was read from the database, and whether reading has since been failing. */
  asOf: string;
  stale: boolean;
  /** The language this rendering speaks (one snapshot entry per language). */
  tr: Translator;
  /** The page's own path, for its language alternates (hreflang and the language switch). */
  path: string;
  /** The languages this page is offered in, its default first (a region may offer fewer). */
  langs: readonly Lang[];
}

export interface FeedLink {
  type: 'application/atom+xml' | 'application/rss+xml' | 'text/calendar' | 'application/json';
  href: string;
  title: string;
}

/** A feed, calendar or badge address in the reader's language: bare when that is its default (`base`). */
export const inLanguage = (href: string, tr: Translator, base: Lang = 'en'): string => (tr.lang === base ? href : `${href}?lang=${tr.lang}`);

export const regionFeeds = (tr: Translator, r: PublicRegion): FeedLink[] => [
  { type: 'application/atom+xml', href: inLanguage(`/regions/${r.slug}/feed.atom`, tr, regionLang(r.locale)), title: tr.t('layout.feedRegionAtom', { audience: `${r.carrier} ${r.product}` }) },
  { type: 'application/rss+xml', href: inLanguage(`/regions/${r.slug}/feed.rss`, tr, regionLang(r.locale)), title: tr.t('layout.feedRegionRss', { audience: `${r.carrier} ${r.product}` }) },
];

export const siteFeeds = (tr: Translator): FeedLink[] => [
  { type: 'application/atom+xml', href: inLanguage('/feed.atom', tr), title: tr.t('layout.feedAllAtom') },
  { type: 'application/rss+xml', href: inLanguage('/feed.rss', tr), title: tr.t('layout.feedAllRss') },
];

/** The size the embed instructions suggest (layout.tsx); the widget (misc.tsx, styles.ts) is laid out to fit it. */
export const EMBED_SIZE = { width: 320, height: 110 } as const;
