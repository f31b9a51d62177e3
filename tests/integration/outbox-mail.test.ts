import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { checkConfirmToken, confirmSubscription } from '@/lib/server/subscriptions/confirm-subscription';
import { requestPasswordReset } from '@/lib/server/auth/password-reset';
import { createUser } from '@/lib/server/users/create-user';
import { cliActor } from '@/lib/server/actor';
import { claimMail, enqueueMail } from '@/lib/jobs/outbox-mail';
import { startWorker, type RunningWorker, type WorkerOptions } from '@/lib/jobs/worker';
import { createScenario, parse, rawHeaders, waitFor } from './notify-fixtures';
import { refuseInserts } from '@/tests/helpers/refuse-inserts';

// Candor's own mail goes through OutboxMail: queued with the change, sent by the worker, retried
// while SMTP is down, failed for good on a 5xx. A real SMTP sink on loopback receives it.

const fast: WorkerOptions = { pollMs: 100, backoff: { baseMs: 100, maxMs: 400 }, maxAttempts: 3, domainRate: 0, log: () => undefined };
const REFUSED = 'refused@example.com';
const GREYLISTED = 'greylisted@example.com';

const confirmTokenIn = (text: string) => {
  const m = /\/confirm\/([A-Za-z0-9_-]{32,64})/.exec(text);
  if (!m) throw new Error(`no confirm link in:\n${text}`);
  return m[1]!;
};

describe.each(DATABASE_KINDS)('transactional mail through the outbox on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let worker: RunningWorker | undefined;
  const to = (address: string) => sink.messages.filter((m) => m.to[0] === address);

  const sinkOptions = {
    keep: 1000,
    onRecipient: (address: string) => {
      if (address === REFUSED) return { code: 554, message: '5.7.1 Message refused by policy' };
      if (address === GREYLISTED) return { code: 451, message: '4.7.1 Greylisted, try again later' };
      return undefined;
    },
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink(sinkOptions);
    installTransport(sink.url);
    await createScenario(t.handle.db);
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

  it('keeps a confirmation queued while SMTP is down and sends it exactly once when it returns', async () => {
    const port = sink.port;
    await sink.stop();
    worker = await startWorker(fast);
    await subscribe({ input: { email: 'patient@example.com', regions: ['telstra-au'], components: 'all', time_zone: 'Australia/Sydney' } });

    const subscriber = await t.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'patient@example.com' } });
    expect(subscriber.confirmedAt).toBeNull();
    // A server that cannot be reached pauses sending; the message waits uncharged (smtp-outcomes.test.ts has the details).
    const waiting = await waitFor('a failed try while down', async () => {
      const row = await t.handle.db.outboxMail.findFirst({ where: { to: 'patient@example.com' } });
      return row?.lastError && (await t.handle.db.mailPause.count()) === 1 ? row : null;
    });
    expect(waiting.attempts).toBe(0);
    expect(waiting.kind).toBe('confirm_subscription');
    expect(waiting.status).not.toBe('sent');
    expect(waiting.status).not.toBe('failed');
    expect(waiting.lastError).toBeTruthy();
    expect(waiting.html).toContain('/confirm/');

    sink = await startSink({ ...sinkOptions, port });
    const row = await waitFor('sent', async () => {
      const r = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'patient@example.com' } });
      return r.status === 'sent' ? r : null;
    });
    // Several poll rounds later there is still exactly one message.
    await new Promise((r) => setTimeout(r, 600));
    expect(to('patient@example.com')).toHaveLength(1);
    const mail = to('patient@example.com')[0]!;
    const parsed = await parse(mail);
    const bare = (id: string | undefined | null) => id?.replace(/^<|>$/g, '');
    expect(bare(parsed.messageId)).toBe(bare(row.messageId));
    expect(row.messageId).toBeTruthy();
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.lastError).toBeNull();
    // The body carried a live link; once sent it is not kept in the database.
    expect(row.html).toBe('');
    expect(row.text).toBe('');

    const headers = rawHeaders(mail);
    expect(headers).toMatch(/^From: "?Candor status"? <status@localhost>$/m);
    expect(headers).toMatch(/^List-Id: .*<notices\.localhost>$/im);
    expect(headers).not.toMatch(/^List-Unsubscribe/im);
    const token = confirmTokenIn(parsed.text ?? '');
    expect(await checkConfirmToken(token)).toBe(true);
    await confirmSubscription({ token });
    expect((await t.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'patient@example.com' } })).confirmedAt).toBeInstanceOf(Date);
  });

  it('leaves at once when the worker is woken, without waiting for its poll', async () => {
    worker = await startWorker({ ...fast, pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await subscribe({ input: { email: 'prompt@example.com' } });
    await waitFor('confirmation', () => to('prompt@example.com')[0], 5000);
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor("the worker's count", () => worker?.stats.mail.sent === 1);
  });

  it('fails a 5xx for good and keeps the reason; a 4xx is retried up to the attempt limit', async () => {
    worker = await startWorker(fast);
    await subscribe({ input: { email: REFUSED } });
    await subscribe({ input: { email: GREYLISTED } });
    const refused = await waitFor('refused', async () => {
      const r = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: REFUSED } });
      return r.status === 'failed' ? r : null;
    });
    expect(refused.attempts).toBe(1);
    expect(refused.lastError).toContain('5.7.1 Message refused by policy');
    expect(refused.sentAt).toBeNull();
    const greylisted = await waitFor('greylisted gives up', async () => {
      const r = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: GREYLISTED } });
      return r.status === 'failed' ? r : null;
    });
    expect(greylisted.attempts).toBe(3);
    expect(greylisted.lastError).toMatch(/^gave up after 3 attempts: .*4\.7\.1 Greylisted/);
    expect(to(REFUSED)).toHaveLength(0);
    expect(to(GREYLISTED)).toHaveLength(0);
    // A refusal for one address does not hold up the others.
    await subscribe({ input: { email: 'after-refusal@example.com' } });
    await waitFor('next confirmation', () => to('after-refusal@example.com')[0]);
  });

  it('writes the mail in the transaction of the change: if queueing fails, nothing changes', async () => {
    await createUser({ actor: cliActor, input: { email: 'staff@example.com', role: 'viewer', password: 'correct-horse-battery' } });
    // Links take their base from configuration: here the page settings' public URL.
    await t.handle.db.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, publicUrl: 'http://status.test' }, update: { publicUrl: 'http://status.test' } });
    // PostgreSQL reports the trigger's message; Prisma words SQLite's RAISE(ABORT) as a constraint error on the insert.
    const refusal = /outbox refused|Invalid `tx\.outboxMail\.create\(\)`/;
    await refuseInserts(t, 'OutboxMail', true);
    try {
      await expect(subscribe({ input: { email: 'rolled-back@example.com' } })).rejects.toThrow(refusal);
      await expect(requestPasswordReset({ email: 'staff@example.com' })).rejects.toThrow(refusal);
    } finally {
      await refuseInserts(t, 'OutboxMail', false);
    }
    expect(await t.handle.db.subscriber.findUnique({ where: { key: 'rolled-back@example.com' } })).toBeNull();
    expect(await t.handle.db.passwordReset.count()).toBe(0);
    expect(await t.handle.db.auditLog.count({ where: { action: 'user.password_reset_request' } })).toBe(0);
    expect(await t.handle.db.outboxMail.count({ where: { to: { in: ['rolled-back@example.com', 'staff@example.com'] } } })).toBe(0);

    // With the outbox accepting again, the same requests go through and their mail is sent.
    worker = await startWorker(fast);
    await subscribe({ input: { email: 'rolled-back@example.com' } });
    await requestPasswordReset({ email: 'staff@example.com' });
    expect(await t.handle.db.passwordReset.count()).toBe(1);
    const reset = await waitFor('reset mail', () => to('staff@example.com')[0]);
    expect((await parse(reset)).text).toMatch(/http:\/\/status\.test\/admin\/password-reset\/[A-Za-z0-9_-]{40,}/);
    await waitFor('confirmation', () => to('rolled-back@example.com')[0]);
    expect((await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'staff@example.com' } })).kind).toBe('password_reset');
  });

  it("hands a dead worker's claims to a live one, and two workers never send one message twice", async () => {
    await t.handle.db.$transaction((tx) => enqueueMail(tx, { kind: 'manage_link', to: 'orphan@example.com', subject: 'Orphan', html: '<p>orphan</p>', text: 'orphan' }));
    const claimed = await claimMail('dead-worker', 10);
    expect(claimed.map((c) => c.to)).toEqual(['orphan@example.com']);
    expect((await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'orphan@example.com' } })).status).toBe('sending');

    for (let i = 0; i < 30; i++) {
      await t.handle.db.$transaction((tx) => enqueueMail(tx, { kind: 'manage_link', to: `many${i}@example.com`, subject: `Message ${i}`, html: `<p>${i}</p>`, text: String(i) }));
    }
    worker = await startWorker({ ...fast, reclaimAfterMs: 800 });
    const second = await startWorker({ ...fast, reclaimAfterMs: 800 });
    try {
      await waitFor('all sent', async () => (await t.handle.db.outboxMail.count({ where: { OR: [{ to: { startsWith: 'many' } }, { to: 'orphan@example.com' }], status: 'sent' } })) === 31, 20_000);
    } finally {
      await second.stop();
    }
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 30; i++) expect(to(`many${i}@example.com`)).toHaveLength(1);
    expect(to('orphan@example.com')).toHaveLength(1);
    expect(worker.stats.mail.sent + second.stats.mail.sent).toBe(31);
  });
});
