import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetrics, type RouteGroup, type StatusClass } from '../metrics/catalogue';
import type { HotPath } from './hot-path';
import { pathOf } from './request-log';

// HTTP metrics for every request that reaches Candor's server: counted when the response ends (or
// its connection closes first), by route group, never by raw path, so the label set stays bounded.

const HOT = Symbol('candor.hotPath');
type Marked = IncomingMessage & { [HOT]?: true };

/** The route group of a path (the hot path's own answers are grouped as "hot" when they end). */
export function routeGroupOf(path: string): RouteGroup {
  if (path === '/metrics' || path === '/api/health' || path.startsWith('/api/health/')) return 'health';
  if (path === '/api/v1' || path.startsWith('/api/v1/')) return 'api_v1';
  if (path === '/api/v2' || path.startsWith('/api/v2/')) return 'api_v2';
  if (path === '/admin' || path.startsWith('/admin/') || path === '/setup') return 'admin';
  if (path.startsWith('/_next/')) return 'other';
  return 'public';
}

function statusClassOf(res: ServerResponse, complete: boolean): StatusClass {
  if (!complete) return 'aborted';
  const s = res.statusCode;
  return s >= 500 ? '5xx' : s >= 400 ? '4xx' : s >= 300 ? '3xx' : s >= 200 ? '2xx' : '1xx';
}

/** Records a request when its response has ended (request-log.ts calls it, once per request). */
export function recordHttpRequest(req: IncomingMessage, res: ServerResponse, seconds: number, complete: boolean): void {
  const metrics = httpMetrics();
  let route: RouteGroup | 'hot' = 'hot';
  if (!(req as Marked)[HOT]) {
    route = routeGroupOf(pathOf(req));
  }
  metrics.requests[route][statusClassOf(res, complete)].inc();
  metrics.duration[route].observe(seconds);
}

/** The registered hot paths as one, marking (and counting) the requests they answer. */
export function countedHotPaths(hotPaths: () => readonly HotPath[]): HotPath {
  return (req, res) => {
    for (const hot of hotPaths()) {
      if (hot(req, res)) {
        (req as Marked)[HOT] = true;
        httpMetrics().hotPath.hit.inc();
        return true;
      }
    }
    return false;
  };
}

/** Next's handler, counting the requests that fall through to it. */
export function countedNext(next: (req: IncomingMessage, res: ServerResponse) => Promise<void>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return (req, res) => {
    httpMetrics().hotPath.next.inc();
    return next(req, res);
  };
}
