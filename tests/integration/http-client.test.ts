import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAttemptError, HttpClient } from '@/lib/channels/http/client';
import { checkEndpoint, EndpointRefused, type Lookup } from '@/lib/channels/http/endpoint';
import { classifyHttpError } from '@/lib/channels/http/classify';
import { startReceiver, type Receiver } from '@/tests/helpers/webhook-receiver';

// The guarded client against a real receiver on loopback. Names are resolved by an injected
// lookup (offline there is no DNS to point at 127.0.0.1), which also lets a name change its
// answer between the subscribe-time check and the connection.

const fixed =
  (address: string, family = address.includes(':') ? 6 : 4): Lookup =>
  () =>
    Promise.resolve([{ address, family }]);

async function attempt(client: HttpClient, url: string): Promise<HttpAttemptError | number> {
  try {
    return (await client.post(url, '{"a":1}', {})).status;
  } catch (error) {
    if (error instanceof HttpAttemptError) return error;
    throw error;
  }
}

describe('guarded HTTP client', () => {
  let r: Receiver;
  let r6: Receiver;
  beforeAll(async () => {
    r = await startReceiver();
    r6 = await startReceiver('::1');
  });
  afterAll(async () => {
    await r.stop();
    await r6.stop();
  });

  it('refuses a name that resolves to 127.0.0.1 or ::1 without WEBHOOKS_ALLOW_PRIVATE, and reaches it with it', async () => {
    for (const [receiver, address] of [
      [r, '127.0.0.1'],
      [r6, '::1'],
    ] as const) {
      const path = `/named-${address}`;
      const guarded = new HttpClient({ allowPrivate: false, lookup: fixed(address) });
      const refused = await attempt(guarded, `https://hooks.partner.test:${receiver.port}${path}`);
      expect(refused).toBeInstanceOf(HttpAttemptError);
      expect((refused as HttpAttemptError).code).toBe('refused_address');
      expect((refused as HttpAttemptError).message).toContain(`resolves to the loopback address ${address}`);
      expect(classifyHttpError(refused as HttpAttemptError).kind).toBe('failed');
      await expect(checkEndpoint(`https://hooks.partner.test${path}`, { allowPrivate: false, lookup: fixed(address) })).rejects.toBeInstanceOf(EndpointRefused);
      guarded.close();
      // Positive control: the same name and receiver, with private addresses allowed.
      const open = new HttpClient({ allowPrivate: true, lookup: fixed(address) });
      expect(await attempt(open, `http://hooks.partner.test:${receiver.port}${path}`)).toBe(200);
      open.close();
      expect(receiver.at(path)).toHaveLength(1);
    }
  });

  it('refuses literal inside addresses and plain http without the switch', async () => {
    const guarded = new HttpClient({ allowPrivate: false });
    for (const url of [`http://127.0.0.1:${r.port}/literal`, `https://127.0.0.1:${r.port}/literal`, `https://[::1]:${r6.port}/literal`, 'https://169.254.169.254/latest/meta-data', 'https://10.0.0.1/x', 'https://[fd00::1]/x', 'https://[fe80::1]/x', 'https://100.64.1.1/x']) {
      const refused = await attempt(guarded, url);
      expect(refused, url).toBeInstanceOf(HttpAttemptError);
      expect((refused as HttpAttemptError).code, url).toBe('refused_address');
    }
    guarded.close();
    expect(r.at('/literal')).toHaveLength(0);
    expect(r6.at('/literal')).toHaveLength(0);
  });

  it('catches DNS that changes between the subscribe-time check and the connection', async () => {
    const answers = ['93.184.216.34', '127.0.0.1'];
    let calls = 0;
    const rebinding: Lookup = () => Promise.resolve([{ address: answers[Math.min(calls++, answers.length - 1)]!, family: 4 }]);
    const url = `https://rebind.partner.test:${r.port}/rebind`;
    await expect(checkEndpoint(url, { allowPrivate: false, lookup: rebinding })).resolves.toBeInstanceOf(URL);
    const client = new HttpClient({ allowPrivate: false, lookup: rebinding });
    const refused = await attempt(client, url);
    client.close();
    expect(calls).toBe(2);
    expect((refused as HttpAttemptError).code).toBe('refused_address');
    expect(r.at('/rebind')).toHaveLength(0);
  });

  it('gives up on a connection whose TLS handshake never completes after the connect timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const client = new HttpClient({ allowPrivate: true, connectTimeoutMs: 300, requestTimeoutMs: 5000 });
    const startedAt = Date.now();
    const stuck = (await attempt(client, `https://127.0.0.1:${port}/x`)) as HttpAttemptError;
    client.close();
    silent.close();
    expect(stuck.code).toBe('connect_timeout');
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(classifyHttpError(stuck).kind).toBe('retry');
  });

  it('follows no redirect, and a garbage answer, an endless body or a silent receiver each cost one attempt', async () => {
    const client = new HttpClient({ allowPrivate: true, requestTimeoutMs: 400, maxBodyBytes: 16 * 1024 });
    r.behave('/loop', { kind: 'redirect-loop' });
    r.behave('/garbage', { kind: 'garbage' });
    r.behave('/stream', { kind: 'stream-forever' });
    r.behave('/hang', { kind: 'hang' });
    expect(await attempt(client, `${r.url}/loop`)).toBe(307);
    expect(r.at('/loop')).toHaveLength(1);
    const garbage = (await attempt(client, `${r.url}/garbage`)) as HttpAttemptError;
    expect(garbage.code).toBe('protocol');
    const stream = (await attempt(client, `${r.url}/stream`)) as HttpAttemptError;
    expect(stream.code).toBe('body_too_large');
    const startedAt = Date.now();
    const hang = (await attempt(client, `${r.url}/hang`)) as HttpAttemptError;
    expect(hang.code).toBe('timeout');
    expect(Date.now() - startedAt).toBeLessThan(3000);
    for (const e of [garbage, stream, hang]) expect(classifyHttpError(e).kind).toBe('retry');
    // An endless body under a large limit is cut by the whole-request timeout instead.
    const patient = new HttpClient({ allowPrivate: true, requestTimeoutMs: 300, maxBodyBytes: 1 << 30 });
    expect(((await attempt(patient, `${r.url}/stream`)) as HttpAttemptError).code).toBe('timeout');
    patient.close();
    client.close();
  });
});
