import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { createSession } from '@/lib/server/sessions/create-session';
import { SESSION_COOKIE } from '@/lib/server/sessions/session-policy';
import { createUser } from '@/lib/server/users/create-user';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { freePort, until } from '../helpers/spawned-candor';
import { createScenario, type Scenario } from './notify-fixtures';
import { formFields } from '../helpers/form-fields';

// The console's notice-template page and its server actions, driven the way a browser without
// JavaScript drives them: GET the page, POST the form's own fields back. Needs `npm run build`.

const BUILT = existsSync(join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));

describe.skipIf(!BUILT).each(DATABASE_KINDS)('notice templates in the console on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  let child: ChildProcess;
  let output = '';
  let base = '';
  const cookies = { responder: '', viewer: '' };
  const PAGE = '/admin/templates/notices/apology/telstra-au';

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    s = await createScenario(t.handle.db);
    for (const role of ['responder', 'viewer'] as const) {
      const u = await createUser({ actor: cliActor, input: { email: `${role}@x.test`, name: role, role, password: 'long-enough-pw' } });
      const session = await t.handle.db.$transaction((tx) => createSession(tx, { userId: u.id, verified: true }));
      cookies[role] = `${SESSION_COOKIE}=${session.token}`;
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = { ...process.env };
    for (const k of ['SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER', 'TRUSTED_PROXIES']) delete env[k];
    child = spawn(process.execPath, [join(process.cwd(), 'bin', 'candor.mjs'), 'start', '--no-build'], { env: { ...env, DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, CANDOR_WORKER: 'off', NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await until('candor start', async () => (await fetch(`${base}/api/health`)).status === 200, 90_000, { child, output: () => output });
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await t?.drop();
  });

  const get = async (path: string, who: keyof typeof cookies) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: cookies[who] }, redirect: 'manual' });
    expect(res.status, `${path}\n${output.slice(-2000)}`).toBe(200);
    return res.text();
  };
  const post = (path: string, who: keyof typeof cookies, fd: FormData) => fetch(`${base}${path}`, { method: 'POST', headers: { cookie: cookies[who], origin: base }, body: fd, redirect: 'manual' });
  const stored = () => t.handle.db.noticeTemplate.findMany({ where: { kind: 'apology', regionSlug: 'telstra-au' } });
  const audits = () => t.handle.db.auditLog.findMany({ where: { objectType: 'notice_template' }, orderBy: { at: 'asc' } });
  const draftPage = (subject: string, body: string) => `${PAGE}?incident=${s.incidentId}&subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;

  it('lists each kind per carrier and previews the default with the real incident, naming it', async () => {
    const list = await get('/admin/templates', 'viewer');
    expect(list).toContain(`href="${PAGE}"`);
    const html = await get(`${PAGE}?incident=${s.incidentId}`, 'viewer');
    expect(html).toContain('Candor&#x27;s default (data likely lost)');
    expect(html).toContain('We are sorry: your Hiptop data is likely lost');
  });

  it('saves a previewed draft (responder), audited; a viewer sees no save button and a forged save stores nothing', async () => {
    const draft = { subject: 'Hiptop: {{incident_title}}', body: 'Your {{data_services}} data is {{data_state}}.' };
    const html = await get(draftPage(draft.subject, draft.body), 'responder');
    expect(html).toContain('your draft of the template for telstra-au');
    expect(html).toContain('Your Contacts data is likely lost.');
    const fd = formFields(html, 'Save the template');
    expect(fd).not.toBeNull();
    expect(formFields(await get(draftPage(draft.subject, draft.body), 'viewer'), 'Save the template')).toBeNull();
    const forged = await post(PAGE, 'viewer', fd!);
    expect(forged.status).toBeLessThan(500);
    expect(await stored()).toHaveLength(0);
    const saved = await post(PAGE, 'responder', fd!);
    expect(saved.status, output.slice(-2000)).toBe(303);
    expect((await stored()).map((r) => ({ subject: r.subject, body: r.body }))).toEqual([draft]);
    expect((await audits()).map((a) => [a.action, a.objectId, a.actorLabel])).toEqual([['notice_template.update', 'apology/telstra-au/en', 'responder <responder@x.test>']]);
    expect(await get(`${PAGE}?incident=${s.incidentId}`, 'viewer')).toContain('uses <strong>the template for telstra-au</strong>');
  });

  it('refuses an unknown placeholder on the page and in a forged save, storing nothing', async () => {
    const bad = await get(draftPage('Hiptop', 'Your {{prodcut}}'), 'responder');
    expect(bad).toContain('unknown placeholder {{prodcut}}');
    expect(formFields(bad, 'Save the template')).toBeNull();
    const fd = formFields(await get(draftPage('Hiptop', 'fine'), 'responder'), 'Save the template')!;
    fd.set('body', 'Your {{prodcut}}');
    const res = await post(PAGE, 'responder', fd);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('unknown placeholder {{prodcut}}');
    expect((await stored())[0]?.body).toBe('Your {{data_services}} data is {{data_state}}.');
  });

  it('resets to the default (responder), audited', async () => {
    const fd = formFields(await get(`${PAGE}?incident=${s.incidentId}`, 'responder'), 'Reset the template');
    expect(fd).not.toBeNull();
    expect(formFields(await get(`${PAGE}?incident=${s.incidentId}`, 'viewer'), 'Reset the template')).toBeNull();
    expect((await post(PAGE, 'responder', fd!)).status).toBe(303);
    expect(await stored()).toHaveLength(0);
    expect((await audits()).map((a) => a.action)).toEqual(['notice_template.update', 'notice_template.reset']);
    expect(await get(`${PAGE}?incident=${s.incidentId}`, 'viewer')).toContain('Candor&#x27;s default (data likely lost)');
  });
  it('picks the template’s language on the page: a German draft is previewed and saved as German, the English one untouched', async () => {
    const page = await get(`${PAGE}?incident=${s.incidentId}`, 'responder');
    expect(page).toContain(`href="${PAGE}?lang=de-DE&amp;incident=${s.incidentId}"`);
    const german = { subject: 'Hiptop: {{incident_title}} (auf Deutsch)', body: 'Ihre Daten in {{data_services}}: {{data_state}}.' };
    const html = await get(`${draftPage(german.subject, german.body)}&lang=de-DE`, 'responder');
    expect(html).toContain('Candor’s default in Deutsch');
    expect(html).toContain('Ihre Daten in Contacts: wahrscheinlich verloren.');
    const fd = formFields(html, 'Save the template')!;
    expect(fd.get('lang')).toBe('de-DE');
    expect((await post(PAGE, 'responder', fd)).status).toBe(303);
    expect((await stored()).map((r) => [r.lang, r.subject])).toEqual([['de-DE', german.subject]]);
    // English readers of Telstra still read the default; a typed language that does not exist shows the region's own.
    expect(await get(`${PAGE}?incident=${s.incidentId}`, 'viewer')).toContain('Candor&#x27;s default (data likely lost)');
    expect(await get(`${PAGE}?incident=${s.incidentId}&lang=xx-YY`, 'viewer')).toContain('Candor&#x27;s default (data likely lost)');
    expect(await get(`${PAGE}?incident=${s.incidentId}&lang=de-DE`, 'viewer')).toContain('the template for telstra-au (Deutsch)');
  });
});
