import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as updatesRoute from '@/app/api/v1/incidents/[id]/updates/route';
import * as translationsRoute from '@/app/api/v1/incidents/[id]/updates/[updateId]/translations/route';
import { cliActor } from '@/lib/server/actor';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { createScenario, type Scenario } from './notify-fixtures';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot } from '@/lib/server/public/snapshot';
import { snapshotStore } from '@/lib/server/public/store';
import { listenHotPath, request } from '../helpers/hot-path-server';

// Translations of an update through /api/v1: given with the update (`lang`, `translations`) or
// added later (POST …/updates/{id}/translations), each audited in the same transaction, and bad
// input refused with the field named and nothing stored.

const BASE = 'http://127.0.0.1:3208';
const req = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const TELSTRA_LOST = [{ component: 'contacts', region: 'telstra-au', status: 'major_outage', data_state: 'lost', affected_users: 12_000 }];
type Update = { id: string; lang: string; translations: { lang: string; body: string; bodies_by_region: Record<string, string> }[] };

describe.each(DATABASE_KINDS)('update translations through the API on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  let token = '';
  let viewer = '';

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    s = await createScenario(t.handle.db);
    const u = await createUser({ actor: cliActor, input: { email: 'ada@x.test', role: 'responder', password: 'long-enough-pw' } });
    token = (await createApiToken({ actor: cliActor, input: { name: 'ada', role: 'responder', userId: u.id } })).token;
    viewer = (await createApiToken({ actor: cliActor, input: { name: 'ro', role: 'viewer' } })).token;
  });
  afterAll(async () => t?.drop());

  const post = (body: unknown) => updatesRoute.POST(req('POST', `/api/v1/incidents/${s.incidentId}/updates`, token, body), { params: Promise.resolve({ id: s.incidentId }) });
  const translate = (updateId: string, body: unknown, as = token) => translationsRoute.POST(req('POST', `/api/v1/incidents/${s.incidentId}/updates/${updateId}/translations`, as, body), { params: Promise.resolve({ id: s.incidentId, updateId }) });
  const count = () => t.handle.db.updateTranslation.count();

  it('takes translations with the update and later, per language, audited', async () => {
    const bad = await post({ status: 'identified', body: 'Found it.', bodies_by_region: { 'telstra-au': 'Found it, Telstra.' }, translations: [{ lang: 'xx', body: 'Nope' }] });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toMatch(/^translations\.0\.lang/);
    expect(await t.handle.db.incidentUpdate.count()).toBe(0);

    const res = await post({ status: 'identified', body: 'Found it.', bodies_by_region: { 'telstra-au': 'Found it, Telstra.' }, impacts: TELSTRA_LOST, translations: [{ lang: 'de-DE', body: 'Gefunden.', bodies_by_region: { 'telstra-au': 'Gefunden, Telstra.' } }] });
    expect(res.status).toBe(201);
    const update = (await res.json()) as Update;
    expect(update.lang).toBe('en');
    expect(update.translations).toEqual([{ lang: 'de-DE', body: 'Gefunden.', bodies_by_region: { 'telstra-au': 'Gefunden, Telstra.' } }]);

    expect((await translate(update.id, { lang: 'fr-CA', body: 'Trouvé.' }, viewer)).status).toBe(403);
    expect((await translate(update.id, { lang: 'en', body: 'Found.' })).status).toBe(422);
    const stray = await translate(update.id, { lang: 'fr-CA', body: 'Trouvé.', bodies_by_region: { 'tmobile-us': 'Trouvé, T-Mobile.' } });
    expect(stray.status).toBe(422);
    expect((await stray.json()).error.field).toBe('bodies_by_region.tmobile-us');
    expect((await translate('no-such-update', { lang: 'fr-CA', body: 'Trouvé.' })).status).toBe(404);
    expect(await count()).toBe(1);

    const ok = await translate(update.id, { translation: { lang: 'fr-CA', body: 'Trouvé.' } });
    expect(ok.status).toBe(200);
    const after = ((await ok.json()) as { incident_updates: Update[] }).incident_updates.find((u) => u.id === update.id)!;
    expect(after.translations.map((x) => x.lang)).toEqual(['de-DE', 'fr-CA']);
    expect((await translate(update.id, { lang: 'fr-CA', body: 'Trouvé.' })).status).toBe(200);
    const audits = await t.handle.db.auditLog.findMany({ where: { action: 'incident_update.translate', objectId: update.id }, orderBy: { at: 'asc' } });
    expect(audits.map((a) => (JSON.parse(a.after!) as { lang: string }).lang)).toEqual(['de-DE', 'fr-CA']);
  });
  it('shows each public page the translation for its language, escaped like any text, and the original where there is none', async () => {
    const [update] = await t.handle.db.incidentUpdate.findMany({ where: { incidentId: s.incidentId } });
    expect((await translate(update!.id, { lang: 'fr-CA', body: 'Trouvé. <script>alert(1)</script>' })).status).toBe(200);
    const now = new Date();
    snapshotStore().current = buildSnapshot(await loadPublicModel(now), now);
    const server = await listenHotPath();
    try {
      const page = async (path: string) => (await request(server.port, path)).body.toString();
      const telstra = `/regions/telstra-au/incidents/${s.incidentId}`;
      const de = await page(`${telstra}?lang=de-DE`);
      expect(de).toContain('Gefunden, Telstra.');
      expect(de).not.toContain('Found it, Telstra.');
      // The positive control: the English page reads the original.
      expect(await page(`${telstra}?lang=en`)).toContain('Found it, Telstra.');
      // French has no translation of Telstra's own text: Telstra's French page reads it as written.
      expect(await page(`${telstra}?lang=fr-CA`)).toContain('Found it, Telstra.');
      const all = await page(`/incidents/${s.incidentId}?lang=fr-CA`);
      expect(all).toContain('Trouvé.');
      expect(all).not.toContain('<script>alert(1)');
      expect(all).not.toContain('>Found it.<');
    } finally {
      await server.close();
      snapshotStore().current = null;
    }
  });
});
