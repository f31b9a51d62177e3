import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { prepareNotice } from '@/lib/jobs/prepare-notice';
import { claimDeliveries, OUTCOME_SQLITE, recordOutcomes } from '@/lib/jobs/deliveries';
import { reclaimStale } from '@/lib/jobs/leases';
import { closeOutboxPool } from '@/lib/jobs/sql';
import { addSubscribers, createScenario } from './notify-fixtures';

// Claims come in (nextAttemptAt, id) order. On PostgreSQL a full claim hands back a cursor and the
// next claim starts its index scan there; a row handed back behind the cursor is claimed by the
// next claim without one (after a short claim, or at the worker's next housekeeping round).

describe.each(DATABASE_KINDS)('delivery claims on %s', (kind) => {
  let t: TestDatabase;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const s = await createScenario(t.handle.db);
    await addSubscribers(
      t.handle.db,
      Array.from({ length: 10 }, (_, i) => ({ email: `c${i}@example.com` })),
    );
    const n = await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
    await prepareNotice(n.id);
    ids = (await t.handle.db.delivery.findMany({ where: { noticeId: n.id }, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], select: { id: true } })).map((d) => d.id);
    expect(ids).toHaveLength(10);
  });
  afterAll(async () => {
    await closeOutboxPool();
    await t.drop();
  });

  it('claims in order, continues from the cursor, and picks up a row handed back behind it once the cursor is dropped', async () => {
    const first = await claimDeliveries('w', 4);
    expect(first.claimed.map((d) => d.id)).toEqual(ids.slice(0, 4));
    if (kind === 'postgresql') expect(first.cursor).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/), id: ids[3] });
    else expect(first.cursor).toBeNull();

    const second = await claimDeliveries('w', 4, new Date(), first.cursor);
    expect(second.claimed.map((d) => d.id)).toEqual(ids.slice(4, 8));

    // The first row goes back as a dead worker's claim does: pending again, at its old place in the order.
    await recordOutcomes('w', first.claimed.slice(1).map((d) => ({ id: d.id, status: 'sent' as const, messageId: `<${d.id}@test>` })));
    await t.handle.db.delivery.update({ where: { id: ids[0] }, data: { claimedAt: new Date(Date.now() - 600_000) } });
    expect((await reclaimStale(new Date(Date.now() - 60_000))).deliveries).toBe(1);

    const third = await claimDeliveries('w', 4, new Date(), second.cursor);
    // PostgreSQL starts past the cursor and finds the last two only: a short claim, so no cursor.
    // SQLite has no cursor and takes the handed-back row first, in its place.
    expect(third.claimed.map((d) => d.id)).toEqual(kind === 'postgresql' ? ids.slice(8, 10) : [ids[0], ...ids.slice(8, 10)]);
    expect(third.cursor).toBeNull();

    const fourth = await claimDeliveries('w', 4, new Date(), third.cursor);
    expect(fourth.claimed.map((d) => d.id)).toEqual(kind === 'postgresql' ? [ids[0]] : []);
    const pending = await t.handle.db.delivery.count({ where: { status: 'pending' } });
    expect(pending).toBe(0);
  });

  it('records outcomes only for rows this worker still holds', async () => {
    const held = await t.handle.db.delivery.findMany({ where: { status: 'sending' }, orderBy: { id: 'asc' }, select: { id: true, claimedBy: true } });
    expect(held.length).toBeGreaterThan(2);
    expect(held.every((d) => d.claimedBy === 'w')).toBe(true);
    await recordOutcomes('someone-else', [{ id: held[0]!.id, status: 'sent', messageId: '<x@test>' }]);
    await recordOutcomes('w', [{ id: held[1]!.id, status: 'sent', messageId: '<y@test>' }]);
    const after = await t.handle.db.delivery.findMany({ where: { id: { in: [held[0]!.id, held[1]!.id] } }, orderBy: { id: 'asc' }, select: { status: true, messageId: true, claimedBy: true } });
    expect(after).toEqual([
      { status: 'sending', messageId: null, claimedBy: 'w' },
      { status: 'sent', messageId: '<y@test>', claimedBy: null },
    ]);
  });

  // Every claimed row is in 'sending': an outcome write that searched the status index visited all of
  // them for each group (5 ms for 8 outcomes with 512 rows claimed, on the thread that serves pages).
  if (kind === 'sqlite')
    it('finds the row of each outcome write by id', async () => {
      const plan = await t.handle.db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${OUTCOME_SQLITE}`, ...Array.from({ length: 10 }, () => null));
      expect(plan.map((p) => p.detail)).toEqual([expect.stringMatching(/^SEARCH Delivery USING INTEGER PRIMARY KEY \(rowid=\?\)$/)]);
    });
});
