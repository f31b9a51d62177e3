import { dialect, execute, ts, tsParam } from './sql';

// Delivery rows and OutboxMail rows are leased to a worker the same way: status 'sending' with
// claimedBy/claimedAt. A live worker renews its leases on a timer; leases that grow older than
// the cutoff belong to a dead worker and are handed out again.

const LEASED = [
  { table: '"Delivery"', what: 'deliveries' },
  { table: '"OutboxMail"', what: 'mail' },
] as const;

export type LeaseCounts = Record<(typeof LEASED)[number]['what'], number>;

/** Hands back leases older than the cutoff, except those of `exceptWorker` (the caller, alive). */
export async function reclaimStale(olderThan: Date, exceptWorker?: string): Promise<LeaseCounts> {
  const counts = { deliveries: 0, mail: 0 };
  for (const { table, what } of LEASED) {
    const except = exceptWorker ? ` AND "claimedBy" <> $2` : '';
    counts[what] = await execute(
      `UPDATE ${table} SET status = 'pending', "claimedBy" = NULL, "claimedAt" = NULL WHERE status = 'sending' AND "claimedAt" < ${ts(1)}${except}`,
      exceptWorker ? [tsParam(olderThan), exceptWorker] : [tsParam(olderThan)],
    );
  }
  return counts;
}

/**
 * A live worker renews its leases, so only a dead worker's grow old enough to be handed out again.
 * Only leases older than `olderThan` are touched (a fast batch is finished long before), and on
 * PostgreSQL rows locked at that moment (an outcome being recorded) are skipped, not waited for:
 * the renewal and the worker's own outcome writes never queue behind each other or deadlock.
 */
export async function renewClaims(workerId: string, olderThan: Date, now = new Date()): Promise<void> {
  const skipLocked = dialect() === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  for (const { table } of LEASED) {
    await execute(
      `UPDATE ${table} SET "claimedAt" = ${ts(1)}
       WHERE id IN (SELECT l.id FROM ${table} l WHERE l.status = 'sending' AND l."claimedBy" = $2 AND l."claimedAt" < ${ts(3)}${skipLocked})`,
      [tsParam(now), workerId, tsParam(olderThan)],
    );
  }
}
