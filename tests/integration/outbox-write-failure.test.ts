import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { checkHealth } from '@/lib/server/health/check-health';
import { checkReadiness } from '@/lib/server/health/check-readiness';
import { env } from '@/lib/server/env';
import { metricsRegistry } from '@/lib/server/metrics/registry';
import { registerProcessMetrics } from '@/lib/server/metrics/scrape-gauges';
import { parseExposition, valueOf } from '@/tests/helpers/prometheus-text';
import { renderToStaticMarkup } from 'react-dom/server';
import { DeliveryBanners } from '@/app/admin/_components/delivery-banners';
import { addSubscribers, createScenario, waitFor, type Scenario } from './notify-fixtures';

// A database that answers reads but refuses writes (a full disk, a read-only file), made here by a
// trigger that refuses to mark a delivery sent, with the relay a real SMTP server on loopback: the
// worker sends what it had in hand, cannot record it, retries, and sends nothing more; /api/health,
// readiness, the console banner and the metrics say so; once writes work again every message is recorded, none sent twice.

const REFUSAL = 'simulated: database or disk is full';

describe.each(DATABASE_KINDS)('delivery outcomes the database refuses to write, on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let s: Scenario;
  let worker: RunningWorker | undefined;

  const refuseWrites = async () => {
    if (kind === 'sqlite') {
      await t.handle.db.$executeRawUnsafe(`CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON "Delivery" WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`);
    } else {
      await t.handle.db.$executeRawUnsafe(`CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`);
      await t.handle.db.$executeRawUnsafe(`CREATE TRIGGER refuse_sent BEFORE UPDATE ON "Delivery" FOR EACH ROW WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()`);
    }
  };
  const allowWrites = async () => {
    if (kind === 'sqlite') return void (await t.handle.db.$executeRawUnsafe(`DROP TRIGGER refuse_sent`));
    await t.handle.db.$executeRawUnsafe(`DROP TRIGGER refuse_sent ON "Delivery"`);
    await t.handle.db.$executeRawUnsafe(`DROP FUNCTION refuse_sent()`);
  };
  const gauge = async () => valueOf(parseExposition(await metricsRegistry().metrics()), 'candor_outbox_writes_failing');
  const refused = async () => valueOf(parseExposition(await metricsRegistry().metrics()), 'candor_outbox_write_failures_total') ?? 0;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    registerProcessMetrics('web');
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

  it('stops sending and says so in health, readiness and metrics; once writes work, every message is recorded and none is sent twice', async () => {
    const audience = Array.from({ length: 40 }, (_, i) => `full${i}@example.com`);
    await addSubscribers(
      t.handle.db,
      audience.map((email) => ({ email })),
    );
    // Before: all is well (the control for every check below).
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    expect(await gauge()).toBe(0);
    expect(await DeliveryBanners()).toBeNull();
    const refusedBefore = await refused();

    await refuseWrites();
    const id = (await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }))).id;
    worker = await startWorker({ pollMs: 100, concurrency: 8, domainRate: 0, log: () => undefined });

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

    // Sending waits: the slots stay held by messages that went out and could not be recorded.
    await new Promise((r) => setTimeout(r, 1500));
    const sentWhileRefused = sink.messages.length;
    expect(sentWhileRefused).toBeGreaterThan(0);
    expect(sentWhileRefused).toBeLessThanOrEqual(8);
    expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(0);

    await allowWrites();
    await waitFor('the notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
    expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent', attempts: 1 } })).toBe(audience.length);
    const to = sink.messages.map((m) => m.to[0]);
    expect(to.sort()).toEqual([...audience].sort());
    expect((await checkHealth()).outbox).toEqual({ status: 'ok' });
    expect((await checkReadiness(env())).checks.worker).toMatchObject({ ok: true });
    expect(await gauge()).toBe(0);
    expect(await DeliveryBanners()).toBeNull();
  });
});
