import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

// A real HTTP receiver on loopback for the channel tests. Each path behaves as told (answer a
// status with headers, redirect to itself, answer garbage, stream forever) and every request is
// recorded with its body and, when a secret is known for the path, whether its Standard Webhooks
// signature verifies (checked by the standardwebhooks package itself).

export type Behaviour =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'redirect-loop' }
  | { kind: 'garbage' }
  | { kind: 'stream-forever' }
  | { kind: 'hang' };

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** null when no secret is registered for the path. */
  verified: boolean | null;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Behaviours for a path, used in turn; the last one repeats. */
  behave(path: string, ...list: Behaviour[]): void;
  secret(path: string, secret: string): void;
  at(path: string): Received[];
  stop(): Promise<void>;
}

export async function startReceiver(host = '127.0.0.1'): Promise<Receiver> {
  const plans = new Map<string, Behaviour[]>();
  const secrets = new Map<string, string>();
  const received: Received[] = [];
  const streams = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = secrets.get(path);
      let verified: boolean | null = null;
      if (secret) {
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
      }
      received.push({ path, headers: req.headers, body, verified, at: Date.now() });
      const plan = plans.get(path) ?? [{ kind: 'status', status: 200 }];
      const b = plan.length > 1 ? plan.shift()! : plan[0]!;
      switch (b.kind) {
        case 'status':
          res.writeHead(b.status, b.headers ?? {});
          res.end(b.body ?? '');
          return;
        case 'redirect-loop':
          res.writeHead(307, { location: req.url ?? '/' });
          res.end();
          return;
        case 'garbage':
          req.socket.end('SMTP? 220 not http at all\r\n\r\n\u0000\u0001');
          return;
        case 'stream-forever': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          streams.add(res);
          const tick = setInterval(() => res.write('x'.repeat(1024)), 5);
          res.on('close', () => {
            clearInterval(tick);
            streams.delete(res);
          });
          return;
        }
        case 'hang':
          streams.add(res);
          res.on('close', () => streams.delete(res));
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    received,
    behave: (path, ...list) => plans.set(path, list),
    secret: (path, s) => secrets.set(path, s),
    at: (path) => received.filter((r) => r.path === path),
    async stop() {
      for (const s of streams) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
