import { staleCutoffs, HOUSEKEEPING } from '@/lib/domain/housekeeping';
import { ACCOUNT_RULE, IP_RULE, RESET_ACCOUNT_RULE, RESET_IP_RULE } from '../auth/throttle-policy';
import { SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP } from '../subscriptions/rate-limit';
import { db } from '../db';
import { pruneOutboxMail } from '@/lib/jobs/outbox-mail';
import type { WindowLimit } from '../rate-limit/reserve';

/** Every rule that writes RateLimit rows: a row is kept for the longest window, whatever its key. */
export const RATE_LIMIT_RULES: readonly WindowLimit[] = [ACCOUNT_RULE, IP_RULE, RESET_ACCOUNT_RULE, RESET_IP_RULE, SUBSCRIBE_PER_IP, SUBSCRIBE_PER_ADDRESS];

export type StaleTable = 'session' | 'rateLimit' | 'passwordReset' | 'subscriber' | 'outboxMail';
/** Rows deleted by each DELETE statement, per table. */
export type StaleReport = Record<StaleTable, number[]>;

/**
 * Picks up to `batch` ids, then deletes them with the same condition again (a row that came back to
 * life in between, such as a rate-limit key counted again, stays); until a batch comes back short.
 * Several instances may run this at once: a row deleted by another is simply not counted.
 */
async function inBatches<Id>(batch: number, pick: (take: number) => Promise<Id[]>, remove: (ids: Id[]) => Promise<number>): Promise<number[]> {
  const counts: number[] = [];
  for (;;) {
    const ids = await pick(batch);
    if (ids.length === 0) return counts;
    counts.push(await remove(ids));
    if (ids.length < batch) return counts;
  }
}

/** Deletes expired sessions, finished rate-limit rows, spent resets, lapsed sign-ups and old outbox mail. */
export async function deleteStaleRows({ now, batchSize = HOUSEKEEPING.batchSize }: { now: Date; batchSize?: number }): Promise<StaleReport> {
  const c = staleCutoffs(now, Math.max(...RATE_LIMIT_RULES.map((r) => r.windowMs)));
  const d = db();

  const session = { expiresAt: { lte: c.sessionExpiredBy } };
  const rateLimit = { windowStart: { lte: c.rateWindowStartedBy }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: c.rateLockEndedBy } }] };
  const passwordReset = { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: c.resetExpiredBy } }] };
  const subscriber = { confirmedAt: null, confirmExpiresAt: { lte: c.confirmExpiredBy } };
  const id = { id: true } as const;
  const ids = <T>(rows: { id: T }[]) => rows.map((r) => r.id);

  return {
    session: await inBatches(
      batchSize,
      async (take) => ids(await d.session.findMany({ where: session, select: id, take })),
      async (some) => (await d.session.deleteMany({ where: { id: { in: some }, ...session } })).count,
    ),
    rateLimit: await inBatches(
      batchSize,
      async (take) => (await d.rateLimit.findMany({ where: rateLimit, select: { key: true }, take })).map((r) => r.key),
      async (some) => (await d.rateLimit.deleteMany({ where: { key: { in: some }, ...rateLimit } })).count,
    ),
    passwordReset: await inBatches(
      batchSize,
      async (take) => ids(await d.passwordReset.findMany({ where: passwordReset, select: id, take })),
      async (some) => (await d.passwordReset.deleteMany({ where: { id: { in: some }, ...passwordReset } })).count,
    ),
    subscriber: await inBatches(
      batchSize,
      async (take) => ids(await d.subscriber.findMany({ where: subscriber, select: id, take })),
      async (some) => (await d.subscriber.deleteMany({ where: { id: { in: some }, ...subscriber } })).count,
    ),
    outboxMail: await pruneOutboxMail(c.outboxFinishedBy, batchSize),
  };
}
