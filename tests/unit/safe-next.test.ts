import { describe, expect, it } from 'vitest';
import { safeNext } from '@/lib/server/auth/safe-next';

// Redirect targets after sign-in, as an attacker would write them in ?next=. Each must either be
// refused (the fallback) or be a console path that a browser, resolving it against the site,
// keeps on the site. Browsers resolve with the WHATWG URL parser, so that is the judge here too.

const SITE = 'https://status.example.com';

const hostile = [
  '//evil.example',
  '//evil.example/admin',
  '///evil.example/admin',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example/admin',
  '\\/evil.example',
  '/%2f/evil.example',
  '/%2F%2Fevil.example',
  '/%5cevil.example',
  '/%5C%5Cevil.example/admin',
  '/\t/evil.example',
  '/%09/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\r\n/evil.example/admin',
  '/\u0000/evil.example',
  ' //evil.example',
  '\t//evil.example',
  '\u0001/admin',
  ' /admin',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)//admin',
  '/admin/../javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https://evil.example/admin',
  'http:evil.example',
  'https:/evil.example/admin',
  'https://status.example.com@evil.example/admin',
  '//status.example.com@evil.example/admin',
  '/admin@evil.example',
  '//user:pass@evil.example',
  '/./evil.example',
  '/.//evil.example',
  '/admin/..//evil.example',
  '/admin/../../evil.example',
  '/admin/%2e%2e/%2e%2e//evil.example',
  '/admin/%2e%2e%2f%2e%2e%2fevil',
  '/admin/sign-in',
  '/admin/sign-in?next=/admin',
  '/admin/sign-in/verify',
  '/admin/./sign-in',
  '/admin/%2e/sign-in',
  '/ADMIN',
  '/administrator',
  '/admins/x',
  '/',
  '/incidents/1',
  '/api/v1/incidents',
  '／evil.example',
  '/／evil.example',
  '/\u2215\u2215evil.example',
  '/\uff3cevil.example',
  '/\u3002evil.example',
  '/admin\u2044..\u2044..\u2044evil',
  `/admin/${'a'.repeat(5000)}`,
  `/admin?${'x'.repeat(3000)}`,
  '',
  'admin',
  '?next=//evil',
  '#//evil',
];

describe('safeNext keeps redirects on the site and in the console', () => {
  it.each(hostile)('%j', (target) => {
    const result = safeNext(target, '/admin');
    const resolved = new URL(result, SITE);
    expect(resolved.origin).toBe(SITE);
    expect(resolved.pathname === '/admin' || resolved.pathname.startsWith('/admin/')).toBe(true);
    expect(resolved.pathname.startsWith('/admin/sign-in')).toBe(false);
    expect(result).not.toMatch(/^[/\\]{2}|[\u0000-\u001f\u007f\\]/);
    expect(result.length).toBeLessThanOrEqual(2000);
  });

  it('refuses every one of the hostile targets that does not name a console page', () => {
    // One segment under /admin, percent-encoded slashes and all: a console URL (a 404 at worst).
    const consolePages = new Set(['/admin/%2e%2e%2f%2e%2e%2fevil']);
    for (const target of hostile.filter((t) => !consolePages.has(t))) expect([target, safeNext(target, '/fallback')]).toEqual([target, '/fallback']);
  });

  it('keeps a real console path with its query and fragment', () => {
    expect(safeNext('/admin')).toBe('/admin');
    expect(safeNext('/admin/incidents/abc?tab=updates#u3')).toBe('/admin/incidents/abc?tab=updates#u3');
    expect(safeNext('/admin/subscribers?q=%25&page=2')).toBe('/admin/subscribers?q=%25&page=2');
    expect(safeNext(null)).toBe('/admin');
    expect(safeNext(undefined, '/admin/account')).toBe('/admin/account');
  });

  it('returns the normalised form, so the browser follows exactly what was checked', () => {
    expect(safeNext('/admin/x/../incidents')).toBe('/admin/incidents');
    expect(safeNext('/admin/a b')).toBe('/admin/a%20b');
  });
});
