import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/server/db';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, type Snapshot } from '@/lib/server/public/snapshot';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Markdown in updates reaches the public as HTML (pages, feeds) and text (JSON). None of these
// payloads may come out as a script, an event handler, a dangerous URL or raw HTML.

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg onload=alert(3)>',
  '"><script>alert(4)</script>',
  '<iframe src="javascript:alert(5)"></iframe>',
  '<a href="javascript:alert(6)">raw link</a>',
  '[click](javascript:alert(7))',
  '[click](JaVaScRiPt:alert(8))',
  '[click]( javascript:alert(9))',
  '[click](javascript&#58;alert(10))',
  '[click](vbscript:msgbox(11))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)',
  '![pic](javascript:alert(13))',
  '![pic](https://example.com/x.png" onerror="alert(14))',
  '<style>body{display:none}</style>',
  '<div style="background:url(javascript:alert(15))">x</div>',
  '[ok](https://example.com/?q="onmouseover=alert(16))',
  '<https://example.com/"onclick="alert(17)>',
  '`<script>alert(18)</script>`',
  '<object data="javascript:alert(19)"></object>',
  '<math><mi xlink:href="javascript:alert(20)">x</mi></math>',
];
const BODY = `We are looking into it.\n\n${PAYLOADS.join('\n\n')}\n\nSee https://status.example.com for more.`;

function assertSafeHtml(html: string, where: string) {
  const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const raw of tags) {
    const tag = raw.replace(/"[^"]*"/g, '""');
    expect(tag, `${where}: event handler in ${tag}`).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag, `${where}: dangerous URL in ${tag}`).not.toMatch(/(href|src|data|action|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):/i);
    expect(tag, `${where}: inline style in ${tag}`).not.toMatch(/\sstyle\s*=/i);
  }
  // The one script allowed is the page's own, from this host; payloads must never add another.
  const own = /<script src="\/assets\/status\.[A-Za-z0-9_-]{12}\.js" defer=""><\/script>/g;
  expect((html.match(own) ?? []).length, where).toBeLessThanOrEqual(1);
  expect(html.replace(own, ''), where).not.toMatch(/<(script|iframe|object|embed|img|svg|math|style)\b/i);
  for (const a of html.match(/<a [^>]*href="https?:[^>]*>/g) ?? []) if (!a.includes('/incidents/') && !a.includes('127.0.0.1') && !a.includes('localhost')) expect(a, where).toContain('rel="nofollow noopener noreferrer"');
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('XSS payloads in an update', () => {
  let t: TestDatabase;
  let snap: Snapshot;
  let incidentId: string;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    const region = await db().region.create({ data: { slug: 'telstra-au', name: 'Telstra', carrier: 'Telstra', product: 'Hiptop', market: 'Australia', timeZone: 'Australia/Sydney' } });
    const component = await db().component.create({ data: { slug: 'contacts', name: 'Contacts' } });
    const incident = await db().incident.create({
      data: {
        title: '<script>alert("title")</script> Contacts <img src=x onerror=alert(1)>',
        status: 'investigating',
        impact: 'major',
        // Inside the month the model is read at (the history pages list incidents by when they started).
        startedAt: new Date('2026-11-25T07:30:00Z'),
        createdAt: new Date('2026-11-25T07:30:00Z'),
        postmortemBody: PAYLOADS.join('\n\n'),
        postmortemPublishedAt: new Date('2026-11-25T08:00:00Z'),
        impacts: { create: { componentId: component.id, regionId: region.id, status: 'major_outage', dataState: 'at_risk' } },
        updates: { create: { status: 'investigating', body: BODY, authorName: 'x', displayAt: new Date('2026-11-25T08:00:00Z') } },
      },
    });
    incidentId = incident.id;
    snap = buildSnapshot(await loadPublicModel(new Date('2026-11-25T09:00:00Z')), new Date('2026-11-25T09:00:00Z'));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('renders safe HTML on every page that shows the update', () => {
    for (const path of ['/', '/regions/telstra-au', `/incidents/${incidentId}`, `/regions/telstra-au/incidents/${incidentId}`, '/history', '/regions/telstra-au/history']) {
      const html = snap.entries.get(path)!.body.toString();
      expect(html).toContain('We are looking into it.');
      assertSafeHtml(html, path);
    }
    const incident = snap.entries.get(`/incidents/${incidentId}`)!.body.toString();
    expect(incident).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Contacts');
    expect(incident).toContain('<a href="https://status.example.com" rel="nofollow noopener noreferrer">');
    expect(incident).toContain('<h2 id="postmortem">Postmortem</h2>');
  });

  it('keeps feeds well-formed and their HTML content safe', () => {
    for (const path of ['/feed.atom', '/feed.rss', '/regions/telstra-au/feed.atom', '/components/contacts/feed.rss']) {
      const xml = snap.entries.get(path)!.body.toString();
      expect(xml).toContain('We are looking into it.');
      // Raw markup only where the feed format puts it: no element from the payloads.
      expect(xml).not.toMatch(/<(script|img|svg|iframe|style|object|a)\b/i);
      for (const m of xml.matchAll(/<(content type="html"|description)>([\s\S]*?)<\/(content|description)>/g)) assertSafeHtml(unescapeXml(m[2]!), path);
    }
  });

  it('keeps JSON free of markup characters and dangerous links', () => {
    for (const [key, entry] of snap.entries) {
      if (!key.startsWith('/api/v2/')) continue;
      const raw = entry.body.toString();
      expect(raw, key).not.toMatch(/[<>]/);
      // Decoded, no string holds anything shaped like a tag.
      JSON.parse(raw, (_k, v: unknown) => {
        if (typeof v === 'string') expect(v, key).not.toMatch(/<\/?[a-zA-Z!?]/);
        return v;
      });
    }
    const summary = JSON.parse(snap.entries.get('/api/v2/incidents.json')!.body.toString()) as { incidents: { name: string; incident_updates: { body: string }[] }[] };
    expect(summary.incidents[0]!.name).toBe('alert("title") Contacts ');
    expect(summary.incidents[0]!.incident_updates[0]!.body).toContain('We are looking into it.');
  });
});
