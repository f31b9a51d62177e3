import { db, type Tx } from '@/lib/server/db';
import { neutraliseHeader } from '@/lib/mail/header';
import { AUDIENCE_HEADER, KIND_HEADER, type MailAudience } from '@/lib/mail/private-mail';
import { mailSender, transactionalMailOptions, type TransactionalMail } from '@/lib/mail/send';
import { rawMessage } from '@/lib/mail/raw-message';
import type { Transporter } from '@/lib/mail/transport';
import { classifySmtpError, type SmtpErrorLike, type SmtpVerdict } from '@/lib/mail/smtp-classify';
import { backoffMs, type BackoffPolicy } from './backoff';
import { suppress } from './deliveries';
import { sleep } from './signal';
import { dialect, execute, num, outboxRows, ts, tsParam } from './sql';
import type { LineLog } from '@/lib/server/log/logger';
import { maskEmail } from '@/lib/server/log/mask';
import { outboxWriteFailed, outboxWriteRecovered } from './outbox-writes';

// Candor's own mail (confirmation, manage link, password reset) is written to OutboxMail in the
// transaction that makes it necessary, and the delivery worker sends it: an SMTP outage delays
// such a message but never loses it, and a rolled-back change never mails anyone.

export const OUTBOX_MAIL_KINDS = ['confirm_subscription', 'manage_link', 'password_reset', 'staff_invitation', 'endpoint_disabled'] as const;
export type OutboxMailKind = (typeof OUTBOX_MAIL_KINDS)[number];

/** Who each kind is for; sent as a header, so the local sink's mailbox keeps staff mail private. A new kind must say. */
export const OUTBOX_MAIL_AUDIENCE: Record<OutboxMailKind, MailAudience> = { confirm_subscription: 'subscriber', manage_link: 'subscriber', password_reset: 'staff', staff_invitation: 'staff', endpoint_disabled: 'subscriber' };

function audienceHeaders(kind: string): Record<string, string> {
  const audience = (OUTBOX_MAIL_AUDIENCE as Record<string, MailAudience | undefined>)[kind] ?? 'staff';
  return { [KIND_HEADER]: neutraliseHeader(kind), [AUDIENCE_HEADER]: audience };
}

/** Queues one message in the caller's transaction. After the commit, call wakeWorkers('mail') so it leaves at once. */
export async function enqueueMail(tx: Tx, mail: TransactionalMail & { kind: OutboxMailKind }): Promise<number> {
  const row = await tx.outboxMail.create({ data: { kind: mail.kind, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text }, select: { id: true } });
  return row.id;
}

export interface ClaimedMail extends TransactionalMail {
  id: number;
  kind: string;
  attempts: number;
  /** The address is on the suppression list: the message is failed, never sent. */
  suppressed: boolean;
}

export const SUPPRESSED_ERROR = 'address is on the suppression list';

/** Claims due messages for this worker (PostgreSQL: SKIP LOCKED, so several workers share them); the suppression check rides along in the same statement. */
export async function claimMail(workerId: string, limit: number, now = new Date()): Promise<ClaimedMail[]> {
  const lock = dialect() === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  const list = await outboxRows<Record<string, unknown>>(
    `UPDATE "OutboxMail" SET status = 'sending', "claimedBy" = $1, "claimedAt" = ${ts(3)}
     WHERE id IN (
       SELECT m.id FROM "OutboxMail" m
       WHERE m.status = 'pending' AND m."nextAttemptAt" <= ${ts(3)}
       ORDER BY m."nextAttemptAt", m.id
       LIMIT $2${lock})
     RETURNING id, kind, attempts, "to", subject, html, text,
       EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = lower("OutboxMail"."to")) AS suppressed`,
    [workerId, limit, tsParam(now)],
  );
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : num(v) !== 0);
  return list
    .map((r) => ({ id: num(r.id), kind: String(r.kind), attempts: num(r.attempts), to: String(r.to), subject: String(r.subject), html: String(r.html), text: String(r.text), suppressed: bool(r.suppressed) }))
    .sort((a, b) => a.id - b.id);
}

export type MailOutcome =
  | { status: 'sent'; messageId: string }
  | { status: 'pending'; nextAttemptAt: Date; error: string | null; countAttempt: boolean }
  /** countAttempt false: nothing was handed to SMTP (e.g. a suppressed address). bounce: a 5xx saying the mailbox does not exist. */
  | { status: 'failed'; error: string; countAttempt?: boolean; bounce?: boolean };

/** Records one outcome, only while this worker still holds the claim. */
export async function recordMail(workerId: string, id: number, outcome: MailOutcome, now = new Date()): Promise<void> {
  const counted = outcome.status === 'sent' || outcome.countAttempt !== false;
  await db().outboxMail.updateMany({
    where: { id, claimedBy: workerId, status: 'sending' },
    data: {
      status: outcome.status,
      claimedBy: null,
      claimedAt: null,
      ...(counted ? { attempts: { increment: 1 } } : {}),
      ...(outcome.status === 'sent' ? { messageId: outcome.messageId, sentAt: now, lastError: null } : { lastError: outcome.error }),
      ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      // The body holds a live confirmation or reset link: once the message is gone (or never will be), it is not kept.
      ...(outcome.status !== 'pending' ? { html: '', text: '' } : {}),
    },
  });
}

/** What the classifier's verdict means for a queued message (the same rules as for a notice's deliveries). */
export function mailOutcomeOf(verdict: SmtpVerdict, attempt: number, policy: BackoffPolicy, maxAttempts: number, now = Date.now()): MailOutcome {
  switch (verdict.class) {
    case 'transport_down':
      // Nothing is wrong with the message: it waits, uncharged, while the worker pauses and probes the relay.
      return { status: 'pending', nextAttemptAt: new Date(now), error: verdict.reason, countAttempt: false };
    case 'recipient_unknown':
      return { status: 'failed', error: verdict.reason, bounce: true };
    case 'policy':
    case 'rejected':
      return { status: 'failed', error: verdict.reason };
    case 'try_later':
      if (attempt >= maxAttempts) return { status: 'failed', error: `gave up after ${attempt} attempts: ${verdict.reason}` };
      return { status: 'pending', nextAttemptAt: new Date(now + backoffMs(attempt, policy)), error: verdict.reason, countAttempt: true };
  }
}

export interface MailRunOptions {
  workerId: string;
  transport: () => Promise<Transporter>;
  policy: BackoffPolicy;
  maxAttempts: number;
  batch?: number;
  stopping: () => boolean;
  /** The worker's transport is paused: hand messages back without sending. */
  paused?: () => boolean;
  /** Told of every answer (null: accepted) with the time the message was handed over; the worker pauses or resumes on it. */
  observe?: (verdict: SmtpVerdict | null, startedAt: number) => void;
  log: LineLog;
}

export interface MailRun {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** Claims a batch of due mail, sends it through the pooled transport and records every outcome. */
export async function sendDueMail(o: MailRunOptions): Promise<MailRun> {
  const batch = await claimMail(o.workerId, o.batch ?? 8);
  const run: MailRun = { claimed: batch.length, sent: 0, retried: 0, failed: 0 };
  if (batch.length === 0) return run;
  let from: ReturnType<typeof mailSender> | undefined;
  await Promise.all(
    batch.map(async (m) => {
      let outcome: MailOutcome;
      if (m.suppressed) {
        outcome = { status: 'failed', error: SUPPRESSED_ERROR, countAttempt: false };
      } else if (o.stopping() || o.paused?.()) {
        outcome = { status: 'pending', nextAttemptAt: new Date(), error: null, countAttempt: false };
      } else {
        const startedAt = Date.now();
        try {
          from ??= mailSender();
          const options = await transactionalMailOptions(m, await from);
          options.headers = { ...options.headers, ...audienceHeaders(m.kind) };
          const message = rawMessage(options);
          await (await o.transport()).sendMail(message);
          outcome = { status: 'sent', messageId: message.messageId };
          o.observe?.(null, startedAt);
        } catch (error) {
          const verdict = classifySmtpError(error as SmtpErrorLike);
          o.observe?.(verdict, startedAt);
          outcome = mailOutcomeOf(verdict, m.attempts + 1, o.policy, o.maxAttempts);
        }
      }
      if (outcome.status === 'sent') run.sent += 1;
      else if (outcome.status === 'failed') run.failed += 1;
      else if (outcome.countAttempt) run.retried += 1;
      // Candor's own mail is rare enough to log each message, with the address masked.
      if (outcome.status === 'failed') o.log(`worker ${o.workerId}: ${m.kind} mail ${m.id} failed for good (${outcome.error}); to ${maskEmail(m.to)}`, 'warn');
      else if (outcome.status === 'sent') o.log(`worker ${o.workerId}: ${m.kind} mail ${m.id} sent to ${maskEmail(m.to)}`);
      // The claim must end in a recorded outcome; while the worker lives its claims are renewed, so keep trying.
      // A hard bounce is suppressed first (idempotent): if the worker dies in between, the retry is refused at the claim.
      for (;;) {
        try {
          if (outcome.status === 'failed' && outcome.bounce) await suppress([{ email: m.to.toLowerCase(), reason: outcome.error }]);
          await recordMail(o.workerId, m.id, outcome);
          outboxWriteRecovered(o.workerId, 'mail', o.log);
          break;
        } catch (error) {
          if (o.stopping()) return;
          outboxWriteFailed(o.workerId, 'mail', error as Error, o.log);
          await sleep(500);
        }
      }
    }),
  );
  return run;
}

/**
 * Finished rows (sent or failed) whose last attempt is older than `before`, deleted in short batches
 * so no statement holds locks for long; returns the rows each DELETE removed. Housekeeping runs it.
 */
export async function pruneOutboxMail(before: Date, batchSize = 500): Promise<number[]> {
  const size = Math.max(1, Math.min(10_000, Math.floor(batchSize)));
  // No updatedAt: a sent row finished at sentAt; a failed one at its last attempt, which was due at nextAttemptAt.
  // sentAt is never before nextAttemptAt, so the nextAttemptAt bound is implied and lets the (status, nextAttemptAt) index do the work.
  const counts: number[] = [];
  for (;;) {
    const n = await execute(
      `DELETE FROM "OutboxMail" WHERE id IN (
         SELECT m.id FROM "OutboxMail" m
         WHERE m.status IN ('sent', 'failed') AND m."nextAttemptAt" < ${ts(1)} AND COALESCE(m."sentAt", m."nextAttemptAt") < ${ts(1)}
         ORDER BY m.id
         LIMIT $2)`,
      [tsParam(before), size],
    );
    if (n > 0) counts.push(n);
    if (n < size) return counts;
  }
}
