import net from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Drain {
  /**
   * Stops accepting connections, answers every later response with `Connection: close`, lets the
   * requests in flight finish for up to `graceMs`, then closes the connections still open.
   * Resolves when the listener and every connection are closed; `forced` counts the requests cut off.
   */
  close(graceMs: number): Promise<{ forced: number }>;
}

/**
 * How long a connection with no request in flight is left open after close() begins. Its request
 * may already be in the socket, unread while the event loop was busy: closing at once resets it.
 */
export const SETTLE_MS = 1000;
/** How long a connection we ended may wait for the client's own end before it is closed. */
const HALF_OPEN_MS = 500;

/** Call before the request listeners are attached, so a closing server marks each response first. */
export function trackForDrain(server: Server): Drain {
  const inFlight = new Map<Socket, number>();
  let responses = 0;
  let closing = false;
  const finishIfIdle = (socket: Socket) => {
    if (!closing || (inFlight.get(socket) ?? 0) > 0 || socket.writableEnded) return;
    // Node's HTTP sockets are half-open: a client that never answers our FIN (an idle pooled
    // connection) would hold the close for the whole grace. Once our side is flushed, let it go.
    socket.once('finish', () => setTimeout(() => socket.destroy(), HALF_OPEN_MS));
    socket.end();
  };

  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  const track = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    responses += 1;
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => {
      responses -= 1;
      inFlight.set(socket, Math.max(0, (inFlight.get(socket) ?? 1) - 1));
      // A kept-alive connection whose last response ended: end it gently, after what was written.
      if (closing) setImmediate(() => finishIfIdle(socket));
    });
  };
  server.on('request', track);
  server.on('checkContinue', track);

  return {
    close(graceMs) {
      closing = true;
      for (const socket of inFlight.keys()) {
        const res = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
        if (res && !res.headersSent) res.shouldKeepAlive = false;
      }
      // Not server.close(): Node's version destroys at once every connection whose request it has not parsed yet.
      // The listener closes after a whole poll phase, which accepts the connections queued before the signal.
      const closed = afterPollPhase().then(() => new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve())));
      // After a busy stretch timers run before the poll that reads the waiting requests: end only the truly idle.
      const settle = setTimeout(() => void afterPollPhase().then(() => inFlight.forEach((_, socket) => finishIfIdle(socket))), Math.min(SETTLE_MS, graceMs));
      let forced = 0;
      const cutOff = setTimeout(() => {
        forced = responses;
        server.closeAllConnections();
      }, graceMs);
      return closed.then(() => {
        clearTimeout(settle);
        clearTimeout(cutOff);
        // Now Node's own close, for its timers; the listener is already closed, so it reports that.
        server.close(() => undefined);
        return { forced };
      });
    },
  };
}

/** Resolves in the check phase after the next poll phase (an immediate queued from an immediate runs one loop later). */
function afterPollPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
