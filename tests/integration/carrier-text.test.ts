import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidentsRoute from '@/app/api/v1/incidents/route';
import * as incidentRoute from '@/app/api/v1/incidents/[id]/route';
import * as updatesRoute from '@/app/api/v1/incidents/[id]/updates/route';
import { cliActor, type Actor } from '@/lib/server/actor';
import { isOverdue, currentPromise } from '@/lib/domain/update-text';
import { approveUpdate } from '@/lib/server/incidents/approve-update';
import { checkCarrierNames } from '@/lib/server/incidents/check-carrier-names';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { listIncidents } from '@/lib/server/incidents/list-incidents';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { previewNotice } from '@/lib/server/notices/preview-notice';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, type Snapshot } from '@/lib/server/public/snapshot';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { expectAppError } from '../helpers/app-error';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';

// Per-carrier text and the next-update promise, end to end: the API and the services the console
// calls, what each carrier's page, feed, JSON and notice then say, and the main text as fallback.

const req = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`http://127.0.0.1:3203${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
const HOUR = 3_600_000;
const text = (snap: Snapshot, path: string) => {
  const entry = snap.entries.get(path);
  if (!entry) throw new Error(`no snapshot entry ${path}`);
  return entry.body.toString('utf8');
};
/** A page's own content, without the carrier picker in the header. */
const main = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';

describe.each(DATABASE_KINDS)('per-carrier text and next update on %s', (kind) => {
  let t: TestDatabase;
  let alice: Actor;
  let bob: Actor;
  let token = '';
  let incidentId = '';

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    await loadDemo({ actor: cliActor, now: new Date() });
    const a = await t.handle.db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const b = await t.handle.db.user.create({ data: { email: 'bob@candor.test', name: 'Bob', role: 'responder', passwordHash: 'x' } });
    alice = { type: 'user', userId: a.id, label: 'Alice', role: 'responder' };
    bob = { type: 'user', userId: b.id, label: 'Bob', role: 'responder' };
    token = (await createApiToken({ actor: cliActor, input: { name: 'ci', role: 'responder', userId: a.id } })).token;
    const created = await createIncident({
      actor: alice,
      input: {
        name: 'Photos not syncing',
        impact: 'major',
        body: 'Photos are not syncing. We are investigating.',
        impacts: ['tmobile-us', 'telstra-au'].map((region) => ({ component: 'photos', region, status: 'major_outage', data_state: 'at_risk', affected_users: 1000 })),
      },
    });
    incidentId = created.id;
  });
  afterAll(async () => t?.drop());

  it('takes bodies_by_region and next_update_at through the API, keyed by slug, with empty texts meaning none', async () => {
    const promised = new Date(Date.now() + 6 * HOUR);
    const res = await updatesRoute.POST(
      req('POST', `/api/v1/incidents/${incidentId}/updates`, token, {
        status: 'identified',
        body: 'We found the cause and are restoring the photo store.',
        bodies_by_region: { 'telstra-au': 'Hiptop photos: the Sydney copy is intact and is being restored first.', 'tmobile-us': '' },
        next_update_at: promised.toISOString(),
      }),
      ctx({ id: incidentId }),
    );
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json.bodies_by_region).toEqual({ 'telstra-au': 'Hiptop photos: the Sydney copy is intact and is being restored first.' });
    expect(json.next_update_at).toBe(promised.toISOString());
    expect(json.incident.next_update_at).toBe(promised.toISOString());
    const rows = await t.handle.db.updateRegionBody.findMany({ where: { updateId: json.id } });
    expect(rows).toHaveLength(1);
  });

  it('refuses an unknown region slug and a next update that is not after the update, naming the field (422)', async () => {
    const post = (extra: Record<string, unknown>) => updatesRoute.POST(req('POST', `/api/v1/incidents/${incidentId}/updates`, token, { status: 'identified', body: 'Still working.', ...extra }), ctx({ id: incidentId }));
    const unknown = await post({ bodies_by_region: { 'vodafone-uk': 'Hello' } });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.field).toBe('bodies_by_region.vodafone-uk');
    const past = await post({ next_update_at: new Date(Date.now() - HOUR).toISOString() });
    expect(past.status).toBe(422);
    expect((await past.json()).error.field).toBe('next_update_at');
    const garbage = await post({ next_update_at: 'tomorrow-ish' });
    expect(garbage.status).toBe(422);
    expect((await garbage.json()).error.field).toBe('next_update_at');
    // Back-dated: the promise must be after the time the update is shown, which may be in the past.
    const backDated = await post({ display_at: new Date(Date.now() - 3 * HOUR).toISOString(), next_update_at: new Date(Date.now() - 2 * HOUR).toISOString() });
    expect(backDated.status).toBe(201);
    const incident = await (await incidentRoute.GET(req('GET', `/api/v1/incidents/${incidentId}`, token), ctx({ id: incidentId }))).json();
    // The back-dated update is not the latest, so the earlier promise still stands.
    expect(Date.parse(incident.next_update_at)).toBeGreaterThan(Date.now());
    expect(await t.handle.db.incidentUpdate.count({ where: { incidentId, body: 'Still working.' } })).toBe(1);
  });

  it('keeps the per-region texts of an update waiting for a second person, and publishes them on approval', async () => {
    const version = (await t.handle.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).version;
    const pending = await postUpdate({
      actor: alice,
      input: {
        incident_id: incidentId,
        version,
        status: 'identified',
        body: 'Some photos are likely lost.',
        bodies_by_region: { 'tmobile-us': 'Sidekick photos taken since Friday are likely lost.', 'telstra-au': 'Hiptop photos are safe; only the upload queue was lost.' },
        impacts: [{ component: 'photos', region: 'tmobile-us', status: 'major_outage', data_state: 'lost', affected_users: 1000 }],
      },
    });
    expect(pending.state).toBe('pending_approval');
    const before = buildSnapshot(await loadPublicModel(new Date()), new Date());
    expect(text(before, '/regions/tmobile-us')).not.toContain('Sidekick photos taken since Friday');
    await approveUpdate({ actor: bob, input: { update_id: pending.id } });
    const stored = await t.handle.db.updateRegionBody.findMany({ where: { updateId: pending.id }, include: { region: true } });
    expect(Object.fromEntries(stored.map((s) => [s.region.slug, s.body]))).toEqual({ 'tmobile-us': 'Sidekick photos taken since Friday are likely lost.', 'telstra-au': 'Hiptop photos are safe; only the upload queue was lost.' });
    const after = buildSnapshot(await loadPublicModel(new Date()), new Date());
    expect(text(after, '/regions/tmobile-us')).toContain('Sidekick photos taken since Friday are likely lost.');
    expect(text(after, '/regions/telstra-au')).toContain('Hiptop photos are safe; only the upload queue was lost.');
  });

  it("renders each region's own text on its pages, feeds and JSON, the main text where it has none, and the promise in its zone", async () => {
    const version = (await t.handle.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).version;
    const promised = new Date(Date.now() + 5 * HOUR);
    await postUpdate({
      actor: alice,
      input: { incident_id: incidentId, version, status: 'monitoring', body: 'Main: the photo store is back; we are watching it.', bodies_by_region: { 'telstra-au': 'Telstra text: Hiptop photo sync is back.' }, next_update_at: promised.toISOString() },
    });
    const snap = buildSnapshot(await loadPublicModel(new Date()), new Date());
    const telstraPage = main(text(snap, '/regions/telstra-au'));
    const tmobilePage = main(text(snap, '/regions/tmobile-us'));
    expect(telstraPage).toContain('Telstra text: Hiptop photo sync is back.');
    expect(telstraPage).not.toContain('Main: the photo store is back');
    expect(tmobilePage).toContain('Main: the photo store is back; we are watching it.');
    expect(tmobilePage).not.toContain('Telstra text');
    // The promise, in each carrier's zone.
    expect(telstraPage).toMatch(/Next update by <time[^>]*>[^<]*AE[DS]T/);
    expect(tmobilePage).toMatch(/Next update by <time[^>]*>[^<]*P[DS]T/);

    const telstraIncident = main(text(snap, `/regions/telstra-au/incidents/${incidentId}`));
    expect(telstraIncident).toContain('Telstra text: Hiptop photo sync is back.');
    expect(telstraIncident).not.toContain('Sidekick');
    expect(main(text(snap, `/regions/tmobile-us/incidents/${incidentId}`))).toContain('Main: the photo store is back');
    // The page for every carrier shows the main text, then each carrier's own, labelled.
    expect(main(text(snap, `/incidents/${incidentId}`))).toMatch(/Main: the photo store is back[\s\S]*For Telstra Hiptop customers:[\s\S]*Telstra text: Hiptop photo sync is back\./);

    for (const ext of ['atom', 'rss']) {
      const telstraFeed = text(snap, `/regions/telstra-au/feed.${ext}`);
      expect(telstraFeed).toContain('Telstra text: Hiptop photo sync is back.');
      expect(telstraFeed).not.toContain('Main: the photo store is back');
      expect(telstraFeed).toMatch(/Next update by [^&]*AE[DS]T/);
      expect(text(snap, `/regions/tmobile-us/feed.${ext}`)).toContain('Main: the photo store is back');
    }

    const v2 = (path: string) => JSON.parse(text(snap, path)) as { incidents: { id: string; next_update_at: string | null; incident_updates: { body: string; next_update_at: string | null; bodies_by_region?: Record<string, string> }[] }[] };
    const telstraJson = v2('/api/v2/incidents/unresolved.json?region=telstra-au').incidents.find((i) => i.id === incidentId)!;
    expect(telstraJson.incident_updates[0]!.body).toBe('Telstra text: Hiptop photo sync is back.');
    expect(telstraJson.incident_updates[0]!.bodies_by_region).toBeUndefined();
    expect(Date.parse(telstraJson.next_update_at!)).toBe(promised.getTime());
    expect(v2('/api/v2/incidents/unresolved.json?region=tmobile-us').incidents.find((i) => i.id === incidentId)!.incident_updates[0]!.body).toBe('Main: the photo store is back; we are watching it.');
    const whole = v2('/api/v2/incidents/unresolved.json').incidents.find((i) => i.id === incidentId)!;
    expect(whole.incident_updates[0]!.body).toBe('Main: the photo store is back; we are watching it.');
    expect(whole.incident_updates[0]!.bodies_by_region).toEqual({ 'telstra-au': 'Telstra text: Hiptop photo sync is back.' });
    expect(Date.parse(whole.incident_updates[0]!.next_update_at!)).toBe(promised.getTime());
  });

  it("quotes each region's own text in its notice, else the main text, with the promise in the reader's zone", async () => {
    const preview = await previewNotice({ actor: alice, incidentId, kind: 'update' });
    const telstra = preview.regions.find((r) => r.regionSlug === 'telstra-au')!;
    const tmobile = preview.regions.find((r) => r.regionSlug === 'tmobile-us')!;
    expect(telstra.text).toContain('Telstra text: Hiptop photo sync is back.');
    expect(telstra.text).not.toContain('Main: the photo store');
    expect(tmobile.text).toContain('Main: the photo store is back; we are watching it.');
    expect(tmobile.text).not.toContain('Telstra');
    expect(telstra.text).toMatch(/Next update by:\s+.*AE[DS]T/);
    expect(tmobile.html).toMatch(/Next update by<\/th><td[^>]*>[^<]*P[DS]T/);
  });

  it('carries no promise once resolved, and flags a promise as overdue only after it passes', async () => {
    const list = await listIncidents({ state: 'open', kind: 'incident' });
    const row = list.incidents.find((i) => i.id === incidentId)!;
    const promise = currentPromise(row.updates, false)!;
    expect(promise.getTime()).toBeGreaterThan(Date.now());
    expect(isOverdue(promise, new Date())).toBe(false);
    expect(isOverdue(promise, new Date(promise.getTime() + 60_000))).toBe(true);
    const version = (await t.handle.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).version;
    const res = await incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${incidentId}`, token, { version, status: 'resolved', body: 'Resolved.' }), ctx({ id: incidentId }));
    expect(res.status).toBe(200);
    expect((await res.json()).next_update_at).toBeNull();
    const snap = buildSnapshot(await loadPublicModel(new Date()), new Date());
    const json = JSON.parse(text(snap, '/api/v2/incidents.json')) as { incidents: { id: string; next_update_at: string | null }[] };
    expect(json.incidents.find((i) => i.id === incidentId)!.next_update_at).toBeNull();
    expect(main(text(snap, `/incidents/${incidentId}`))).not.toContain('Next update by');
  });

  it('warns (the console check) when a text names another carrier or product, and not otherwise', async () => {
    const both = ['tmobile-us', 'telstra-au'].map((region) => ({ component: 'photos', region, status: 'major_outage' }));
    const warned = await checkCarrierNames({ body: 'For Telstra Hiptop customers, photos are likely lost.', impacts: both });
    expect(warned).toEqual(['The main text names "Telstra" and "Hiptop", which T-Mobile Sidekick customers will read.']);
    expect(await checkCarrierNames({ body: 'Photos are likely lost.', impacts: both })).toEqual([]);
    expect(await checkCarrierNames({ body: 'Photos are likely lost.', bodies_by_region: { 'telstra-au': 'Unlike Sidekick owners, yours are safe.' }, impacts: both })).toEqual([
      'The text for Telstra Hiptop customers names "Sidekick", which Telstra Hiptop customers will read.',
    ]);
    await expectAppError(checkCarrierNames({ body: 'x', bodies_by_region: { nowhere: 'x' } }), 'validation', 'bodies_by_region.nowhere');
  });

  it('declares with per-region texts and a promise through POST /api/v1/incidents', async () => {
    const res = await incidentsRoute.POST(
      req('POST', '/api/v1/incidents', token, {
        name: 'Calendar slow',
        status: 'investigating',
        body: 'Calendar sync is slow.',
        bodies_by_region: { 'tmobile-us': 'Sidekick calendar sync is slow.' },
        next_update_at: new Date(Date.now() + HOUR).toISOString(),
        impacts: [{ component: 'calendar', region: 'tmobile-us', status: 'degraded_performance' }],
      }),
    );
    expect(res.status).toBe(201);
    const json = await res.json();
    expect(json.incident_updates[0].bodies_by_region).toEqual({ 'tmobile-us': 'Sidekick calendar sync is slow.' });
    expect(json.next_update_at).not.toBeNull();
  });
});
