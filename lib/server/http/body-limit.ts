import type { IncomingMessage, ServerResponse } from 'node:http';
import limits from './limits.json';
import { answeredInline, withRequestId } from './request-log';

// Every request body is limited here, in the custom server, before Next reads a byte of it.
// One table; the first matching prefix wins. The console's limit leaves room for a CSV file of
// csvImportMaxBytes plus the same again pasted (next.config.js reads the same JSON).

export const CSV_IMPORT_MAX_BYTES: number = limits.csvImportMaxBytes;
export const CONSOLE_BODY_MAX_BYTES: number = limits.consoleBodyMaxBytes;

export const BODY_LIMITS: readonly { prefix: string; bytes: number }[] = [
  { prefix: '/api/subscriptions', bytes: 16_000 },
  { prefix: '/u/', bytes: 4_000 },
  { prefix: '/api/v1/', bytes: 1_000_000 },
  { prefix: '/admin', bytes: CONSOLE_BODY_MAX_BYTES },
];
export const DEFAULT_BODY_LIMIT = 64_000;

export function bodyLimitFor(pathname: string): number {
  return BODY_LIMITS.find((l) => pathname === l.prefix || pathname.startsWith(l.prefix.endsWith('/') ? l.prefix : `${l.prefix}/`))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/**
 * 413 and close. The socket stops being read at once (the kernel's window then stalls the sender)
 * and is destroyed after a grace second, so the client can read the answer before the reset.
 */
function refuse(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const socket = req.socket;
  const stopReading = () => socket.pause();
  stopReading();
  // Node destroys a `Connection: close` socket as soon as the answer is written; with body still
  // unread that is a reset, which can erase the answer before the client reads it. Half-close instead.
  socket.destroySoon = () => void socket.end();
  if (!res.headersSent) {
    const text = `Request body over the limit of ${limit} bytes for this URL.\n`;
    const bytes = Buffer.byteLength(text);
    res.writeHead(413, withRequestId(res, { 'content-type': 'text/plain; charset=utf-8', 'content-length': bytes, connection: 'close', 'cache-control': 'no-store' }));
    res.end(text);
    answeredInline(res, bytes);
  }
  // Node resumes a finished request's socket to drain its body; we do not want the rest of it.
  res.once('finish', stopReading);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * Refuses a declared length over the limit at once (returns true: answered), and otherwise counts
 * the body as the socket delivers it, so a chunked body with no length is cut off at the limit
 * whoever is (or is not) reading it. Counting sits in `push`, the parser's one way into the stream.
 */
export function limitBody(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    refuse(req, res, limit);
    return true;
  }
  // RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no body to count.
  if ((declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined) return false;
  let received = 0;
  let over = false;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (over) {
      req.socket.pause();
      return false;
    }
    if (chunk !== null && (Buffer.isBuffer(chunk) || typeof chunk === 'string')) {
      received += Buffer.byteLength(chunk);
      if (received > limit) {
        over = true;
        refuse(req, res, limit);
        return false;
      }
    }
    return push(chunk, encoding);
  };
  return false;
}
