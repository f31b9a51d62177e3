import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger, writeAccessLine } from '../log/logger';

// One log line per request to Candor's own server: method, route pattern (never the raw path,
// which may hold a token), status, duration, bytes sent and the request id also returned as
// `x-request-id`. Built for the hot path: a response written in full before the listener returns
// (the snapshot's pages) is logged on the spot, with nothing wrapped and no listener added; only
// the others (Next, slow answers) are followed to their end.

/** A caller's id is kept only when it is plainly an id: short, no spaces, nothing to inject. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Paths no route claims (and every path before the routes are known) share one bucket. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The path of a request's target, without its query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export type RouteOf = (method: string, pathname: string) => string;
let routeOf: RouteOf = () => UNMATCHED_ROUTE;

/** Set once the server knows its routes (lib/server/http/route-pattern.ts). */
export function setRoutePatterns(resolve: RouteOf): void {
  routeOf = resolve;
}

/**
 * A new request id: this process's random prefix (48 bits, made at start) and a sequence number, as
 * Fastify numbers requests. Unique across instances and restarts in practice, a plain token a load
 * balancer passes on, and a tenth of the cost of a UUID on a path that answers in ~30 µs.
 */
const ID_PREFIX = randomBytes(6).toString('hex');
let sequence = 0;
export function newRequestId(): string {
  sequence += 1;
  return `${ID_PREFIX}-${sequence.toString(36)}`;
}

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : newRequestId();
}

/** What the front door knows of a request while it is answered. */
interface Trace {
  id: string;
  started: number;
  /** Body bytes sent, once known. */
  bytes: number;
  /** Answered in full by a front-door handler before it returned (see answeredInline). */
  inline: boolean;
  followed: boolean;
}
const TRACE = Symbol('candor.request');
type Traced = ServerResponse & { [TRACE]?: Trace };

/** Told when a request ends (its metrics, observe.ts); `complete` is false when the connection closed before the response was all sent. */
export type RequestEnd = (req: IncomingMessage, res: ServerResponse, seconds: number, complete: boolean) => void;

/** Starts a request's trace: its id (the caller's, when it is plainly one) and its clock. */
export function beginRequest(req: IncomingMessage, res: ServerResponse): void {
  (res as Traced)[TRACE] = { id: requestIdOf(req), started: performance.now(), bytes: 0, inline: false, followed: false };
}

/** The request id, for handlers that write their own headers in one go (`x-request-id`). */
export function requestIdFor(res: ServerResponse): string | undefined {
  return (res as Traced)[TRACE]?.id;
}

/** Adds `x-request-id` to a fresh headers object that a front-door handler is about to write in one go. */
export function withRequestId<T extends Record<string, unknown>>(res: ServerResponse, headers: T): T {
  const id = (res as Traced)[TRACE]?.id;
  if (id !== undefined) (headers as Record<string, unknown>)['x-request-id'] = id;
  return headers;
}

/**
 * Said by a front-door handler that has written the whole response (headers through
 * withRequestId, and body) before returning: the request is then logged on the spot.
 */
export function answeredInline(res: ServerResponse, bodyBytes: number): void {
  const trace = (res as Traced)[TRACE];
  if (!trace || trace.followed) return;
  trace.inline = true;
  trace.bytes = bodyBytes;
}

const byteLength = (chunk: unknown, encoding: unknown): number =>
  typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : chunk instanceof Uint8Array ? chunk.byteLength : 0;

function ended(req: IncomingMessage, res: ServerResponse, trace: Trace, onEnd: RequestEnd): void {
  const ms = performance.now() - trace.started;
  const complete = trace.inline || res.writableFinished;
  onEnd(req, res, ms / 1000, complete);
  const status = res.statusCode;
  const log = logger('http');
  const level = status >= 500 ? 'error' : 'info';
  if (!log.isLevelEnabled(level)) return;
  const method = req.method ?? '';
  writeAccessLine(log, level, {
    reqId: trace.id,
    method,
    route: routeOf(method, pathOf(req)),
    status,
    ms: Math.round(ms * 10) / 10,
    bytes: trace.bytes,
    ...(complete ? {} : { aborted: true }),
  });
}

/**
 * Ends the request's trace: logged (and `onEnd` told) now when it was answered inline, else when
 * its response is done or abandoned, with the bytes counted as the body leaves (after any
 * compression Next adds, which wraps these in turn). Called once per request; a second call does nothing.
 */
export function settleRequest(req: IncomingMessage, res: ServerResponse, onEnd: RequestEnd): void {
  const trace = (res as Traced)[TRACE];
  if (!trace || trace.followed) return;
  trace.followed = true;
  if (trace.inline) return ended(req, res, trace, onEnd);
  if (!res.headersSent) {
    res.setHeader('x-request-id', trace.id);
    const write = res.write;
    const end = res.end;
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      trace.bytes += byteLength(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      if (typeof chunk !== 'function') trace.bytes += byteLength(chunk, rest[0]);
      return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as ServerResponse['end'];
  }
  res.once('close', () => ended(req, res, trace, onEnd));
}
