import http from 'node:http';
import net from 'node:net';
import { attachFrontDoor, createRequestListener } from '@/lib/server/http/request-listener';
import { hotPaths } from '@/lib/server/http/hot-path';

export interface FrontDoor {
  port: number;
  close(): Promise<void>;
}

/**
 * The custom server's front (lib/server/http/request-listener.ts, as `candor start` builds it) on
 * loopback, with `next` standing in for Next's request handler.
 */
export async function startFrontDoor(trustedProxies: string[], next: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<FrontDoor> {
  const server = http.createServer();
  attachFrontDoor(server, createRequestListener({ trustedProxies, hotPaths, next }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Sends raw bytes over TCP and returns everything the server answered before closing (or `ms`). */
export function rawExchange(port: number, bytes: string, ms = 3000, localAddress = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let out = '';
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (c: Buffer) => (out += c.toString('latin1')));
    socket.on('error', (e) => (out ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.write(bytes, 'latin1');
  });
}

/** A plain request with the given headers from `localAddress`; returns status, headers and body. */
export function request(port: number, opts: { path?: string; method?: string; headers?: Record<string, string>; body?: string; localAddress?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: opts.path ?? '/', method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
