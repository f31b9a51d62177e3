import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { createSession } from '@/lib/server/sessions/create-session';
import { SESSION_COOKIE } from '@/lib/server/sessions/session-policy';
import { createUser } from '@/lib/server/users/create-user';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { freePort, until } from '../helpers/spawned-candor';
import { createScenario, type Scenario } from './notify-fixtures';
import { formFields } from '../helpers/form-fields';

// The incident page's translations, driven the way a browser without JavaScript drives them: a
// form per other language beside the original, prefilled with what is stored; saving is audited.
// Needs `npm run build`.

const BUILT = existsSync(join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));

describe.skipIf(!BUILT)('update translations on the console’s incident page', () => {
  let t: TestDatabase;
  let s: Scenario;
  let child: ChildProcess;
  let output = '';
  let base = '';
  let updateId = '';
  const cookies = { responder: '', viewer: '' };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    s = await createScenario(t.handle.db);
    const incident = await t.handle.db.incident.findUniqueOrThrow({ where: { id: s.incidentId } });
    updateId = (await postUpdate({ actor: cliActor, input: { incident_id: s.incidentId, version: incident.version, status: 'identified', body: 'We found the faulty array.', bodies_by_region: { 'telstra-au': 'Hiptop contacts: we found the faulty array.' }, impacts: [{ component: 'contacts', region: 'telstra-au', status: 'major_outage', data_state: 'lost', affected_users: 12_000 }] } })).id;
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

  const PAGE = () => `/admin/incidents/${s.incidentId}`;
  const get = async (who: keyof typeof cookies) => {
    const res = await fetch(`${base}${PAGE()}`, { headers: { cookie: cookies[who] }, redirect: 'manual' });
    expect(res.status, output.slice(-2000)).toBe(200);
    // React marks where text meets a value with an empty comment; the reader sees one sentence.
    return (await res.text()).replace(/<!-- -->/g, '');
  };
  const post = (who: keyof typeof cookies, fd: FormData) => fetch(`${base}${PAGE()}`, { method: 'POST', headers: { cookie: cookies[who], origin: base }, body: fd, redirect: 'manual' });

  it('adds a German translation beside the original (responder), audited, prefilled afterwards; a viewer has no form and a forged one stores nothing', async () => {
    const html = await get('responder');
    expect(html).toContain('Written in English; translations: none');
    const fd = formFields(html, 'Translation into Deutsch');
    expect(fd).not.toBeNull();
    expect(formFields(html, 'Translation into English')).toBeNull();
    expect(formFields(await get('viewer'), 'Translation into Deutsch')).toBeNull();
    fd!.set('body', 'Wir haben das fehlerhafte Speichersystem gefunden.');
    fd!.set('bodies_by_region[telstra-au]', 'Hiptop-Kontakte: Wir haben das fehlerhafte Speichersystem gefunden.');
    const forged = await post('viewer', fd!);
    expect(forged.status).toBeLessThan(500);
    expect(await t.handle.db.updateTranslation.count()).toBe(0);
    const saved = await post('responder', fd!);
    expect(saved.status, output.slice(-2000)).toBe(303);
    const stored = await t.handle.db.updateTranslation.findMany({ where: { updateId } });
    expect(stored.map((x) => [x.lang, x.body, JSON.parse(x.bodiesByRegion)])).toEqual([['de-DE', 'Wir haben das fehlerhafte Speichersystem gefunden.', { [s.regions.telstra]: 'Hiptop-Kontakte: Wir haben das fehlerhafte Speichersystem gefunden.' }]]);
    expect(await t.handle.db.auditLog.count({ where: { action: 'incident_update.translate', objectId: updateId } })).toBe(1);
    const after = await get('viewer');
    expect(after).toContain('translations: Deutsch');
    expect(after).toContain('Wir haben das fehlerhafte Speichersystem gefunden.');
    // An empty main text is refused with the field named, and the stored translation stays.
    const empty = formFields(await get('responder'), 'Translation into Deutsch')!;
    expect(empty.get('body')).toBe('Wir haben das fehlerhafte Speichersystem gefunden.');
    empty.set('body', '   ');
    const refused = await post('responder', empty);
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain('write the translation');
    expect((await t.handle.db.updateTranslation.findFirstOrThrow({ where: { updateId } })).body).toBe('Wir haben das fehlerhafte Speichersystem gefunden.');
  });
});
