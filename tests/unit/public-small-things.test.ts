import { describe, expect, it } from 'vitest';
import { IMPACT_TEXT, INDICATOR_TEXT, type Indicator } from '@/lib/domain/status';
import { renderNotice, previewProps } from '@/lib/mail/templates/notice';
import { personalise } from '@/lib/mail/templates/variables';
import type { PublicModel } from '@/lib/server/public/model';
import { buildSnapshot, lookup, type Snapshot } from '@/lib/server/public/snapshot';
import { ICON_PATH, ICON_SVG } from '@/lib/server/public/views/favicon';
import { EMBED_SIZE } from '@/lib/server/public/views/context';
import { incident, iso, publicModel, update } from '@/tests/helpers/public-model-fixture';

// Issue 12, "small things users notice": each is read off the rendered snapshot or notice.

const NOW = new Date('2026-11-25T09:00:00Z');
const started = iso(NOW, -3);

const body = (snap: Snapshot, path: string, search = ''): string => lookup(snap, path, search)?.entry.body.toString('utf8') ?? '';
const htmlPaths = (snap: Snapshot): string[] => [...snap.entries].filter(([, e]) => e.contentType.startsWith('text/html')).map(([p]) => p);

function twoRegions(m: PublicModel): PublicModel {
  m.regions = [m.regions[0]!, { ...m.regions[0]!, id: 'r2', slug: 'tmobile-us', name: 'T-Mobile US', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', locale: 'en-US', timeZone: 'America/Los_Angeles', position: 1 }];
  return m;
}

const outage = (impact: Indicator, title = 'Photos do not sync') =>
  incident({ id: 'out', title, impact, startedAt: started, createdAt: started, updates: [update('u1', 'investigating', started)], impacts: [{ componentId: 'c1', regionId: 'r1', status: 'operational', dataState: 'intact', affectedUsers: 0, restoredUsers: 0 }] });

describe('the overall indicator and impact levels in words a customer understands', () => {
  for (const level of Object.keys(INDICATOR_TEXT) as Indicator[]) {
    it(`says "${INDICATOR_TEXT[level]}" rather than "Indicator: ${level}"`, () => {
      const snap = buildSnapshot(twoRegions(publicModel(NOW, level === 'none' ? [] : [outage(level)])), NOW);
      for (const path of ['/', '/regions/telstra-au', '/embed']) expect(body(snap, path)).not.toMatch(/Indicator:/);
      expect(body(snap, '/')).toContain(INDICATOR_TEXT[level]);
      expect(body(snap, '/regions/telstra-au')).toContain(INDICATOR_TEXT[level]);
      if (level !== 'none') {
        const incidentPage = body(snap, '/incidents/out');
        expect(incidentPage).toContain(IMPACT_TEXT[level]);
        expect(body(snap, '/')).toContain(IMPACT_TEXT[level]);
        for (const page of [incidentPage, body(snap, '/')]) expect(page).not.toMatch(/(No impact|Minor|Major|Critical) impact/);
      }
      // The JSON keeps Statuspage's value for machines.
      expect(JSON.parse(body(snap, '/api/v2/status.json')).status.indicator).toBe(level);
    });
  }
});

describe('favicon', () => {
  it('is in the snapshot (answered by the hot path before Next) and every public page links it', () => {
    const snap = buildSnapshot(twoRegions(publicModel(NOW, [outage('major')])), NOW);
    const icon = lookup(snap, ICON_PATH, '');
    expect(icon?.found).toBe(true);
    expect(icon!.entry.contentType).toMatch(/^image\/svg\+xml/);
    expect(icon!.entry.body.toString('utf8')).toBe(ICON_SVG);
    // The address clients ask for without reading the page: the same icon, not a miss that reaches Next.
    expect(lookup(snap, '/favicon.ico', '')?.entry).toBe(icon!.entry);
    const pages = htmlPaths(snap);
    expect(pages.length).toBeGreaterThan(5);
    for (const path of pages) expect(body(snap, path), path).toContain(`<link rel="icon" href="${ICON_PATH}" type="image/svg+xml">`);
  });
});

describe('the impact matrix on phones', () => {
  it('says that it scrolls sideways when there is more than one carrier column', () => {
    const two = body(buildSnapshot(twoRegions(publicModel(NOW, [outage('major')])), NOW), '/');
    expect(two).toMatch(/class="small muted scroll-hint"[^>]*>⇆ 2 carriers: scroll the table sideways/);
    expect(two.indexOf('scroll-hint')).toBeLessThan(two.indexOf('id="matrix-caption"'));
    // One carrier's column fits: no hint.
    expect(body(buildSnapshot(publicModel(NOW, [outage('major')]), NOW), '/')).not.toContain('scroll-hint');
  });
});

describe('the embed widget', () => {
  it("names the active incident and links to it (the carrier's own reading on its widget); without one, the page", () => {
    const title = 'Photos do not sync';
    const snap = buildSnapshot(twoRegions(publicModel(NOW, [outage('major', title)])), NOW);
    expect(body(snap, '/embed')).toContain(`<a href="https://status.example.com/incidents/out" target="_blank" rel="noopener">${title}</a>`);
    expect(body(snap, '/regions/telstra-au/embed')).toContain(`<a href="https://status.example.com/regions/telstra-au/incidents/out" target="_blank" rel="noopener">${title}</a>`);
    // T-Mobile is not touched by it.
    expect(body(snap, '/regions/tmobile-us/embed')).not.toContain(title);
    const calm = body(buildSnapshot(publicModel(NOW, []), NOW), '/embed');
    expect(calm).not.toContain('class="incident"');
    expect(calm).toContain('<a href="https://status.example.com/" target="_blank" rel="noopener">Sidekick Status</a>');
  });

  it('is offered at the size it is laid out for, and follows light or dark', () => {
    const snap = buildSnapshot(publicModel(NOW, []), NOW);
    expect(body(snap, '/')).toContain(`width=&quot;${EMBED_SIZE.width}&quot; height=&quot;${EMBED_SIZE.height}&quot;`);
    expect(body(snap, '/embed')).toContain('<meta name="color-scheme" content="light dark">');
  });
});

describe('maintenance notices give start and end, and say "starts" for a future start', () => {
  const from = iso(NOW, 24);
  const until = iso(NOW, 26);
  const window = (scheduledFor: string, scheduledUntil: string) =>
    incident({ id: 'mx', kind: 'maintenance', title: 'Sync upgrade', status: 'scheduled', scheduledFor, scheduledUntil, startedAt: scheduledFor, createdAt: iso(NOW, -1), updates: [update('m1', 'scheduled', iso(NOW, -1))], impacts: [{ componentId: 'c1', regionId: 'r1', status: 'under_maintenance', dataState: 'intact', affectedUsers: 0, restoredUsers: 0 }] });

  it('on the pages and in the feeds', () => {
    const snap = buildSnapshot(publicModel(NOW, [window(from, until)]), NOW);
    for (const path of ['/', '/regions/telstra-au', '/incidents/mx']) {
      const page = body(snap, path);
      expect(page, path).toMatch(/Starts <time datetime="[^"]+">[^<]+<\/time>.*?· Ends <time/);
      expect(page, path).not.toMatch(/Started <time|from <time/);
    }
    for (const path of ['/feed.atom', '/feed.rss', '/regions/telstra-au/feed.atom']) {
      const feed = body(snap, path);
      expect(feed, path).toMatch(/&lt;p&gt;Starts [^&]+ \(/);
      expect(feed, path).toMatch(/\) · Ends [^&]+ \(/);
    }
    // Positive control: a window under way has started and still ends.
    const running = buildSnapshot(publicModel(NOW, [window(iso(NOW, -1), until)]), NOW);
    expect(body(running, '/incidents/mx')).toMatch(/Started <time.*?· Ends <time/);
    expect(body(running, '/feed.atom')).toContain('&lt;p&gt;Started ');
  });

  it('in the mail: "Starts" and "Ends" with both times before the window, "Started" once it has begun', () => {
    const me = { timeZone: 'Australia/Sydney', locale: 'en-AU', manageUrl: 'https://x/m', unsubscribeUrl: 'https://x/u' };
    const before = previewProps('maintenance', 'telstra');
    const text = personalise(renderNotice(before).text, me, false);
    expect(text).toMatch(/Starts:\s+Sun, 18 Oct 2009/);
    expect(text).toMatch(/Ends:\s+Sun, 18 Oct 2009/);
    expect(text).not.toMatch(/Started:/);
    expect(text).toMatch(/from\s+Sun, 18 Oct 2009, 1:00\s?am AEDT to Sun, 18 Oct 2009, 3:00\s?am AEDT/);
    const during = personalise(renderNotice({ ...before, window: { ...before.window!, at: new Date('2009-10-17T15:00:00Z') } }).text, me, false);
    expect(during).toMatch(/Started:\s+Sun, 18 Oct 2009/);
  });
});

describe('the page refreshes itself from the snapshot while open', () => {
  const statusKey = (snap: Snapshot, search: string) => {
    const j = JSON.parse(body(snap, '/api/v2/status.json', search));
    return [j.page.updated_at, j.status.indicator, j.status.description, String(j.snapshot.stale)].join('|');
  };
  const attr = (html: string, name: string) => new RegExp(`<body[^>]* ${name}="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');

  it("names a JSON the snapshot serves, and carries the same change key that the JSON gives (the script's comparison)", () => {
    const snap = buildSnapshot(twoRegions(publicModel(NOW, [outage('major')])), NOW);
    for (const [path, search] of [['/', ''], ['/regions/telstra-au', 'region=telstra-au'], ['/regions/telstra-au/incidents/out', 'region=telstra-au'], ['/incidents/out', '']] as const) {
      const html = body(snap, path);
      const source = attr(html, 'data-refresh');
      expect(source, path).toBe(`/api/v2/status.json${search ? `?${search}` : ''}`);
      expect(lookup(snap, '/api/v2/status.json', search)?.found).toBe(true);
      expect(attr(html, 'data-version'), path).toBe(statusKey(snap, search));
    }
    // The 404 page has nothing to refresh.
    expect(snap.notFoundHtml.body.toString('utf8')).not.toContain('data-refresh');
  });

  it('changes its key when anything public changes, and not when only the clock moves', () => {
    const m = twoRegions(publicModel(NOW, [outage('major')]));
    const a = buildSnapshot(m, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    expect(statusKey(buildSnapshot({ ...m, loadedAt: later.toISOString() }, later), '')).toBe(statusKey(a, ''));
    const changed = twoRegions(publicModel(NOW, [outage('major'), incident({ id: 'new', title: 'New', startedAt: iso(NOW, -0.1), createdAt: iso(NOW, -0.1), updates: [update('n1', 'investigating', iso(NOW, -0.1))] })]));
    expect(statusKey(buildSnapshot(changed, NOW), '')).not.toBe(statusKey(a, ''));
  });
});
