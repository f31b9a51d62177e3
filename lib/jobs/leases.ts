import { execute, ts, tsParam } from './sql';

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

/** A live worker renews its leases, so only a dead worker's grow old enough to be handed out again. */
export async function renewClaims(workerId: string, now = new Date()): Promise<void> {
  for (const { table } of LEASED) await execute(`UPDATE ${table} SET "claimedAt" = ${ts(1)} WHERE status = 'sending' AND "claimedBy" = $2`, [tsParam(now), workerId]);
}
