import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, type Snapshot } from '@/lib/server/public/snapshot';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { checkHtml as check } from '../helpers/html-check';

// Structural HTML checks (tests/helpers/html-check.ts) over every rendered page, in every language.

describe('rendered pages are well-formed HTML', () => {
  let t: TestDatabase;
  let snap: Snapshot;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    const now = new Date('2026-11-25T09:00:00Z');
    await loadDemo({ actor: cliActor, now });
    snap = buildSnapshot(await loadPublicModel(now), now, { stale: true });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('has no structural problems on any page, including the 404 page and stale banner', () => {
    const pages = [...snap.entries].filter(([, e]) => e.contentType.startsWith('text/html'));
    expect(pages.length).toBeGreaterThan(8);
    for (const [path, entry] of [...pages, ...[...snap.notFoundHtmlIn].map(([l, e]) => [`404 ${l}`, e] as const)]) expect(check(entry.body.toString()), String(path)).toEqual([]);
    // French pages among them, with their language and alternates (issue 16; the framed widget has none).
    const french = pages.filter(([p]) => p.endsWith('?lang=fr-CA') && !p.includes('/embed'));
    expect(french.length).toBeGreaterThan(8);
    for (const [path, entry] of french) {
      const html = entry.body.toString();
      expect(html, path).toMatch(/^<!DOCTYPE html><html lang="fr-CA">/);
      expect(html, path).toContain('<link rel="alternate" hreflang="fr-CA" href="');
      expect(html, path).toContain('<link rel="alternate" hreflang="x-default" href="');
    }
  });

  it('gives each 90-day bar row one tab stop, and lists its incident days for readers without JavaScript', () => {
    const html = snap.entries.get('/history')!.body.toString();
    const rows = html.split('<div class="uptime-row">').slice(1);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const bars = row.slice(row.indexOf('<div class="bars"'), row.indexOf('<div class="axis"'));
      const buttons = bars.match(/<button [^>]*>/g) ?? [];
      expect(buttons).toHaveLength(90);
      expect(buttons.filter((b) => b.includes('tabindex="0"'))).toHaveLength(1);
      expect(buttons[89]).toContain('tabindex="0"');
      expect(buttons.filter((b) => b.includes('tabindex="-1"'))).toHaveLength(89);
      // Every day with incidents is in the row's <details> list, with links to them.
      const withIncidents = buttons.filter((b) => /uptime, \d+ incidents?"/.test(b)).length;
      if (withIncidents === 0) expect(row).toContain('No incidents in the past 90 days.');
      else {
        const details = row.slice(row.indexOf('<details class="incident-days">'));
        expect(details).toContain(`Days with incidents (${withIncidents})`);
        expect(details).toMatch(/<a href="\/incidents\/[^"]+">/);
      }
    }
    const total = (html.match(/<button [^>]*tabindex="0"/g) ?? []).length;
    expect(total).toBe(rows.length);
    expect(rows.some((r) => r.includes('Days with incidents'))).toBe(true);
  });

  it('loads one script, from this host, as an immutable asset in the snapshot', () => {
    const html = snap.entries.get('/history')!.body.toString();
    const src = /<script src="(\/assets\/status\.[\w-]{12}\.js)" defer=""><\/script>/.exec(html)?.[1];
    expect(src).toBeDefined();
    expect(html.match(/<script\b/g)).toHaveLength(1);
    const asset = snap.entries.get(src!)!;
    expect(asset.contentType).toBe('text/javascript; charset=utf-8');
    expect(asset.cacheControl).toContain('immutable');
    expect(asset.body.toString()).toContain("setAttribute('role', 'toolbar')");
    expect(() => new Function(asset.body.toString())).not.toThrow();
    for (const [path, entry] of snap.entries) if (entry.contentType.startsWith('text/html') && !path.split('?')[0]!.endsWith('/embed')) expect(entry.body.toString(), path).toContain(`<script src="${src}" defer="">`);
  });

  it('catches what it looks for', () => {
    expect(check('<!DOCTYPE html><html lang="en"><p><div></div></p><span id="a"></span><span id="a"></span></html>')).toEqual(['<div> inside <p>', 'duplicate id a']);
    expect(check('<!DOCTYPE html><html lang="en"><ul><li></ul></html>')).toContain('</ul> closes <li>');
  });
});
