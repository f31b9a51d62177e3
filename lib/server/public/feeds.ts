import { INCIDENT_STATUS_LABEL } from '@/lib/domain/status';
import { renderMarkdown } from '../markdown';
import type { Derived, DerivedIncident } from './derive';

// Atom 1.0 and RSS 2.0: one entry per incident (latest first), its whole timeline as content.

const FEED_LIMIT = 50;

export const xml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 forbids.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

export interface FeedSpec {
  title: string;
  /** Path of this feed without extension, e.g. /regions/telstra-au/feed. */
  path: string;
  /** Page the feed describes. */
  pagePath: string;
  incidents: DerivedIncident[];
}

const entryUpdated = (i: DerivedIncident): string => i.updates[i.updates.length - 1]?.displayAt ?? i.updatedAt;

function contentHtml(i: DerivedIncident): string {
  return [...i.updates]
    .reverse()
    .map((u) => `<p><strong>${xml(INCIDENT_STATUS_LABEL[u.status])}</strong> (${xml(u.displayAt)})</p>${renderMarkdown(u.body)}`)
    .join('\n');
}

function ordered(spec: FeedSpec): DerivedIncident[] {
  return [...spec.incidents].sort((a, b) => entryUpdated(b).localeCompare(entryUpdated(a))).slice(0, FEED_LIMIT);
}

export function atomFeed(d: Derived, spec: FeedSpec): string {
  const base = d.model.page.url;
  const entries = ordered(spec);
  const updated = entries[0] ? entryUpdated(entries[0]) : d.model.page.updatedAt;
  const body = entries
    .map(
      (i) => `  <entry>
    <id>${xml(`${base}/incidents/${i.id}`)}</id>
    <title>${xml(`[${INCIDENT_STATUS_LABEL[i.current]}] ${i.title}`)}</title>
    <link rel="alternate" type="text/html" href="${xml(`${base}/incidents/${i.id}`)}"/>
    <published>${xml(i.isMaintenance ? (i.scheduledFor ?? i.startedAt) : i.startedAt)}</published>
    <updated>${xml(entryUpdated(i))}</updated>
    <content type="html">${xml(contentHtml(i))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>${xml(`${base}${spec.path}.atom`)}</id>
  <title>${xml(spec.title)}</title>
  <updated>${xml(updated)}</updated>
  <author><name>${xml(d.model.page.name)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}${spec.path}.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}${spec.pagePath}`)}"/>
${body}
</feed>
`;
}

export function rssFeed(d: Derived, spec: FeedSpec): string {
  const base = d.model.page.url;
  const entries = ordered(spec);
  const rfc822 = (iso: string) => new Date(iso).toUTCString();
  const updated = entries[0] ? entryUpdated(entries[0]) : d.model.page.updatedAt;
  const items = entries
    .map(
      (i) => `    <item>
      <title>${xml(`[${INCIDENT_STATUS_LABEL[i.current]}] ${i.title}`)}</title>
      <link>${xml(`${base}/incidents/${i.id}`)}</link>
      <guid isPermaLink="false">${xml(`${i.id}:${entryUpdated(i)}`)}</guid>
      <pubDate>${xml(rfc822(entryUpdated(i)))}</pubDate>
      <description>${xml(contentHtml(i))}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(spec.title)}</title>
    <link>${xml(`${base}${spec.pagePath}`)}</link>
    <description>${xml(spec.title)}</description>
    <language>en</language>
    <lastBuildDate>${xml(rfc822(updated))}</lastBuildDate>
    <atom:link href="${xml(`${base}${spec.path}.rss`)}" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}
