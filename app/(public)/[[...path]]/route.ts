import { serveSnapshot } from '@/lib/server/public/serve';

// Every public page, feed, badge and asset comes from the in-memory snapshot; unknown paths get
// its 404 page. Under `candor start` the hot path answers these before Next.
export const dynamic = 'force-dynamic';

export const GET = (request: Request) => serveSnapshot(request);
export const HEAD = (request: Request) => serveSnapshot(request);
