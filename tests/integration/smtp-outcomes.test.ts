import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startRawRelay, startScriptedRelay, type Reply, type ScriptedRelay } from '@/tests/helpers/scripted-relay';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor, type Actor } from '@/lib/server/actor';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { checkHealth } from '@/lib/server/health/check-health';
import { mailStatus } from '@/lib/server/health/mail-status';
import { mailPauseCheck } from '@/lib/server/doctor/mail-pause-check';
import { listNoticeRefusals } from '@/lib/server/notices/list-refusals';
import { requeueRefusedDeliveries } from '@/lib/server/notices/requeue-refused';
import { startWorker, type RunningWorker, type WorkerOptions } from '@/lib/jobs/worker';
import { clearStalePauses, PAUSE_STALE_AFTER_MS } from '@/lib/jobs/mail-pause';
import { DeliveryBanners } from '@/app/admin/_components/delivery-banners';
import { addSubscribers, createScenario, waitFor, type Scenario } from './notify-fixtures';

// Every class of SMTP outcome against a real server on loopback, scripted per stage the way real
// relays answer: what happens to the delivery rows, the suppression list, the pause that the
// console banner, /api/health and candor doctor show, and that nothing is lost once it is fixed.

const fast: WorkerOptions = { pollMs: 100, backoff: { baseMs: 100, maxMs: 300 }, probeBackoff: { baseMs: 200, maxMs: 800 }, maxAttempts: 3, domainRate: 0, concurrency: 8, log: () => undefined };
const responder: Actor = { type: 'cli', label: 'test responder', role: 'responder' };
const viewer: Actor = { type: 'cli', label: 'test viewer', role: 'viewer' };

describe.each(DATABASE_KINDS)('SMTP outcomes on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  let relay: ScriptedRelay;
  let worker: RunningWorker | undefined;

  const deliveries = async (noticeId: string) => {
    const rows = await t.handle.db.delivery.findMany({ where: { noticeId }, include: { subscriber: { select: { email: true } } } });
    return new Map(rows.map((r) => [r.subscriber.email, r]));
  };
  const newNotice = async () => (await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }))).id;
  const resetAudience = async (emails: string[]) => {
    await t.handle.db.subscriber.deleteMany();
    await t.handle.db.suppression.deleteMany();
    await addSubscribers(t.handle.db, emails.map((email) => ({ email })));
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    relay = await startScriptedRelay();
    installTransport(`smtp://candor:right@127.0.0.1:${relay.port}`, { socketTimeoutMs: 1500 });
    s = await createScenario(t.handle.db);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    relay.script = {};
  });
  afterAll(async () => {
    await closeTransport();
    await relay.stop();
    await t.drop();
  });

  it('a notice sent while the relay refuses our login waits, shows the banner, and goes out in full once the password is fixed, with no delivery failed', async () => {
    const audience = Array.from({ length: 30 }, (_, i) => `patient${i}@example.com`);
    await resetAudience(audience);
    let password = 'changed-at-the-relay';
    relay.script.auth = (_user, pass) => (pass === password ? undefined : { code: 535, text: '5.7.8 Authentication credentials invalid' });
    const logins = relay.logins;
    const id = await newNotice();
    await subscribe({ input: { email: 'newcomer@example.com' } });
    worker = await startWorker(fast);

    await waitFor('30 deliveries prepared', async () => (await t.handle.db.delivery.count({ where: { noticeId: id } })) === 30);
    const paused = await waitFor('the pause', async () => {
      const m = await mailStatus();
      return m.status === 'degraded' ? m : null;
    });
    expect(paused).toMatchObject({ reason: 'the relay refused our login (535 5.7.8)', stage: 'auth', waiting: 31 });
    expect(paused.reply).toContain('535 5.7.8 Authentication credentials invalid');
    await waitFor('every delivery handed back', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'pending' } })) === 30);
    expect(relay.logins).toBeGreaterThan(logins);
    // The relay is probed again and again (with growing waits) while nothing is charged or failed.
    const handedBack = relay.logins;
    await waitFor('probes', () => relay.logins - handedBack >= 3, 10_000);
    const waiting = [...(await deliveries(id)).values()];
    expect(waiting.map((d) => [d.status, d.attempts])).toEqual(audience.map(() => ['pending', 0]));
    expect(await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'newcomer@example.com' } })).toMatchObject({ status: 'pending', attempts: 0 });
    expect(relay.received).toEqual([]);

    const health = await checkHealth();
    expect(health.status).toBe('ok');
    expect(health.mail).toMatchObject({ status: 'degraded', stage: 'auth', waiting: 31 });
    expect(health.mail?.status === 'degraded' && health.mail.message).toMatch(/^Mail is not going out: the relay refused our login \(535 5\.7\.8\) at \d\d:\d\d UTC; 31 messages are waiting$/);
    const banner = renderToStaticMarkup((await DeliveryBanners())!);
    expect(banner).toContain('Mail is not going out: the relay refused our login (535 5.7.8) at ');
    expect(banner).toContain('31 messages are waiting');
    expect(banner).toContain('SMTP_URL');
    const doctor = await mailPauseCheck(t.url, kind);
    expect(doctor).toMatchObject({ level: 'fail' });
    expect(doctor.message).toContain('535 5.7.8');

    password = 'right';
    await waitFor('everyone served', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })) === 30, 15_000);
    await waitFor('the confirmation', async () => (await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'newcomer@example.com' } })).status === 'sent');
    const done = [...(await deliveries(id)).values()];
    expect(done.every((d) => d.status === 'sent' && d.attempts === 1 && d.failureClass === null)).toBe(true);
    expect([...relay.received].sort()).toEqual([...audience, 'newcomer@example.com'].sort());
    await waitFor('the banner gone', async () => (await mailStatus()).status === 'ok');
    expect(await DeliveryBanners()).toBeNull();
    expect((await checkHealth()).mail).toEqual({ status: 'ok' });
    expect(await mailPauseCheck(t.url, kind)).toMatchObject({ level: 'ok' });
    expect(await t.handle.db.suppression.count()).toBe(0);
  });

  it('classifies each refusal at RCPT and after DATA: suppresses only unknown mailboxes, keeps policy refusals for staff to re-queue, retries "try later" to the attempt limit', async () => {
    const seen = new Map<string, number>();
    const nth = (address: string) => {
      const n = (seen.get(address) ?? 0) + 1;
      seen.set(address, n);
      return n;
    };
    let blocklisted = true;
    const atRcpt: Record<string, (n: number) => Reply | undefined> = {
      'unknown@example.com': () => ({ code: 550, text: '5.1.1 <unknown@example.com>: Recipient address rejected: User unknown in virtual mailbox table' }),
      'plain550@example.net': () => ({ code: 550, text: 'Requested action not taken: mailbox unavailable' }),
      'blocked@example.org': () => (blocklisted ? { code: 550, text: '5.7.1 Service unavailable; client [192.0.2.10] blocked using zen.spamhaus.org' } : undefined),
      'grey@example.com': (n) => (n === 1 ? { code: 450, text: '4.2.0 <grey@example.com>: Recipient address rejected: Greylisted, please try again in 300 seconds' } : undefined),
      'full@example.com': () => ({ code: 452, text: '4.5.3 Too many recipients' }),
      'odd@example.com': (n) => (n === 1 ? { code: 599, text: '5.1.1 this code does not exist' } : undefined),
    };
    const afterData: Record<string, (n: number) => Reply | undefined> = {
      'spam@example.net': () => (blocklisted ? { code: 554, text: '5.7.1 Message rejected as spam by Content Filtering' } : undefined),
      'later@example.org': (n) => (n === 1 ? { code: 451, text: '4.3.0 Local error in processing, try again' } : undefined),
      'big@example.com': () => ({ code: 552, text: '5.3.4 Message size exceeds fixed limit' }),
    };
    relay.script.rcptTo = (address) => atRcpt[address]?.(nth(address));
    relay.script.data = ([to]) => afterData[to!]?.(nth(`data:${to}`));
    await resetAudience([...Object.keys(atRcpt), ...Object.keys(afterData), 'fine@example.com']);
    const id = await newNotice();
    worker = await startWorker(fast);
    await waitFor('the notice finished', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 20_000);

    const by = await deliveries(id);
    const row = (email: string) => by.get(email)!;
    expect(row('fine@example.com')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row('unknown@example.com')).toMatchObject({ status: 'failed', failureClass: 'recipient_unknown', attempts: 1 });
    expect(row('plain550@example.net')).toMatchObject({ status: 'failed', failureClass: 'recipient_unknown' });
    expect(row('blocked@example.org')).toMatchObject({ status: 'failed', failureClass: 'policy', attempts: 1 });
    expect(row('blocked@example.org').lastError).toContain('blocked using zen.spamhaus.org');
    expect(row('spam@example.net')).toMatchObject({ status: 'failed', failureClass: 'policy' });
    expect(row('big@example.com')).toMatchObject({ status: 'failed', failureClass: 'rejected' });
    expect(row('grey@example.com')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row('later@example.org')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row('odd@example.com')).toMatchObject({ status: 'sent', attempts: 2 });
    // The attempt limit (3) actually reached.
    expect(row('full@example.com')).toMatchObject({ status: 'failed', failureClass: 'try_later', attempts: 3 });
    expect(row('full@example.com').lastError).toMatch(/^gave up after 3 attempts: 452 4\.5\.3 Too many recipients/);
    expect(seen.get('full@example.com')).toBe(3);
    const suppressed = (await t.handle.db.suppression.findMany()).map((x) => x.email).sort();
    expect(suppressed).toEqual(['plain550@example.net', 'unknown@example.com']);
    // Refusals at RCPT and DATA say nothing about the transport: it never paused.
    expect(await t.handle.db.mailPause.count()).toBe(0);

    const refusals = await listNoticeRefusals({ actor: viewer, id });
    expect(refusals).toMatchObject({ policy: 2, rejected: 1 });
    expect(refusals.reasons.map((r) => r.failureClass).sort()).toEqual(['policy', 'policy', 'rejected']);
    await expect(requeueRefusedDeliveries({ actor: viewer, id })).rejects.toThrow(/role/);

    // The sender's reputation is fixed: staff re-queue, many times at once; each refused delivery goes back once.
    blocklisted = false;
    const results = await Promise.all(Array.from({ length: 6 }, () => requeueRefusedDeliveries({ actor: responder, id })));
    expect(results.map((r) => r.requeued).reduce((a, b) => a + b, 0)).toBe(2);
    expect(await t.handle.db.auditLog.count({ where: { action: 'notice.requeue_refused', objectId: id } })).toBe(1);
    await waitFor('the re-queued sent', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })) === 6);
    await waitFor('the notice finished again', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent');
    const after = await deliveries(id);
    expect(after.get('blocked@example.org')).toMatchObject({ status: 'sent', attempts: 1, failureClass: null });
    expect(after.get('spam@example.net')).toMatchObject({ status: 'sent' });
    expect(after.get('big@example.com')).toMatchObject({ status: 'failed', failureClass: 'rejected' });
    expect(relay.received.filter((r) => r === 'blocked@example.org' || r === 'spam@example.net').sort()).toEqual(['blocked@example.org', 'spam@example.net']);
    expect((await requeueRefusedDeliveries({ actor: responder, id })).requeued).toBe(0);
    expect(await t.handle.db.auditLog.count({ where: { action: 'notice.requeue_refused', objectId: id } })).toBe(1);
  });

  it('a sender the relay refuses (553 at MAIL FROM) pauses everything although the login works; a 421 does too; both resume by themselves', async () => {
    const audience = Array.from({ length: 12 }, (_, i) => `sender${i}@example.com`);
    await resetAudience(audience);
    let refuse: Reply | undefined = { code: 553, text: '5.7.1 <status@localhost>: Sender address rejected: not owned by user candor' };
    relay.script.mailFrom = () => refuse;
    const id = await newNotice();
    // More send slots than messages: after a probe passes, every message is handed over at once and
    // the next claim finds nothing, while their refusals are still on the way.
    worker = await startWorker({ ...fast, concurrency: 16 });
    const paused = await waitFor('the pause', async () => {
      const m = await mailStatus();
      return m.status === 'degraded' ? m : null;
    });
    expect(paused).toMatchObject({ reason: 'the relay refused our sender address (553 5.7.1)', stage: 'mail_from' });
    const logins = relay.logins;
    // The login probe passes, the next message is refused again: still paused, nothing charged, and
    // never "ok" in between, even while the relay takes its time to refuse (the worker has then
    // claimed every row and handed them all over, with no answer yet).
    relay.script.mailFromDelayMs = 300;
    const seen = new Set<string>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        seen.add((await mailStatus()).status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await waitFor('a few rounds', () => relay.logins - logins >= 3, 15_000);
    sampling = false;
    await sampler;
    relay.script.mailFromDelayMs = undefined;
    expect([...seen]).toEqual(['degraded']);
    expect((await mailStatus()).status).toBe('degraded');
    expect(await t.handle.db.delivery.count({ where: { noticeId: id, OR: [{ attempts: { gt: 0 } }, { status: 'failed' }] } })).toBe(0);

    refuse = { code: 421, text: '4.7.0 Too many connections from your host, closing transmission channel' };
    await waitFor('the 421 pause', async () => {
      const m = await mailStatus();
      return m.status === 'degraded' && m.reply.startsWith('421') ? m : null;
    });
    expect(await t.handle.db.delivery.count({ where: { noticeId: id, attempts: { gt: 0 } } })).toBe(0);
    refuse = undefined;
    await waitFor('everyone served', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent', attempts: 1 } })) === 12, 15_000);
    await waitFor('resumed', async () => (await mailStatus()).status === 'ok');
  });

  it('a relay that refuses connections, answers garbage, hangs after DATA or hangs up mid-message costs at most a retry of the messages in flight', async () => {
    const audience = ['garbage@example.com', 'hang@example.com', 'drop@example.com', ...Array.from({ length: 9 }, (_, i) => `calm${i}@example.com`)];
    await resetAudience(audience);
    const first = new Set<string>();
    const raw = await startRawRelay((to) => {
      if (first.has(to)) return 'ok';
      first.add(to);
      return to === 'garbage@example.com' ? 'garbage' : to === 'hang@example.com' ? 'hang' : to === 'drop@example.com' ? 'drop' : 'ok';
    });
    const port = raw.port;
    await raw.stop();
    installTransport(`smtp://127.0.0.1:${port}`, { socketTimeoutMs: 1000 });
    try {
      const id = await newNotice();
      worker = await startWorker(fast);
      const down = await waitFor('the refused port pauses', async () => {
        const m = await mailStatus();
        return m.status === 'degraded' ? m : null;
      });
      expect(down).toMatchObject({ stage: 'connect', reason: 'the relay cannot be reached (ECONNREFUSED)' });
      expect(await t.handle.db.delivery.count({ where: { noticeId: id, attempts: { gt: 0 } } })).toBe(0);

      const back = await startRawRelay((to) => {
        if (first.has(to)) return 'ok';
        first.add(to);
        return to === 'garbage@example.com' ? 'garbage' : to === 'hang@example.com' ? 'hang' : to === 'drop@example.com' ? 'drop' : 'ok';
      });
      expect(back.port).toBeGreaterThan(0);
      installTransport(`smtp://127.0.0.1:${back.port}`, { socketTimeoutMs: 1000 });
      try {
        await waitFor('everyone served', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })) === audience.length, 20_000);
        const by = await deliveries(id);
        // Garbage is "not understood": one charged retry. A hang or a hang-up pauses: a retry, uncharged.
        expect(by.get('garbage@example.com')).toMatchObject({ attempts: 2 });
        expect(by.get('hang@example.com')).toMatchObject({ attempts: 1 });
        expect(by.get('drop@example.com')).toMatchObject({ attempts: 1 });
        const tries = (email: string) => back.tries.filter((x) => x === email).length;
        expect([tries('garbage@example.com'), tries('hang@example.com'), tries('drop@example.com')]).toEqual([2, 2, 2]);
        for (const email of audience) expect(tries(email), email).toBeLessThanOrEqual(2);
        expect([...new Set(back.received)].sort()).toEqual([...audience].sort());
        expect(await t.handle.db.suppression.count()).toBe(0);
        await waitFor('resumed', async () => (await mailStatus()).status === 'ok');
      } finally {
        await back.stop();
      }
    } finally {
      installTransport(`smtp://candor:right@127.0.0.1:${relay.port}`, { socketTimeoutMs: 1500 });
    }
  });

  it('a row left by a worker that died reads as stale and is cleared; a fresh one shows', async () => {
    const stale = new Date(Date.now() - PAUSE_STALE_AFTER_MS - 60_000);
    await t.handle.db.mailPause.create({ data: { workerId: 'died-while-paused', since: stale, reason: 'the relay cannot be reached (ECONNREFUSED)', reply: 'connect ECONNREFUSED', stage: 'connect', updatedAt: stale } });
    expect((await mailStatus()).status).toBe('ok');
    expect(await mailPauseCheck(t.url, kind)).toMatchObject({ level: 'ok' });
    await t.handle.db.mailPause.update({ where: { workerId: 'died-while-paused' }, data: { updatedAt: new Date() } });
    expect(await mailStatus()).toMatchObject({ status: 'degraded', since: stale, workers: 1 });
    expect(await mailPauseCheck(t.url, kind)).toMatchObject({ level: 'fail' });
    expect(await clearStalePauses()).toBe(0);
    await t.handle.db.mailPause.update({ where: { workerId: 'died-while-paused' }, data: { updatedAt: stale } });
    expect(await clearStalePauses()).toBe(1);
    expect(await t.handle.db.mailPause.count()).toBe(0);
  });

  // Several workers share one database only on PostgreSQL (SQLite runs one worker).
  if (kind === 'postgresql')
    it('two workers on one database each pause on a refused login, both show, and together they send everyone once when it is fixed', async () => {
    const audience = Array.from({ length: 20 }, (_, i) => `pair${i}@example.com`);
    await resetAudience(audience);
    let password = 'changed-at-the-relay';
    relay.script.auth = (_user, pass) => (pass === password ? undefined : { code: 535, text: '5.7.8 Authentication credentials invalid' });
    const received = relay.received.length;
    const id = await newNotice();
    worker = await startWorker(fast);
    const second = await startWorker(fast);
    try {
      await waitFor('both paused', async () => (await t.handle.db.mailPause.count()) === 2, 15_000);
      expect(await mailStatus()).toMatchObject({ status: 'degraded', workers: 2, reason: 'the relay refused our login (535 5.7.8)' });
      expect(await t.handle.db.delivery.count({ where: { noticeId: id, attempts: { gt: 0 } } })).toBe(0);
      password = 'right';
      await waitFor('everyone served', async () => (await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })) === 20, 15_000);
      expect(relay.received.slice(received).sort()).toEqual([...audience].sort());
      await waitFor('both resumed', async () => (await t.handle.db.mailPause.count()) === 0);
    } finally {
      await second.stop();
    }
  });
});
