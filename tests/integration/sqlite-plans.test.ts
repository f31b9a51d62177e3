import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_EMAIL, OUTCOME_SQLITE, SQLITE_CLAIMED_ROWS, sqliteClaim } from '@/lib/jobs/deliveries';
import { leaseStatements } from '@/lib/jobs/leases';
import { oldestDueSql, queueCountsSql } from '@/lib/jobs/queue-stats';
import { toSqlite } from '@/lib/jobs/sql';
import { SMS_WAITING_SQL } from '@/lib/server/health/sms-waiting-sql';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';

// On SQLite the claim index holds only pending rows (migration claim_index_pending_only), so an
// outcome never touches it. What must stay true: every statement the outbox, its housekeeping, the
// metrics and /api/health run often finds Delivery rows through an index, never by reading the whole
// table. The data makes SQLite's statistics tempt it: 30 notices of 3,000 rows, nearly all sent.

const NOTICES = 30;
const PER_NOTICE = 3_000;

describe('SQLite: the outbox statements search Delivery by index', () => {
  let t: TestDatabase;
  let conn: Database.Database;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    conn = new Database(sqliteFilePath(t.url));
    const at = '2026-01-01T00:00:00.000+00:00';
    conn.prepare(`INSERT INTO "Region" (id, slug, name, carrier, product, market, "timeZone", locale, "createdAt", "updatedAt") VALUES ('r1', 'r1', 'R', 'Telstra', 'Hiptop', 'Australia', 'Australia/Sydney', 'en-AU', ?, ?)`).run(at, at);
    conn.prepare(`INSERT INTO "Incident" (id, title, "createdAt", "updatedAt") VALUES ('i1', 't', ?, ?)`).run(at, at);
    const notice = conn.prepare(`INSERT INTO "Notice" (id, "incidentId", kind, status, "createdAt", "updatedAt") VALUES (?, 'i1', 'data_loss', ?, ?, ?)`);
    const sub = conn.prepare(`INSERT INTO "Subscriber" (id, email, channel, "phoneNumber", key, "manageTokenHash", "confirmedAt", "createdAt", "updatedAt") VALUES (?, ?, 'sms', ?, ?, ?, ?, ?, ?)`);
    const del = conn.prepare(`INSERT INTO "Delivery" ("noticeId", "subscriberId", "regionId", status, "nextAttemptAt", "createdAt") VALUES (?, ?, 'r1', ?, ?, ?)`);
    conn.transaction(() => {
      for (let n = 0; n < NOTICES; n++) notice.run(`n${n}`, n === 0 ? 'sending' : 'sent', at, at);
      for (let i = 0; i < PER_NOTICE; i++) {
        const phone = `+6141${String(i).padStart(7, '0')}`;
        sub.run(`s${i}`, `s${i}@example.com`, phone, `sms ${phone}`, `h${i}`, at, at, at);
        // The notice under way has every state; the others are done.
        for (let n = 0; n < NOTICES; n++) del.run(`n${n}`, `s${i}`, n === 0 ? ['pending', 'sending', 'sent'][i % 3] : 'sent', at, at);
      }
    })();
    conn.exec('ANALYZE');
  }, 60_000);
  afterAll(async () => {
    conn?.close();
    await t.drop();
  });

  /** The plan's steps that read a whole table or index of Delivery (under any alias the statements give it). */
  function fullScans(sql: string): string[] {
    const [text] = toSqlite(sql, []);
    const params = Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 'x');
    const plan = conn.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[];
    return plan.map((p) => p.detail).filter((d) => /^SCAN (Delivery|d|d2|l)\b/.test(d));
  }

  it('the claim index holds only pending rows', () => {
    const { sql } = conn.prepare(`SELECT sql FROM sqlite_master WHERE name = 'Delivery_status_nextAttemptAt_id_idx'`).get() as { sql: string };
    expect(sql).toMatch(/WHERE "status" = 'pending'$/);
  });

  it('claims, outcomes, leases, the queue counts and the SMS health read no whole table', () => {
    const statements = [sqliteClaim(), sqliteClaim(NOT_EMAIL), SQLITE_CLAIMED_ROWS, OUTCOME_SQLITE, ...leaseStatements(), queueCountsSql(), oldestDueSql(), SMS_WAITING_SQL];
    expect(leaseStatements().length).toBeGreaterThan(0);
    for (const sql of statements) expect({ sql, scans: fullScans(sql) }).toEqual({ sql, scans: [] });
  });

  it('controls: the same check sees a whole-table read, and a bound status that the partial index cannot match', () => {
    expect(fullScans(`SELECT d.id FROM "Delivery" d WHERE d."lastError" = 'x'`)).toEqual(['SCAN d']);
    // How the Prisma client writes status = 'pending': as a parameter. SQLite cannot use the partial index for it.
    expect(fullScans(`SELECT d.id FROM "Delivery" d WHERE d.status = $1 AND d."nextAttemptAt" <= $2 ORDER BY d."nextAttemptAt", d.id LIMIT 1`)).not.toEqual([]);
    // Without its INDEXED BY, a lease statement is planned as a scan on these statistics.
    const reclaim = leaseStatements()[0]!;
    expect(reclaim).toContain('INDEXED BY');
    expect(fullScans(reclaim.replace(/ INDEXED BY "[^"]+"/, ''))).not.toEqual([]);
  });
});
