import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '@/tests/helpers/refuse-inserts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport, mailTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import type { Actor } from '@/lib/server/actor';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { claimMail, enqueueMail, pruneOutboxMail, sendDueMail, SUPPRESSED_ERROR, type MailRunOptions } from '@/lib/jobs/outbox-mail';
import { addSuppression } from '@/lib/server/suppressions/add-suppression';
import { listSuppressions } from '@/lib/server/suppressions/list-suppressions';
import { removeSuppression } from '@/lib/server/suppressions/remove-suppression';
import { createScenario } from './notify-fixtures';
import { refuseInserts } from '@/tests/helpers/refuse-inserts';
import { failure } from '@/tests/helpers/app-error';

// The suppression list covers Candor's own mail as well as notices: a suppressed address gets no
// confirmation or reset, and a hard bounce of one suppresses the address. Finished OutboxMail rows
// are pruned. Staff read and edit the list through services that check the role and audit.

const BOUNCING = 'gone@example.com';
const REFUSED = 'policy@example.com';
const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

const admin: Actor = { type: 'user', userId: 'u-ada', label: 'Ada <ada@x.test>', role: 'admin', ip: '10.0.0.1' };
const responder: Actor = { type: 'user', userId: 'u-rex', label: 'Rex <rex@x.test>', role: 'responder' };
const viewer: Actor = { type: 'user', userId: 'u-vi', label: 'Vi <vi@x.test>', role: 'viewer' };

describe.each(DATABASE_KINDS)('the suppression list on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  /** Every RCPT TO the sink was asked to accept, refused or not: an SMTP attempt leaves a trace here. */
  const rcpt: string[] = [];
  const to = (address: string) => sink.messages.filter((m) => m.to[0] === address);
  const logs: string[] = [];
  const run = (o: Partial<MailRunOptions> = {}) =>
    sendDueMail({ workerId: 'w-test', transport: mailTransport, policy: { baseMs: 100, maxMs: 400 }, maxAttempts: 3, batch: 50, stopping: () => false, log: (l) => logs.push(l), ...o });
  const queue = (address: string, subject = 'Hello') => t.handle.db.$transaction((tx) => enqueueMail(tx, { kind: 'manage_link', to: address, subject, html: `<p>${subject}</p>`, text: subject }));
  const mail = (id: number) => t.handle.db.outboxMail.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({
      keep: 1000,
      onRecipient: (address) => {
        rcpt.push(address);
        if (address === BOUNCING) return { code: 550, message: '5.1.1 <gone@example.com>: Recipient address rejected: User unknown' };
        if (address === REFUSED) return { code: 554, message: '5.7.1 Message refused by policy' };
        return undefined;
      },
    });
    installTransport(sink.url);
    await createScenario(t.handle.db);
  });
  afterAll(async () => {
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  describe("Candor's own mail", () => {
    beforeEach(async () => {
      await t.handle.db.outboxMail.deleteMany();
      await t.handle.db.suppression.deleteMany();
      rcpt.length = 0;
    });

    it('fails a message to a suppressed address without an SMTP attempt, and sends the rest of the batch', async () => {
      await t.handle.db.suppression.create({ data: { email: 'blocked@example.com', reason: 'complained' } });
      // The address is matched whatever case the message was addressed in.
      const blocked = await queue('Blocked@Example.com', 'Blocked');
      const fine = await queue('fine@example.com', 'Fine');

      const result = await run();
      expect(result).toEqual({ claimed: 2, sent: 1, retried: 0, failed: 1 });
      const row = await mail(blocked);
      expect(row).toMatchObject({ status: 'failed', lastError: SUPPRESSED_ERROR, attempts: 0, sentAt: null, messageId: null, html: '', text: '' });
      expect((await mail(fine)).status).toBe('sent');
      expect(rcpt).toEqual(['fine@example.com']);
      expect(to('fine@example.com').map((m) => m.to)).toEqual([['fine@example.com']]);
      expect(logs.some((l) => l.includes(`mail ${blocked} failed for good (${SUPPRESSED_ERROR})`))).toBe(true);
    });

    it('learns which claimed messages are suppressed from the claim itself', async () => {
      await t.handle.db.suppression.create({ data: { email: 'blocked@example.com', reason: 'complained' } });
      const a = await queue('blocked@example.com');
      const b = await queue('open@example.com');
      const claimed = await claimMail('w-claim', 10);
      expect(claimed.map((c) => [c.id, c.suppressed])).toEqual([
        [a, true],
        [b, false],
      ]);
      await t.handle.db.outboxMail.updateMany({ where: { claimedBy: 'w-claim' }, data: { status: 'pending', claimedBy: null, claimedAt: null } });
    });

    it('a subscriber whose address is suppressed gets no confirmation mail', async () => {
      await addSuppression({ actor: responder, input: { email: 'quiet@example.com', reason: 'asked by phone to stop all mail' } });
      await subscribe({ input: { email: 'quiet@example.com' } });
      const queued = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'quiet@example.com' } });
      expect(queued.kind).toBe('confirm_subscription');
      await run();
      expect(await mail(queued.id)).toMatchObject({ status: 'failed', lastError: SUPPRESSED_ERROR, attempts: 0 });
      expect(rcpt).not.toContain('quiet@example.com');
    });

    it('a hard bounce suppresses the address, so the next message to it is never attempted', async () => {
      const first = await queue(BOUNCING, 'First');
      expect((await run()).failed).toBe(1);
      const bounced = await mail(first);
      expect(bounced).toMatchObject({ status: 'failed', attempts: 1 });
      expect(bounced.lastError).toContain('5.1.1');
      const entry = await t.handle.db.suppression.findUniqueOrThrow({ where: { email: BOUNCING } });
      expect(entry.reason).toContain('User unknown');
      expect(rcpt).toEqual([BOUNCING]);

      const second = await queue(BOUNCING, 'Second');
      await run();
      expect(await mail(second)).toMatchObject({ status: 'failed', lastError: SUPPRESSED_ERROR, attempts: 0 });
      expect(rcpt).toEqual([BOUNCING]);
      expect(to(BOUNCING)).toHaveLength(0);
    });

    it('a 5xx that is not a bounce fails the message but does not suppress the address', async () => {
      const id = await queue(REFUSED);
      await run();
      expect(await mail(id)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(await t.handle.db.suppression.count()).toBe(0);
    });
  });

  describe('pruning finished OutboxMail rows', () => {
    const cutoff = new Date('2026-03-01T12:00:00.000Z');
    const before = (ms: number) => new Date(cutoff.getTime() - ms);
    const after = (ms: number) => new Date(cutoff.getTime() + ms);
    const DAY = 86_400_000;
    const row = async (label: string, data: { status: 'pending' | 'sending' | 'sent' | 'failed'; createdAt: Date; nextAttemptAt: Date; sentAt?: Date; claimedAt?: Date }) =>
      (await t.handle.db.outboxMail.create({ data: { kind: 'manage_link', to: `${label}@example.com`, subject: label, html: '', text: '', ...data } })).id;

    beforeEach(async () => {
      await t.handle.db.outboxMail.deleteMany();
    });

    it('deletes sent and failed rows older than the cutoff and keeps everything else', async () => {
      const gone = [
        await row('sent-old', { status: 'sent', createdAt: before(3 * DAY), nextAttemptAt: before(3 * DAY), sentAt: before(3 * DAY) }),
        await row('sent-just-before', { status: 'sent', createdAt: before(DAY), nextAttemptAt: before(DAY), sentAt: before(1) }),
        await row('failed-old', { status: 'failed', createdAt: before(5 * DAY), nextAttemptAt: before(2 * DAY) }),
      ];
      const kept = [
        await row('sent-at-cutoff', { status: 'sent', createdAt: before(DAY), nextAttemptAt: before(DAY), sentAt: cutoff }),
        // Queued long ago, sent only after the cutoff (an SMTP outage): its finish time counts, not its age.
        await row('sent-late', { status: 'sent', createdAt: before(9 * DAY), nextAttemptAt: before(DAY), sentAt: after(1000) }),
        // Retried until after the cutoff before failing.
        await row('failed-late', { status: 'failed', createdAt: before(9 * DAY), nextAttemptAt: after(DAY) }),
        await row('pending-old', { status: 'pending', createdAt: before(9 * DAY), nextAttemptAt: before(9 * DAY) }),
        await row('sending-old', { status: 'sending', createdAt: before(9 * DAY), nextAttemptAt: before(9 * DAY), claimedAt: before(9 * DAY) }),
      ];
      expect(total(await pruneOutboxMail(cutoff))).toBe(gone.length);
      const left = await t.handle.db.outboxMail.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
      expect(left.map((r) => r.id)).toEqual(kept);
      expect(total(await pruneOutboxMail(cutoff))).toBe(0);
    });

    it('works through more rows than one batch and counts them all', async () => {
      for (let i = 0; i < 11; i++) await row(`batch${i}`, { status: i % 2 ? 'sent' : 'failed', createdAt: before(DAY), nextAttemptAt: before(DAY), ...(i % 2 ? { sentAt: before(DAY) } : {}) });
      const recent = await row('recent', { status: 'sent', createdAt: after(0), nextAttemptAt: after(0), sentAt: after(1) });
      expect(total(await pruneOutboxMail(cutoff, 3))).toBe(11);
      expect((await t.handle.db.outboxMail.findMany({ select: { id: true } })).map((r) => r.id)).toEqual([recent]);
    });

    it('prunes what the worker itself recorded', async () => {
      await t.handle.db.suppression.deleteMany();
      const sent = await queue('prune-sent@example.com');
      const failed = await queue(REFUSED);
      await run();
      expect((await mail(sent)).status).toBe('sent');
      expect((await mail(failed)).status).toBe('failed');
      expect(total(await pruneOutboxMail(new Date(Date.now() - 60_000)))).toBe(0);
      expect(total(await pruneOutboxMail(new Date(Date.now() + 60_000)))).toBe(2);
      expect(await t.handle.db.outboxMail.count()).toBe(0);
    });
  });

  describe('staff services', () => {
    beforeEach(async () => {
      await t.handle.db.suppression.deleteMany();
    });
    const audits = (action: string) => t.handle.db.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

    it('adds an address by hand, in lower case, with an audit row naming who did it', async () => {
      const before = (await audits('suppression.add')).length;
      const row = await addSuppression({ actor: responder, input: { email: '  Someone@Example.COM ', reason: ' asked to stop all mail ' } });
      expect(row).toMatchObject({ email: 'someone@example.com', reason: 'asked to stop all mail' });
      const stored = await t.handle.db.suppression.findUniqueOrThrow({ where: { email: 'someone@example.com' } });
      expect(stored.reason).toBe('asked to stop all mail');
      const audit = (await audits('suppression.add')).slice(before);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: 'u-rex', actorLabel: 'Rex <rex@x.test>', objectType: 'suppression', objectId: 'someone@example.com', after: '{"reason":"asked to stop all mail"}' });
    });

    it('refuses a bad address, an empty reason, a duplicate, and a viewer', async () => {
      const badEmail = await failure(addSuppression({ actor: responder, input: { email: 'not-an-address', reason: 'x' } }));
      expect([badEmail.code, badEmail.field]).toEqual(['validation', 'email']);
      const noReason = await failure(addSuppression({ actor: responder, input: { email: 'a@example.com', reason: '   ' } }));
      expect([noReason.code, noReason.field]).toEqual(['validation', 'reason']);
      const tooLong = await failure(addSuppression({ actor: responder, input: { email: 'a@example.com', reason: 'x'.repeat(501) } }));
      expect([tooLong.code, tooLong.field]).toEqual(['validation', 'reason']);

      await addSuppression({ actor: admin, input: { email: 'dup@example.com', reason: 'first' } });
      const dup = await failure(addSuppression({ actor: admin, input: { email: 'DUP@example.com', reason: 'second' } }));
      expect([dup.code, dup.field]).toEqual(['conflict', 'email']);
      expect((await t.handle.db.suppression.findUniqueOrThrow({ where: { email: 'dup@example.com' } })).reason).toBe('first');

      const auditsBefore = await t.handle.db.auditLog.count();
      expect((await failure(addSuppression({ actor: viewer, input: { email: 'v@example.com', reason: 'x' } }))).code).toBe('forbidden');
      expect(await t.handle.db.suppression.findUnique({ where: { email: 'v@example.com' } })).toBeNull();
      expect(await t.handle.db.auditLog.count()).toBe(auditsBefore);
    });

    it('lists newest first, searches by part of the address, and pages', async () => {
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < 7; i++) {
        await t.handle.db.suppression.create({ data: { email: `user${i}@${i % 2 ? 'odd' : 'even'}.example`, reason: `reason ${i}`, createdAt: new Date(base + i * 60_000) } });
      }
      const first = await listSuppressions({ actor: viewer, input: { perPage: 3 } });
      expect(first.total).toBe(7);
      expect(first.suppressions.map((s) => s.email)).toEqual(['user6@even.example', 'user5@odd.example', 'user4@even.example']);
      expect(first.suppressions[0]).toMatchObject({ reason: 'reason 6', createdAt: new Date(base + 6 * 60_000) });
      const third = await listSuppressions({ actor: viewer, input: { perPage: 3, page: 3 } });
      expect(third.suppressions.map((s) => s.email)).toEqual(['user0@even.example']);
      // Query strings arrive as text; empty means "not given".
      const odd = await listSuppressions({ actor: viewer, input: { query: ' ODD.ex ', page: '', perPage: '' } });
      expect(odd.total).toBe(3);
      expect(odd.suppressions.map((s) => s.email)).toEqual(['user5@odd.example', 'user3@odd.example', 'user1@odd.example']);
      expect((await listSuppressions({ actor: viewer, input: { query: 'nobody' } })).total).toBe(0);
      const badPage = await failure(listSuppressions({ actor: viewer, input: { page: 'two' } }));
      expect([badPage.code, badPage.field]).toEqual(['validation', 'page']);
      expect((await failure(listSuppressions({ actor: { type: 'public', label: 'someone', role: null }, input: {} }))).code).toBe('forbidden');
    });

    it('lets an admin remove an address, with an audit row; responders and viewers are refused', async () => {
      await addSuppression({ actor: responder, input: { email: 'back@example.com', reason: 'mailbox was missing' } });
      const auditsBefore = await t.handle.db.auditLog.count();
      for (const actor of [viewer, responder]) {
        expect((await failure(removeSuppression({ actor, input: { email: 'back@example.com' } }))).code).toBe('forbidden');
      }
      expect(await t.handle.db.suppression.findUnique({ where: { email: 'back@example.com' } })).not.toBeNull();
      expect(await t.handle.db.auditLog.count()).toBe(auditsBefore);

      expect(await removeSuppression({ actor: admin, input: { email: 'Back@Example.com' } })).toEqual({ email: 'back@example.com' });
      expect(await t.handle.db.suppression.findUnique({ where: { email: 'back@example.com' } })).toBeNull();
      const audit = await audits('suppression.remove');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: 'u-ada', ip: '10.0.0.1', objectType: 'suppression', objectId: 'back@example.com' });
      expect(JSON.parse(audit[0]!.before ?? 'null')).toMatchObject({ reason: 'mailbox was missing' });

      expect((await failure(removeSuppression({ actor: admin, input: { email: 'back@example.com' } }))).code).toBe('not_found');
      expect((await audits('suppression.remove')).length).toBe(1);
    });

    it('keeps the address when the audit row cannot be written: both commit or neither', async () => {
      await addSuppression({ actor: admin, input: { email: 'stays@example.com', reason: 'bounced' } });
      await refuseInserts(t, 'AuditLog', true);
      try {
        // The refused audit insert is what fails them (refuse-inserts.ts names it), not something else.
        expect(await refusal(removeSuppression({ actor: admin, input: { email: 'stays@example.com' } }))).toMatch(/audit refused/);
        expect(await refusal(addSuppression({ actor: admin, input: { email: 'never@example.com', reason: 'x' } }))).toMatch(/audit refused/);
      } finally {
        await refuseInserts(t, 'AuditLog', false);
      }
      expect(await t.handle.db.suppression.findUnique({ where: { email: 'stays@example.com' } })).not.toBeNull();
      expect(await t.handle.db.suppression.findUnique({ where: { email: 'never@example.com' } })).toBeNull();
    });
  });
});
