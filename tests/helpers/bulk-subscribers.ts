import Database from 'better-sqlite3';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import type { TestDatabase } from './test-db';

/** Inserts `rows` confirmed subscribers (bulk-1 … bulk-N) with one SQL statement: data for backup tests. */
export async function seedSubscribers(db: TestDatabase, rows: number): Promise<void> {
  const columns = `(id, email, key, "manageTokenHash", "confirmedAt", "createdAt", "updatedAt")`;
  if (db.kind === 'sqlite') {
    const conn = new Database(sqliteFilePath(db.url));
    conn.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
      INSERT INTO "Subscriber" ${columns}
      SELECT 'bulk-' || i, 'bulk' || i || '@example.com', 'bulk' || i || '@example.com', 'hash-' || i, '2026-11-01T00:00:00.000+00:00', '2026-11-01T00:00:00.000+00:00', '2026-11-01T00:00:00.000+00:00' FROM n`);
    conn.close();
    return;
  }
  await db.handle.pool!.query(`INSERT INTO "Subscriber" ${columns}
    SELECT 'bulk-' || i, 'bulk' || i || '@example.com', 'bulk' || i || '@example.com', 'hash-' || i, now(), now(), now() FROM generate_series(1, ${rows}) AS i`);
}
