import type { IncomingMessage, ServerResponse } from 'node:http';
import { answeredInline, withRequestId } from './request-log';

// Methods and request targets Candor answers, checked before Next sees a request: anything else
// gets 400, 404 or 405 here (with Allow where that is the answer), never an error from deeper in.

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const ALLOW = ALLOWED_METHODS.join(', ');

/** Closes the connection too: whatever body came with an odd request is not worth reading. */
function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): true {
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, withRequestId(res, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(bytes), 'cache-control': 'no-store', connection: 'close', ...headers }));
  res.end(text);
  answeredInline(res, bytes);
  return true;
}

/** The origin-form path (and query) of an absolute-form target on this server, else null. */
function originForm(target: string): { path: string; host: string } | null {
  if (!/^https?:\/\//i.test(target)) return null;
  try {
    const url = new URL(target);
    return { path: `${url.pathname}${url.search}`, host: url.host };
  } catch {
    return null;
  }
}

/**
 * Answers (and returns true) when the method or target is one Candor does not serve. An
 * absolute-form target (RFC 9112 §3.2.2) is rewritten to origin form, its host replacing Host.
 */
export function refuseOddRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method ?? '';
  if (method !== 'GET' && method !== 'HEAD' && !(ALLOWED_METHODS as readonly string[]).includes(method)) return answer(res, 405, `Method ${method.slice(0, 20)} not allowed.\n`, { allow: ALLOW });
  let target = req.url ?? '';
  // Nearly every request is origin-form ("/..."): character checks, no regular expression, split or decoding.
  if (target.charCodeAt(0) !== SLASH) {
    if (target === '*') return method === 'OPTIONS' ? answer(res, 204, '', { allow: ALLOW }) : answer(res, 400, 'The target * is only for OPTIONS.\n');
    const absolute = originForm(target);
    if (absolute) {
      req.url = target = absolute.path;
      req.headers.host = absolute.host;
    }
    if (!target.startsWith('/')) return answer(res, 400, 'Malformed request target.\n');
  }
  // No page of Candor's starts with two slashes, and a URL parser reads one as another host.
  const second = target.charCodeAt(1);
  if (second === SLASH || second === BACKSLASH) return answer(res, 404, 'Not found.\n');
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  if (rawPath.length > 4096) return answer(res, 414, 'Request target too long.\n');
  // Only a percent sign can make decoding fail.
  if (rawPath.includes('%')) {
    try {
      decodeURIComponent(rawPath);
    } catch {
      return answer(res, 400, 'Malformed request target (bad percent-encoding).\n');
    }
  }
  return false;
}
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
