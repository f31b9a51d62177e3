import 'server-only';
import { entryHeaders, notModified, notModifiedHeaders } from './hot-path';
import { chooseLanguage, notFoundPage } from './language';
import { refreshSnapshot } from './refresh';
import { lookup, type Snapshot } from './snapshot';
import { snapshotStore } from './store';
import { logger } from '../log/logger';

// Next's route handlers for public URLs answer from the same snapshot as the hot path, so that
// `next dev`, direct Next access and 404s give the same bytes. Without the background service
// (next dev, plain next start) the snapshot is refreshed here when it is a couple of seconds old.

const ON_DEMAND_MAX_AGE_MS = 2_000;
const g = globalThis as unknown as { __candorSnapshotBuilding?: Promise<void> | null };

async function ensureSnapshot(): Promise<Snapshot | null> {
  const store = snapshotStore();
  const age = store.current ? Date.now() - Date.parse(store.current.builtAt) : Infinity;
  if (!store.current || (!store.serviceRunning && age > ON_DEMAND_MAX_AGE_MS)) {
    g.__candorSnapshotBuilding ??= refreshSnapshot()
      .catch((error: unknown) => logger('snapshot').error(`public snapshot: build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`))
      .finally(() => {
        g.__candorSnapshotBuilding = null;
      });
    await g.__candorSnapshotBuilding;
  }
  return store.current;
}

export async function serveSnapshot(request: Request): Promise<Response> {
  const snapshot = await ensureSnapshot();
  const url = new URL(request.url);
  if (!snapshot) {
    return new Response('The status page is starting and cannot reach its database yet. Please try again in a moment.', {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' },
    });
  }
  const language = chooseLanguage(snapshot, url.pathname, url.search.slice(1), request.headers.get('cookie'), request.headers.get('accept-language'));
  if (language.redirect) return new Response(null, { status: 302, headers: { location: language.redirect, 'cache-control': 'private, no-store' } });
  const found = lookup(snapshot, url.pathname, url.search.slice(1));
  const missing = found?.entry ?? (url.pathname.startsWith('/api/') ? snapshot.notFoundJson : snapshot.notFoundHtml);
  const entry = missing === snapshot.notFoundHtml ? notFoundPage(snapshot, url.search.slice(1), request.headers.get('cookie'), request.headers.get('accept-language')) : missing;
  const age = String(Math.max(0, Math.floor((Date.now() - Date.parse(snapshot.asOf)) / 1000)));
  const full = entryHeaders(entry, 'identity');
  if (entry.status === 200 && notModified(request.headers.get('if-none-match'), request.headers.get('if-modified-since'), entry, new Date())) {
    const h304 = new Headers();
    for (const [k, v] of Object.entries(notModifiedHeaders(entry, full, age))) if (v !== undefined) h304.set(k, String(v));
    return new Response(null, { status: 304, headers: h304 });
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(full)) if (v !== undefined && k !== 'content-length') headers.set(k, String(v));
  headers.set('x-candor-snapshot-age', age);
  if (snapshot.stale) headers.set('x-candor-snapshot', 'stale');
  if (language.setCookie) headers.set('set-cookie', language.setCookie);
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(entry.body), { status: entry.status, headers });
}

/** Known region slugs (for the region picker's cookie). */
export async function knownRegionSlugs(): Promise<Set<string>> {
  return (await ensureSnapshot())?.regionSlugs ?? new Set();
}
