import { db } from '@/lib/server/db';
import { ACTIVE_NOTICE } from './deliveries';
import { num, rows, ts, tsParam } from './sql';

// What is waiting to be sent, for the metrics scrape. Cheap at any queue size: the count walks the
// (status, nextAttemptAt, id) index and stops at QUEUE_COUNT_CAP rows; the oldest due row is the
// first entry of that index.

export const QUEUE_COUNT_CAP = 100_000;

export interface QueueStats {
  /** Due rows (pending, nextAttemptAt passed), up to QUEUE_COUNT_CAP each. */
  due: { notice: number; system: number };
  /** When the longest-waiting due row became due (null: nothing due). */
  oldestDueAt: { notice: Date | null; system: Date | null };
}

/** SQL ($1 now): the due rows of both outboxes, counted up to the cap. */
export const queueCountsSql = () =>
  `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM "Delivery" d WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${ts(1)} AND d."noticeId" IN (${ACTIVE_NOTICE}) LIMIT ${QUEUE_COUNT_CAP}) x) AS d,
          (SELECT COUNT(*) FROM (SELECT 1 FROM "OutboxMail" m WHERE m.status = 'pending' AND m."nextAttemptAt" <= ${ts(1)} LIMIT ${QUEUE_COUNT_CAP}) y) AS m`;

/**
 * SQL ($1 now): the id of the delivery due longest. 'pending' is written into the SQL, not bound as
 * the client would: SQLite uses its partial claim index only for a literal it can match.
 */
export const oldestDueSql = () =>
  `SELECT d.id FROM "Delivery" d WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${ts(1)} AND d."noticeId" IN (${ACTIVE_NOTICE}) ORDER BY d."nextAttemptAt", d.id LIMIT 1`;

export async function queueStats(now = new Date()): Promise<QueueStats> {
  const [counts] = await rows<{ d: unknown; m: unknown }>(queueCountsSql(), [tsParam(now)]);
  // Its time is then read through the client, which reads both databases' timestamps alike.
  const [first] = await rows<{ id: unknown }>(oldestDueSql(), [tsParam(now)]);
  const [notice, system] = await Promise.all([
    first ? db().delivery.findUnique({ where: { id: num(first.id) }, select: { nextAttemptAt: true } }) : null,
    db().outboxMail.findFirst({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], select: { nextAttemptAt: true } }),
  ]);
  return { due: { notice: num(counts?.d), system: num(counts?.m) }, oldestDueAt: { notice: notice?.nextAttemptAt ?? null, system: system?.nextAttemptAt ?? null } };
}
