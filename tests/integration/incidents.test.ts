import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/server/actor';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { resolveIncident } from '@/lib/server/incidents/resolve-incident';
import { approveUpdate } from '@/lib/server/incidents/approve-update';
import { rejectUpdate } from '@/lib/server/incidents/reject-update';
import { updateIncident } from '@/lib/server/incidents/update-incident';
import { updatePostmortem } from '@/lib/server/incidents/update-postmortem';
import { listPendingApprovals } from '@/lib/server/incidents/list-pending-approvals';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { expectAppError } from '@/tests/helpers/app-error';

const userActor = (id: string, role: Actor['role'] = 'responder'): Actor => ({ type: 'user', userId: id, label: id, role, ip: '127.0.0.1' });

describe.each(DATABASE_KINDS)('incident workflow on %s', (kind) => {
  let t: TestDatabase;
  let alice: Actor;
  let bob: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const db = t.handle.db;
    await db.component.createMany({ data: [{ slug: 'contacts', name: 'Contacts', dataKind: 'contacts' }, { slug: 'calendar', name: 'Calendar', dataKind: 'calendar' }] });
    await db.region.createMany({
      data: [
        { slug: 'tmobile-us', name: 'T-Mobile US', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', timeZone: 'America/Los_Angeles' },
        { slug: 'telstra-au', name: 'Telstra Australia', carrier: 'Telstra', product: 'Hiptop', market: 'AU', timeZone: 'Australia/Sydney' },
      ],
    });
    const a = await db.user.create({ data: { email: 'alice@x.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const b = await db.user.create({ data: { email: 'bob@x.test', name: 'Bob', role: 'responder', passwordHash: 'x' } });
    const v = await db.user.create({ data: { email: 'vic@x.test', name: 'Vic', role: 'viewer', passwordHash: 'x' } });
    alice = userActor(a.id);
    bob = userActor(b.id);
    viewer = userActor(v.id, 'viewer');
  });
  afterAll(async () => t?.drop());

  const declare = (over: Record<string, unknown> = {}) =>
    createIncident({
      actor: alice,
      input: {
        name: 'Contacts unavailable',
        kind: 'data_loss',
        impact: 'major',
        body: 'We are investigating.',
        deliver_notifications: true,
        impacts: [
          { component: 'contacts', region: 'tmobile-us', status: 'major_outage', data_state: 'at_risk', affected_users: 800000 },
          { component: 'contacts', region: 'telstra-au', status: 'partial_outage', data_state: 'at_risk', affected_users: 120000 },
        ],
        ...over,
      },
    });

  it('declares an incident with per-region impacts, first update, notice and audit', async () => {
    const created = await declare();
    expect(created.update.state).toBe('published');
    const db = t.handle.db;
    const incident = await db.incident.findUniqueOrThrow({ where: { id: created.id }, include: { impacts: true, updates: true } });
    expect(incident.status).toBe('investigating');
    expect(incident.impacts).toHaveLength(2);
    expect(incident.updates).toHaveLength(1);
    const notice = await db.notice.findUniqueOrThrow({ where: { dedupeKey: `update:${created.update.id}` } });
    expect(notice.kind).toBe('initial');
    const audit = await db.auditLog.findMany({ where: { objectId: created.id } });
    expect(audit.map((a) => a.action)).toContain('incident.create');
  });

  it('posts updates; a back-dated update does not win', async () => {
    const { id } = await declare();
    const t0 = new Date();
    const u1 = await postUpdate({ actor: alice, input: { incident_id: id, version: 1, status: 'monitoring', body: 'Fix deployed.' }, now: new Date(t0.getTime() + 60_000) });
    expect(u1.version).toBe(2);
    await postUpdate({ actor: bob, input: { incident_id: id, version: 2, status: 'identified', body: 'Earlier we found the cause.', display_at: new Date(t0.getTime() + 10_000).toISOString() }, now: new Date(t0.getTime() + 120_000) });
    const incident = await t.handle.db.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.status).toBe('monitoring');
    expect(incident.identifiedAt?.getTime()).toBe(t0.getTime() + 10_000);
    expect(incident.version).toBe(3);
  });

  it('refuses a stale version with a conflict and keeps the other change', async () => {
    const { id } = await declare();
    await postUpdate({ actor: alice, input: { incident_id: id, version: 1, status: 'identified', body: 'Alice saw it first.' } });
    const error = await expectAppError(postUpdate({ actor: bob, input: { incident_id: id, version: 1, status: 'monitoring', body: 'Bob, from a stale screen.' } }), 'conflict');
    expect(error.message).toMatch(/changed by someone else since you opened it/);
    await expectAppError(updateIncident({ actor: bob, input: { incident_id: id, version: 1, name: 'Renamed' } }), 'conflict');
    const incident = await t.handle.db.incident.findUniqueOrThrow({ where: { id }, include: { updates: true } });
    expect(incident.status).toBe('identified');
    expect(incident.title).toBe('Contacts unavailable');
    expect(incident.updates).toHaveLength(2);
  });

  it('validates statuses per kind and unknown components with the field named', async () => {
    const { id } = await declare();
    await expectAppError(postUpdate({ actor: alice, input: { incident_id: id, status: 'in_progress', body: 'x' } }), 'validation', 'status');
    await expectAppError(declare({ impacts: [{ component: 'nope', region: 'telstra-au', status: 'major_outage' }] }), 'validation', 'impacts.0.component');
    await expectAppError(declare({ name: '' }), 'validation', 'name');
    await expectAppError(postUpdate({ actor: alice, input: { incident_id: 'missing', status: 'identified', body: 'x' } }), 'not_found');
  });

  it('holds a data-loss update for a second person; the author cannot approve it', async () => {
    const { id } = await declare();
    const pending = await postUpdate({
      actor: alice,
      input: { incident_id: id, status: 'identified', body: 'Contacts on the server are lost.', deliver_notifications: true, impacts: [{ component: 'contacts', region: 'tmobile-us', status: 'major_outage', data_state: 'lost', affected_users: 800000 }] },
    });
    expect(pending.state).toBe('pending_approval');
    const db = t.handle.db;
    let impact = await db.incidentImpact.findFirstOrThrow({ where: { incidentId: id, region: { slug: 'tmobile-us' } } });
    expect(impact.dataState).toBe('at_risk');
    expect(await db.notice.count({ where: { updateId: pending.id } })).toBe(0);
    expect((await listPendingApprovals()).map((u) => u.id)).toContain(pending.id);

    await expectAppError(approveUpdate({ actor: alice, input: { update_id: pending.id } }), 'forbidden');
    await expectAppError(approveUpdate({ actor: viewer, input: { update_id: pending.id } }), 'forbidden');
    const approved = await approveUpdate({ actor: bob, input: { update_id: pending.id } });
    impact = await db.incidentImpact.findFirstOrThrow({ where: { incidentId: id, region: { slug: 'tmobile-us' } } });
    expect(impact.dataState).toBe('lost');
    const update = await db.incidentUpdate.findUniqueOrThrow({ where: { id: pending.id } });
    expect(update.state).toBe('published');
    expect(update.approvedById).toBe(bob.userId);
    const notice = await db.notice.findUniqueOrThrow({ where: { id: approved.noticeId! } });
    expect(notice.kind).toBe('data_loss');
    expect(notice.status).toBe('queued');
    expect(notice.approvedById).toBe(bob.userId);
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).status).toBe('identified');
    await expectAppError(approveUpdate({ actor: bob, input: { update_id: pending.id } }), 'conflict');
  });

  it('rejects a data-loss update without publishing it', async () => {
    const { id } = await declare();
    const pending = await postUpdate({ actor: alice, input: { incident_id: id, status: 'identified', body: 'lost?', impacts: [{ component: 'contacts', region: 'telstra-au', status: 'major_outage', data_state: 'lost' }] } });
    await rejectUpdate({ actor: bob, input: { update_id: pending.id, reason: 'not confirmed' } });
    const impact = await t.handle.db.incidentImpact.findFirstOrThrow({ where: { incidentId: id, region: { slug: 'telstra-au' } } });
    expect(impact.dataState).toBe('at_risk');
  });

  it('resolves: components operational, data states kept unless set, resolved notice', async () => {
    const { id } = await declare();
    const res = await resolveIncident({ actor: bob, input: { incident_id: id, version: 1, body: 'All fixed.', deliver_notifications: true, impacts: [{ component: 'contacts', region: 'telstra-au', status: 'operational', data_state: 'restored', affected_users: 120000, restored_users: 120000 }] } });
    const db = t.handle.db;
    const incident = await db.incident.findUniqueOrThrow({ where: { id }, include: { impacts: { include: { region: true } } } });
    expect(incident.status).toBe('resolved');
    expect(incident.resolvedAt).not.toBeNull();
    expect(incident.impacts.every((i) => i.status === 'operational')).toBe(true);
    expect(Object.fromEntries(incident.impacts.map((i) => [i.region.slug, i.dataState]))).toEqual({ 'tmobile-us': 'at_risk', 'telstra-au': 'restored' });
    expect((await db.notice.findUniqueOrThrow({ where: { id: res.noticeId! } })).kind).toBe('resolved');
    await expectAppError(resolveIncident({ actor: bob, input: { incident_id: id } }), 'conflict');
    const pm = await updatePostmortem({ actor: alice, input: { incident_id: id, body: '## What happened', publish: true } });
    expect(pm.published).toBe(true);
  });

  it('refuses a viewer everywhere, server-side', async () => {
    const { id } = await declare();
    await expectAppError(createIncident({ actor: viewer, input: { name: 'x', body: 'y' } }), 'forbidden');
    await expectAppError(postUpdate({ actor: viewer, input: { incident_id: id, status: 'identified', body: 'y' } }), 'forbidden');
    await expectAppError(resolveIncident({ actor: viewer, input: { incident_id: id } }), 'forbidden');
    await expectAppError(updatePostmortem({ actor: viewer, input: { incident_id: id, body: 'x' } }), 'forbidden');
  });

  it('writes the audit row in the same transaction as the change', async () => {
    const db = t.handle.db;
    const { id } = await declare();
    const before = await db.auditLog.count();
    const incidentsBefore = await db.incident.count();
    // The impact change and its audit row are written first; the unknown region then fails the transaction.
    await expectAppError(postUpdate({ actor: alice, input: { incident_id: id, version: 1, impact: 'critical', status: 'identified', body: 'x', impacts: [{ component: 'calendar', region: 'mars', status: 'major_outage' }] } }), 'validation', 'impacts.0.region');
    expect(await db.auditLog.count()).toBe(before);
    const unchanged = await db.incident.findUniqueOrThrow({ where: { id } });
    expect([unchanged.impact, unchanged.version, unchanged.status]).toEqual(['major', 1, 'investigating']);
    const { writeAudit } = await import('@/lib/server/audit');
    await expect(
      db.$transaction(async (tx) => {
        await writeAudit(tx, alice, { action: 'incident.create', objectType: 'incident', objectId: 'doomed' });
        await tx.incident.create({ data: { title: 'doomed', id: 'doomed' } });
        throw new Error('the change fails after the audit row');
      }),
    ).rejects.toThrow('the change fails');
    expect(await db.auditLog.count()).toBe(before);
    expect(await db.incident.count()).toBe(incidentsBefore);
  });
});
