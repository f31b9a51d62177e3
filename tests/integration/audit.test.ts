import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../helpers/refuse-inserts';
import type { Actor } from '@/lib/server/actor';
import { listAudit } from '@/lib/server/audit-log/list-audit';
import { writeAudit } from '@/lib/server/audit';
import { AppError } from '@/lib/server/errors';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

const ann: Actor = { type: 'user', userId: 'u-ann', label: 'Ann <ann@x.test>', role: 'admin', ip: '10.0.0.1' };
const bot: Actor = { type: 'token', tokenId: 't-ci', label: 'token:ci', role: 'responder' };

describe.each(DATABASE_KINDS)('audit log on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const db = t.handle.db;
    await db.$transaction(async (tx) => {
      await writeAudit(tx, ann, { action: 'incident.create', objectType: 'incident', objectId: 'i1', after: { title: 'A' } }, new Date('2026-01-01T10:00:00Z'));
      await writeAudit(tx, bot, { action: 'incident_update.publish', objectType: 'incident_update', objectId: 'u1' }, new Date('2026-01-02T10:00:00Z'));
      await writeAudit(tx, ann, { action: 'region.update', objectType: 'region', objectId: 'r1', before: { product: 'Sidekick' }, after: { product: 'Hiptop' } }, new Date('2026-01-03T10:00:00Z'));
    });
  });
  afterAll(async () => t?.drop());

  it('filters by person, object and time, newest first', async () => {
    expect((await listAudit({})).entries.map((e) => e.objectId)).toEqual(['r1', 'u1', 'i1']);
    expect((await listAudit({ actor: 'u-ann' })).entries.map((e) => e.objectId)).toEqual(['r1', 'i1']);
    expect((await listAudit({ actor: 'token:ci' })).entries.map((e) => e.objectId)).toEqual(['u1']);
    expect((await listAudit({ objectType: 'region', objectId: 'r1' })).entries[0]).toMatchObject({ actorLabel: 'Ann <ann@x.test>', ip: '10.0.0.1', before: '{"product":"Sidekick"}', after: '{"product":"Hiptop"}' });
    expect((await listAudit({ from: '2026-01-02', to: '2026-01-02' })).entries.map((e) => e.objectId)).toEqual(['u1']);
    expect((await listAudit({ action: 'incident' })).total).toBe(2);
    expect((await listAudit({ actor: '', objectType: '', objectId: '', action: '', from: '', to: '', page: '' })).total).toBe(3);
    await expect(listAudit({ from: 'yesterday-ish' })).rejects.toBeInstanceOf(AppError);
  });

  it('refuses to edit or delete an entry', async () => {
    const db = t.handle.db;
    const entry = (await db.auditLog.findFirstOrThrow({ where: { objectId: 'i1' } })).id;
    // The database's own trigger refuses, not some other failure (a wrong id would throw too).
    expect(await refusal(db.auditLog.update({ where: { id: entry }, data: { actorLabel: 'someone else' } }))).toMatch(/AuditLog is append-only; UPDATE is not allowed/);
    expect(await refusal(db.auditLog.delete({ where: { id: entry } }))).toMatch(/AuditLog is append-only; DELETE is not allowed/);
    expect((await db.auditLog.findUniqueOrThrow({ where: { id: entry } })).actorLabel).toBe('Ann <ann@x.test>');
  });
});
