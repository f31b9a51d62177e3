import type { Lang } from '@/lib/i18n/languages';
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

export const regionFeeds = (tr: Translator, r: PublicRegion): FeedLink[] => [
  { type: 'application/atom+xml', href: `/regions/${r.slug}/feed.atom`, title: tr.t('layout.feedRegionAtom', { audience: `${r.carrier} ${r.product}` }) },
  { type: 'application/rss+xml', href: `/regions/${r.slug}/feed.rss`, title: tr.t('layout.feedRegionRss', { audience: `${r.carrier} ${r.product}` }) },
];

export const siteFeeds = (tr: Translator): FeedLink[] => [
  { type: 'application/atom+xml', href: '/feed.atom', title: tr.t('layout.feedAllAtom') },
  { type: 'application/rss+xml', href: '/feed.rss', title: tr.t('layout.feedAllRss') },
];

/** The size the embed instructions suggest (layout.tsx); the widget (misc.tsx, styles.ts) is laid out to fit it. */
export const EMBED_SIZE = { width: 320, height: 110 } as const;
