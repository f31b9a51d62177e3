import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, type Snapshot } from '@/lib/server/public/snapshot';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Structural HTML checks over every rendered page (no validator is installed): elements nest and
// close properly, ids are unique, references point at ids that exist, phrasing content holds no
// blocks, and no page loads anything from another host.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const PHRASING_PARENTS = new Set(['p', 'span', 'a', 'button', 'label', 'strong', 'em', 'h1', 'h2', 'h3', 'h4', 'summary', 'time', 'dt']);
const BLOCKS = new Set(['div', 'p', 'ul', 'ol', 'li', 'section', 'article', 'table', 'h1', 'h2', 'h3', 'h4', 'form', 'header', 'footer', 'main', 'nav', 'dl', 'pre']);

function check(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html><html lang="')) problems.push('no doctype or lang');
  const stack: string[] = [];
  const ids = new Set<string>();
  const refs: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/, '');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*(\/?)>/g)) {
    const [, closing, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
      continue;
    }
    const parent = stack[stack.length - 1];
    if (parent && PHRASING_PARENTS.has(parent) && BLOCKS.has(name)) problems.push(`<${name}> inside <${parent}>`);
    if (parent === 'button' && ['a', 'button', 'input', 'select'].includes(name)) problems.push(`<${name}> inside <button>`);
    const names = new Set<string>();
    for (const a of attrs!.matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)) {
      if (names.has(a[1]!)) problems.push(`duplicate attribute ${a[1]} on <${name}>`);
      names.add(a[1]!);
      if (a[1] === 'id') {
        if (ids.has(a[2]!)) problems.push(`duplicate id ${a[2]}`);
        ids.add(a[2]!);
      }
      if (['aria-labelledby', 'aria-describedby', 'popovertarget', 'for'].includes(a[1]!)) refs.push(...(a[2] ?? '').split(/\s+/));
      // A language alternate (<link rel="alternate" hreflang>) names the page's absolute URL; it loads nothing.
      if (['src', 'href'].includes(a[1]!) && name !== 'a' && !(name === 'link' && names.has('hreflang')) && /^(https?:)?\/\//.test(a[2] ?? '')) problems.push(`<${name}> loads ${a[2]} from another host`);
    }
    if (name === 'img' && !names.has('alt')) problems.push('img without alt');
    if (!VOID.has(name)) stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  for (const r of refs) if (r && !ids.has(r)) problems.push(`reference to missing id ${r}`);
  return problems;
}

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
    for (const [path, entry] of [...pages, ['404', snap.notFoundHtml] as const]) expect(check(entry.body.toString()), String(path)).toEqual([]);
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
