import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/server/actor';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { advanceMaintenance, nextMaintenanceWake } from '@/lib/server/maintenance/advance-maintenance';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

describe.each(DATABASE_KINDS)('maintenance scheduler on %s', (kind) => {
  let t: TestDatabase;
  let actor: Actor;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const db = t.handle.db;
    await db.component.create({ data: { slug: 'sync', name: 'Sync' } });
    await db.region.create({ data: { slug: 'tmobile-us', name: 'T-Mobile US', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', timeZone: 'America/Los_Angeles' } });
    const u = await db.user.create({ data: { email: 'm@x.test', name: 'Mo', role: 'responder', passwordHash: 'x' } });
    actor = { type: 'user', userId: u.id, label: 'Mo', role: 'responder' };
  });
  afterAll(async () => t?.drop());

  const plan = (start: Date, end: Date, extra: Record<string, unknown> = {}) =>
    createIncident({
      actor,
      now: new Date(start.getTime() - 3600_000),
      input: { name: 'Database upgrade', kind: 'maintenance', body: 'We will upgrade the sync database.', scheduled_for: start.toISOString(), scheduled_until: end.toISOString(), deliver_notifications: true, impacts: [{ component: 'sync', region: 'tmobile-us', status: 'under_maintenance' }], ...extra },
    });

  it('starts and completes by itself, setting under_maintenance and back, exactly once', async () => {
    const start = new Date(Date.now() + 3600_000);
    const end = new Date(start.getTime() + 1800_000);
    const { id } = await plan(start, end);
    const db = t.handle.db;
    const cell = () => db.incidentImpact.findFirstOrThrow({ where: { incidentId: id } });
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).status).toBe('scheduled');
    expect((await cell()).status).toBe('operational');
    expect(await nextMaintenanceWake(new Date(start.getTime() - 60_000))).toEqual(start);

    expect((await advanceMaintenance(new Date(start.getTime() - 1000))).started).toEqual([]);
    // Two instances race at the start boundary: exactly one performs the transition.
    const [a, b] = await Promise.all([advanceMaintenance(new Date(start.getTime() + 10)), advanceMaintenance(new Date(start.getTime() + 10))]);
    expect([...a.started, ...b.started]).toEqual([id]);
    let incident = await db.incident.findUniqueOrThrow({ where: { id }, include: { updates: true } });
    expect(incident.status).toBe('in_progress');
    expect(incident.updates.filter((u) => u.status === 'in_progress')).toHaveLength(1);
    expect(incident.updates.find((u) => u.status === 'in_progress')?.authorName).toBe('Candor');
    expect((await cell()).status).toBe('under_maintenance');

    const [c, d] = await Promise.all([advanceMaintenance(new Date(end.getTime() + 10)), advanceMaintenance(new Date(end.getTime() + 10))]);
    expect([...c.completed, ...d.completed]).toEqual([id]);
    incident = await db.incident.findUniqueOrThrow({ where: { id }, include: { updates: true } });
    expect(incident.status).toBe('completed');
    expect(incident.updates.filter((u) => u.status === 'completed')).toHaveLength(1);
    expect((await cell()).status).toBe('operational');
    expect(await db.auditLog.count({ where: { objectId: id, action: { in: ['maintenance.start', 'maintenance.complete'] }, actorType: 'system' } })).toBe(2);
    expect(await db.notice.count({ where: { incidentId: id } })).toBe(3);
  });

  it('a window found over while still scheduled gets its start in the timeline too, and only its end is announced', async () => {
    const start = new Date(Date.now() + 5 * 3600_000);
    const end = new Date(start.getTime() + 1800_000);
    const { id } = await plan(start, end);
    const db = t.handle.db;
    const noticesBefore = await db.notice.count({ where: { incidentId: id } });
    // The scheduler's first look after the start comes after the end (Candor was down, or slow).
    const [a, b] = await Promise.all([advanceMaintenance(new Date(end.getTime() + 10)), advanceMaintenance(new Date(end.getTime() + 10))]);
    expect([...a.started, ...b.started]).toEqual([id]);
    expect([...a.completed, ...b.completed]).toEqual([id]);
    const incident = await db.incident.findUniqueOrThrow({ where: { id }, include: { updates: { include: { impactChanges: true } } } });
    expect(incident.status).toBe('completed');
    const byStatus = (s: string) => incident.updates.filter((u) => u.status === s);
    expect(byStatus('in_progress').map((u) => [u.body, u.displayAt.toISOString(), u.deliverNotifications, u.impactChanges[0]?.status])).toEqual([['The scheduled maintenance has started.', start.toISOString(), false, 'under_maintenance']]);
    expect(byStatus('completed').map((u) => [u.body, u.displayAt.toISOString(), u.deliverNotifications, u.impactChanges[0]?.status])).toEqual([['The scheduled maintenance is complete.', end.toISOString(), true, 'operational']]);
    expect((await db.incidentImpact.findFirstOrThrow({ where: { incidentId: id } })).status).toBe('operational');
    const audit = await db.auditLog.findMany({ where: { objectId: id, action: { in: ['maintenance.start', 'maintenance.complete'] } }, orderBy: { action: 'desc' } });
    expect(audit.map((r) => [r.action, r.actorType])).toEqual([['maintenance.start', 'system'], ['maintenance.complete', 'system']]);
    // One notice, for the end; the positive control is the count before, which the first test shows grows by one per announced step.
    expect(await db.notice.count({ where: { incidentId: id } })).toBe(noticesBefore + 1);
  });

  it('a window over with no start to place (its start cleared) is completed without a made-up start', async () => {
    const start = new Date(Date.now() + 7 * 3600_000);
    const end = new Date(start.getTime() + 1800_000);
    const { id } = await plan(start, end);
    const db = t.handle.db;
    await db.incident.update({ where: { id }, data: { scheduledFor: null } });
    const r = await advanceMaintenance(new Date(end.getTime() + 10));
    expect([r.started, r.completed]).toEqual([[], [id]]);
    const incident = await db.incident.findUniqueOrThrow({ where: { id }, include: { updates: true } });
    expect(incident.status).toBe('completed');
    expect(incident.updates.filter((u) => u.status === 'in_progress')).toHaveLength(0);
    expect((await db.incidentImpact.findFirstOrThrow({ where: { incidentId: id } })).status).toBe('operational');
  });

  it('sends the optional reminder once, before the window', async () => {
    const start = new Date(Date.now() + 7200_000);
    const { id } = await plan(start, new Date(start.getTime() + 600_000), { remind_before_minutes: 30 });
    const db = t.handle.db;
    expect((await advanceMaintenance(new Date(start.getTime() - 31 * 60_000))).reminded).toEqual([]);
    const [a, b] = await Promise.all([advanceMaintenance(new Date(start.getTime() - 29 * 60_000)), advanceMaintenance(new Date(start.getTime() - 29 * 60_000))]);
    expect([...a.reminded, ...b.reminded]).toEqual([id]);
    expect(await db.notice.count({ where: { dedupeKey: `maintenance-reminder:${id}` } })).toBe(1);
    expect((await advanceMaintenance(new Date(start.getTime() - 20 * 60_000))).reminded).toEqual([]);
  });

  it('leaves maintenance alone when auto transition is off', async () => {
    const start = new Date(Date.now() + 3600_000);
    const { id } = await plan(start, new Date(start.getTime() + 60_000), { auto_transition: false });
    await advanceMaintenance(new Date(start.getTime() + 120_000));
    expect((await t.handle.db.incident.findUniqueOrThrow({ where: { id } })).status).toBe('scheduled');
  });

  it('refuses a window that ends before it starts', async () => {
    const start = new Date(Date.now() + 3600_000);
    await expect(plan(start, new Date(start.getTime() - 1000))).rejects.toMatchObject({ code: 'validation', field: 'scheduled_until' });
  });
});
