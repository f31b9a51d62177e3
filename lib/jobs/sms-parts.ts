import { execute } from './sql';

// The SMSC's id of every accepted segment, kept so the handset's receipt finds its delivery row.
// Written by group commit: while one INSERT runs, the segments accepted meanwhile wait and go in
// the next, as one statement (a transaction per text held a fan-out to a tenth of the SMSC's pace).

export interface AcceptedParts {
  deliveryId: number;
  messageIds: string[];
}

/** Rows per statement: two parameters each, well inside SQLite's and PostgreSQL's limits. */
const MAX_ROWS = 2000;

/** One upsert for many segments; a repeated id (a resend) points at its newest delivery and keeps its receipt. */
async function insertParts(batch: AcceptedParts[]): Promise<void> {
  const rows = batch.flatMap((b) => b.messageIds.map((id) => [id.toLowerCase(), b.deliveryId] as const));
  // The same id twice in one statement would be an error on PostgreSQL: the last one wins, as it would one by one.
  const unique = [...new Map(rows.map((r) => [r[0], r])).values()];
  for (let i = 0; i < unique.length; i += MAX_ROWS) {
    const chunk = unique.slice(i, i + MAX_ROWS);
    const values = chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ');
    await execute(`INSERT INTO "SmsPart" ("messageId", "deliveryId") VALUES ${values} ON CONFLICT ("messageId") DO UPDATE SET "deliveryId" = excluded."deliveryId"`, chunk.flat());
  }
}

export class SmsPartsWriter {
  private waiting: AcceptedParts[] = [];
  private next: Promise<void> | null = null;
  private running: Promise<void> = Promise.resolve();

  /** Resolves once these ids are stored (or rejects with the statement's error). */
  write(parts: AcceptedParts): Promise<void> {
    this.waiting.push(parts);
    this.next ??= (async () => {
      await this.running.catch(() => undefined);
      const batch = this.waiting;
      this.waiting = [];
      this.next = null;
      this.running = insertParts(batch);
      await this.running;
    })();
    return this.next;
  }

  /** Waits for every write handed in so far. */
  async settled(): Promise<void> {
    await Promise.allSettled([this.next, this.running]);
  }
}
