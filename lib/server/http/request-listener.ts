import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { bodyLimitFor, limitBody } from './body-limit';
import { compileTrust, stampRequest } from './forwarded';
import type { HotPath } from './hot-path';
import { recordHttpRequest } from './observe';
import { ALLOW, refuseOddRequest } from './request-target';
import { beginRequest, pathOf, requestIdFor, settleRequest } from './request-log';
import { logger } from '../log/logger';

export interface ListenerOptions {
  trustedProxies: readonly string[];
  hotPaths: () => readonly HotPath[];
  /** Everything the hot paths do not answer (Next's request handler in `candor start`). */
  next: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/**
 * The front of every request, in this order: its trace begins (id, clock); odd methods and
 * targets are answered; the body gets its limit; the hot paths (the public snapshot, health)
 * answer; else the client address, host and protocol are decided and stamped, and Next answers. Whoever answers, the request
 * is then settled: logged and counted at once when answered in full already, else when it ends.
 */
export function createRequestListener({ trustedProxies, hotPaths, next }: ListenerOptions): RequestListener {
  const trust = compileTrust(trustedProxies);
  const answeredAtTheDoor = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (refuseOddRequest(req, res)) return true;
    if (limitBody(req, res, bodyLimitFor(pathOf(req)))) return true;
    // Hot paths answer from what every visitor gets alike, never by the client's address or host.
    for (const hot of hotPaths()) if (hot(req, res)) return true;
    stampRequest(req, trust);
    return false;
  };
  return (req, res) => {
    beginRequest(req, res);
    const answered = answeredAtTheDoor(req, res);
    settleRequest(req, res, recordHttpRequest);
    if (answered) return;
    next(req, res).catch((error: unknown) => {
      logger('http').error({ err: error, reqId: requestIdFor(res) }, 'request failed');
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
    if (declared <= bodyLimitFor(pathOf(req))) res.writeContinue();
    listener(req, res);
  });
}
