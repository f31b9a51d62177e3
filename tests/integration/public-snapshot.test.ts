import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { derive } from '@/lib/server/public/derive';
import { INDICATOR_TEXT, type PageStatus } from '@/lib/domain/status';
import { buildSnapshot, lookup, makeEntry, type Snapshot } from '@/lib/server/public/snapshot';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';

const NOW = new Date('2026-11-25T09:00:00Z');

describe.each(DATABASE_KINDS)('public snapshot on %s', (kind) => {
  let t: TestDatabase;
  let snap: Snapshot;
  let banner: PageStatus;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    await loadDemo({ actor: cliActor, now: NOW });
    const model = await loadPublicModel(NOW);
    snap = buildSnapshot(model, NOW);
    banner = derive(model, NOW).status;
    if (process.env.CANDOR_DUMP_SNAPSHOT) {
      mkdirSync(process.env.CANDOR_DUMP_SNAPSHOT, { recursive: true });
      for (const [k, e] of snap.entries) writeFileSync(`${process.env.CANDOR_DUMP_SNAPSHOT}/${encodeURIComponent(k)}`, e.body);
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  const text = (path: string, search = '') => {
    const hit = lookup(snap, path, search);
    return { status: hit?.entry.status, body: hit?.entry.body.toString('utf8') ?? '' };
  };

  it('renders the home page with the banner, active incidents and the impact matrix', () => {
    const { status, body } = text('/');
    expect(status).toBe(200);
    expect(body).toMatch(/^<!DOCTYPE html><html lang="en">/);
    // The banner says what the model implies: the demo's open data-loss incident, not any sentence at all.
    const shown = /<span class="sentence" id="overall">([^<]*)<\/span>[\s\S]*?<p class="small">([^<]*)<\/p>/.exec(body);
    expect(shown?.slice(1)).toEqual([banner.description, INDICATOR_TEXT[banner.indicator]]);
    expect(banner).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(body).toContain('Impact by carrier');
    expect(body).toContain('Contacts, Telstra Hiptop: ');
    expect(body).toContain('rel="alternate" type="application/atom+xml" href="/feed.atom"');
  });

  it('renders the Telstra region in its own words and time zone', () => {
    const { status, body } = text('/regions/telstra-au');
    expect(status).toBe(200);
    expect(body).toContain('<h1>Telstra Hiptop customers</h1>');
    expect(body).toContain('Australia/Sydney'.replace(/_/g, ' '));
    expect(body).toMatch(/GMT\+1[01]|AEDT|AEST/);
    expect(body).toContain('UTC)');
    expect(body).toContain('href="/regions/telstra-au/feed.atom"');
  });

  it('serves every incident page, history months, feeds, calendar and badges', () => {
    const incidents = [...snap.entries.keys()].filter((k) => k.startsWith('/incidents/') && !k.includes('?'));
    expect(incidents.length).toBeGreaterThan(0);
    for (const k of incidents) expect(text(k).body).toContain('<h2>Updates</h2>');
    expect(text('/history').body).toContain('Uptime over the past 90 days');
    expect(text('/history/2026-11').status).toBe(200);
    expect(text('/feed.atom').body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(text('/regions/telstra-au/feed.rss').body).toContain('<rss version="2.0"');
    expect(text('/components/contacts/feed.atom').body).toContain('<entry>');
    expect(text('/maintenance.ics').body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text('/badge.svg').body).toContain('<svg');
    expect(text('/regions/telstra-au/badge.svg').body).toContain('Telstra Hiptop');
  });

  it('answers unknown regions, incidents and feeds with 404s, JSON under /api', () => {
    expect(text('/regions/nowhere').status).toBe(404);
    expect(text('/incidents/nope').status).toBe(404);
    expect(text('/regions/nowhere/feed.atom').status).toBe(404);
    const json = text('/api/v2/summary.json', 'region=nowhere');
    expect(json.status).toBe(404);
    expect(JSON.parse(json.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(text('/api/v2/nothing.json').status).toBe(404);
    expect(lookup(snap, '/admin', '')).toBeNull();
  });

  it('ignores odd query parameters and never echoes them', () => {
    const plain = lookup(snap, '/api/v2/status.json', '');
    const odd = lookup(snap, '/api/v2/status.json', 'x=%3Cscript%3E&cb=alert');
    expect(odd?.entry).toBe(plain?.entry);
    expect(odd?.entry.body.toString()).not.toContain('alert');
  });

  it('prepares a rebuild without rendering a page, and renders each on first request, to the same bytes every time', async () => {
    const model = await loadPublicModel(NOW);
    const cpu = process.cpuUsage();
    const fresh = buildSnapshot(model, NOW);
    const ms = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
    const unique = [...new Set(fresh.entries.values())];
    // The stylesheet, script and icon are made once per process (the first two are rendered for
    // their hashed addresses); nothing else is rendered yet.
    const assets = new Set([fresh.entries.get('/favicon.ico'), ...[...fresh.entries].filter(([k]) => k.startsWith('/assets/')).map(([, e]) => e)]);
    expect(unique.filter((e) => e.isRendered && !assets.has(e))).toEqual([]);
    expect([...assets].filter((e) => e?.isRendered).length).toBeGreaterThanOrEqual(2);
    expect(unique.length).toBeGreaterThan(200);
    if (process.env.CANDOR_DUMP_SNAPSHOT) console.log(`buildSnapshot: ${ms.toFixed(0)} ms CPU for ${fresh.entries.size} entries`);
    expect(ms).toBeLessThan(1_000);
    // Asked for, an entry renders once and keeps its bytes; they equal the other snapshot's.
    const home = fresh.entries.get('/')!;
    expect(home.body).toBe(home.body);
    expect(home.isRendered).toBe(true);
    for (const [key, entry] of snap.entries) expect(fresh.entries.get(key)!.body.equals(entry.body), key).toBe(true);
  });

  it('answers 500 for a page whose rendering throws, says so in the log and the metrics, and renders it no more', async () => {
    const { snapshotMetrics } = await import('@/lib/server/metrics/catalogue');
    const failuresBefore = (await snapshotMetrics().renderFailures.get()).values[0]?.value ?? 0;
    let calls = 0;
    const broken = makeEntry(() => {
      calls += 1;
      throw new Error('no such incident');
    }, 'text/html; charset=utf-8');
    broken.placed('/incidents/broken', undefined, NOW.getTime());
    const fine = makeEntry(() => '<p>fine</p>', 'text/html; charset=utf-8');
    expect(fine.status).toBe(200);
    expect(broken.status).toBe(500);
    expect(broken.cacheControl).toBe('no-store');
    expect(broken.contentType).toBe('text/plain; charset=utf-8');
    expect(broken.body.toString()).toMatch(/could not be made/);
    expect(broken.gzip.length).toBeGreaterThan(0);
    expect(calls).toBe(1);
    expect((await snapshotMetrics().renderFailures.get()).values[0]?.value).toBe(failuresBefore + 1);
  });

  it('precompresses every entry with gzip and brotli', () => {
    for (const e of snap.entries.values()) {
      expect(gunzipSync(e.gzip).equals(e.body)).toBe(true);
      expect(brotliDecompressSync(e.br).equals(e.body)).toBe(true);
    }
  });
});
