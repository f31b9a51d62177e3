import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { completePasswordReset } from '@/lib/server/auth/password-reset';
import { signIn } from '@/lib/server/auth/sign-in';
import { previewNotice } from '@/lib/server/notices/preview-notice';
import { SESSION_COOKIE } from '@/lib/server/sessions/session-policy';
import { createUser } from '@/lib/server/users/create-user';
import { INVITATION_TTL_MS } from '@/lib/server/users/invite-user';
import { failure } from '@/tests/helpers/app-error';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { addSubscribers, createScenario, type Scenario } from './notify-fixtures';

// The console's own server actions, called as the browser would: same-origin headers and a real
// session cookie. A redirect (success) surfaces as Next's NEXT_REDIRECT error.

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { value: request.cookies.get(name) } : undefined), set: () => undefined, delete: () => undefined }),
}));

const SITE = 'https://status.example.org';
const PASSWORD = 'correct-horse-battery';

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

/** Runs an action; a redirect is success (its target is returned), a returned state is the form's answer. */
async function run<T>(action: (prev: null, fd: FormData) => Promise<T>, fields: Record<string, string>): Promise<{ to?: string; state?: T }> {
  try {
    return { state: await action(null, form(fields)) };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? '';
    if (!digest.startsWith('NEXT_REDIRECT')) throw error;
    return { to: digest.split(';')[2] };
  }
}

describe.each(DATABASE_KINDS)('responder speed on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    process.env.PUBLIC_URL = SITE;
    request.headers = new Headers({ host: 'status.example.org', origin: SITE, 'sec-fetch-site': 'same-origin' });
    await createUser({ actor: cliActor, input: { email: 'ada@x.test', name: 'Ada', role: 'admin', password: PASSWORD } });
    request.cookies.set(SESSION_COOKIE, (await signIn({ email: 'ada@x.test', password: PASSWORD }, { sleep: async () => undefined })).token);
    s = await createScenario(t.handle.db);
  });
  afterAll(async () => {
    delete process.env.PUBLIC_URL;
    await t?.drop();
  });

  it('declares with the chosen initial status and the cells a bulk "apply to column" filled in', async () => {
    const { declareIncidentAction } = await import('@/app/admin/incidents/actions');
    // What the declare form posts after the agent ticked the Telstra column and applied "partial outage, at risk" to it.
    const cells = ['contacts', 'calendar', 'photos'].flatMap((c, i) => [
      [`impacts[${i}][component]`, c],
      [`impacts[${i}][region]`, 'telstra-au'],
      [`impacts[${i}][status]`, 'partial_outage'],
      [`impacts[${i}][data_state]`, 'at_risk'],
      [`impacts[${i}][affected_users]`, '1,000'],
    ]);
    const result = await run(declareIncidentAction, { name: 'Sync failing in Australia', kind: 'outage', status: 'identified', impact: 'major', body: 'We know why sync fails.', ...Object.fromEntries(cells) });
    expect(result.to, JSON.stringify(result.state)).toMatch(/^\/admin\/incidents\//);
    const incident = await t.handle.db.incident.findUniqueOrThrow({ where: { id: result.to!.split('/').pop()! }, include: { impacts: { include: { component: true, region: true } }, updates: true } });
    expect(incident.status).toBe('identified');
    expect(incident.updates.map((u) => u.status)).toEqual(['identified']);
    expect(incident.impacts.map((i) => `${i.component.slug}/${i.region.slug}/${i.status}/${i.dataState}/${i.affectedUsers}`).sort()).toEqual(['calendar/telstra-au/partial_outage/at_risk/1000', 'contacts/telstra-au/partial_outage/at_risk/1000', 'photos/telstra-au/partial_outage/at_risk/1000']);
    // The declare action refuses what the API refuses: a new incident cannot start resolved.
    const refused = await run(declareIncidentAction, { name: 'x', kind: 'outage', status: 'resolved', body: 'x' });
    expect(refused.state).toMatchObject({ field: 'status' });
  });

  it('queues a notice only with the audience count confirmed, and refuses a count that changed', async () => {
    const { createNoticeAction } = await import('@/app/admin/notices/actions');
    await addSubscribers(t.handle.db, [
      { email: 'a@sub.test', regionIds: [s.regions.tmobile] },
      { email: 'b@sub.test', regionIds: [s.regions.telstra] },
      { email: 'c@sub.test', regionIds: [s.regions.rogers] },
    ]);
    const preview = await previewNotice({ actor: cliActor, incidentId: s.incidentId, kind: 'update' });
    expect(preview.audience).toBe(2);
    const fields = { incident: s.incidentId, kind: 'update', subject: '', body: '' };
    const count = () => t.handle.db.notice.count({ where: { incidentId: s.incidentId } });

    const unconfirmed = await run(createNoticeAction, fields);
    expect(unconfirmed.state).toMatchObject({ field: 'confirmed_audience' });
    const stale = await run(createNoticeAction, { ...fields, confirmed_audience: '1' });
    expect(stale.state).toMatchObject({ field: 'confirmed_audience', error: expect.stringMatching(/now 2, not 1/) });
    expect(await count()).toBe(0);

    // Positive control: the count the preview showed is accepted and the notice is queued.
    const confirmed = await run(createNoticeAction, { ...fields, confirmed_audience: String(preview.audience) });
    expect(confirmed.to, JSON.stringify(confirmed.state)).toMatch(/^\/admin\/notices\//);
    expect(await t.handle.db.notice.findMany({ where: { incidentId: s.incidentId }, select: { status: true } })).toEqual([{ status: 'queued' }]);
  });

  it('resolves with the one server-checked confirmation', async () => {
    const { resolveIncidentAction } = await import('@/app/admin/incidents/actions');
    const open = await t.handle.db.incident.create({ data: { title: 'To resolve', kind: 'outage', impact: 'minor', status: 'investigating', startedAt: new Date() } });
    const refused = await run(resolveIncidentAction, { incident_id: open.id, version: String(open.version), body: '' });
    expect(refused.state).toMatchObject({ field: 'confirm' });
    expect((await t.handle.db.incident.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('investigating');
    const done = await run(resolveIncidentAction, { incident_id: open.id, version: String(open.version), body: '', confirm: 'on' });
    expect(done.to).toBe(`/admin/incidents/${open.id}`);
    expect((await t.handle.db.incident.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('resolved');
  });

  it('invites a new staff member by e-mail: the link sets their password once, then they sign in', async () => {
    const { inviteUserAction } = await import('@/app/admin/users/actions');
    const started = Date.now();
    const result = await run(inviteUserAction, { email: 'newbie@x.test', name: 'Nel', role: 'responder', password: '' });
    expect(result.to).toBe('/admin/users');
    const mail = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: 'newbie@x.test' } });
    expect(mail.kind).toBe('staff_invitation');
    expect(`${mail.subject}\n${mail.text}`).toMatch(/invited/);
    const token = new RegExp(`${SITE}/admin/password-reset/([A-Za-z0-9_-]{20,})`).exec(mail.text)?.[1];
    expect(token, mail.text).toBeTruthy();
    expect(mail.html).toContain(`/admin/password-reset/${token}`);
    const user = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'newbie@x.test' } });
    const link = await t.handle.db.passwordReset.findFirstOrThrow({ where: { userId: user.id } });
    expect(link.expiresAt.getTime() - started).toBeGreaterThanOrEqual(INVITATION_TTL_MS - 60_000);
    expect(await t.handle.db.auditLog.count({ where: { objectId: user.id, action: { in: ['user.create', 'user.invite'] } } })).toBe(2);

    await completePasswordReset({ token: token!, password: 'nels-own-password' });
    const session = await signIn({ email: 'newbie@x.test', password: 'nels-own-password' }, { sleep: async () => undefined });
    expect(session).toMatchObject({ mustChangePassword: false, needsTotp: false });
    expect((await failure(completePasswordReset({ token: token!, password: 'a-second-use-fails' }))).message).toMatch(/expired or was already used/);

    // With a password chosen by the admin, no invitation is mailed (and none is shown).
    await run(inviteUserAction, { email: 'chosen@x.test', role: 'viewer', password: 'a-chosen-password' });
    expect(await t.handle.db.user.count({ where: { email: 'chosen@x.test' } })).toBe(1);
    expect(await t.handle.db.outboxMail.count({ where: { to: 'chosen@x.test' } })).toBe(0);
  });
});
