import { NextResponse, type NextRequest } from 'next/server';
import { LANG_COOKIE, parseLang } from '@/lib/i18n/languages';
import { langCookieHeader } from '@/lib/server/public/language';

// Every page Next renders holds a form that changes something (console, first run, subscribe,
// confirm, manage), so none may be framed by another site (clickjacking). Console requests also
// carry their own path, so requireStaff can send an expired session to sign-in and back.
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-candor-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('cache-control', 'private, no-store');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('content-security-policy', "frame-ancestors 'none'");
  response.headers.set('referrer-policy', 'same-origin');
  // A language chosen on a subscribe, confirm or manage page is remembered, as on the status pages.
  const lang = parseLang(request.nextUrl.searchParams.get('lang'));
  if (lang && request.nextUrl.searchParams.get('lang') === lang && request.cookies.get(LANG_COOKIE)?.value !== lang && !request.nextUrl.pathname.startsWith('/admin')) response.headers.append('set-cookie', langCookieHeader(lang));
  return response;
}

export const config = { matcher: ['/admin', '/admin/:path*', '/setup', '/subscribe', '/subscribe/:path*', '/confirm/:path*', '/manage/:path*'] };
