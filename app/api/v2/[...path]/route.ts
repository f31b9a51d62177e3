import { serveSnapshot } from '@/lib/server/public/serve';

// Statuspage v2-compatible JSON from the in-memory snapshot; ?region=<slug> filters.
export const dynamic = 'force-dynamic';

export const GET = (request: Request) => serveSnapshot(request);
export const HEAD = (request: Request) => serveSnapshot(request);
export function OPTIONS() {
  return new Response(null, { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-max-age': '86400' } });
}
