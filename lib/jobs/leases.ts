import { dialect, execute, ts, tsParam } from './sql';

// Delivery rows and OutboxMail rows are leased to a worker the same way: status 'sending' with
// claimedBy/claimedAt. A live worker renews its leases on a timer; leases that grow older than
// the cutoff belong to a dead worker and are handed out again.

// A delivery's lease is found through ("noticeId", "status"), notice by notice: on SQLite the claim
// index holds only pending rows (the rows being sent are not in it), and there are far fewer notices
// than rows. SQLite is told that index: from its statistics alone it may scan the whole table instead.
const LEASED = [
  { table: '"Delivery"', what: 'deliveries', sqliteIndex: '"Delivery_noticeId_status_idx"', scope: (row: string) => ` AND ${row}"noticeId" IN (SELECT n.id FROM "Notice" n)` },
  { table: '"OutboxMail"', what: 'mail', sqliteIndex: null, scope: () => '' },
] as const;

/** The table to search for leases, with its alias and, on SQLite, the index to search it by. */
function leasesIn(l: (typeof LEASED)[number], alias = ''): string {
  return `${l.table}${alias ? ` ${alias}` : ''}${l.sqliteIndex && dialect() === 'sqlite' ? ` INDEXED BY ${l.sqliteIndex}` : ''}`;
}

export type LeaseCounts = Record<(typeof LEASED)[number]['what'], number>;

/** SQL: hands back `l`'s leases claimed before $1 (and, with `except`, not by worker $2). */
const reclaimSql = (l: (typeof LEASED)[number], except: boolean) =>
  `UPDATE ${leasesIn(l)} SET status = 'pending', "claimedBy" = NULL, "claimedAt" = NULL WHERE status = 'sending'${l.scope('')} AND "claimedAt" < ${ts(1)}${except ? ` AND "claimedBy" <> $2` : ''}`;

/** SQL: worker $2 renews (to $1) its leases of `l` claimed before $3. */
const renewSql = (l: (typeof LEASED)[number]) =>
  `UPDATE ${l.table} SET "claimedAt" = ${ts(1)}
   WHERE id IN (SELECT l.id FROM ${leasesIn(l, 'l')} WHERE l.status = 'sending'${l.scope('l.')} AND l."claimedBy" = $2 AND l."claimedAt" < ${ts(3)}${dialect() === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : ''})`;

/** Every lease statement in this database's dialect, for checking their plans. */
export const leaseStatements = (): string[] => LEASED.flatMap((l) => [reclaimSql(l, false), reclaimSql(l, true), renewSql(l)]);

/** Hands back leases older than the cutoff, except those of `exceptWorker` (the caller, alive). */
export async function reclaimStale(olderThan: Date, exceptWorker?: string): Promise<LeaseCounts> {
  const counts = { deliveries: 0, mail: 0 };
  for (const l of LEASED) counts[l.what] = await execute(reclaimSql(l, Boolean(exceptWorker)), exceptWorker ? [tsParam(olderThan), exceptWorker] : [tsParam(olderThan)]);
  return counts;
}

/**
 * A live worker renews its leases, so only a dead worker's grow old enough to be handed out again.
 * Only leases older than `olderThan` are touched (a fast batch is finished long before), and on
 * PostgreSQL rows locked at that moment (an outcome being recorded) are skipped, not waited for:
 * the renewal and the worker's own outcome writes never queue behind each other or deadlock.
 */
export async function renewClaims(workerId: string, olderThan: Date, now = new Date()): Promise<void> {
  for (const l of LEASED) await execute(renewSql(l), [tsParam(now), workerId, tsParam(olderThan)]);
}
