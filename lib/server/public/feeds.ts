import type { Translator } from '@/lib/i18n/t';
import { formatDateTime, formatUtc } from '@/lib/domain/time';
import { shownUntranslatedIn, textForReader } from '@/lib/domain/update-text';
import { languageName } from '@/lib/i18n/languages';
import { renderMarkdown } from '../markdown';
import type { Derived, DerivedIncident } from './derive';
import type { PublicRegion } from './model';
import { incidentStatusText } from './views/words';

// Atom 1.0 and RSS 2.0: one entry per incident (latest first), its whole timeline as content,
// in one language (the snapshot builds each feed in every language its page offers). Entry ids do
// not depend on the language, so a reader switching feeds sees the same items.

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
  /** A carrier's feed: its own texts and time zone. */
  region?: PublicRegion;
  /** `?lang=…` on a language's own feed address (empty for the feed's default language). */
  query?: string;
}

/** Never later than the snapshot's clock: a planned maintenance must not look published ahead of time. */
const notAfter = (iso: string, now: Date): string => (Date.parse(iso) > now.getTime() ? now.toISOString() : iso);

/**
 * One date convention for Atom and RSS: published is when the incident started or was created,
 * whichever is earlier (a maintenance planned ahead was published when written); updated is its
 * latest published update. Neither lies past the snapshot time.
 */
export function entryDates(i: DerivedIncident, now: Date): { published: string; updated: string } {
  const published = notAfter(Date.parse(i.startedAt) < Date.parse(i.createdAt) ? i.startedAt : i.createdAt, now);
  const latest = i.updates.reduce((max, u) => (Date.parse(u.displayAt) > Date.parse(max) ? u.displayAt : max), published);
  return { published, updated: notAfter(latest, now) };
}

/** One id per incident for both feeds, fixed at creation (RFC 4151 tag URI), so updates never look like new items. */
export function entryId(i: DerivedIncident, pageUrl: string): string {
  let host = 'candor.invalid';
  try {
    host = new URL(pageUrl).hostname || host;
  } catch {
    // An unparsable page URL keeps the fallback authority; the id stays stable either way.
  }
  return `tag:${host},${i.createdAt.slice(0, 10)}:incident:${i.id}`;
}

/**
 * An update's text as HTML in the reader's language (its translation, else as written: then in an
 * element marked with its own language, after the one-line note the pages show). Each distinct text
 * is rendered once per snapshot build.
 */
const rendered = new WeakMap<object, Map<string, string>>();
function bodyHtml(u: DerivedIncident['updates'][number], regionId: string | undefined, tr: Translator): string {
  let byText = rendered.get(u);
  if (!byText) rendered.set(u, (byText = new Map()));
  const read = textForReader(u, regionId, tr.lang);
  let html = byText.get(read.text);
  if (html === undefined) byText.set(read.text, (html = renderMarkdown(read.text)));
  const from = shownUntranslatedIn(read, tr.lang);
  if (from === null) return html;
  return `<p><em>${xml(tr.t('notice.untranslated', { language: languageName(from, tr.locale) }))}</em></p><div lang="${xml(read.untranslatedFrom!)}">${html}</div>`;
}

function contentHtml(i: DerivedIncident, d: Derived, region: PublicRegion | undefined, tr: Translator): string {
  const zoned = (iso: string) => `${formatDateTime(new Date(iso), region?.timeZone ?? d.model.page.timeZone, tr.locale)} (${formatUtc(new Date(iso))})`;
  const next = i.nextUpdateAt ? `<p><strong>${xml(tr.t('summary.nextUpdate', { when: zoned(i.nextUpdateAt) }))}</strong></p>\n` : '';
  const w = i.windowWords && i.scheduledFor ? i.windowWords : null;
  const start = w && i.scheduledFor ? (w.start === 'Starts' ? tr.t('window.starts', { when: zoned(i.scheduledFor) }) : tr.t('window.started', { when: zoned(i.scheduledFor) })) : '';
  const end = w && i.scheduledUntil ? (w.end === 'Ends' ? tr.t('window.ends', { when: zoned(i.scheduledUntil) }) : tr.t('window.ended', { when: zoned(i.scheduledUntil) })) : '';
  const window = start ? `<p>${xml(start)}${end ? ` · ${xml(end)}` : ''}</p>\n` : '';
  return (
    window +
    next +
    [...i.updates]
      .reverse()
      .map((u) => `<p><strong>${xml(incidentStatusText(tr, u.status))}</strong> (${xml(zoned(u.displayAt))})</p>${bodyHtml(u, region?.id, tr)}`)
      .join('\n')
  );
}

function ordered(d: Derived, spec: FeedSpec): (DerivedIncident & { published: string; updated: string })[] {
  return spec.incidents
    .map((i) => ({ ...i, ...entryDates(i, d.now) }))
    .sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated))
    .slice(0, FEED_LIMIT);
}

export function atomFeed(d: Derived, spec: FeedSpec, tr: Translator): string {
  const base = d.model.page.url;
  const entries = ordered(d, spec);
  const updated = notAfter(entries[0]?.updated ?? d.model.page.updatedAt, d.now);
  const body = entries
    .map(
      (i) => `  <entry>
    <id>${xml(entryId(i, base))}</id>
    <title>${xml(`[${incidentStatusText(tr, i.current)}] ${i.title}`)}</title>
    <link rel="alternate" type="text/html" href="${xml(`${base}/incidents/${i.id}${spec.query ?? ''}`)}"/>
    <published>${xml(i.published)}</published>
    <updated>${xml(i.updated)}</updated>
    <content type="html">${xml(contentHtml(i, d, spec.region, tr))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(tr.lang)}">
  <id>${xml(`${base}${spec.path}.atom${spec.query ?? ''}`)}</id>
  <title>${xml(spec.title)}</title>
  <updated>${xml(updated)}</updated>
  <author><name>${xml(d.model.page.name)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}${spec.path}.atom${spec.query ?? ''}`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}${spec.pagePath}${spec.query ?? ''}`)}"/>
${body}
</feed>
`;
}

export function rssFeed(d: Derived, spec: FeedSpec, tr: Translator): string {
  const base = d.model.page.url;
  const entries = ordered(d, spec);
  const rfc822 = (iso: string) => new Date(iso).toUTCString();
  const updated = notAfter(entries[0]?.updated ?? d.model.page.updatedAt, d.now);
  const items = entries
    .map(
      (i) => `    <item>
      <title>${xml(`[${incidentStatusText(tr, i.current)}] ${i.title}`)}</title>
      <link>${xml(`${base}/incidents/${i.id}${spec.query ?? ''}`)}</link>
      <guid isPermaLink="false">${xml(entryId(i, base))}</guid>
      <pubDate>${xml(rfc822(i.published))}</pubDate>
      <atom:updated>${xml(i.updated)}</atom:updated>
      <description>${xml(contentHtml(i, d, spec.region, tr))}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(spec.title)}</title>
    <link>${xml(`${base}${spec.pagePath}${spec.query ?? ''}`)}</link>
    <description>${xml(spec.title)}</description>
    <language>${xml(tr.lang.toLowerCase())}</language>
    <lastBuildDate>${xml(rfc822(updated))}</lastBuildDate>
    <atom:link href="${xml(`${base}${spec.path}.rss${spec.query ?? ''}`)}" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}
