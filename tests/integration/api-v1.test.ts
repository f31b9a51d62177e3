import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidentsRoute from '@/app/api/v1/incidents/route';
import * as incidentRoute from '@/app/api/v1/incidents/[id]/route';
import * as updatesRoute from '@/app/api/v1/incidents/[id]/updates/route';
import * as approveRoute from '@/app/api/v1/incidents/[id]/updates/[updateId]/approve/route';
import * as componentsRoute from '@/app/api/v1/components/route';
import * as componentRoute from '@/app/api/v1/components/[id]/route';
import * as regionsRoute from '@/app/api/v1/regions/route';
import * as openapiRoute from '@/app/api/v1/openapi.json/route';
import { cliActor } from '@/lib/server/actor';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

const BASE = 'http://127.0.0.1:3203';
function req(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

describe.each(DATABASE_KINDS)('/api/v1 on %s', (kind) => {
  let t: TestDatabase;
  const tokens: Record<'admin' | 'responder' | 'viewer' | 'approver', string> = { admin: '', responder: '', viewer: '', approver: '' };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const u1 = await createUser({ actor: cliActor, input: { email: 'r1@x.test', role: 'responder', password: 'long-enough-pw' } });
    const u2 = await createUser({ actor: cliActor, input: { email: 'r2@x.test', role: 'responder', password: 'long-enough-pw' } });
    tokens.admin = (await createApiToken({ actor: cliActor, input: { name: 'admin', role: 'admin' } })).token;
    tokens.responder = (await createApiToken({ actor: cliActor, input: { name: 'ci', role: 'responder', userId: u1.id } })).token;
    tokens.approver = (await createApiToken({ actor: cliActor, input: { name: 'second', role: 'responder', userId: u2.id } })).token;
    tokens.viewer = (await createApiToken({ actor: cliActor, input: { name: 'ro', role: 'viewer' } })).token;
  });
  afterAll(async () => t?.drop());

  it('creates components and regions by slug (admin only) and lists them', async () => {
    const c = await componentsRoute.POST(req('POST', '/api/v1/components', tokens.admin, { component: { name: 'Contacts', slug: 'contacts', data_kind: 'contacts' } }));
    expect(c.status).toBe(201);
    expect(await c.json()).toMatchObject({ slug: 'contacts', status: 'operational' });
    const r = await regionsRoute.POST(req('POST', '/api/v1/regions', tokens.admin, { name: 'Telstra Australia', slug: 'telstra-au', carrier: 'Telstra', product: 'Hiptop', market: 'AU', time_zone: 'Australia/Sydney', locale: 'en-AU', languages: ['en-au', 'fr-CA', 'fr'], sms_sender_id: 'Telstra' }));
    expect(r.status).toBe(201);
    // Stored canonical, once per language.
    expect(await r.json()).toMatchObject({ slug: 'telstra-au', locale: 'en-AU', languages: ['en-AU', 'fr-CA'], sms_sender_id: 'Telstra' });
    const badLanguage = await regionsRoute.POST(req('POST', '/api/v1/regions', tokens.admin, { name: 'y', carrier: 'y', product: 'y', market: 'y', time_zone: 'UTC', languages: ['fr-CA', 'tlh'] }));
    expect(badLanguage.status).toBe(422);
    expect((await badLanguage.json()).error).toMatchObject({ field: 'languages', message: expect.stringContaining('"tlh"') });
    const badSender = await regionsRoute.POST(req('POST', '/api/v1/regions', tokens.admin, { name: 'x', carrier: 'x', product: 'x', market: 'x', time_zone: 'UTC', sms_sender_id: 'Telstra Australia' }));
    expect(badSender.status).toBe(422);
    expect((await badSender.json()).error).toMatchObject({ field: 'sms_sender_id', message: expect.stringContaining('up to 11 letters') });
    expect((await regionsRoute.POST(req('POST', '/api/v1/regions', tokens.responder, { name: 'x', carrier: 'x', product: 'x', market: 'x', time_zone: 'UTC' }))).status).toBe(403);
    const bad = await regionsRoute.POST(req('POST', '/api/v1/regions', tokens.admin, { name: 'x', carrier: 'x', product: 'x', market: 'x', time_zone: 'Mars/Olympus' }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe('time_zone');
    expect((await componentsRoute.POST(req('POST', '/api/v1/components', tokens.admin, { name: 'Contacts', slug: 'contacts' }))).status).toBe(409);
    const list = await (await componentsRoute.GET(req('GET', '/api/v1/components', tokens.viewer))).json();
    expect(list.components.map((x: { slug: string }) => x.slug)).toEqual(['contacts']);
    const patched = await componentRoute.PATCH(req('PATCH', '/api/v1/components/contacts', tokens.responder, { status: 'degraded_performance' }), ctx({ id: 'contacts' }));
    expect(patched.status).toBe(200);
    expect((await componentRoute.PATCH(req('PATCH', '/api/v1/components/contacts', tokens.responder, { name: 'Renamed' }), ctx({ id: 'contacts' }))).status).toBe(403);
    expect((await componentRoute.PATCH(req('PATCH', '/api/v1/components/nope', tokens.admin, { status: 'operational' }), ctx({ id: 'nope' }))).status).toBe(404);
  });

  it('answers 400, 401, 403, 404, 409 and 422 with JSON bodies that name the problem', async () => {
    const malformed = await incidentsRoute.POST(req('POST', '/api/v1/incidents', tokens.responder, '{"name": '));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('bad_request');
    const noToken = await incidentsRoute.GET(req('GET', '/api/v1/incidents'));
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await incidentsRoute.GET(req('GET', '/api/v1/incidents', undefined, undefined, { cookie: 'candor_session=whatever' }))).status).toBe(401);
    expect((await incidentsRoute.POST(req('POST', '/api/v1/incidents', tokens.viewer, { name: 'x', body: 'y' }))).status).toBe(403);
    expect((await incidentRoute.GET(req('GET', '/api/v1/incidents/nope', tokens.viewer), ctx({ id: 'nope' }))).status).toBe(404);
    const invalid = await incidentsRoute.POST(req('POST', '/api/v1/incidents', tokens.responder, { name: 'x', body: 'y', impacts: [{ component: 'contacts', region: 'telstra-au', status: 'on_fire' }] }));
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.field).toBe('impacts.0.status');
    const tooLong = await incidentsRoute.POST(req('POST', '/api/v1/incidents', tokens.responder, { name: 'x'.repeat(201), body: 'y' }));
    expect((await tooLong.json()).error.field).toBe('name');
  });

  it('runs the incident workflow with Statuspage-style bodies', async () => {
    const created = await incidentsRoute.POST(
      req('POST', '/api/v1/incidents', tokens.responder, {
        incident: { name: 'Contacts missing', status: 'investigating', impact: 'major', kind: 'data_loss', body: 'Looking into it.', deliver_notifications: true, impacts: [{ component: 'contacts', region: 'telstra-au', status: 'major_outage', data_state: 'at_risk', affected_users: 120000, restored_users: 0 }] },
      }),
    );
    expect(created.status).toBe(201);
    const incident = await created.json();
    expect(incident).toMatchObject({ name: 'Contacts missing', status: 'investigating', impact: 'major', version: 1, impacts: [{ component: 'contacts', region: 'telstra-au', data_state: 'at_risk', affected_users: 120000 }] });
    const id = incident.id as string;

    const upd = await updatesRoute.POST(req('POST', `/api/v1/incidents/${id}/updates`, tokens.responder, { status: 'identified', body: 'Found it.', version: 1 }), ctx({ id }));
    expect(upd.status).toBe(201);
    expect((await upd.json()).incident_version).toBe(2);

    const stale = await incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${id}`, tokens.responder, { name: 'Renamed' }, { 'if-match': '"1"' }), ctx({ id }));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toMatch(/changed by someone else/);

    const lost = await updatesRoute.POST(req('POST', `/api/v1/incidents/${id}/updates`, tokens.responder, { status: 'identified', body: 'Some contacts are gone.', impacts: [{ component: 'contacts', region: 'telstra-au', status: 'major_outage', data_state: 'lost', affected_users: 120000 }] }), ctx({ id }));
    expect(lost.status).toBe(202);
    const lostUpdate = await lost.json();
    expect(lostUpdate.state).toBe('pending_approval');
    const self = await approveRoute.POST(req('POST', `/api/v1/incidents/${id}/updates/${lostUpdate.id}/approve`, tokens.responder), ctx({ id, updateId: lostUpdate.id }));
    expect(self.status).toBe(403);
    const ok = await approveRoute.POST(req('POST', `/api/v1/incidents/${id}/updates/${lostUpdate.id}/approve`, tokens.approver), ctx({ id, updateId: lostUpdate.id }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).impacts[0].data_state).toBe('lost');

    const resolved = await incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${id}`, tokens.responder, { incident: { status: 'resolved', body: 'Service restored.' } }), ctx({ id }));
    expect(resolved.status).toBe(200);
    const final = await resolved.json();
    expect(final.status).toBe('resolved');
    expect(final.impacts[0]).toMatchObject({ status: 'operational', data_state: 'lost' });
    const list = await (await incidentsRoute.GET(req('GET', '/api/v1/incidents?state=closed', tokens.viewer))).json();
    expect(list.incidents.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('serves an OpenAPI 3.1 document covering every route', async () => {
    const doc = await openapiRoute.GET().json();
    expect(doc.openapi).toBe('3.1.0');
    // The expected paths are the route files on disk (tests/integration/openapi.test.ts checks methods too).
    const onDisk = readdirSync(path.resolve(__dirname, '../../app/api/v1'), { recursive: true, encoding: 'utf8' })
      .filter((f) => path.basename(f) === 'route.ts')
      .map((f) => `/api/v1/${path.dirname(f).split(path.sep).join('/')}`.replace(/\/\.$/, '').replace(/\[(\w+)\]/g, '{$1}'));
    expect(onDisk).toContain('/api/v1/subscribers/{id}');
    expect(Object.keys(doc.paths).sort()).toEqual(onDisk.sort());
    expect(doc.components.schemas.ImpactOut.properties.data_state.enum).toContain('lost');
  });
});
