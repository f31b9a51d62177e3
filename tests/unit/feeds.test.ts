import { getFeed, parseDocument, DomUtils, Parser } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { derive } from '@/lib/server/public/derive';
import { atomFeed, rssFeed, type FeedSpec } from '@/lib/server/public/feeds';
import { translator } from '@/lib/i18n/t';
import { incident, iso, publicModel, update } from '../helpers/public-model-fixture';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const LATER = new Date('2026-11-30T15:00:00.000Z');

/** Well-formed XML: every element closed by the source itself, in order (htmlparser2 reports implied closes). */
function assertWellFormed(text: string): void {
  const problems: string[] = [];
  const selfClosed: boolean[] = [];
  const parser: Parser = new Parser(
    {
      onopentag: () => selfClosed.push(text.slice(parser.startIndex, parser.endIndex + 1).endsWith('/>')),
      onclosetag: (name, implied) => {
        if (implied && !selfClosed.at(-1)) problems.push(`</${name}> missing`);
        selfClosed.pop();
      },
    },
    { xmlMode: true },
  );
  parser.end(text);
  expect(problems).toEqual([]);
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
}
const all = (root: ReturnType<typeof parseDocument>, name: string) => DomUtils.getElementsByTagName(name, root, true);
const text = (e: Element | undefined, name: string) => (e ? DomUtils.textContent(DomUtils.getElementsByTagName(name, e.children, false, 1)) : '');

function feeds(now: Date, extraUpdate: boolean) {
  const outageUpdates = [update('u1', 'investigating', iso(NOW, -3)), update('u2', 'identified', iso(NOW, -2))];
  if (extraUpdate) outageUpdates.push(update('u3', 'monitoring', iso(LATER, -1)));
  const incidents = [
    incident({ id: 'out1', title: 'Contacts missing', startedAt: iso(NOW, -3), createdAt: iso(NOW, -3), updates: outageUpdates }),
    // Back-dated: started before it was written down.
    incident({ id: 'late1', title: 'Photos slow', startedAt: iso(NOW, -30), createdAt: iso(NOW, -20), updates: [update('v1', 'investigating', iso(NOW, -20))] }),
    // Maintenance planned two days ahead: its start is in the future.
    incident({ id: 'mnt1', title: 'Database upgrade', kind: 'maintenance', startedAt: iso(NOW, 48), createdAt: iso(NOW, -10), scheduledFor: iso(NOW, 48), scheduledUntil: iso(NOW, 50), status: 'scheduled', updates: [update('m1', 'scheduled', iso(NOW, -10))] }),
  ];
  const d = derive(publicModel(now, incidents), now);
  const spec: FeedSpec = { title: 'Sidekick Status: incidents', path: '/feed', pagePath: '/', incidents: d.incidents };
  const tr = translator('en');
  return { atom: atomFeed(d, spec, tr), rss: rssFeed(d, spec, tr) };
}

function entries(atom: string, rss: string) {
  assertWellFormed(atom);
  assertWellFormed(rss);
  const a = parseDocument(atom, { xmlMode: true });
  const r = parseDocument(rss, { xmlMode: true });
  const atomEntries = all(a, 'entry').map((e) => ({ id: text(e, 'id'), published: text(e, 'published'), updated: text(e, 'updated') }));
  const rssItems = all(r, 'item').map((e) => ({ guid: text(e, 'guid'), permaLink: DomUtils.getElementsByTagName('guid', e.children, false, 1)[0]?.attribs.isPermaLink, pubDate: text(e, 'pubDate'), updated: text(e, 'atom:updated') }));
  return { atomEntries, rssItems, atomDoc: a, rssDoc: r };
}

describe('Atom and RSS feeds', () => {
  it('have the structure RSS 2.0 and Atom 1.0 require, and a feed reader reads them', () => {
    const { atom, rss } = feeds(NOW, false);
    const { atomDoc, rssDoc } = entries(atom, rss);
    const feed = all(atomDoc, 'feed')[0]!;
    expect(feed.attribs.xmlns).toBe('http://www.w3.org/2005/Atom');
    for (const e of all(atomDoc, 'entry')) for (const name of ['id', 'title', 'updated']) expect(DomUtils.getElementsByTagName(name, e.children, false)).toHaveLength(1);
    expect(all(rssDoc, 'rss')[0]!.attribs.version).toBe('2.0');
    const channel = all(rssDoc, 'channel')[0]!;
    for (const name of ['title', 'link', 'description']) expect(DomUtils.getElementsByTagName(name, channel.children, false)).toHaveLength(1);
    // htmlparser2's feed reader (getFeed) is a real consumer: same ids and dates from either format.
    const readAtom = getFeed(atomDoc.children)!;
    const readRss = getFeed(rssDoc.children)!;
    expect(readAtom.type).toBe('atom');
    expect(readRss.type).toBe('rss');
    expect(readAtom.items.map((i) => i.id)).toEqual(readRss.items.map((i) => i.id));
    expect(readAtom.items).toHaveLength(3);
  });

  it('give each incident one id that never changes with updates, the same in Atom and RSS', () => {
    const before = entries(...Object.values(feeds(NOW, false)) as [string, string]);
    const after = entries(...Object.values(feeds(LATER, true)) as [string, string]);
    for (const { atomEntries, rssItems } of [before, after]) {
      expect(atomEntries.map((e) => e.id)).toEqual(rssItems.map((i) => i.guid));
      for (const i of rssItems) expect(i.permaLink).toBe('false');
      for (const e of atomEntries) expect(e.id).toMatch(/^tag:status\.example\.com,\d{4}-\d{2}-\d{2}:incident:\w+$/);
    }
    expect(new Set(after.rssItems.map((i) => i.guid))).toEqual(new Set(before.rssItems.map((i) => i.guid)));
    // Positive control: the update did change the entry (its updated date), only not its id.
    const outBefore = before.atomEntries.find((e) => e.id.endsWith(':out1'))!;
    const outAfter = after.atomEntries.find((e) => e.id.endsWith(':out1'))!;
    expect(outAfter.updated).toBe(iso(LATER, -1));
    expect(outAfter.updated).not.toBe(outBefore.updated);
    expect(outAfter.published).toBe(outBefore.published);
  });

  it('use one date convention in both: published = start or creation, updated = latest update, never after the snapshot', () => {
    const { atomEntries, rssItems } = entries(...Object.values(feeds(NOW, false)) as [string, string]);
    const byId = Object.fromEntries(atomEntries.map((e) => [e.id.split(':').pop(), e]));
    expect(byId.out1).toMatchObject({ published: iso(NOW, -3), updated: iso(NOW, -2) });
    expect(byId.late1).toMatchObject({ published: iso(NOW, -30), updated: iso(NOW, -20) });
    expect(byId.mnt1).toMatchObject({ published: iso(NOW, -10), updated: iso(NOW, -10) });
    atomEntries.forEach((e, k) => {
      expect(Date.parse(rssItems[k]!.pubDate)).toBe(Date.parse(e.published));
      expect(rssItems[k]!.updated).toBe(e.updated);
      expect(Date.parse(e.published)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(e.updated)).toBeLessThanOrEqual(NOW.getTime());
    });
  });
});
