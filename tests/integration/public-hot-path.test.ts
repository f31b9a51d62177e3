import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, type Snapshot } from '@/lib/server/public/snapshot';
import { PUBLIC_CSP, pickEncoding } from '@/lib/server/public/hot-path';
import { serveSnapshot } from '@/lib/server/public/serve';
import { snapshotStore } from '@/lib/server/public/store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { listenHotPath, request } from '../helpers/hot-path-server';

describe('the snapshot hot path over HTTP', () => {
  let t: TestDatabase;
  let server: Awaited<ReturnType<typeof listenHotPath>> | undefined;
  let port = 0;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    const now = new Date('2026-11-25T09:00:00Z');
    await loadDemo({ actor: cliActor, now });
    snapshotStore().current = buildSnapshot(await loadPublicModel(now), now);
    server = await listenHotPath();
    port = server.port;
  });
  afterAll(async () => {
    await server?.close();
    snapshotStore().current = null;
    await t?.drop();
  });

  it('prefers brotli, then gzip, honouring q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
  });

  it('serves precompressed bytes with caching headers', async () => {
    const plain = await request(port, '/');
    const br = await request(port, '/', { 'accept-encoding': 'gzip, br' });
    const gz = await request(port, '/', { 'accept-encoding': 'gzip' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['cache-control']).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/);
    expect(br.headers['last-modified']).toMatch(/GMT$/);
    expect(br.headers['x-candor-snapshot-age']).toMatch(/^\d+$/);
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
  });

  it('answers 304 to a matching If-None-Match, whatever the encoding of the tag', async () => {
    const first = await request(port, '/api/v2/summary.json', { 'accept-encoding': 'br' });
    const again = await request(port, '/api/v2/summary.json', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    const other = await request(port, '/api/v2/summary.json', { 'if-none-match': first.headers.etag as string });
    expect(other.status).toBe(304);
    const changed = await request(port, '/api/v2/summary.json', { 'if-none-match': '"nope"' });
    expect(changed.status).toBe(200);
  });

  it('answers If-Modified-Since by each entry\'s Last-Modified, and lets If-None-Match win (RFC 9110)', async () => {
    const first = await request(port, '/api/v2/summary.json', { 'accept-encoding': 'br' });
    const lastModified = first.headers['last-modified'] as string;
    expect(lastModified).toBe('Wed, 25 Nov 2026 09:00:00 GMT');
    const at = Date.parse(lastModified);
    const date = (ms: number) => new Date(ms).toUTCString();

    const same = await request(port, '/api/v2/summary.json', { 'accept-encoding': 'br', 'if-modified-since': lastModified });
    expect(same.status).toBe(304);
    expect(same.body.length).toBe(0);
    expect(same.headers['last-modified']).toBe(lastModified);
    expect(same.headers.etag).toBe(first.headers.etag);
    expect(same.headers['access-control-allow-origin']).toBe('*');
    expect((await request(port, '/api/v2/summary.json', { 'if-modified-since': date(at + 3_600_000) })).status).toBe(304);
    expect((await request(port, '/history', { 'if-modified-since': lastModified }, 'HEAD')).status).toBe(304);
    // The obsolete forms of HTTP-date are accepted too.
    expect((await request(port, '/api/v2/summary.json', { 'if-modified-since': 'Wednesday, 25-Nov-26 09:00:00 GMT' })).status).toBe(304);

    const older = await request(port, '/api/v2/summary.json', { 'if-modified-since': date(at - 1000) });
    expect(older.status).toBe(200);
    expect(older.body.equals((await request(port, '/api/v2/summary.json')).body)).toBe(true);

    // If-None-Match decides whenever it is present, even when If-Modified-Since would say 304.
    expect((await request(port, '/api/v2/summary.json', { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
    expect((await request(port, '/api/v2/summary.json', { 'if-none-match': first.headers.etag as string, 'if-modified-since': date(at - 86_400_000) })).status).toBe(304);

    // An invalid date, or more than one, is ignored; misses never answer 304.
    for (const bad of ['yesterday', '2026-11-25T09:00:00Z', `${lastModified}, ${lastModified}`]) expect((await request(port, '/api/v2/summary.json', { 'if-modified-since': bad })).status, bad).toBe(200);
    expect((await request(port, '/regions/nowhere', { 'if-modified-since': date(at + 3_600_000) })).status).toBe(404);
    expect((await request(port, '/api/v2/summary.json', { 'if-modified-since': lastModified }, 'POST')).status).toBe(418);
  });

  it('answers the same conditionals through the Next route handler', async () => {
    const store = snapshotStore();
    store.serviceRunning = true;
    try {
      const url = 'http://127.0.0.1/api/v2/status.json';
      const full = await serveSnapshot(new Request(url));
      const lastModified = full.headers.get('last-modified')!;
      expect(full.status).toBe(200);
      const since = await serveSnapshot(new Request(url, { headers: { 'if-modified-since': lastModified } }));
      expect(since.status).toBe(304);
      expect(since.headers.get('etag')).toBe(full.headers.get('etag'));
      expect(await since.text()).toBe('');
      expect((await serveSnapshot(new Request(url, { headers: { 'if-none-match': '"x"', 'if-modified-since': lastModified } }))).status).toBe(200);
      expect((await serveSnapshot(new Request(url, { headers: { 'if-none-match': full.headers.get('etag')! } }))).status).toBe(304);
    } finally {
      store.serviceRunning = false;
    }
  });

  it('keeps an entry\'s Last-Modified while its bytes do not change, and never reuses a date for new bytes', () => {
    const base = snapshotStore().current!;
    // Dates belong to bytes that were served: every page of the base snapshot has been asked for.
    for (const entry of base.entries.values()) void entry.hash;
    const later = new Date(Date.parse(base.builtAt) + 90_000);
    const next: Snapshot = buildSnapshot(base.model, later, { previous: base });
    let kept = 0;
    let moved = 0;
    for (const [key, entry] of next.entries) {
      const prev = base.entries.get(key);
      if (prev && prev.hash === entry.hash) {
        expect(entry.lastModified, key).toBe(prev.lastModified);
        kept += 1;
      } else {
        expect(entry.lastModifiedMs, key).toBe(later.getTime());
        moved += 1;
      }
    }
    expect(kept).toBeGreaterThan(0);
    // The stale banner changes every page within the same second: each gets a later date.
    const stale = buildSnapshot(base.model, new Date(Date.parse(base.builtAt) + 400), { stale: true, previous: base });
    const home = stale.entries.get('/')!;
    expect(home.hash).not.toBe(base.entries.get('/')!.hash);
    expect(base.entries.get('/')!.lastModifiedMs).toBe(Date.parse(base.builtAt));
    expect(home.lastModifiedMs).toBe(base.entries.get('/')!.lastModifiedMs + 1000);
    expect(moved + kept).toBe(next.entries.size);
    // A page nobody asked for in between keeps the date of the last bytes served under its path.
    const between = buildSnapshot(base.model, new Date(later.getTime() + 60_000), { previous: next });
    const after = buildSnapshot(base.model, new Date(later.getTime() + 120_000), { previous: between });
    const history = [...next.entries.keys()].find((k) => k.startsWith('/history/'))!;
    expect(between.entries.get(history)!.isRendered).toBe(false);
    expect(after.entries.get(history)!.hash).toBe(next.entries.get(history)!.hash);
    expect(after.entries.get(history)!.lastModified).toBe(next.entries.get(history)!.lastModified);
    // ... and bytes that changed meanwhile get the date of the snapshot that first serves them.
    const staleLater = buildSnapshot(base.model, new Date(later.getTime() + 180_000), { stale: true, previous: after });
    expect(staleLater.entries.get(history)!.hash).not.toBe(next.entries.get(history)!.hash);
    expect(staleLater.entries.get(history)!.lastModifiedMs).toBe(later.getTime() + 180_000);
  });

  it('renders each page once however many ask at once, and odd queries or unknown paths render nothing new', async () => {
    const { snapshotMetrics } = await import('@/lib/server/metrics/catalogue');
    const renders = async () => (await snapshotMetrics().render.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    const base = snapshotStore().current!;
    // A fresh snapshot, as after a rebuild: nothing in it is rendered yet.
    snapshotStore().current = buildSnapshot(base.model, new Date(Date.parse(base.builtAt) + 60_000), { previous: base });
    try {
      const before = await renders();
      const paths = ['/history', '/history?lang=de-DE', '/regions/telstra-au', '/api/v2/summary.json'];
      // A burst: 50 requests for each, all in flight together, with assorted encodings.
      const burst = await Promise.all(paths.flatMap((p) => Array.from({ length: 50 }, (_, k) => request(port, p, { 'accept-encoding': ['br', 'gzip', 'identity'][k % 3]! }))));
      expect(burst.every((r) => r.status === 200)).toBe(true);
      // Positive control: the burst did render, exactly one rendering per page.
      expect((await renders()) - before).toBe(paths.length);
      // Hostile variants of the same pages and paths nobody has: still the same entries or the one 404.
      const hostile = ['/history?lang=xx-XX', '/history?utm=1&lang=de-DE&x=%3Cscript%3E', '/history/', `/incidents/${'a'.repeat(500)}`, '/regions/nowhere/history', '/api/v2/summary.json?region=nowhere', '/history?lang=de-DE&lang=fr-CA'];
      const answers = await Promise.all(hostile.flatMap((p) => Array.from({ length: 20 }, () => request(port, p, { 'accept-encoding': 'br' }))));
      expect(answers.every((r) => r.status === 200 || r.status === 404)).toBe(true);
      // The 404 pages render once each (HTML in English, JSON), nothing else.
      expect((await renders()) - before - paths.length).toBeLessThanOrEqual(3);
    } finally {
      snapshotStore().current = base;
    }
  });

  it('sends a CSP on pages that allows scripts and styles from this host only', async () => {
    const page = await request(port, '/history');
    expect(page.headers['content-security-policy']).toBe(PUBLIC_CSP);
    expect(PUBLIC_CSP).toContain("script-src 'self'");
    expect(PUBLIC_CSP).not.toContain('unsafe-inline');
    const js = /<script src="([^"]+)"/.exec(page.body.toString())?.[1];
    const asset = await request(port, js!, { 'accept-encoding': 'br' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(port, '/api/v2/status.json')).headers['content-security-policy']).toBeUndefined();
  });

  it('answers HEAD with headers only, and JSON with CORS', async () => {
    const head = await request(port, '/api/v2/status.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.headers['access-control-allow-origin']).toBe('*');
  });

  it('uses ?region= on the API, ignores other query parameters, 404s unknown things', async () => {
    const all = await request(port, '/api/v2/status.json?utm=1');
    const base = await request(port, '/api/v2/status.json');
    expect(all.body.equals(base.body)).toBe(true);
    const rogers = JSON.parse((await request(port, '/api/v2/status.json?region=rogers-ca&x=<script>')).body.toString());
    expect(rogers.status.indicator).toBe('none');
    const unknown = await request(port, '/api/v2/status.json?region=nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/json');
    const page = await request(port, '/?q=%3Cscript%3Ealert(1)%3C/script%3E');
    expect(page.status).toBe(200);
    expect(page.body.toString()).not.toContain('alert(1)');
    expect((await request(port, '/regions/nowhere')).status).toBe(404);
    expect((await request(port, '/incidents/nowhere')).status).toBe(404);
    expect((await request(port, '/regions/nowhere/feed.atom')).status).toBe(404);
  });

  it('leaves everything else to Next: other paths and other methods', async () => {
    expect((await request(port, '/admin')).status).toBe(418);
    expect((await request(port, '/', {}, 'POST')).status).toBe(418);
  });

  it('opens the remembered region from the home page', async () => {
    const r = await request(port, '/', { cookie: 'a=b; candor_region=telstra-au' });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/regions/telstra-au');
    expect((await request(port, '/', { cookie: 'candor_region=nowhere' })).status).toBe(200);
  });
});
