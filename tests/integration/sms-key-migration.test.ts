import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '@/lib/server/migrate';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';

// The migration that makes a number one SMS subscription, run on rows written the old way (keyed
// by e-mail address and number): duplicates of a number become one active row that keeps what
// each active duplicate followed, the others are ended with an audit row, and no one else changes.

const MIGRATION = '20261201150000_sms_one_subscription_per_number';

describe.each(DATABASE_KINDS)('one SMS subscription per number, migrating old rows on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => t?.drop());

  const runMigration = async () => {
    const script = readFileSync(join(migrationsDir(kind), MIGRATION, 'migration.sql'), 'utf8');
    if (kind === 'sqlite') {
      const file = t.url.replace(/^file:/, '');
      const conn = new Database(file);
      try {
        conn.exec(`BEGIN; ${script} COMMIT;`);
      } finally {
        conn.close();
      }
    } else {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        await client.query(script);
      } finally {
        await client.end();
      }
    }
  };

  it('keeps the active row confirmed last, adds what the other active rows followed, ends the rest with an audit row', async () => {
    const db = t.handle.db;
    const [west, east, north] = await Promise.all(
      ['west', 'east', 'north'].map((slug, i) => db.region.create({ data: { slug, name: slug, carrier: slug, product: 'Sidekick', market: 'AU', timeZone: 'UTC', position: i } })),
    );
    const sync = await db.component.create({ data: { slug: 'sync', name: 'Sync' } });
    const at = (h: number) => new Date(Date.UTC(2026, 10, 1, h));
    let n = 0;
    const sms = (phone: string, email: string, extra: Record<string, unknown>) =>
      db.subscriber.create({ data: { email, channel: 'sms', phoneNumber: phone, key: `sms ${email} ${phone}`, manageTokenHash: `h${(n += 1)}`, createdAt: at(0), ...extra } });
    // A: two active rows, the second confirmed later (kept), each following its own region and kinds.
    const a1 = await sms('+61412000001', 'one@example.au', { confirmedAt: at(1), allRegions: false, allComponents: false, noticeKinds: 'resolved', regions: { create: [{ regionId: west!.id }] }, components: { create: [{ componentId: sync.id }] } });
    const a2 = await sms('+61412000001', 'two@example.au', { confirmedAt: at(2), allRegions: false, noticeKinds: 'initial', regions: { create: [{ regionId: east!.id }] } });
    // B: the row confirmed last replied STOP; the active one is kept and the ended one adds nothing.
    const b1 = await sms('+61412000002', 'stop@example.au', { confirmedAt: at(3), unsubscribedAt: at(4) });
    const b2 = await sms('+61412000002', 'still@example.au', { confirmedAt: at(1), allRegions: false, regions: { create: [{ regionId: north!.id }] } });
    // C: one row; D: only a pending row and an ended one (the newest is kept, still pending).
    const c = await sms('+61412000003', 'only@example.au', { confirmedAt: at(1) });
    const d1 = await sms('+61412000004', 'old@example.au', { confirmedAt: at(1), unsubscribedAt: at(2) });
    const d2 = await sms('+61412000004', 'new@example.au', { createdAt: at(5) });
    // E: a pending request beside an active row is ended with its code voided, so it can never be confirmed into a second row.
    const e1 = await sms('+61412000005', 'kept@example.au', { confirmedAt: at(1) });
    const e2 = await sms('+61412000005', 'asked@example.au', { createdAt: at(6), smsCodeHash: 'code-hmac', smsCodeExpiresAt: new Date(Date.now() + 600_000) });
    const mail = await db.subscriber.create({ data: { email: 'mail@example.au', key: 'mail@example.au', confirmedAt: at(1), manageTokenHash: 'hm' } });
    const auditBefore = await db.auditLog.count();

    const before = Date.now();
    await runMigration();

    const get = (id: string) => db.subscriber.findUniqueOrThrow({ where: { id }, include: { regions: true, components: true } });
    const kept = await get(a2.id);
    expect([kept.key, kept.email, kept.unsubscribedAt, kept.allRegions, kept.allComponents, kept.noticeKinds]).toEqual(['sms +61412000001', 'two@example.au', null, false, true, '']);
    expect(kept.regions.map((r) => r.regionId).sort()).toEqual([west!.id, east!.id].sort());
    expect(kept.components.map((r) => r.componentId)).toEqual([sync.id]);
    const ended = await get(a1.id);
    expect(ended.key).toBe(`sms +61412000001 merged ${a1.id}`);
    expect(ended.unsubscribedAt?.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(ended.unsubscribedAt?.getTime()).toBeLessThanOrEqual(Date.now() + 2000);

    const b = await get(b2.id);
    expect([b.key, b.unsubscribedAt, b.allRegions, b.regions.map((r) => r.regionId)]).toEqual(['sms +61412000002', null, false, [north!.id]]);
    const stopped = await get(b1.id);
    expect([stopped.key, stopped.unsubscribedAt?.toISOString()]).toEqual([`sms +61412000002 merged ${b1.id}`, at(4).toISOString()]);

    expect((await get(c.id)).key).toBe('sms +61412000003');
    expect([(await get(d2.id)).key, (await get(d1.id)).key]).toEqual(['sms +61412000004', `sms +61412000004 merged ${d1.id}`]);
    const e = await get(e2.id);
    expect([(await get(e1.id)).key, e.key, e.smsCodeHash, e.smsCodeExpiresAt, e.unsubscribedAt === null]).toEqual(['sms +61412000005', `sms +61412000005 merged ${e2.id}`, null, null, false]);
    expect((await get(mail.id)).key).toBe('mail@example.au');

    const byObject = (x: readonly unknown[], y: readonly unknown[]) => String(x[0]).localeCompare(String(y[0]));
    const audit = (await db.auditLog.findMany({ where: { action: 'subscriber.sms_merge' } })).sort((x, y) => byObject([x.objectId], [y.objectId]));
    expect(await db.auditLog.count()).toBe(auditBefore + 4);
    expect(audit.map((r) => [r.objectId, r.actorType, r.actorLabel, JSON.parse(r.after ?? '{}').keptSubscriber, JSON.parse(r.before ?? '{}').unsubscribed])).toEqual(
      [
        [a1.id, 'system', 'Candor', a2.id, false],
        [b1.id, 'system', 'Candor', b2.id, true],
        [d1.id, 'system', 'Candor', d2.id, true],
        [e2.id, 'system', 'Candor', e1.id, false],
      ].sort(byObject),
    );
    expect(JSON.parse(audit.find((r) => r.objectId === a1.id)?.before ?? '{}').key).toBe('sms one@example.au +61412000001');
    // One active subscription per number is left.
    const active = await db.subscriber.groupBy({ by: ['phoneNumber'], where: { channel: 'sms', unsubscribedAt: null }, _count: true });
    expect(active.map((g) => g._count)).toEqual([1, 1, 1, 1, 1]);
  });
});
