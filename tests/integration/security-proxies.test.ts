import type http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { POST as unsubscribePOST } from '@/app/u/[token]/route';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { checkSameOrigin } from '@/lib/server/auth/csrf';
import { BODY_LIMITS, bodyLimitFor, DEFAULT_BODY_LIMIT } from '@/lib/server/http/body-limit';
import { ALLOWED_METHODS } from '@/lib/server/http/request-target';
import { stampedOrigins, stampedProto } from '@/lib/server/http/stamped';
import { rawExchange, request, startFrontDoor, type FrontDoor } from '../helpers/front-door';

// The custom server's front door (lib/server/http/request-listener.ts): who the client is, how
// much body it may send, and which methods and targets it may use, decided before Next.

// Forwarded headers count only from TRUSTED_PROXIES, for the client address, the host and the
// protocol alike, and every consumer (throttling, audit, CSRF, the Secure cookie) reads only what
// the custom server stamped. Requests come from 127.0.0.1 or 127.0.0.2 (both loopback).

/** What the consumers behind the front door see, as Next would hand them the headers. */
async function echo(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
  let csrf = 'ok';
  try {
    checkSameOrigin(h);
  } catch (error) {
    csrf = (error as Error).message;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ip: clientIpFromHeaders(h), origins: stampedOrigins(h), proto: stampedProto(h), csrf, xff: h.get('x-forwarded-for'), xfh: h.get('x-forwarded-host'), forwarded: h.get('forwarded') }));
}

const hostile = {
  host: 'status.example:3000',
  'x-forwarded-for': '198.51.100.66',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  forwarded: 'for=198.51.100.66;host=evil.example;proto=https',
  'x-candor-client-ip': '198.51.100.77',
  'x-candor-host': 'evil.example',
  'x-candor-proto': 'https',
  origin: 'https://evil.example',
};

const seen = async (door: FrontDoor, headers: Record<string, string>, localAddress = '127.0.0.1') => JSON.parse((await request(door.port, { path: '/admin/x', method: 'POST', headers, body: '', localAddress })).body) as { ip: string; origins: string[]; proto: string; csrf: string; xff: string; xfh: string | null; forwarded: string | null };

describe('TRUSTED_PROXIES decides when forwarded headers count', () => {
  const doors: Record<string, FrontDoor> = {};
  const publicUrl = process.env.PUBLIC_URL;
  beforeAll(async () => {
    delete process.env.PUBLIC_URL;
    doors.none = await startFrontDoor([], echo);
    doors.loopback = await startFrontDoor(['loopback'], echo);
    doors.one = await startFrontDoor(['127.0.0.1'], echo);
  });
  afterAll(async () => {
    for (const d of Object.values(doors)) await d.close();
    if (publicUrl !== undefined) process.env.PUBLIC_URL = publicUrl;
  });

  it('by default (trust nobody) ignores every forwarded and look-alike header, even from loopback', async () => {
    const s = await seen(doors.none!, hostile);
    expect(s).toMatchObject({ ip: '127.0.0.1', origins: ['http://status.example:3000'], proto: 'http', xff: '127.0.0.1', xfh: 'status.example:3000', forwarded: null });
    expect(s.csrf).toMatch(/cross-site request from https:\/\/evil\.example refused/);
    // Positive control: the same request from the real origin passes.
    expect((await seen(doors.none!, { ...hostile, origin: 'http://status.example:3000' })).csrf).toBe('ok');
  });

  it('from a trusted proxy believes X-Forwarded-For/-Host/-Proto, taking the entries that proxy wrote', async () => {
    const s = await seen(doors.loopback!, { ...hostile, 'x-forwarded-for': '6.6.6.6, 203.0.113.7', 'x-forwarded-host': 'status.example.com', origin: 'https://status.example.com' });
    expect(s).toMatchObject({ ip: '203.0.113.7', origins: ['https://status.example.com'], proto: 'https', csrf: 'ok' });
    // A client-sent X-Forwarded-Host that the proxy appended to does not win.
    const appended = await seen(doors.loopback!, { ...hostile, 'x-forwarded-host': 'evil.example, status.example.com' });
    expect(appended.origins).toEqual(['https://status.example.com']);
    expect(appended.csrf).toMatch(/refused/);
  });

  it('walks back only through trusted hops: a private address that is not listed is the client', async () => {
    // 127.0.0.2 is on loopback (the old rule believed any private peer) but not in TRUSTED_PROXIES.
    const direct = await seen(doors.one!, hostile, '127.0.0.2');
    expect(direct).toMatchObject({ ip: '127.0.0.2', origins: ['http://status.example:3000'], proto: 'http' });
    expect(direct.csrf).toMatch(/refused/);
    const chain = await seen(doors.one!, { ...hostile, 'x-forwarded-for': '203.0.113.9, 10.0.0.5' });
    expect(chain.ip).toBe('10.0.0.5');
    expect((await seen(doors.one!, { ...hostile, 'x-forwarded-for': '203.0.113.9' })).ip).toBe('203.0.113.9');
  });

  it('a trusted proxy forwarding garbage does not put it into the stamp', async () => {
    const s = await seen(doors.loopback!, { ...hostile, 'x-forwarded-for': 'not-an-ip', 'x-forwarded-host': 'evil.example/path?', 'x-forwarded-proto': 'gopher' });
    expect(s).toMatchObject({ ip: '127.0.0.1', origins: ['http://status.example:3000'], proto: 'http' });
  });

  it('without the stamp (no custom server) believes no forwarded header at all', () => {
    const h = new Headers({ host: 'status.example', 'x-forwarded-for': '198.51.100.66', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', origin: 'https://evil.example' });
    expect(clientIpFromHeaders(h)).toBeUndefined();
    expect(() => checkSameOrigin(h)).toThrow(/refused/);
    expect(() => checkSameOrigin(new Headers({ host: 'status.example', origin: 'https://status.example' }))).not.toThrow();
  });
});

// The custom server's front door, in front of real route handlers called the way Next calls them
// (a web Request whose body streams from the socket): bodies are cut off at their limit while they
// stream, and odd methods and targets are answered before anything deeper can fail on them.

async function asNext(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const body = hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined;
  const request = new Request(url, { method: req.method, headers, body, duplex: 'half' } as RequestInit);
  let response: Response;
  if (url.pathname === '/api/subscriptions' && req.method === 'POST') response = await subscriptionsPOST(request);
  else if (url.pathname.startsWith('/u/') && req.method === 'POST') response = await unsubscribePOST(request, { params: Promise.resolve({ token: url.pathname.slice(3) }) });
  else if (url.pathname === '/echo') response = new Response(hasBody ? `read ${(await request.arrayBuffer()).byteLength} bytes` : 'no body');
  else response = new Response('not found', { status: 404 });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

interface Flood {
  answer: string;
  sent: number;
  peakGrowth: number;
}

/** Streams `total` bytes as a chunked body (no Content-Length), as fast as the server takes them. */
async function flood(port: number, path: string, total: number): Promise<Flood> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  let closed = false;
  socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
  socket.on('error', () => undefined);
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void gone.then(() => (closed = true));
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  const sampler = setInterval(sample, 10);
  const payload = Buffer.alloc(256 * 1024, 'a');
  const frame = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n')]);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
  let sent = 0;
  while (sent < total && !closed) {
    sent += payload.length;
    sample();
    if (!socket.write(frame)) await Promise.race([new Promise((r) => socket.once('drain', r)), gone]);
  }
  if (!closed) socket.end('0\r\n\r\n');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 30_000))]);
  clearInterval(sampler);
  sample();
  socket.destroy();
  return { answer, sent, peakGrowth: peak - before };
}

describe('request bodies are limited while they stream, before any route reads them', () => {
  let door: FrontDoor;
  beforeAll(async () => {
    door = await startFrontDoor([], asNext);
  });
  afterAll(async () => {
    await door.close();
  });

  it('has one table, with small limits for the public endpoints that read bodies', () => {
    expect(bodyLimitFor('/api/subscriptions')).toBe(16_000);
    expect(bodyLimitFor('/u/abc')).toBe(4_000);
    expect(bodyLimitFor('/api/v1/incidents')).toBe(1_000_000);
    expect(bodyLimitFor('/subscribe')).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('/api/subscriptionsX')).toBe(DEFAULT_BODY_LIMIT);
    for (const l of BODY_LIMITS) expect(bodyLimitFor(l.prefix)).toBe(l.bytes);
  });

  it('a body under the limit reaches the route whole (chunked or not)', async () => {
    const small = await request(door.port, { path: '/api/subscriptions', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: JSON.stringify({ email: 'not-an-address' }) });
    expect(small.status).toBe(422);
    const almost = await request(door.port, { path: '/echo', method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body: 'x'.repeat(DEFAULT_BODY_LIMIT) });
    expect(almost).toMatchObject({ status: 200, body: `read ${DEFAULT_BODY_LIMIT} bytes` });
  });

  it('behind it, readJson stops reading at its own cap too (a handler reached some other way)', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 300 * 1024 * 1024) return controller.close();
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const res = await subscriptionsPOST(new Request('http://127.0.0.1/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: endless, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it('a declared length over the limit is refused at once, without reading the body', async () => {
    const answer = await rawExchange(door.port, `POST /api/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 300000000\r\n\r\n{"email":`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
  });

  it('Expect: 100-continue over the limit is refused without inviting the body; under it, invited', async () => {
    const refused = await rawExchange(door.port, 'POST /api/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\nExpect: 100-continue\r\n\r\n');
    expect(refused).toMatch(/^HTTP\/1\.1 413 /);
    const invited = await rawExchange(door.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\nabc');
    expect(invited).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 [^]*read 3 bytes/);
  });

  it.each([
    ['/api/subscriptions', 16_000],
    ['/u/some-token', 4_000],
    ['/echo', DEFAULT_BODY_LIMIT],
  ])('300 MB chunked at %s: 413 near the limit, the connection closed, memory bounded', async (path, limit) => {
    const total = 300 * 1024 * 1024;
    const f = await flood(door.port, path, total);
    expect(f.peakGrowth).toBeLessThan(64 * 1024 * 1024);
    // Kernel buffers on loopback take a few MB before the stalled window stops the sender.
    expect(f.sent).toBeLessThan(32 * 1024 * 1024);
    expect(f.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(f.answer).toContain(`limit of ${limit} bytes`);
  }, 60_000);

  it('a burst of parallel floods does not add up', async () => {
    const floods = await Promise.all(Array.from({ length: 8 }, () => flood(door.port, '/api/subscriptions', 100 * 1024 * 1024)));
    for (const f of floods) {
      expect(f.answer).toMatch(/^HTTP\/1\.1 413 [^]*limit of 16000 bytes/);
      expect(f.sent).toBeLessThan(32 * 1024 * 1024);
    }
    expect(Math.max(...floods.map((f) => f.peakGrowth))).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);
});

describe('unknown methods and request targets get 400, 404 or 405 at the front door', () => {
  let door: FrontDoor;
  beforeAll(async () => {
    door = await startFrontDoor([], asNext);
  });
  afterAll(async () => {
    await door.close();
  });

  const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0);
  const send = (line: string, extra = '', body = '') => rawExchange(door.port, `${line}\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n${body}`);

  it.each([
    ['TRACE / HTTP/1.1', 405],
    ['TRACK / HTTP/1.1', 400],
    ['PROPFIND / HTTP/1.1', 405],
    ['MKCOL /admin HTTP/1.1', 405],
    ['LINK / HTTP/1.1', 405],
    ['PURGE / HTTP/1.1', 405],
    ['CONNECT 127.0.0.1:22 HTTP/1.1', 405],
    ['FOO / HTTP/1.1', 400],
    ['GET * HTTP/1.1', 400],
    ['OPTIONS * HTTP/1.1', 204],
    ['GET /%zz HTTP/1.1', 400],
    ['GET /%E0%A4%A HTTP/1.1', 400],
    ['GET //evil.example/x HTTP/1.1', 404],
    ['GET /\\evil.example HTTP/1.1', 404],
    ['GET evil HTTP/1.1', 400],
    ['GET ftp://evil.example/ HTTP/1.1', 400],
    ['GET /aaaa…(5000) HTTP/1.1', 414],
    ['GET / HTTP/1.1', 404],
  ])('%s answers %i', async (shown, status) => {
    const answer = await send(shown.replace('aaaa…(5000)', 'a'.repeat(5000)));
    expect(statusOf(answer)).toBe(status);
    if (status === 405) expect(answer).toMatch(new RegExp(`\\r\\nAllow: ${ALLOWED_METHODS.join(', ')}\\r\\n`, 'i'));
  });

  it('an absolute-form target is served as its path (RFC 9112 §3.2.2)', async () => {
    const answer = await send('POST http://127.0.0.1/echo HTTP/1.1', 'Content-Length: 3\r\n', 'abc');
    expect(statusOf(answer)).toBe(200);
    expect(answer).toContain('read 3 bytes');
  });

  it('a parallel burst of hostile requests leaves the server answering normally', async () => {
    const lines = ['TRACE / HTTP/1.1', 'GET * HTTP/1.1', 'GET /%zz HTTP/1.1', 'CONNECT a:1 HTTP/1.1', 'GET //x HTTP/1.1'];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => send(lines[i % lines.length]!)));
    for (const a of answers) expect([400, 404, 405]).toContain(statusOf(a));
    expect(statusOf(await send('POST /echo HTTP/1.1', 'Content-Length: 0\r\n'))).toBe(200);
  });
});
