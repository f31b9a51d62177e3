import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { bodyLimitFor, limitBody } from './body-limit';
import { compileTrust, stampRequest } from './forwarded';
import type { HotPath } from './hot-path';
import { observeHttpRequest } from './observe';
import { ALLOW, refuseOddRequest } from './request-target';
import { logRequest } from './request-log';
import { logger } from '../log/logger';

export interface ListenerOptions {
  trustedProxies: readonly string[];
  hotPaths: () => readonly HotPath[];
  /** Everything the hot paths do not answer (Next's request handler in `candor start`). */
  next: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/**
 * The front of every request, in this order: the request is logged when its response ends; odd methods and targets are answered; the client
 * address, host and protocol are decided and stamped; the body gets its limit; then the hot paths
 * (the public snapshot), then Next.
 */
export function createRequestListener({ trustedProxies, hotPaths, next }: ListenerOptions): RequestListener {
  const trust = compileTrust(trustedProxies);
  return (req, res) => {
    logRequest(req, res);
    observeHttpRequest(req, res);
    if (refuseOddRequest(req, res)) return;
    stampRequest(req, trust);
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (limitBody(req, res, bodyLimitFor(pathname))) return;
    for (const hot of hotPaths()) if (hot(req, res)) return;
    next(req, res).catch((error: unknown) => {
      logger('http').error({ err: error, reqId: res.getHeader('x-request-id') }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  };
}

/**
 * The parts of the front door Node reaches by other events: CONNECT (Node would just drop the
 * socket) and `Expect: 100-continue` (Node would invite the body before the listener could refuse it).
 */
export function attachFrontDoor(server: Server, listener: RequestListener): void {
  server.on('request', listener);
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOW}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (declared <= bodyLimitFor(pathname)) res.writeContinue();
    listener(req, res);
  });
}
