import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as listRoute from '@/app/api/v1/notice-templates/route';
import * as templateRoute from '@/app/api/v1/notice-templates/[kind]/[region]/route';
import * as previewRoute from '@/app/api/v1/notice-templates/[kind]/[region]/preview/route';
import { DATA_STATES } from '@/lib/domain/status';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';
import { LANGUAGES } from '@/lib/i18n/languages';
import { cliActor } from '@/lib/server/actor';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { createScenario, type Scenario } from './notify-fixtures';

// Notice templates through /api/v1: list, write, preview with a real incident, reset; audit rows
// in the same transaction; 422s that name the field. The console's actions call the same services
// (tests/integration/notice-templates-console.test.ts drives them through a built server).

const BASE = 'http://127.0.0.1:3207';
const req = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const ctx = (kind: string, region: string) => ({ params: Promise.resolve({ kind, region }) });
type Template = { kind: string; region: string | null; lang: string; customized: boolean; uses: string; subject: string | null; body: string | null; defaults: { data_states: string[]; subject: string }[] };
type Preview = { regions: { region: string; template: { scope: string; label: string }; subject: string; html: string; text: string; time_zone: string }[] };
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe.each(DATABASE_KINDS)('notice templates through the API on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  const tokens = { responder: '', viewer: '' };
  const TELSTRA = { subject: 'Hiptop news for {{carrier}} customers: {{incident_title}}', body: 'G’day. Your {{data_services}} data is {{data_state}}.\n\nCall {{support_contact}}.' };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    s = await createScenario(t.handle.db);
    const u = await createUser({ actor: cliActor, input: { email: 'ada@x.test', role: 'responder', password: 'long-enough-pw' } });
    tokens.responder = (await createApiToken({ actor: cliActor, input: { name: 'ada', role: 'responder', userId: u.id } })).token;
    tokens.viewer = (await createApiToken({ actor: cliActor, input: { name: 'ro', role: 'viewer' } })).token;
  });
  afterAll(async () => t?.drop());

  const audits = (action: string) => t.handle.db.auditLog.findMany({ where: { action }, orderBy: { at: 'asc' } });
  const put = (k: string, region: string, body: unknown, token = tokens.responder) => templateRoute.PUT(req('PUT', `/api/v1/notice-templates/${k}/${region}`, token, body), ctx(k, region));
  const preview = (k: string, region: string, body: unknown) => previewRoute.POST(req('POST', `/api/v1/notice-templates/${k}/${region}/preview`, tokens.viewer, body), ctx(k, region));

  it('lists every kind for all carriers and each region, with the defaults per data state', async () => {
    const res = await listRoute.GET(req('GET', '/api/v1/notice-templates', tokens.viewer));
    expect(res.status).toBe(200);
    const list = (await res.json()).notice_templates as Template[];
    const regions = await t.handle.db.region.findMany({ orderBy: { position: 'asc' } });
    // Every kind × scope × language; the test's regions all speak English, so English comes first everywhere.
    expect(regions.every((r) => r.locale.startsWith('en'))).toBe(true);
    expect(list.map((x) => `${x.kind}/${x.region ?? 'all'}/${x.lang}`)).toEqual(NOTICE_KINDS.flatMap((k) => ['all', ...regions.map((r) => r.slug)].flatMap((r) => LANGUAGES.map((l) => `${k}/${r}/${l}`))));
    expect(list.every((x) => !x.customized && x.uses === 'default')).toBe(true);
    const apology = list.find((x) => x.kind === 'apology')!;
    expect(apology.defaults.flatMap((d) => d.data_states).sort()).toEqual([...DATA_STATES].sort());
    expect(apology.defaults.find((d) => d.data_states.includes('lost'))?.subject).toBe('We are sorry: your {{product}} data is likely lost');
    const german = list.find((x) => x.kind === 'apology' && x.lang === 'de-DE')!;
    expect(german.defaults.find((d) => d.data_states.includes('lost'))?.subject).toBe('Es tut uns leid: Ihre {{product}}-Daten sind wahrscheinlich verloren');
  });

  it('writes a region’s template (responder), audited in the same transaction, and a retry changes nothing else', async () => {
    expect((await put('apology', 'telstra-au', TELSTRA, tokens.viewer)).status).toBe(403);
    const res = await put('apology', 'telstra-au', { notice_template: TELSTRA });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'apology', region: 'telstra-au', customized: true, uses: 'own', ...TELSTRA });
    expect((await put('apology', 'telstra-au', TELSTRA)).status).toBe(200);
    expect(await t.handle.db.noticeTemplate.count({ where: { kind: 'apology', regionSlug: 'telstra-au' } })).toBe(1);
    const rows = await audits('notice_template.update');
    expect(rows.map((r) => [r.objectId, r.actorLabel, JSON.parse(r.before!)])).toEqual([
      ['apology/telstra-au/en', 'token:ada', 'default'],
      ['apology/telstra-au/en', 'token:ada', TELSTRA],
    ]);
    const mobile = (await (await templateRoute.GET(req('GET', '/api/v1/notice-templates/apology/tmobile-us', tokens.viewer), ctx('apology', 'tmobile-us'))).json()) as Template;
    expect(mobile).toMatchObject({ customized: false, uses: 'default', subject: null });
  });

  it('refuses unknown or unclosed placeholders and subjects that do not render, naming the field, and stores nothing', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ subject: 'Hi {{prodcut}}', body: 'x' }, 'subject', /unknown placeholder \{\{prodcut\}\}/],
      [{ subject: 'Hi', body: 'Your {{data_sate}} data' }, 'body', /unknown placeholder \{\{data_sate\}\}/],
      [{ subject: 'Hi {{product', body: 'x' }, 'subject', /not part of a complete placeholder/],
      [{ subject: 'Hi', body: 'Hi {{%manage_url%}}' }, 'body', /not part of a complete placeholder/],
      [{ subject: 'Two\nlines', body: 'x' }, 'subject', /one line/],
      [{ subject: '{{incident_title}} '.repeat(8), body: 'x' }, 'subject', /runs to \d+ characters/],
      [{ subject: 'Hi' }, 'body', /body/],
    ];
    for (const [body, field, message] of cases) {
      const res = await put('resolved', 'all', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = (await res.json()).error;
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    }
    expect(await t.handle.db.noticeTemplate.count({ where: { kind: 'resolved' } })).toBe(0);
    expect((await audits('notice_template.update')).filter((r) => r.objectId === 'resolved/all/en')).toHaveLength(0);
    // Positive control: the same scope takes a good text.
    expect((await put('resolved', 'all', { subject: 'Over: {{incident_title}}', body: 'Your data is {{data_state}}.' })).status).toBe(200);
    expect(await t.handle.db.noticeTemplate.count({ where: { kind: 'resolved' } })).toBe(1);
    expect((await templateRoute.GET(req('GET', '/api/v1/notice-templates/nope/all', tokens.viewer), ctx('nope', 'all'))).status).toBe(404);
    expect((await put('apology', 'nowhere', TELSTRA)).status).toBe(404);
  });

  it('previews with a real incident in each region’s zone, naming the template each region used', async () => {
    const res = await preview('apology', 'all', { incident: s.incidentId });
    expect(res.status).toBe(200);
    const { regions } = (await res.json()) as Preview;
    expect(regions.map((r) => r.region)).toEqual(['tmobile-us', 'telstra-au']);
    const [mobile, telstra] = regions as [Preview['regions'][number], Preview['regions'][number]];
    expect(mobile.template).toEqual({ scope: 'default', label: "Candor's default (data likely lost)" });
    expect(mobile.subject).toBe('We are sorry: your Sidekick data is likely lost');
    expect(flat(mobile.text)).toContain('Your Contacts data is likely lost');
    expect(mobile.text).toContain('Calendar: being recovered; about 250,000 of 600,000 affected customers restored.');
    expect(mobile.text).toMatch(/Started:\s+.*P[DS]T/);
    expect(telstra.template).toEqual({ scope: 'region', label: 'the template for telstra-au' });
    expect(telstra.subject).toBe('Hiptop news for Telstra customers: Personal data unavailable');
    expect(telstra.text).toContain('G’day. Your Contacts data is likely lost.');
    expect(telstra.text).toContain('Photos:   at risk;');
    expect(telstra.text).not.toMatch(/Sidekick|T-Mobile|of 3,000/);
    expect(telstra.html).toContain('>Your data</h2>');
  });

  it('previews a draft without saving it; the region’s own template still wins where there is one', async () => {
    const draft = { subject: 'Draft for {{carrier}}', body: 'Your data is {{data_state}}.' };
    const { regions } = (await (await preview('apology', 'all', { incident: s.incidentId, ...draft })).json()) as Preview;
    expect(regions.map((r) => [r.region, r.template.label, r.subject])).toEqual([
      ['tmobile-us', 'your draft of the template for all carriers', 'Draft for T-Mobile'],
      ['telstra-au', 'the template for telstra-au', 'Hiptop news for Telstra customers: Personal data unavailable'],
    ]);
    const one = (await (await preview('apology', 'all', { incident: s.incidentId, region: 'telstra-au' })).json()) as Preview;
    expect(one.regions.map((r) => r.region)).toEqual(['telstra-au']);
    expect(await t.handle.db.noticeTemplate.count({ where: { kind: 'apology', regionSlug: null } })).toBe(0);
    const bad = await preview('apology', 'all', { incident: s.incidentId, subject: 'x', body: '{{nope}}' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe('body');
    const half = await preview('apology', 'all', { incident: s.incidentId, subject: 'only a subject' });
    expect((await half.json()).error.field).toBe('body');
    const elsewhere = await preview('apology', 'telstra-au', { incident: s.incidentId, region: 'tmobile-us' });
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).error.field).toBe('region');
    expect((await preview('apology', 'all', { incident: 'no-such-incident' })).status).toBe(404);
  });

  it('resets to the default (audited once; a second reset is a no-op)', async () => {
    const del = () => templateRoute.DELETE(req('DELETE', '/api/v1/notice-templates/apology/telstra-au', tokens.responder), ctx('apology', 'telstra-au'));
    expect((await templateRoute.DELETE(req('DELETE', '/api/v1/notice-templates/apology/telstra-au', tokens.viewer), ctx('apology', 'telstra-au'))).status).toBe(403);
    const res = await del();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ customized: false, uses: 'default', subject: null });
    expect((await del()).status).toBe(200);
    const resets = await audits('notice_template.reset');
    expect(resets.map((r) => [r.objectId, JSON.parse(r.before!), JSON.parse(r.after!)])).toEqual([['apology/telstra-au/en', TELSTRA, 'default']]);
    const { regions } = (await (await preview('apology', 'telstra-au', { incident: s.incidentId })).json()) as Preview;
    expect(regions[0]?.template.scope).toBe('default');
    expect(regions[0]?.subject).toBe('We are sorry: your Hiptop data is likely lost');
  });
  it('keeps one template per language: a German one is read by German readers only, and an unknown language is a 422', async () => {
    const GERMAN = { subject: 'Neues für {{carrier}}-Kunden: {{incident_title}}', body: 'Ihre Daten in {{data_services}}: {{data_state}}.' };
    const bad = await templateRoute.PUT(req('PUT', '/api/v1/notice-templates/update/telstra-au?lang=klingon', tokens.responder, GERMAN), ctx('update', 'telstra-au'));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe('lang');
    expect(await t.handle.db.noticeTemplate.count({ where: { kind: 'update' } })).toBe(0);
    const res = await templateRoute.PUT(req('PUT', '/api/v1/notice-templates/update/telstra-au?lang=de-DE', tokens.responder, GERMAN), ctx('update', 'telstra-au'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'update', region: 'telstra-au', lang: 'de-DE', customized: true, uses: 'own', ...GERMAN });
    expect((await audits('notice_template.update')).some((r) => r.objectId === 'update/telstra-au/de-DE')).toBe(true);
    // The region's own language (English) still reads the default: the German text is not English readers' template.
    const english = (await (await templateRoute.GET(req('GET', '/api/v1/notice-templates/update/telstra-au', tokens.viewer), ctx('update', 'telstra-au'))).json()) as Template;
    expect(english).toMatchObject({ lang: 'en', customized: false, uses: 'default' });
    const previewIn = async (lang: string) => {
      const r = await previewRoute.POST(req('POST', `/api/v1/notice-templates/update/telstra-au/preview?lang=${lang}`, tokens.viewer, { incident: s.incidentId }), ctx('update', 'telstra-au'));
      return ((await r.json()) as Preview).regions[0]!;
    };
    const de = await previewIn('de-DE');
    expect(de.subject).toBe('Neues für Telstra-Kunden: Personal data unavailable');
    expect(de.template).toEqual({ scope: 'region', label: 'the template for telstra-au (Deutsch)' });
    const en = await previewIn('en');
    expect(en.subject).toBe('Update on Personal data unavailable (Hiptop)');
    const fr = await previewIn('fr-CA');
    expect(fr.subject).toBe('Mise à jour : Personal data unavailable (Hiptop)');
  });
});
