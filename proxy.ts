import { NextResponse, type NextRequest } from 'next/server';

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
  return response;
}

export const config = { matcher: ['/admin', '/admin/:path*', '/setup', '/subscribe', '/subscribe/:path*', '/confirm/:path*', '/manage/:path*'] };
