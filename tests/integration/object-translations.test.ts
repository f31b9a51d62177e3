import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as componentsRoute from '@/app/api/v1/components/route';
import * as componentRoute from '@/app/api/v1/components/[id]/route';
import * as incidentRoute from '@/app/api/v1/incidents/[id]/route';
import { cliActor, type Actor } from '@/lib/server/actor';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { updateGroup } from '@/lib/server/groups/update-group';
import { createGroup } from '@/lib/server/groups/create-group';
import { updatePageSettings } from '@/lib/server/settings/update-page-settings';
import { getPageSettings } from '@/lib/server/settings/get-page-settings';
import { updatePostmortem } from '@/lib/server/incidents/update-postmortem';
import { createNotice } from '@/lib/server/notices/create-notice';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot } from '@/lib/server/public/snapshot';
import { snapshotStore } from '@/lib/server/public/store';
import { readSnapshotFile, writeSnapshotFile } from '@/lib/server/public/snapshot-file';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { LANGUAGES } from '@/lib/i18n/languages';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { listenHotPath, request } from '../helpers/hot-path-server';
import { addSubscribers, createScenario, parse, waitFor, type Scenario } from './notify-fixtures';

// Issue 16: staff-typed text (component, group and page names, incident titles, postmortems) in
// other languages. Through /api/v1 and the services: stored, returned, audited, a retry changes
// nothing, bad input names its field; the public pages and notices in each language read them.

const BASE = 'http://127.0.0.1:3216';
const req = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const DE = 'leser@example.de';
const EN = 'reader@example.com';

describe.each(DATABASE_KINDS)('translations of staff text on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  let admin = '';
  let alice: Actor;
  let sink: Sink;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    s = await createScenario(t.handle.db);
    const u = await createUser({ actor: cliActor, input: { email: 'ada@x.test', role: 'admin', password: 'long-enough-pw' } });
    admin = (await createApiToken({ actor: cliActor, input: { name: 'ada', role: 'admin', userId: u.id } })).token;
    alice = { type: 'user', userId: u.id, label: 'Ada', role: 'admin' };
    sink = await startSink({ keep: 50 });
    installTransport(sink.url);
  });
  afterAll(async () => {
    await worker?.stop();
    await closeTransport();
    await sink?.stop();
    snapshotStore().current = null;
    await t?.drop();
  });

  const patchComponent = (ref: string, body: unknown) => componentRoute.PATCH(req('PATCH', `/api/v1/components/${ref}`, admin, body), { params: Promise.resolve({ id: ref }) });
  const patchIncident = (body: unknown) => incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${s.incidentId}`, admin, body), { params: Promise.resolve({ id: s.incidentId }) });
  const audits = (objectId: string) => t.handle.db.auditLog.findMany({ where: { objectId }, orderBy: { at: 'asc' } });

  it('components: created and patched with translations, returned, audited; a retry changes nothing; bad input names the field', async () => {
    const created = await componentsRoute.POST(req('POST', '/api/v1/components', admin, { component: { name: 'Notes', translations: { name: { 'de-DE': ' Notizen ' } } } }));
    expect(created.status).toBe(201);
    expect((await created.json()).translations).toEqual({ name: { 'de-DE': 'Notizen' } });

    const bad = await patchComponent('contacts', { translations: { name: { 'xx-YY': 'Kontakte' } } });
    expect(bad.status).toBe(422);
    const error = (await bad.json()).error;
    expect(error.field).toBe('translations.name.xx-YY');
    expect(error.message).toBe(`translations.name.xx-YY: not a language Candor writes in (${LANGUAGES.join(', ')})`);
    const tooLong = await patchComponent('contacts', { translations: { description: { 'fr-CA': 'x'.repeat(501) } } });
    expect((await tooLong.json()).error.field).toBe('translations.description.fr-CA');
    expect((await t.handle.db.component.findUniqueOrThrow({ where: { slug: 'contacts' } })).translations).toBe('{}');

    const body = { translations: { name: { 'de-DE': 'Kontakte', 'fr-CA': 'Carnet' }, description: { 'de-DE': 'Adressbuch' } } };
    const ok = await patchComponent('contacts', body);
    expect(ok.status).toBe(200);
    const json = await ok.json();
    expect(json.translations).toEqual(body.translations);
    const version = json.version as number;
    const got = await componentRoute.GET(req('GET', '/api/v1/components/contacts', admin), { params: Promise.resolve({ id: 'contacts' }) });
    expect((await got.json()).translations).toEqual(body.translations);
    const rows = await audits(s.components.contacts);
    expect(rows.map((a) => a.action)).toEqual(['component.update']);
    expect(JSON.parse(rows[0]!.before!).translations).toBe('{}');
    expect(JSON.parse(JSON.parse(rows[0]!.after!).translations)).toEqual(body.translations);

    // The same request again: nothing changes, no audit, no new version.
    const again = await patchComponent('contacts', body);
    expect(again.status).toBe(200);
    expect((await again.json()).version).toBe(version);
    expect(await audits(s.components.contacts)).toHaveLength(1);

    // A patch: an empty text removes one language, the rest stays.
    const removed = await (await patchComponent('contacts', { translations: { name: { 'fr-CA': '' } } })).json();
    expect(removed.translations).toEqual({ name: { 'de-DE': 'Kontakte' }, description: { 'de-DE': 'Adressbuch' } });
    expect(await audits(s.components.contacts)).toHaveLength(2);
  });

  it('incidents, groups and page settings: the same, through their own operations', async () => {
    const title = { translations: { name: { 'de-DE': 'Persönliche Daten nicht verfügbar' } } };
    const first = await patchIncident(title);
    expect(first.status).toBe(200);
    const incident = await first.json();
    expect(incident.translations).toEqual(title.translations);
    const again = await (await patchIncident(title)).json();
    expect(again.version).toBe(incident.version);
    expect((await audits(s.incidentId)).map((a) => a.action)).toEqual(['incident.update']);
    expect((await (await patchIncident({ translations: { title: { 'de-DE': 'x' } } })).json()).error.field).toBe('translations');

    // A postmortem translation is saved with the postmortem (and stays private with a draft).
    await updatePostmortem({ actor: alice, input: { incident_id: s.incidentId, body: 'What happened.', translations: { postmortem: { 'de-DE': 'Was geschah.' } } } });
    const saved = await t.handle.db.incident.findUniqueOrThrow({ where: { id: s.incidentId } });
    expect(JSON.parse(saved.translations)).toEqual({ name: title.translations.name, postmortem: { 'de-DE': 'Was geschah.' } });
    await updatePostmortem({ actor: alice, input: { incident_id: s.incidentId, body: 'What happened.', translations: { postmortem: { 'de-DE': 'Was geschah.' } } } });
    expect((await t.handle.db.incident.findUniqueOrThrow({ where: { id: s.incidentId } })).version).toBe(saved.version);

    const group = await createGroup({ actor: alice, input: { name: 'Personal data', translations: { name: { 'de-DE': 'Persönliche Daten' } } } });
    const input = { name: 'Personal data', description: 'Sync', translations: { description: { 'fr-CA': 'Synchro' } } };
    await updateGroup({ actor: alice, id: group.id, input });
    await updateGroup({ actor: alice, id: group.id, input });
    expect((await audits(group.id)).map((a) => a.action)).toEqual(['group.create', 'group.update']);
    expect(JSON.parse((await t.handle.db.componentGroup.findUniqueOrThrow({ where: { id: group.id } })).translations)).toEqual({ name: { 'de-DE': 'Persönliche Daten' }, description: { 'fr-CA': 'Synchro' } });
    await t.handle.db.component.update({ where: { id: s.components.contacts }, data: { groupId: group.id } });

    const settings = await getPageSettings();
    const page = { name: 'Sidekick status', public_url: 'http://127.0.0.1:3216', time_zone: 'UTC', brand_color: '#1f4fd1', footer_text: 'Status for devices.', mail_from_name: 'Status', mail_from_email: 'status@example.com', translations: { name: { 'de-DE': 'Sidekick-Status' }, footerText: { 'de-DE': 'Status für Geräte. <script>alert(1)</script>' } } };
    const bad = await updatePageSettings({ actor: alice, input: { ...page, translations: { logoText: { 'de-DE': 'x'.repeat(61) } } } }).catch((e: unknown) => e);
    expect((bad as { field?: string }).field).toBe('translations.logoText.de-DE');
    const saved1 = await updatePageSettings({ actor: alice, input: page });
    expect(saved1.version).toBe(settings.version + 1);
    expect((await updatePageSettings({ actor: alice, input: page })).version).toBe(saved1.version);
    expect((await audits('1')).filter((a) => a.action === 'settings.update')).toHaveLength(1);
  });

  it('shows each language its translations on the public pages and feeds, escaped, and English the originals', async () => {
    await postUpdate({ actor: alice, input: { incident_id: s.incidentId, status: 'identified', body: 'Found it.', impacts: [{ component: 'contacts', region: 'tmobile-us', status: 'major_outage', data_state: 'at_risk', affected_users: 1000 }] } });
    await updatePostmortem({ actor: alice, input: { incident_id: s.incidentId, body: 'What happened.', publish: true } });
    const now = new Date();
    const model = await loadPublicModel(now);
    snapshotStore().current = buildSnapshot(model, now);
    // A snapshot file saved before translations existed (no such fields) still loads, with none.
    const dir = await mkdtemp(join(tmpdir(), 'candor-translations-'));
    try {
      const strip = <T extends { translations?: unknown }>({ translations: _t, ...rest }: T) => rest;
      const old = { ...model, page: strip(model.page), groups: model.groups.map(strip), components: model.components.map(strip), incidents: model.incidents.map(strip) };
      await writeSnapshotFile(join(dir, 'old.json'), 'file:old.db', old as typeof model, now);
      const read = await readSnapshotFile(join(dir, 'old.json'), 'file:old.db');
      expect(read.kind).toBe('ok');
      expect(read.kind === 'ok' && read.model.components.every((c) => c.translations === undefined)).toBe(true);
      expect(buildSnapshot(read.kind === 'ok' ? read.model : model, now).entries.get('/?lang=de-DE')!.body.toString()).toMatch(/>Contacts</);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const server = await listenHotPath();
    try {
      const get = async (path: string) => (await request(server.port, path)).body.toString();
      const deIncident = await get(`/incidents/${s.incidentId}?lang=de-DE`);
      expect(deIncident).toContain('<h1>Persönliche Daten nicht verfügbar</h1>');
      expect(deIncident).toContain('Was geschah.');
      expect(deIncident).not.toContain('Personal data unavailable');
      const deHome = await get('/?lang=de-DE');
      expect(deHome).toContain('Kontakte');
      expect(deHome).toContain('Persönliche Daten');
      expect(deHome).toContain('Sidekick-Status');
      expect(deHome).toContain('Status für Geräte. &lt;script&gt;');
      expect(deHome).not.toContain('<script>alert(1)');
      expect(deHome).not.toMatch(/>Contacts</);
      expect(await get('/feed.atom?lang=de-DE')).toContain('Persönliche Daten nicht verfügbar');
      expect(await get('/components/contacts/feed.atom?lang=de-DE')).toContain('Sidekick-Status: Kontakte');
      // French has a name of its own only where staff wrote one; the rest reads as written.
      const frHome = await get('/?lang=fr-CA');
      expect(frHome).toContain('>Personal data<');
      expect(frHome).toMatch(/>Contacts</);
      // The positive control: the English pages read the originals.
      const enIncident = await get(`/incidents/${s.incidentId}?lang=en`);
      expect(enIncident).toContain('<h1>Personal data unavailable</h1>');
      expect(enIncident).toContain('What happened.');
      const enHome = await get('/?lang=en');
      expect(enHome).toMatch(/>Contacts</);
      expect(enHome).not.toContain('Kontakte');
      // The Statuspage-compatible JSON stays in the original.
      expect(await get('/api/v2/summary.json')).toContain('"name":"Contacts"');
    } finally {
      await server.close();
    }
  });

  it("names the incident and its services in a German reader's notice in German, in English for an English reader", async () => {
    await addSubscribers(t.handle.db, [
      { email: DE, regionIds: [s.regions.tmobile], timeZone: 'Europe/Berlin', locale: 'de-DE' },
      { email: EN, regionIds: [s.regions.tmobile], timeZone: 'America/Los_Angeles', locale: 'en-US' },
    ]);
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
    const notice = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'update' } });
    await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'sent', 60_000);
    const letter = async (address: string) => {
      const m = await parse(sink.messages.find((x) => x.to[0] === address)!);
      return { subject: m.subject ?? '', text: (m.text ?? '').replace(/\s+/g, ' ') };
    };
    const de = await letter(DE);
    expect(de.subject).toContain('Persönliche Daten nicht verfügbar');
    expect(de.text).toContain('Kontakte');
    expect(`${de.subject} ${de.text}`).not.toContain('Personal data unavailable');
    const en = await letter(EN);
    expect(en.subject).toContain('Personal data unavailable');
    expect(en.text).toContain('Contacts');
    expect(en.text).not.toContain('Kontakte');
  });
});
