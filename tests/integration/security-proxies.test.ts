import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { checkSameOrigin } from '@/lib/server/auth/csrf';
import { stampedOrigins, stampedProto } from '@/lib/server/http/stamped';
import { request, startFrontDoor, type FrontDoor } from '../helpers/front-door';

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
