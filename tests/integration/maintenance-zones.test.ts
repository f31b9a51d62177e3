import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/server/actor';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { describeWindow } from '@/lib/domain/maintenance';
import { planMaintenance } from '@/lib/server/maintenance/plan-maintenance';
import { previewNotice } from '@/lib/server/notices/preview-notice';
import { rescheduleMaintenance } from '@/lib/server/maintenance/reschedule-maintenance';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { failure } from '@/tests/helpers/app-error';

// Staff type maintenance windows on the clock of a zone they choose; Candor stores UTC. The dates
// are in 2027, around the DST changes: Los Angeles springs forward on 14 Mar and falls back on 7 Nov.

describe.each(DATABASE_KINDS)('maintenance windows in a chosen zone on %s', (kind) => {
  let t: TestDatabase;
  let responder: Actor;
  let viewer: Actor;
  let id = '';
  const now = new Date('2026-12-01T00:00:00Z');
  const base = { name: 'Sync database upgrade', body: 'We will upgrade the sync database.', deliver_notifications: false, impacts: [{ component: 'sync', region: 'tmobile-us', status: 'under_maintenance' }] };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const db = t.handle.db;
    await db.component.create({ data: { slug: 'sync', name: 'Sync' } });
    await db.region.create({ data: { slug: 'tmobile-us', name: 'T-Mobile US', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', timeZone: 'America/Los_Angeles' } });
    const r = await db.user.create({ data: { email: 'r@x.test', name: 'Rae', role: 'responder', passwordHash: 'x' } });
    const v = await db.user.create({ data: { email: 'v@x.test', name: 'Vic', role: 'viewer', passwordHash: 'x' } });
    responder = { type: 'user', userId: r.id, label: 'Rae', role: 'responder' };
    viewer = { type: 'user', userId: v.id, label: 'Vic', role: 'viewer' };
  });
  afterAll(async () => t?.drop());

  const stored = () => t.handle.db.incident.findUniqueOrThrow({ where: { id }, select: { scheduledFor: true, scheduledUntil: true, version: true, startedAt: true } });

  it('plans maintenance typed in Sydney time and stores it in UTC', async () => {
    const created = await planMaintenance({ actor: responder, now, input: { ...base, time_zone: 'Australia/Sydney', scheduled_for: '2027-01-10T02:00', scheduled_until: '2027-01-10T04:30' } });
    id = created.id;
    expect(created.note).toBeUndefined();
    expect(await stored()).toMatchObject({ scheduledFor: new Date('2027-01-09T15:00:00Z'), scheduledUntil: new Date('2027-01-09T17:30:00Z'), startedAt: new Date('2027-01-09T15:00:00Z') });
    const audit = await t.handle.db.auditLog.findFirstOrThrow({ where: { action: 'maintenance.create', objectId: id } });
    expect(JSON.parse(audit.after!)).toMatchObject({ scheduledFor: '2027-01-09T15:00:00.000Z', scheduledUntil: '2027-01-09T17:30:00.000Z' });
    // What the console says after saving: the window in the chosen zone, and in UTC.
    expect(describeWindow(created.scheduledFor, created.scheduledUntil, created.timeZone)).toMatch(/^Jan 10, 2027, 2:00\sAM GMT\+11 to Jan 10, 2027, 4:30\sAM GMT\+11 \(Australia\/Sydney\); in UTC 9 Jan 2027, 15:00 UTC to 9 Jan 2027, 17:30 UTC$/);
  });

  it('tells subscribers when the window starts and ends, in their zone, and "Starts" before it has begun', async () => {
    const preview = await previewNotice({ actor: responder, incidentId: id, kind: 'maintenance' });
    const text = preview.regions[0]!.text;
    // 15:00 and 17:30 UTC are 7:00 and 9:30 in Los Angeles (T-Mobile's zone).
    expect(text).toMatch(/from\s+Sat, Jan 9, 2027, 7:00\sAM PST to\s+Sat, Jan 9, 2027, 9:30\sAM PST/);
    expect(text).toMatch(/Starts:\s+Sat, Jan 9, 2027, 7:00\sAM PST/);
    expect(text).toMatch(/Ends:\s+Sat, Jan 9, 2027, 9:30\sAM PST/);
    expect(text).not.toMatch(/Started:/);
  });

  it('refuses a start the clocks skip, naming the field, and creates nothing', async () => {
    const before = await t.handle.db.incident.count();
    const e = await failure(planMaintenance({ actor: responder, now, input: { ...base, time_zone: 'America/Los_Angeles', scheduled_for: '2027-03-14T02:30', scheduled_until: '2027-03-14T05:00' } }));
    expect(e.code).toBe('validation');
    expect(e.field).toBe('scheduled_for');
    expect(e.message).toBe('scheduled_for: 02:30 on 2027-03-14 does not exist in America/Los_Angeles: the clocks go forward 1 hour then. Choose a time outside the gap.');
    expect(await t.handle.db.incident.count()).toBe(before);
    expect((await failure(planMaintenance({ actor: viewer, now, input: { ...base, time_zone: 'UTC', scheduled_for: '2027-03-14T02:30', scheduled_until: '2027-03-14T05:00' } }))).code).toBe('forbidden');
  });

  it('moves the window typed in Los Angeles time across the spring change, under the version lock, audited', async () => {
    const { version } = await stored();
    const r = await rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, version: String(version), time_zone: 'America/Los_Angeles', scheduled_for: '2027-03-14T01:00', scheduled_until: '2027-03-14T04:00' } });
    // 01:00 PST is 09:00 UTC; 04:00 PDT is 11:00 UTC: a two-hour window across the skipped hour.
    expect(r).toMatchObject({ id, version: version + 1, timeZone: 'America/Los_Angeles', scheduledFor: new Date('2027-03-14T09:00:00Z'), scheduledUntil: new Date('2027-03-14T11:00:00Z') });
    expect(r.note).toBeUndefined();
    expect(await stored()).toMatchObject({ scheduledFor: new Date('2027-03-14T09:00:00Z'), scheduledUntil: new Date('2027-03-14T11:00:00Z'), version: version + 1 });
    const audit = await t.handle.db.auditLog.findFirstOrThrow({ where: { action: 'incident.update', objectId: id }, orderBy: { id: 'desc' } });
    expect(audit.actorId).toBe(responder.userId);
    expect(JSON.parse(audit.before!)).toMatchObject({ scheduledFor: '2027-01-09T15:00:00.000Z' });
    expect(JSON.parse(audit.after!)).toMatchObject({ scheduledFor: '2027-03-14T09:00:00.000Z', scheduledUntil: '2027-03-14T11:00:00.000Z' });

    // Someone else's edit since the page was opened wins: the stale version is refused.
    expect((await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, version: String(version), time_zone: 'UTC', scheduled_for: '2027-03-20T01:00', scheduled_until: '2027-03-20T02:00' } }))).code).toBe('conflict');
  });

  it('refuses an end in the gap and an end before the start, changing nothing', async () => {
    const before = await stored();
    const gap = await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, version: before.version, time_zone: 'America/Los_Angeles', scheduled_for: '2027-03-14T01:00', scheduled_until: '2027-03-14T02:15' } }));
    expect([gap.code, gap.field]).toEqual(['validation', 'scheduled_until']);
    expect(gap.message).toContain('02:15 on 2027-03-14 does not exist in America/Los_Angeles');
    const backwards = await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, version: before.version, time_zone: 'Australia/Sydney', scheduled_for: '2027-03-14T05:00', scheduled_until: '2027-03-14T04:00' } }));
    expect([backwards.code, backwards.field]).toEqual(['validation', 'scheduled_until']);
    const zone = await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, version: before.version, time_zone: 'Sidekick/Danger', scheduled_for: '2027-03-14T01:00', scheduled_until: '2027-03-14T02:00' } }));
    expect(zone.field).toBe('time_zone');
    expect(await stored()).toEqual(before);
  });

  it('reads a repeated time (fall back) as the first one and says so', async () => {
    const { version } = await stored();
    const r = await rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, version, time_zone: 'America/Los_Angeles', scheduled_for: '2027-11-07T01:30', scheduled_until: '2027-11-07T03:00' } });
    expect(r.scheduledFor).toEqual(new Date('2027-11-07T08:30:00Z'));
    expect(r.scheduledUntil).toEqual(new Date('2027-11-07T11:00:00Z'));
    expect(r.note).toBe('2027-11-07 01:30 happens twice in America/Los_Angeles (the clocks go back then); Candor took the first, before the change.');
  });

  it('refuses viewers, incidents that are not maintenance, and maintenance that is over', async () => {
    const window = { time_zone: 'UTC', scheduled_for: '2027-05-01T01:00', scheduled_until: '2027-05-01T02:00' };
    expect((await failure(rescheduleMaintenance({ actor: viewer, now, input: { incident_id: id, ...window } }))).code).toBe('forbidden');
    const outage = await createIncident({ actor: responder, now, input: { name: 'Sync down', body: 'Looking into it.', impacts: [] } });
    expect((await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: outage.id, ...window } }))).code).toBe('conflict');
    expect((await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: 'missing', ...window } }))).code).toBe('not_found');
    await t.handle.db.incident.update({ where: { id }, data: { status: 'completed' } });
    const over = await failure(rescheduleMaintenance({ actor: responder, now, input: { incident_id: id, ...window } }));
    expect(over.code).toBe('conflict');
    expect(over.message).toMatch(/over/);
  });
});
