import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as updatesRoute from '@/app/api/v1/incidents/[id]/updates/route';
import * as approveRoute from '@/app/api/v1/incidents/[id]/updates/[updateId]/approve/route';
import { cliActor, type Actor } from '@/lib/server/actor';
import { approveUpdate } from '@/lib/server/incidents/approve-update';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { resolveIncident } from '@/lib/server/incidents/resolve-incident';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { expectAppError } from '@/tests/helpers/app-error';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The stale screens of the outage week (issue 12): a decision taken by one person must not be
// undone by a form that was drawn before it, and an approval must not reopen a resolved incident
// without saying so.

const userActor = (id: string): Actor => ({ type: 'user', userId: id, label: id, role: 'responder', ip: '127.0.0.1' });
const api = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1:3203${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

describe.each(DATABASE_KINDS)('stale screens on %s', (kind) => {
  let t: TestDatabase;
  let ada: Actor;
  let rob: Actor;
  let robToken: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const db = t.handle.db;
    await db.component.create({ data: { slug: 'photos', name: 'Photos', dataKind: 'photos' } });
    await db.region.create({ data: { slug: 'telstra-au', name: 'Telstra Australia', carrier: 'Telstra', product: 'Hiptop', market: 'AU', timeZone: 'Australia/Sydney' } });
    const a = await db.user.create({ data: { email: 'ada@x.test', name: 'Ada', role: 'responder', passwordHash: 'x' } });
    const r = await db.user.create({ data: { email: 'rob@x.test', name: 'Rob', role: 'responder', passwordHash: 'x' } });
    ada = userActor(a.id);
    rob = userActor(r.id);
    robToken = (await createApiToken({ actor: cliActor, input: { name: 'rob', role: 'responder', userId: r.id } })).token;
  });
  afterAll(async () => t?.drop());

  const atRisk = { component: 'photos', region: 'telstra-au', status: 'major_outage', data_state: 'at_risk', affected_users: 40000 };
  const lost = { ...atRisk, data_state: 'lost' };
  const declare = () => createIncident({ actor: ada, input: { name: 'Photos missing', kind: 'data_loss', impact: 'major', body: 'Investigating.', impacts: [atRisk] } });
  const cell = async (incidentId: string) => (await t.handle.db.incidentImpact.findFirstOrThrow({ where: { incidentId } })).dataState;

  it("refuses Rob's stale 'at risk' form after he approved Ada's 'data lost', from the console and the API", async () => {
    const { id } = await declare();
    const pending = await postUpdate({ actor: ada, input: { incident_id: id, version: 1, status: 'identified', body: 'Photos are likely lost.', impacts: [lost] } });
    expect(pending.state).toBe('pending_approval');
    // Rob opens the incident now: version 2, the grid still says "at risk" (nothing is published yet).
    const seen = (await t.handle.db.incident.findUniqueOrThrow({ where: { id } })).version;
    expect(seen).toBe(2);
    await approveUpdate({ actor: rob, input: { update_id: pending.id } });
    expect(await cell(id)).toBe('lost');

    const console = await expectAppError(postUpdate({ actor: rob, input: { incident_id: id, version: seen, status: 'identified', body: 'Still looking.', impacts: [atRisk] } }), 'conflict', 'version');
    expect(console.message).toMatch(/changed by someone else since you opened it/);
    const byBody = await updatesRoute.POST(api('POST', `/api/v1/incidents/${id}/updates`, robToken, { version: seen, status: 'identified', body: 'Still looking.', impacts: [atRisk] }), ctx({ id }));
    expect(byBody.status).toBe(409);
    expect((await byBody.json()).error).toMatchObject({ code: 'conflict', field: 'version' });
    const byHeader = await updatesRoute.POST(api('POST', `/api/v1/incidents/${id}/updates`, robToken, { status: 'identified', body: 'Still looking.', impacts: [atRisk] }, { 'if-match': `"${seen}"` }), ctx({ id }));
    expect(byHeader.status).toBe(409);
    expect(await cell(id)).toBe('lost');

    // Positive control: the same update built from the current version goes through.
    const fresh = await updatesRoute.POST(api('POST', `/api/v1/incidents/${id}/updates`, robToken, { status: 'identified', body: 'Recovery attempt.', impacts: [{ ...atRisk, data_state: 'recovering' }] }, { 'if-match': `"${seen + 1}"` }), ctx({ id }));
    expect(fresh.status).toBe(201);
    expect(await cell(id)).toBe('recovering');
  });

  it('asks before an approval reopens a resolved incident, and reopens only when told to', async () => {
    const { id } = await declare();
    const pending = await postUpdate({ actor: ada, input: { incident_id: id, status: 'identified', body: 'Photos are likely lost.', impacts: [lost] } });
    await resolveIncident({ actor: rob, input: { incident_id: id, body: 'Service is back.' } });
    const resolved = await t.handle.db.incident.findUniqueOrThrow({ where: { id } });
    expect(resolved.status).toBe('resolved');

    const asked = await expectAppError(approveUpdate({ actor: rob, input: { update_id: pending.id } }), 'conflict', 'reopen');
    expect(asked.message).toMatch(/This incident is resolved\. Approving this update reopens it/);
    const viaApi = await approveRoute.POST(api('POST', `/api/v1/incidents/${id}/updates/${pending.id}/approve`, robToken), ctx({ id, updateId: pending.id }));
    expect(viaApi.status).toBe(409);
    expect((await viaApi.json()).error).toMatchObject({ code: 'conflict', field: 'reopen' });
    const still = await t.handle.db.incident.findUniqueOrThrow({ where: { id } });
    expect([still.status, still.resolvedAt?.toISOString(), still.version]).toEqual(['resolved', resolved.resolvedAt?.toISOString(), resolved.version]);
    expect((await t.handle.db.incidentUpdate.findUniqueOrThrow({ where: { id: pending.id } })).state).toBe('pending_approval');

    const reopened = await approveRoute.POST(api('POST', `/api/v1/incidents/${id}/updates/${pending.id}/approve`, robToken, { reopen: true }), ctx({ id, updateId: pending.id }));
    expect(reopened.status).toBe(200);
    const after = await t.handle.db.incident.findUniqueOrThrow({ where: { id } });
    expect([after.status, after.resolvedAt]).toEqual(['identified', null]);
    expect(await cell(id)).toBe('lost');
  });

  it('approves on an open incident with or without a body, as before', async () => {
    const { id } = await declare();
    const pending = await postUpdate({ actor: ada, input: { incident_id: id, status: 'identified', body: 'Photos are likely lost.', impacts: [lost] } });
    const res = await approveRoute.POST(api('POST', `/api/v1/incidents/${id}/updates/${pending.id}/approve`, robToken), ctx({ id, updateId: pending.id }));
    expect(res.status).toBe(200);
    expect(await cell(id)).toBe('lost');
  });
});
