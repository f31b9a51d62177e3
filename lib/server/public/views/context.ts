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
}

export interface FeedLink {
  type: 'application/atom+xml' | 'application/rss+xml' | 'text/calendar' | 'application/json';
  href: string;
  title: string;
}

export const regionFeeds = (r: PublicRegion): FeedLink[] => [
  { type: 'application/atom+xml', href: `/regions/${r.slug}/feed.atom`, title: `${r.carrier} ${r.product} incidents (Atom)` },
  { type: 'application/rss+xml', href: `/regions/${r.slug}/feed.rss`, title: `${r.carrier} ${r.product} incidents (RSS)` },
];

export const siteFeeds: FeedLink[] = [
  { type: 'application/atom+xml', href: '/feed.atom', title: 'All incidents (Atom)' },
  { type: 'application/rss+xml', href: '/feed.rss', title: 'All incidents (RSS)' },
];

/** The size the embed instructions suggest (layout.tsx); the widget (misc.tsx, styles.ts) is laid out to fit it. */
export const EMBED_SIZE = { width: 320, height: 110 } as const;
