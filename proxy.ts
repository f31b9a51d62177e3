import { NextResponse, type NextRequest } from 'next/server';

// Console requests carry their own path to the page, so requireStaff can send an expired
// session to sign-in and back to exactly where the user was.
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-candor-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('cache-control', 'private, no-store');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
}

export const config = { matcher: ['/admin', '/admin/:path*'] };
