import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentSnapshot } from '../public/store';
import { UNMATCHED_ROUTE, type RouteOf } from './request-log';

// The route pattern of a request, for the request log: from Next's routes manifest (written by
// `next build` from the route files under app/) and, for the public pages the snapshot serves
// through app/(public)/[[...path]], from the snapshot's own record of which pattern made each URL.

interface ManifestRoute {
  page: string;
  regex: string;
}
export interface RoutesManifest {
  staticRoutes?: ManifestRoute[];
  dynamicRoutes?: ManifestRoute[];
}

/** "/incidents/[id]" -> "/incidents/:id", "/api/v2/[...path]" -> "/api/v2/:path*", "/[[...path]]" -> "/:path*". */
export function patternOfPage(page: string): string {
  return page.replace(/\[\[?\.\.\.([^\]]+)\]\]?/g, ':$1*').replace(/\[([^\]]+)\]/g, ':$1');
}

/** Next's own files (the build's scripts and styles) are one route. */
const NEXT_ASSETS = '/_next/';

export function routeResolver(manifest: RoutesManifest, publicRoute: (pathname: string) => string | undefined = () => undefined): RouteOf {
  const exact = new Map((manifest.staticRoutes ?? []).map((r) => [r.page, patternOfPage(r.page)]));
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ regex: new RegExp(r.regex), pattern: patternOfPage(r.page) }));
  return (_method, pathname) => {
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const known = publicRoute(path) ?? exact.get(path);
    if (known) return known;
    if (path.startsWith(NEXT_ASSETS)) return `${NEXT_ASSETS}*`;
    for (const r of dynamic) if (r.regex.test(path)) return r.pattern;
    return UNMATCHED_ROUTE;
  };
}

/** The resolver `candor start` uses: its build's manifest plus the current public snapshot. */
export function builtRouteResolver(projectDir: string): RouteOf {
  const file = join(projectDir, process.env.NEXT_DIST_DIR || '.next', 'routes-manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as RoutesManifest;
  return routeResolver(manifest, (path) => currentSnapshot()?.routes.get(path));
}
