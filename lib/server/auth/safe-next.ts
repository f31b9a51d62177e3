// The WHATWG URL parser is what browsers use, so resolving with it shows where a browser would
// really go: tabs and newlines dropped, backslashes read as slashes, dot segments applied.
const SITE = new URL('https://candor.invalid');
const MAX_LENGTH = 2000;

const isConsolePath = (path: string) => (path === '/admin' || path.startsWith('/admin/')) && path !== '/admin/sign-in' && !path.startsWith('/admin/sign-in/');

/**
 * Where to go after sign-in: the target only when, resolved against the site's origin, it stays on
 * that origin and names a console page other than sign-in; returned in the parser's normalised
 * form, so the browser reads exactly what was checked. Anything else gives `fallback`.
 */
export function safeNext(next: string | null | undefined, fallback = '/admin'): string {
  if (!next || next.length > MAX_LENGTH || !next.startsWith('/')) return fallback;
  // Control characters, and backslashes, are never in a link Candor makes itself.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE.origin || url.username || url.password) return fallback;
  if (!isConsolePath(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
