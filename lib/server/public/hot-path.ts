import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { parseHttpDate } from '@/lib/domain/time';
import { chooseLanguage, cookieValue, notFoundPage } from './language';
import { HTML, lookup, type Encoding, type SnapshotEntry } from './snapshot';
import { currentSnapshot } from './store';
import { answeredInline, requestIdFor, withRequestId } from '../http/request-log';
import { wallClock } from '../wall-clock';

// Answers GET and HEAD for snapshot URLs before Next's router: a Map lookup, the best
// precompressed body for Accept-Encoding, 304 on a matching ETag or an unchanged
// If-Modified-Since. Anything else falls through.

/** The public pages run no inline script or style and load nothing from other hosts. */
export const PUBLIC_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

export const REGION_COOKIE = 'candor_region';

let lastAccept: string | undefined;
let lastEncoding: Encoding = 'identity';
/** The best encoding Accept-Encoding allows; the last answer is remembered, since clients repeat one string. */
export function pickEncoding(accept: string | undefined): Encoding {
  if (!accept) return 'identity';
  if (accept === lastAccept) return lastEncoding;
  lastEncoding = encodingFor(accept);
  lastAccept = accept;
  return lastEncoding;
}

function encodingFor(accept: string): Encoding {
  let br = false;
  let gzip = false;
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gzip = true;
    else if (name === '*') {
      br = true;
      gzip = true;
    }
  }
  return br ? 'br' : gzip ? 'gzip' : 'identity';
}

export const etagOf = (entry: SnapshotEntry, encoding: Encoding): string => `"${entry.hash}${encoding === 'identity' ? '' : encoding === 'br' ? '-br' : '-gz'}"`;

export function etagMatches(ifNoneMatch: string | undefined, entry: SnapshotEntry): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '').replace(/"/g, '').replace(/-(br|gz)$/, '') === entry.hash);
}

/**
 * RFC 9110 section 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since, which
 * is ignored unless it is one valid HTTP-date. True when the answer is 304 Not Modified.
 */
export function notModified(ifNoneMatch: string | undefined | null, ifModifiedSince: string | undefined | null, entry: SnapshotEntry, now: Date): boolean {
  if (ifNoneMatch !== undefined && ifNoneMatch !== null) return etagMatches(ifNoneMatch, entry);
  if (!ifModifiedSince || entry.lastModifiedMs <= 0) return false;
  const since = parseHttpDate(ifModifiedSince, now);
  return since !== null && entry.lastModifiedMs <= since;
}

/**
 * Headers for one entry and encoding, without per-request ones, made once per entry: as an object
 * (304s, Next's route handlers) and as one flat list (name, value, name, value...), which `writeHead`
 * takes without walking an object's keys; a request copies the list and appends its own (age, id).
 */
const headerCache = new WeakMap<SnapshotEntry, Map<Encoding, { headers: OutgoingHttpHeaders; raw: string[] }>>();
function cachedHeaders(entry: SnapshotEntry, encoding: Encoding): { headers: OutgoingHttpHeaders; raw: string[] } {
  let perEntry = headerCache.get(entry);
  if (!perEntry) {
    perEntry = new Map();
    headerCache.set(entry, perEntry);
  }
  let cached = perEntry.get(encoding);
  if (!cached) {
    const body = encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gzip : entry.body;
    const headers: OutgoingHttpHeaders = {
      'content-type': entry.contentType,
      'content-length': String(body.length),
      'cache-control': entry.cacheControl,
      etag: etagOf(entry, encoding),
      'last-modified': entry.lastModified,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
      ...(entry.contentType === HTML ? { 'content-security-policy': PUBLIC_CSP } : {}),
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
      ...(entry.cors ? { 'access-control-allow-origin': '*' } : {}),
    };
    cached = { headers, raw: Object.entries(headers).flatMap(([k, v]) => [k, String(v)]) };
    perEntry.set(encoding, cached);
  }
  return cached;
}

export const entryHeaders = (entry: SnapshotEntry, encoding: Encoding): OutgoingHttpHeaders => cachedHeaders(entry, encoding).headers;

/** What a 304 repeats of the 200 (RFC 9110 section 15.4.5). */
export function notModifiedHeaders(entry: SnapshotEntry, full: OutgoingHttpHeaders, age: string): OutgoingHttpHeaders {
  return { etag: full.etag, 'cache-control': entry.cacheControl, vary: 'Accept-Encoding', 'last-modified': entry.lastModified, 'x-candor-snapshot-age': age, ...(entry.cors ? { 'access-control-allow-origin': '*' } : {}) };
}

export function snapshotHotPath(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const snapshot = currentSnapshot();
  if (!snapshot) return false;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const search = q === -1 ? '' : url.slice(q + 1);

  // The region picker remembers a choice in a cookie: the home page then opens that region.
  if (path === '/' && req.headers.cookie) {
    const slug = cookieValue(req.headers.cookie, REGION_COOKIE);
    if (slug && snapshot.regionSlugs.has(slug)) {
      return redirect(res, `/regions/${slug}`);
    }
  }

  const result = lookup(snapshot, path, search);
  if (!result) return false;
  // Only a query, a cookie or the home page can change the language: plain requests skip this.
  const language = search || req.headers.cookie || (path === '/' && req.headers['accept-language']) ? chooseLanguage(snapshot, path, search, req.headers.cookie, req.headers['accept-language']) : null;
  if (language?.redirect) return redirect(res, language.redirect);
  // A page that is not there is said in the reader's language (cookie or browser, when the query names none).
  const entry = !result.found && result.entry === snapshot.notFoundHtml ? notFoundPage(snapshot, search, req.headers.cookie, req.headers['accept-language']) : result.entry;
  const now = wallClock();
  const age = String(Math.max(0, Math.floor((now - snapshot.asOfMs) / 1000)));
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (entry.status === 200 && (req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined) && notModified(req.headers['if-none-match'], req.headers['if-modified-since'], entry, new Date(now))) {
    res.writeHead(304, withRequestId(res, notModifiedHeaders(entry, entryHeaders(entry, encoding), age)));
    res.end();
    answeredInline(res, 0);
    return true;
  }
  const perRequest = cachedHeaders(entry, encoding).raw.slice();
  perRequest.push('x-candor-snapshot-age', age);
  const id = requestIdFor(res);
  if (id !== undefined) perRequest.push('x-request-id', id);
  if (snapshot.stale) perRequest.push('x-candor-snapshot', 'stale');
  if (language?.setCookie) perRequest.push('set-cookie', language.setCookie);
  res.writeHead(entry.status, perRequest);
  const body = method === 'HEAD' ? undefined : encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gzip : entry.body;
  res.end(body);
  answeredInline(res, body?.length ?? 0);
  return true;
}

function redirect(res: ServerResponse, location: string): true {
  res.writeHead(302, withRequestId(res, { location, 'cache-control': 'private, no-store', 'content-length': '0' }));
  res.end();
  answeredInline(res, 0);
  return true;
}
