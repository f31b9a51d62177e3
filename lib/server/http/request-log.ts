import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '../log/logger';

// One log line per request to Candor's own server: method, route pattern (never the raw path,
// which may hold a token), status, duration, bytes sent and the request id also returned as
// `x-request-id`. Built for the hot path: a few field reads, the line written asynchronously.

/** A caller's id is kept only when it is plainly an id: short, no spaces, nothing to inject. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Paths no route claims (and every path before the routes are known) share one bucket. */
export const UNMATCHED_ROUTE = '(unmatched)';

export type RouteOf = (method: string, pathname: string) => string;
let routeOf: RouteOf = () => UNMATCHED_ROUTE;

/** Set once the server knows its routes (lib/server/http/route-pattern.ts). */
export function setRoutePatterns(resolve: RouteOf): void {
  routeOf = resolve;
}

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

const byteLength = (chunk: unknown, encoding: unknown): number =>
  typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : chunk instanceof Uint8Array ? chunk.byteLength : 0;

/** Stamps the request id on the response and logs the request when its response is done (or abandoned). */
export function logRequest(req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  const id = requestIdOf(req);
  res.setHeader('x-request-id', id);
  let bytes = 0;
  const write = res.write;
  const end = res.end;
  // Counted as the body leaves (after any compression Next adds, which wraps these in turn).
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    bytes += byteLength(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') bytes += byteLength(chunk, rest[0]);
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];
  res.once('close', () => {
    const method = req.method ?? '';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const status = res.statusCode;
    const line = {
      reqId: id,
      method,
      route: routeOf(method, q === -1 ? url : url.slice(0, q)),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      bytes,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    const log = logger('http');
    if (status >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  });
}
