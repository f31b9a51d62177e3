import { BUILT, connectionRefused, freePort, startCandor, until, type StartedCandor } from '@/tests/helpers/spawned-candor';
import http from 'node:http';
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, EnvError, readEnv } from '@/lib/server/env';
import { trackForDrain } from '@/lib/server/http/drain';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { addSubscribers, createScenario } from './notify-fixtures';

// SIGTERM to a real `candor start` on PostgreSQL (production build: run `npm run build` first) while Next-served
// pages and a notice fan-out to a slow SMTP server on loopback are in flight: every accepted
// request gets its whole response, new connections are refused, and each message goes out once.

const SUBSCRIBERS = 600;
const SMTP_DELAY_MS = 250;

type Instance = StartedCandor;
const candorStart = (databaseUrl: string, port: number, extra: Record<string, string>): Instance => startCandor(port, { DATABASE_URL: databaseUrl, ...extra });

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
  doneAt: number;
}

/** A GET whose promise fails if the connection breaks before the whole body (Node checks chunking and length). */
function get(url: string, agent: http.Agent): { sent: Promise<void>; answer: Promise<Answer> } {
  let sent!: () => void;
  const sentP = new Promise<void>((r) => (sent = r));
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'accept-encoding': 'identity' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('aborted', () => reject(new Error(`${url}: response cut off after ${body.length} characters`)));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, doneAt: Date.now() }));
    });
    req.on('error', reject);
    // Sent: the connection is established (so the kernel accepted it) and the request written.
    const connected = new Promise<void>((r) => req.on('socket', (s) => (s.connecting ? s.once('connect', () => r()) : r())));
    const written = new Promise<void>((r) => req.on('finish', () => r()));
    void Promise.all([connected, written]).then(() => sent());
  });
  answer.catch(() => undefined); // judged later, together with the others
  return { sent: sentP, answer };
}

const refused = connectionRefused;

describe('SHUTDOWN_GRACE_SECONDS', () => {
  it('defaults to 20 seconds and names itself when it is not a number of seconds', () => {
    expect(readEnv({}).shutdownGraceSeconds).toBe(DEFAULT_SHUTDOWN_GRACE_SECONDS);
    expect(DEFAULT_SHUTDOWN_GRACE_SECONDS).toBe(20);
    expect(readEnv({ SHUTDOWN_GRACE_SECONDS: '2.5' }).shutdownGraceSeconds).toBe(2.5);
    expect(readEnv({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds).toBe(0);
    for (const bad of ['soon', '-1', '1e3', '20s', '9999', 'NaN', 'Infinity']) {
      expect(() => readEnv({ SHUTDOWN_GRACE_SECONDS: bad }), bad).toThrow(EnvError);
      expect(() => readEnv({ SHUTDOWN_GRACE_SECONDS: bad }), bad).toThrow(/^SHUTDOWN_GRACE_SECONDS: /);
    }
  });

  // `candor start` with a bad value: tests/integration/cli.test.ts, with the other refusals at start.
});

describe('the drain under candor start', () => {
  /** A plain Node server with the drain: /slow streams 20 chunks over 2 s, /never never ends. */
  async function server() {
    const srv = http.createServer();
    const drain = trackForDrain(srv);
    srv.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url === '/never') return void res.writeHead(200, { 'content-type': 'text/plain' }).write('started');
      if (req.url !== '/slow') return void res.end('quick');
      res.writeHead(200, { 'content-type': 'text/plain' });
      let i = 0;
      const tick = setInterval(() => {
        res.write(`chunk ${i}\n`);
        if (++i < 20) return;
        clearInterval(tick);
        res.end('end\n');
      }, 100);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    return { srv, drain, port: (srv.address() as net.AddressInfo).port };
  }

  it('finishes a streaming response begun before close, answers a kept-alive request with Connection: close, and refuses new connections', async () => {
    const { drain, port } = await server();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const base = `http://127.0.0.1:${port}`;
    // Two kept-alive connections, proven by a first answer each.
    await Promise.all([get(`${base}/`, agent).answer, get(`${base}/`, agent).answer]);
    const slow = get(`${base}/slow`, agent);
    await slow.sent;
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    const closed = drain.close(10_000);
    // Sent on the other kept-alive connection after close began: answered, and told to close.
    const late = await get(`${base}/`, agent).answer;
    expect(late).toMatchObject({ status: 200, body: 'quick', connection: 'close' });
    await until('listener closed', () => refused(port), 2_000);
    const body = (await slow.answer).body;
    expect(body.split('\n').filter(Boolean)).toEqual([...Array.from({ length: 20 }, (_, i) => `chunk ${i}`), 'end']);
    expect(await closed).toEqual({ forced: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    agent.destroy();
  });

  it('does not wait the whole grace for an idle kept-alive client that never answers the server\'s FIN', async () => {
    const { drain, port } = await server();
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until('the first answer', async () => text.endsWith('quick'), 2_000);
    const started = Date.now();
    expect(await drain.close(10_000)).toEqual({ forced: 0 });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nquick$/);
    socket.destroy();
  });

  it('cuts off what is still running when the grace is over, and says how many', async () => {
    const { drain, port } = await server();
    const agent = new http.Agent({ keepAlive: true });
    const never = get(`http://127.0.0.1:${port}/never`, agent);
    const quick = await get(`http://127.0.0.1:${port}/`, agent).answer;
    expect(quick.body).toBe('quick');
    await never.sent;
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await drain.close(500)).toEqual({ forced: 1 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(3_000);
    await expect(never.answer).rejects.toThrow(/never: response cut off after 7 characters/);
    agent.destroy();
  });
});

describe('candor start on SIGTERM', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  let t: TestDatabase;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const received: string[] = [];
  const instances: Instance[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    t.install();
    // Each message is held before the 250 reply, so sends are in flight when SIGTERM comes.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          setTimeout(() => {
            for (const r of session.envelope.rcptTo) received.push(r.address);
            callback();
          }, SMTP_DELAY_MS);
        });
      },
    });
    smtpPort = await freePort();
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await t?.drop();
  });

  it('finishes every accepted request and every message in flight, refuses new connections, and exits 0', { timeout: 240_000 }, async () => {
    const scenario = await createScenario(t.handle.db);
    const emails = Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${i}@example.com`);
    await addSubscribers(t.handle.db, emails.map((email) => ({ email })));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const grace = 20;
    const extra = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'status@example.com', MAIL_RATE_PER_SECOND: '60' };
    const first = candorStart(t.url, port, extra);
    instances.push(first);
    await until('healthy', async () => (await fetch(`${base}/api/health`)).status === 200, 120_000, first);
    expect(await refused(port)).toBe(false);

    await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: scenario.incidentId, kind: 'update', actor: cliActor, subject: 'Contacts are syncing again', body: 'We are restoring contacts.' }));
    await until('the fan-out under way', async () => received.length >= 20, 60_000, first);

    // 60 kept-alive connections, each proven accepted by a first quick answer; then a Next-rendered page
    // on each at once (seconds of work on two cores), so SIGTERM finds them in flight.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 60 });
    const warm = await Promise.all(Array.from({ length: 60 }, () => get(`${base}/api/health`, agent).answer));
    expect(warm.map((a) => a.status)).toEqual(warm.map(() => 200));
    const paths = ['/subscribe', '/admin/sign-in', '/subscribe?region=telstra-au'];
    const calls = Array.from({ length: 60 }, (_, i) => get(`${base}${paths[i % paths.length]}`, agent));
    await Promise.all(calls.map((c) => c.sent));
    await new Promise((r) => setTimeout(r, 200));

    const sigtermAt = Date.now();
    const sentBefore = received.length;
    first.child.kill('SIGTERM');
    // A second signal (Ctrl-C under `npm start` arrives twice) changes nothing.
    setTimeout(() => first.child.kill('SIGINT'), 100);
    await until('new connections refused', () => refused(port), 5_000);
    const refusedAt = Date.now();
    const code = await first.exited;
    const exitMs = Date.now() - sigtermAt;

    const answers = await Promise.allSettled(calls.map((c) => c.answer));
    const failures = answers.flatMap((a) => (a.status === 'rejected' ? [String(a.reason)] : []));
    expect(failures, first.output()).toEqual([]);
    const done = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    expect(done).toHaveLength(calls.length);
    for (const a of done) {
      expect(a.status).toBe(200);
      expect(a.body).toMatch(/<\/html>\s*$/);
    }
    // The check had teeth: requests were still running after SIGTERM and after the listener closed,
    // and those answered after it told the client to close its kept-alive connection.
    const late = done.filter((a) => a.doneAt > refusedAt);
    console.log(`shutdown: ${late.length} of ${done.length} requests answered after the listener closed; exit ${exitMs} ms after SIGTERM; ${received.length - sentBefore} messages sent after it`);
    expect(late.length).toBeGreaterThan(0);
    for (const a of late) expect(a.connection).toBe('close');
    expect(code, first.output()).toBe(0);
    expect(exitMs).toBeLessThan(grace * 1000);
    expect(first.output()).toContain('SIGTERM: shutting down');
    expect(first.output()).toContain('SIGINT: already shutting down.');
    agent.destroy();

    // Mail: what the SMTP server took is exactly what is recorded as sent; the rest waits, unsent.
    expect(received.length).toBeGreaterThan(sentBefore);
    const rows = await t.handle.db.delivery.findMany({ select: { status: true, subscriber: { select: { email: true } } } });
    expect(rows).toHaveLength(SUBSCRIBERS);
    const sent = rows.filter((r) => r.status === 'sent').map((r) => r.subscriber.email);
    expect(new Set(received).size).toBe(received.length);
    expect([...received].sort()).toEqual([...sent].sort());
    expect(sent.length).toBeLessThan(SUBSCRIBERS);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'pending')).toEqual([]);

    // A new instance sends the rest: every subscriber gets the notice exactly once in all.
    const second = candorStart(t.url, await freePort(), { ...extra, MAIL_RATE_PER_SECOND: '0' });
    instances.push(second);
    await until('the rest sent', async () => received.length >= SUBSCRIBERS && (await t.handle.db.delivery.count({ where: { status: 'sent' } })) === SUBSCRIBERS, 120_000, second);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect([...received].sort()).toEqual([...emails].sort());
  });
});
