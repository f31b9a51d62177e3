import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Balancer } from '@/tests/helpers/balancer';

// The rolling-restart test's balancer, checked on its own: a GET that one backend drops without a
// byte goes on to the other (as HAProxy and nginx do for idempotent requests); a POST does not.

function backend(drops: boolean): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url === '/api/health/ready') return void res.end('ok');
    if (drops) return void req.socket.destroy();
    res.setHeader('connection', 'close');
    res.end('served');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function request(port: number, method: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: '/x', agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', (error) => resolve(`error: ${error.message}`));
    req.end(method === 'POST' ? 'x=1' : undefined);
  });
}

describe('the test balancer', () => {
  let dropper: http.Server;
  let server: http.Server;
  let balancer: Balancer;
  beforeAll(async () => {
    [dropper, server] = await Promise.all([backend(true), backend(false)]);
    balancer = new Balancer([(dropper.address() as AddressInfo).port, (server.address() as AddressInfo).port]);
    await balancer.open();
  });
  afterAll(async () => {
    await balancer.close();
    dropper.close();
    server.close();
  });

  it('sends a GET that a backend closed unanswered to the next backend, and passes a POST’s failure on', async () => {
    const gets = await Promise.all(Array.from({ length: 6 }, () => request(balancer.port, 'GET')));
    expect(gets).toEqual(Array(6).fill('served'));
    // Positive control: some of them did meet the backend that drops.
    expect(balancer.routed.filter((r) => r.emptyAnswer).length).toBeGreaterThan(0);
    const posts = await Promise.all(Array.from({ length: 6 }, () => request(balancer.port, 'POST')));
    expect(posts.filter((p) => p === 'served').length).toBeGreaterThan(0);
    expect(posts.filter((p) => p.startsWith('error')).length).toBeGreaterThan(0);
  });
});
