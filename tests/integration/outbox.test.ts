import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { prepareNotice } from '@/lib/jobs/prepare-notice';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { beat } from '@/lib/jobs/heartbeat';
import { enqueueMail } from '@/lib/jobs/outbox-mail';
import { formatLocalTime } from '@/lib/mail/templates/variables';
import { getSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { checkHealth } from '@/lib/server/health/check-health';
import { checkReadiness } from '@/lib/server/health/check-readiness';
import { env } from '@/lib/server/env';
import { metricsRegistry } from '@/lib/server/metrics/registry';
import { registerProcessMetrics } from '@/lib/server/metrics/scrape-gauges';
import { parseExposition, valueOf } from '@/tests/helpers/prometheus-text';
import { renderToStaticMarkup } from 'react-dom/server';
import { DeliveryBanners } from '@/app/admin/_components/delivery-banners';
import { addSubscribers, createScenario, parse, rawHeaders, waitFor, type Scenario } from './notify-fixtures';

const fast = { pollMs: 100, backoff: { baseMs: 100, maxMs: 400 }, domainRate: 0, concurrency: 8 };

async function notice(t: TestDatabase, s: Scenario, kind: 'data_loss' | 'update' | 'recovery', extra: { subject?: string; body?: string } = {}) {
  // data_loss needs two people (approval has its own tests); here it is written as already released.
  if (kind === 'data_loss') return (await t.handle.db.notice.create({ data: { incidentId: s.incidentId, kind, status: 'queued', queuedAt: new Date(), subject: extra.subject ?? null, body: extra.body ?? null } })).id;
  const n = await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind, actor: systemActor, ...extra }));
  return n.id;
}

describe.each(DATABASE_KINDS)('outbox on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let s: Scenario;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 1000 });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });
  afterAll(async () => {
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  it('renders per carrier, matches the audience and sends exactly one message each, even when prepared twice', async () => {
    await addSubscribers(t.handle.db, [
      { email: 'tel@example.au', regionIds: [s.regions.telstra], timeZone: 'Australia/Sydney' },
      { email: 'tm@example.com', regionIds: [s.regions.tmobile], timeZone: 'America/Los_Angeles' },
      { email: 'everywhere@example.com' },
      { email: 'rogers@example.ca', regionIds: [s.regions.rogers] },
      { email: 'calendar@example.com', componentIds: [s.components.calendar] },
      { email: 'photos@example.com', componentIds: [s.components.photos] },
      { email: 'unconfirmed@example.com', confirmed: false },
      { email: 'resolved-only@example.com', noticeKinds: 'resolved' },
    ]);
    const id = await notice(t, s, 'data_loss');
    const [a, b] = await Promise.all([prepareNotice(id), prepareNotice(id)]);
    // Telstra's photos are only at risk, not lost: a photos-only follower is not told they were lost.
    expect(Math.max(a.audience, b.audience)).toBe(3);
    await prepareNotice(id);
    const rows = await t.handle.db.delivery.findMany({ where: { noticeId: id }, include: { subscriber: true } });
    expect(rows).toHaveLength(3);
    const regionOf = Object.fromEntries(rows.map((r) => [r.subscriber.email, r.regionId]));
    expect(regionOf).toEqual({
      'tel@example.au': s.regions.telstra,
      'tm@example.com': s.regions.tmobile,
      'everywhere@example.com': s.regions.tmobile,
    });

    worker = await startWorker(fast);
    await waitFor('3 messages', () => sink.messages.length >= 3);
    await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent');
    expect(sink.messages).toHaveLength(3);
    const byRcpt = new Map(sink.messages.map((m) => [m.to[0], m]));
    const tel = await parse(byRcpt.get('tel@example.au')!);
    const tm = await parse(byRcpt.get('tm@example.com')!);
    expect(tel.subject).toContain('Hiptop');
    expect(tel.text).toContain('Telstra');
    expect(tel.text).not.toContain('Sidekick');
    expect(tel.html).toContain('Hiptop');
    expect(tm.subject).toContain('Sidekick');
    expect(tm.text).toContain('T-Mobile');
    expect(tm.text).not.toContain('Hiptop');
    // Times in each reader's own zone.
    const started = new Date('2009-10-02T09:30:00Z');
    expect(tel.text).toContain(formatLocalTime(started, 'Australia/Sydney', 'en-AU'));
    expect(tm.text).toContain(formatLocalTime(started, 'America/Los_Angeles', 'en-US'));
    expect(tel.text).toMatch(/7:30\s?pm AEST/i);
    const sent = await t.handle.db.delivery.findMany({ where: { noticeId: id } });
    expect(sent.every((d) => d.status === 'sent' && d.messageId && d.sentAt && d.attempts === 1)).toBe(true);
  });

  it('sends a recovery notice only where data is coming back, speaking only of that data', async () => {
    sink.messages.length = 0;
    const id = await notice(t, s, 'recovery');
    const prepared = await prepareNotice(id);
    const rows = await t.handle.db.delivery.findMany({ where: { noticeId: id }, include: { subscriber: true } });
    // Only T-Mobile's calendar is recovering: Telstra readers and photos-only followers hear nothing.
    expect(Object.fromEntries(rows.map((r) => [r.subscriber.email, r.regionId]))).toEqual({
      'tm@example.com': s.regions.tmobile,
      'everywhere@example.com': s.regions.tmobile,
      'calendar@example.com': s.regions.tmobile,
    });
    expect(prepared.audience).toBe(3);
    const renderings = await t.handle.db.noticeRendering.findMany({ where: { noticeId: id, lang: 'en' } });
    expect(renderings.map((r) => r.regionId)).toEqual([s.regions.tmobile]);
    expect(renderings[0]!.text).toContain('Calendar');
    expect(renderings[0]!.text).not.toContain('Contacts');
    worker = await startWorker(fast);
    await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent');
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['calendar@example.com', 'everywhere@example.com', 'tm@example.com']);
  });

  it('writes honest headers: List-Unsubscribe on one line, one-click, List-Id, Message-ID, From name, text and HTML; CR/LF neutralised', async () => {
    sink.messages.length = 0;
    await t.handle.db.subscriber.deleteMany();
    await addSubscribers(t.handle.db, [{ email: 'headers@example.com' }]);
    const id = await notice(t, s, 'update', { subject: 'Injected\r\nBcc: victim@example.org\nX-Evil: 1 {{product}}' });
    worker = await startWorker(fast);
    await waitFor('message', () => sink.messages.length >= 1);
    const m = sink.messages[0]!;
    const headers = rawHeaders(m);
    expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3000\/u\/sub_[0-9a-f]{20}\.[A-Za-z0-9_-]{43}>$/m);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(/^List-Id: .*<notices\.localhost>$/im);
    expect(headers).toMatch(/^Message-ID: <[^>]+@localhost>$/m);
    expect(headers).toMatch(/^Date: /m);
    expect(headers).toMatch(/^From: "?Candor status"? <status@localhost>$/m);
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).not.toMatch(/^X-Evil:/im);
    const parsed = await parse(m);
    expect(parsed.subject).toBe('Injected Bcc: victim@example.org X-Evil: 1 Sidekick');
    expect(parsed.text).toContain('Unsubscribe: http://localhost:3000/u/');
    expect(parsed.html).toContain('>Unsubscribe</a>');
    expect(m.to).toEqual(['headers@example.com']);
    // The link works whatever hash the row was created with (the token is checked by its HMAC).
    const token = /\/u\/([^>]+)>/.exec(headers)![1]!;
    expect((await getSubscription({ token })).email).toBe('headers@example.com');
    await expect(getSubscription({ token: token.slice(0, -2) + 'xx' })).rejects.toThrow('not valid');
    void id;
  });

  const REFUSAL = 'simulated: database or disk is full';
  /** Makes the database refuse to mark a row of `table` sent, as a full disk refuses every write. */
  const refuseWrites = async (table: 'Delivery' | 'OutboxMail') => {
    if (kind === 'sqlite') {
      await t.handle.db.$executeRawUnsafe(`CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON "${table}" WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`);
    } else {
      await t.handle.db.$executeRawUnsafe(`CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`);
      await t.handle.db.$executeRawUnsafe(`CREATE TRIGGER refuse_sent BEFORE UPDATE ON "${table}" FOR EACH ROW WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()`);
    }
  };
  const allowWrites = async (table: 'Delivery' | 'OutboxMail') => {
    if (kind === 'sqlite') return void (await t.handle.db.$executeRawUnsafe(`DROP TRIGGER refuse_sent`));
    await t.handle.db.$executeRawUnsafe(`DROP TRIGGER refuse_sent ON "${table}"`);
    await t.handle.db.$executeRawUnsafe(`DROP FUNCTION refuse_sent()`);
  };
  const gauge = async () => valueOf(parseExposition(await metricsRegistry().metrics()), 'candor_outbox_writes_failing');
  const refused = async () => valueOf(parseExposition(await metricsRegistry().metrics()), 'candor_outbox_write_failures_total') ?? 0;

  it('a database that refuses writes stops sending, and health, readiness, the console banner and the metrics say so; once writes work, every message is recorded and none is sent twice', async () => {
    // A database that answers reads but refuses writes (a full disk, a read-only file), made here by a
    // trigger that refuses to mark a delivery sent.
    registerProcessMetrics('web');
    await t.handle.db.subscriber.deleteMany();
    const audience = Array.from({ length: 40 }, (_, i) => `full${i}@example.com`);
    const ours = () => sink.messages.filter((m) => audience.includes(m.to[0]!));
    await addSubscribers(
      t.handle.db,
      audience.map((email) => ({ email })),
    );
    // Before: all is well (the control for every check below).
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    expect(await gauge()).toBe(0);
    expect(await DeliveryBanners()).toBeNull();
    const refusedBefore = await refused();

    await refuseWrites('Delivery');
    const id = (await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }))).id;
    worker = await startWorker({ ...fast, log: () => undefined });

    const health = await waitFor('health says the outbox cannot write', async () => {
      const h = await checkHealth();
      return h.outbox?.status === 'degraded' ? h : null;
    });
    expect(health.status).toBe('ok');
    expect(health.outbox).toMatchObject({ status: 'degraded', error: expect.stringContaining(REFUSAL) });
    expect(health.outbox && 'message' in health.outbox && health.outbox.message).toMatch(/^Delivery outcomes cannot be written to the database since \d\d:\d\d UTC \(.*simulated: database or disk is full.*\); sending waits until they can$/);
    const readiness = await checkReadiness(env());
    expect(readiness.status).toBe('not_ready');
    expect(readiness.checks.worker).toMatchObject({ ok: false, reason: expect.stringContaining('cannot be written to the database') });
    expect(await gauge()).toBe(1);
    expect(await refused()).toBeGreaterThan(refusedBefore);
    const banner = renderToStaticMarkup((await DeliveryBanners())!);
    expect(banner).toContain('data-testid="outbox-writes"');
    expect(banner).toContain('Delivery outcomes cannot be written to the database since ');
    expect(banner).toContain('free space');
    // Beside its beat, for web processes that run no worker (the beat's table still takes writes here).
    const report = () => t.handle.db.systemState.findUnique({ where: { key: `outbox_write_failure:${worker!.id}` } });
    expect(JSON.parse((await waitFor('the failure reported with the beat', report))!.value)).toMatchObject({ workerId: worker!.id, error: expect.stringContaining(REFUSAL) });

    // Sending waits: the slots stay held by messages that went out and could not be recorded.
    await new Promise((r) => setTimeout(r, 1500));
    const sentWhileRefused = ours().length;
    expect(sentWhileRefused).toBeGreaterThan(0);
    expect(sentWhileRefused).toBeLessThanOrEqual(8);
    expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(0);

    await allowWrites('Delivery');
    await waitFor('the notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
    expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent', attempts: 1 } })).toBe(audience.length);
    const to = ours().map((m) => m.to[0]);
    expect(to.sort()).toEqual([...audience].sort());
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    expect((await checkReadiness(env())).checks.worker).toMatchObject({ ok: true });
    expect(await gauge()).toBe(0);
    expect(await DeliveryBanners()).toBeNull();
    await waitFor('the report withdrawn', async () => (await report()) === null);
  });

  it('a `candor worker` elsewhere that cannot write its outcomes is seen by a web process with CANDOR_WORKER=off, while its report is fresh', async () => {
    const elsewhere = 'worker-host-b:4242:abc123';
    const failure = { since: new Date(Date.now() - 90_000), error: 'SQLITE_READONLY: attempt to write a readonly database', failures: 7 };
    const offWeb = { ...env(), inProcessWorker: false };
    // Control: a live worker elsewhere that writes fine.
    await beat(elsewhere, new Date());
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    expect((await checkReadiness(offWeb)).checks.worker).toMatchObject({ ok: true });
    expect(await DeliveryBanners()).toBeNull();

    await beat(elsewhere, new Date(), failure);
    expect((await checkHealth()).outbox).toMatchObject({ status: 'degraded', worker: elsewhere, error: failure.error, message: expect.stringMatching(/^Worker worker-host-b:4242:abc123: delivery outcomes cannot be written to the database since \d\d:\d\d UTC \(SQLITE_READONLY/) });
    const readiness = await checkReadiness(offWeb);
    expect(readiness.status).toBe('not_ready');
    expect(readiness.checks.worker).toMatchObject({ ok: false, reason: expect.stringContaining(`Worker ${elsewhere}: delivery outcomes cannot be written`) });
    expect(renderToStaticMarkup((await DeliveryBanners())!)).toContain(`Worker ${elsewhere}: delivery outcomes cannot be written`);

    // A report older than a stale beat belongs to a worker that is gone.
    await beat(elsewhere, new Date(Date.now() - 61_000), failure);
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    // And one that writes again withdraws it.
    await beat(elsewhere, new Date(), failure);
    expect((await checkHealth()).outbox).toMatchObject({ status: 'degraded' });
    await beat(elsewhere, new Date());
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    expect(await t.handle.db.systemState.count({ where: { key: { startsWith: 'outbox_write_failure:' } } })).toBe(0);
  });

  it("Candor's own mail whose outcome the database refuses to write is said the same way, sent once, and recorded once writes work", async () => {
    registerProcessMetrics('web');
    const to = 'own-mail-full@example.com';
    await refuseWrites('OutboxMail');
    await t.handle.db.$transaction((tx) => enqueueMail(tx, { kind: 'manage_link', to, subject: 'Your link', html: '<p>link</p>', text: 'link' }));
    worker = await startWorker({ ...fast, log: () => undefined });
    const health = await waitFor('health says the outbox cannot write', async () => {
      const h = await checkHealth();
      return h.outbox?.status === 'degraded' ? h : null;
    });
    expect(health.outbox).toMatchObject({ status: 'degraded', error: expect.stringContaining(REFUSAL) });
    // The database's words only: never the call site or a file path of this install (anyone may read /api/health).
    expect(JSON.stringify(health.outbox)).not.toMatch(/invocation|\/work\/|node_modules|\.ts:/);
    expect((await checkReadiness(env())).checks.worker).toMatchObject({ ok: false });
    expect(await gauge()).toBe(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sink.messages.filter((m) => m.to[0] === to)).toHaveLength(1);
    expect((await t.handle.db.outboxMail.findFirstOrThrow({ where: { to } })).status).toBe('sending');

    await allowWrites('OutboxMail');
    await waitFor('the mail recorded sent', async () => (await t.handle.db.outboxMail.findFirstOrThrow({ where: { to } })).status === 'sent');
    await waitFor('health ok again', async () => (await checkHealth()).outbox?.status === 'ok');
    expect(sink.messages.filter((m) => m.to[0] === to)).toHaveLength(1);
    expect(await gauge()).toBe(0);
  });
});

describe('delivery failures (sqlite)', () => {
  let t: TestDatabase;
  let sink: Sink;
  let s: Scenario;
  const tempFails = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    forgetInstanceSecret();
    sink = await startSink({
      keep: 1000,
      onRecipient: (address) => {
        if (address.startsWith('busy')) {
          const n = (tempFails.get(address) ?? 0) + 1;
          tempFails.set(address, n);
          if (n <= 2) return { code: 451, message: '4.3.0 try again later' };
        }
        if (address.startsWith('refused')) return { code: 554, message: '5.7.1 message refused by policy' };
        if (address.startsWith('nobody')) return { code: 550, message: '5.1.1 no such user here' };
        return undefined;
      },
    });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
  });
  afterAll(async () => {
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  it('retries a 4xx with backoff, fails a 5xx for good with the reason kept, and suppresses a hard bounce', async () => {
    await addSubscribers(t.handle.db, [{ email: 'busy@example.com' }, { email: 'refused@example.com' }, { email: 'nobody@example.com' }, { email: 'fine@example.com' }]);
    const id = await notice(t, s, 'update');
    const worker = await startWorker(fast);
    try {
      await waitFor('notice complete', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent');
    } finally {
      await worker.stop();
    }
    const rows = await t.handle.db.delivery.findMany({ where: { noticeId: id }, include: { subscriber: true } });
    const by = Object.fromEntries(rows.map((r) => [r.subscriber.email, r]));
    expect(by['busy@example.com']).toMatchObject({ status: 'sent', attempts: 3 });
    expect(by['fine@example.com']).toMatchObject({ status: 'sent', attempts: 1 });
    expect(by['refused@example.com']).toMatchObject({ status: 'failed', attempts: 1 });
    expect(by['refused@example.com']!.lastError).toContain('5.7.1 message refused by policy');
    expect(by['nobody@example.com']).toMatchObject({ status: 'failed' });
    expect(by['nobody@example.com']!.lastError).toContain('5.1.1');
    expect(await t.handle.db.suppression.findUnique({ where: { email: 'nobody@example.com' } })).toMatchObject({ email: 'nobody@example.com' });
    expect(await t.handle.db.suppression.findUnique({ where: { email: 'refused@example.com' } })).toBeNull();
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['busy@example.com', 'fine@example.com']);

    // The suppressed address is left out of the next notice's audience.
    const next = await notice(t, s, 'recovery');
    const prepared = await prepareNotice(next);
    expect(prepared.audience).toBe(3);
  });
});

describe('SMTP down (postgresql)', () => {
  it('keeps deliveries waiting while the server is stopped and sends every one after it returns', async () => {
    const t = await createTestDatabase('postgresql');
    t.install();
    forgetInstanceSecret();
    let sink = await startSink({ keep: 1000 });
    const port = sink.port;
    installTransport(sink.url);
    const s = await createScenario(t.handle.db);
    await addSubscribers(
      t.handle.db,
      Array.from({ length: 40 }, (_, i) => ({ email: `down${i}@example.com` })),
    );
    await sink.stop();
    const worker = await startWorker(fast);
    try {
      const id = await notice(t, s, 'update');
      await waitFor('attempts while down', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, lastError: { not: null } } })) > 0);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: { in: ['failed', 'sent'] } } })).toBe(0);
      sink = await startSink({ port, keep: 1000 });
      await waitFor('all delivered', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })) === 40, 30_000);
      const received = new Set(sink.messages.map((m) => m.to[0]));
      expect(received.size).toBe(40);
    } finally {
      await worker.stop();
      await closeTransport();
      await sink.stop();
      await t.drop();
    }
  });
});
