import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { claimMail, enqueueMail } from '@/lib/jobs/outbox-mail';
import { reclaimStale, renewClaims } from '@/lib/jobs/leases';
import { closeOutboxPool } from '@/lib/jobs/sql';

// Leases: a live worker renews only leases that are getting old, a dead worker's leases are
// handed back, and (PostgreSQL) a renewal never waits behind a row being recorded.

describe.each(DATABASE_KINDS)('leases on %s', (kind) => {
  let t: TestDatabase;
  const ago = (ms: number) => new Date(Date.now() - ms);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
  });
  beforeEach(async () => {
    await t.handle.db.outboxMail.deleteMany({});
  });
  afterAll(async () => {
    await closeOutboxPool();
    await t.drop();
  });

  async function claimOne(worker: string, to: string, claimedAgoMs: number): Promise<number> {
    await t.handle.db.$transaction((tx) => enqueueMail(tx, { kind: 'manage_link', to, subject: 'Your link', html: '<p>link</p>', text: 'link' }));
    const [claimed] = await claimMail(worker, 1);
    expect(claimed?.to).toBe(to);
    await t.handle.db.outboxMail.update({ where: { id: claimed!.id }, data: { claimedAt: ago(claimedAgoMs) } });
    return claimed!.id;
  }
  const claimedAt = async (id: number) => (await t.handle.db.outboxMail.findUniqueOrThrow({ where: { id } })).claimedAt!.getTime();

  it("renews only this worker's leases that are older than the cutoff; a dead worker's old lease is handed back", async () => {
    const fresh = await claimOne('alive', 'fresh@example.com', 1_000);
    const old = await claimOne('alive', 'old@example.com', 50_000);
    const dead = await claimOne('dead', 'dead@example.com', 50_000);
    const freshBefore = await claimedAt(fresh);

    await renewClaims('alive', ago(30_000));
    expect(await claimedAt(fresh)).toBe(freshBefore);
    expect(await claimedAt(old)).toBeGreaterThan(Date.now() - 5_000);
    expect(await claimedAt(dead)).toBeLessThan(Date.now() - 40_000);

    const back = await reclaimStale(ago(40_000), 'alive');
    expect(back.mail).toBe(1);
    const rows = await t.handle.db.outboxMail.findMany({ orderBy: { id: 'asc' }, select: { to: true, status: true, claimedBy: true } });
    expect(rows).toEqual([
      { to: 'fresh@example.com', status: 'sending', claimedBy: 'alive' },
      { to: 'old@example.com', status: 'sending', claimedBy: 'alive' },
      { to: 'dead@example.com', status: 'pending', claimedBy: null },
    ]);
  });

  // Only PostgreSQL has concurrent writers; SQLite runs one worker.
  if (kind === 'postgresql')
    it('skips a row locked by another transaction instead of waiting for it, and renews it next time', async () => {
    const locked = await claimOne('alive', 'locked@example.com', 50_000);
    const free = await claimOne('alive', 'free@example.com', 50_000);
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM "OutboxMail" WHERE id = $1 FOR UPDATE`, [locked]);
      const started = Date.now();
      await renewClaims('alive', ago(30_000));
      expect(Date.now() - started).toBeLessThan(900);
      expect(await claimedAt(free)).toBeGreaterThan(Date.now() - 5_000);
      expect(await claimedAt(locked)).toBeLessThan(Date.now() - 40_000);
      await other.query('ROLLBACK');
      await renewClaims('alive', ago(30_000));
      expect(await claimedAt(locked)).toBeGreaterThan(Date.now() - 5_000);
    } finally {
      await other.end();
    }
  });
});
