import type { DeliveryOutcome } from './deliveries';

// The SMSC's id of every accepted segment, kept so the handset's receipt finds its delivery row.
// Written with the outcomes that mark the texts sent (recordOutcomes): one statement for a group
// of texts and their ids together, rather than a write of its own behind every send.

/** [messageId, deliveryId] per segment of the sent texts; a repeated id (a resend) points at its newest delivery. */
export function smsPartRows(outcomes: DeliveryOutcome[]): [string, number][] {
  const rows = new Map<string, [string, number]>();
  for (const o of outcomes) {
    if (o.status !== 'sent' || !o.smsParts) continue;
    for (const id of o.smsParts) {
      // The same id twice in one statement would be an error on PostgreSQL: the last one wins, as it would one by one.
      const key = id.toLowerCase();
      rows.delete(key);
      rows.set(key, [key, o.id]);
    }
  }
  return [...rows.values()];
}

const CONFLICT = `ON CONFLICT ("messageId") DO UPDATE SET "deliveryId" = excluded."deliveryId"`;

/** The upsert on PostgreSQL, from two array parameters (ids, delivery ids). */
export const SMS_PARTS_UPSERT_PG = (ids: string, deliveries: string) => `INSERT INTO "SmsPart" ("messageId", "deliveryId") SELECT * FROM unnest(${ids}::text[], ${deliveries}::int[]) ${CONFLICT}`;

/** Rows per statement on SQLite, largest first: a group's segments go in a few statements of these shapes (a handful compiled, ever). */
const SQLITE_CHUNKS = [32, 8, 2, 1];
const sqliteUpserts = new Map(SQLITE_CHUNKS.map((n) => [n, `INSERT INTO "SmsPart" ("messageId", "deliveryId") VALUES ${Array.from({ length: n }, () => '(?, ?)').join(', ')} ${CONFLICT}`]));

/**
 * The upserts of `rows` on SQLite, as [sql, params] for the outcomes' transaction: many rows per
 * statement (one statement per segment cost about 2.5 µs more per text, in its statement overhead).
 */
export function smsPartUpsertsSqlite(rows: readonly [string, number][]): [string, unknown[]][] {
  const statements: [string, unknown[]][] = [];
  let at = 0;
  for (const size of SQLITE_CHUNKS) {
    for (; rows.length - at >= size; at += size) statements.push([sqliteUpserts.get(size)!, rows.slice(at, at + size).flat()]);
  }
  return statements;
}
