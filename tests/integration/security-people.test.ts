import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidentsRoute from '@/app/api/v1/incidents/route';
import * as incidentRoute from '@/app/api/v1/incidents/[id]/route';
import * as updatesRoute from '@/app/api/v1/incidents/[id]/updates/route';
import * as approveUpdateRoute from '@/app/api/v1/incidents/[id]/updates/[updateId]/approve/route';
import { POST as noticesPOST } from '@/app/api/v1/notices/route';
import { POST as approveNoticePOST } from '@/app/api/v1/notices/[id]/approve/route';
import { cliActor } from '@/lib/server/actor';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { subscriptionStateAction } from '@/app/(public)/subscribe/actions';
import { GET as unsubscribeGET, POST as unsubscribePOST } from '@/app/u/[token]/route';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { confirmSubscription } from '@/lib/server/subscriptions/confirm-subscription';
import { getSubscription, resubscribe } from '@/lib/server/subscriptions/manage-subscription';
import { manageTokenFor } from '@/lib/server/subscriptions/tokens';
import { instanceSecret } from '@/lib/server/secret';
import { failure } from '../helpers/app-error';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@/lib/server/actor';
import { requestPasswordReset } from '@/lib/server/auth/password-reset';
import { sendDueMail } from '@/lib/jobs/outbox-mail';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport, mailTransport } from '@/lib/mail/transport';
import { listMailboxFor } from '@/lib/server/mailbox/list-mailbox';
import { verifyPassword } from '@/lib/server/auth/password';
import { setOneTimePassword } from '@/lib/server/users/set-one-time-password';
import { candor } from '../helpers/cli';
import { readMailboxMessageFor } from '@/lib/server/mailbox/read-mailbox-message';
import { redactSecrets } from '@/lib/mail/private-mail';
import { randomToken } from '@/lib/server/crypto';
import { generatePassword } from '@/lib/server/auth/password';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { createScenario, type Scenario } from './notify-fixtures';

// Issue 10, items 1, 5 and 10: staff mail stays private, every approval belongs to a person,
// and manage links rotate. Each test here failed on the code before those fixes.

const req = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`http://127.0.0.1:3103${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
const lostCell = { component: 'contacts', region: 'telstra-au', status: 'major_outage', data_state: 'lost', affected_users: 12_000 };
const riskCell = { ...lostCell, data_state: 'at_risk' };

describe.each(DATABASE_KINDS)('every approval belongs to a person on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  const tok = { alice: '', bob: '', bot: '' };
  const ids = { alice: '', bob: '' };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    s = await createScenario(t.handle.db);
    ids.alice = (await createUser({ actor: cliActor, input: { email: 'alice@x.test', name: 'Alice', role: 'responder', password: 'long-enough-pw' } })).id;
    ids.bob = (await createUser({ actor: cliActor, input: { email: 'bob@x.test', name: 'Bob', role: 'responder', password: 'long-enough-pw' } })).id;
    tok.alice = (await createApiToken({ actor: cliActor, input: { name: 'alice-ci', role: 'responder', userId: ids.alice } })).token;
    tok.bob = (await createApiToken({ actor: cliActor, input: { name: 'bob-ci', role: 'responder', userId: ids.bob } })).token;
    // An admin token: its role allows everything, so only the two-person rule can stop it.
    tok.bot = (await createApiToken({ actor: cliActor, input: { name: 'bot', role: 'admin' } })).token;
  });
  afterAll(async () => t?.drop());

  const declare = async (token: string, cell = riskCell) =>
    incidentsRoute.POST(req('POST', '/api/v1/incidents', token, { name: `Contacts ${Math.random()}`, kind: 'data_loss', status: 'investigating', body: 'Looking.', deliver_notifications: true, impacts: [cell] }));
  const pendingCount = () => t.handle.db.incidentUpdate.count({ where: { state: 'pending_approval' } });
  const expectNoPerson = async (res: Response) => {
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(403);
    expect(body.error.message).toMatch(/acts for no user.*token that acts for a user/);
  };

  it('refuses a token that acts for no user every way of declaring data lost, and lets it do the rest', async () => {
    const incidentsBefore = await t.handle.db.incident.count();
    await expectNoPerson(await declare(tok.bot, lostCell));
    expect(await t.handle.db.incident.count()).toBe(incidentsBefore);

    const created = await declare(tok.bot);
    expect(created.status).toBe(201);
    const id = (await created.json()).id as string;
    const burst = await Promise.all(Array.from({ length: 8 }, () => updatesRoute.POST(req('POST', `/api/v1/incidents/${id}/updates`, tok.bot, { status: 'identified', body: 'Gone.', impacts: [lostCell] }), ctx({ id }))));
    for (const res of burst) await expectNoPerson(res);
    await expectNoPerson(await incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${id}`, tok.bot, { status: 'identified', body: 'Gone.', impacts: [lostCell] }), ctx({ id })));
    // With a field edit too: refused before the edit, so nothing half-applies.
    await expectNoPerson(await incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${id}`, tok.bot, { name: 'Renamed by the bot', status: 'identified', body: 'Gone.', impacts: [lostCell] }), ctx({ id })));
    expect((await t.handle.db.incident.findUniqueOrThrow({ where: { id } })).title).not.toBe('Renamed by the bot');
    // Resolving never declares data lost, for anyone (it must be an update of its own).
    expect((await incidentRoute.PATCH(req('PATCH', `/api/v1/incidents/${id}`, tok.bot, { status: 'resolved', body: 'Over, data gone.', impacts: [{ ...lostCell, status: 'operational' }] }), ctx({ id }))).status).toBe(422);
    const noticesBefore = await t.handle.db.notice.count();
    await expectNoPerson(await noticesPOST(req('POST', '/api/v1/notices', tok.bot, { incident: s.incidentId, kind: 'data_loss' })));
    expect(await t.handle.db.notice.count()).toBe(noticesBefore);
    expect(await pendingCount()).toBe(0);

    // Positive controls: the same token posts ordinary updates and notices, and a person may declare data lost.
    const ordinary = await updatesRoute.POST(req('POST', `/api/v1/incidents/${id}/updates`, tok.bot, { status: 'identified', body: 'Found it.', deliver_notifications: true }), ctx({ id }));
    expect(ordinary.status).toBe(201);
    const ordinaryId = ((await ordinary.json()) as { id: string }).id;
    expect(await t.handle.db.incidentUpdate.findUniqueOrThrow({ where: { id: ordinaryId } })).toMatchObject({ incidentId: id, state: 'published', body: 'Found it.' });
    const botNotice = await noticesPOST(req('POST', '/api/v1/notices', tok.bot, { incident: s.incidentId, kind: 'update' }));
    expect(botNotice.status).toBe(201);
    expect(await t.handle.db.notice.findUniqueOrThrow({ where: { id: ((await botNotice.json()) as { id: string }).id } })).toMatchObject({ incidentId: s.incidentId, kind: 'update', status: 'queued' });
    const byAlice = await updatesRoute.POST(req('POST', `/api/v1/incidents/${id}/updates`, tok.alice, { status: 'identified', body: 'Gone.', impacts: [lostCell] }), ctx({ id }));
    expect(byAlice.status).toBe(202);
    expect(await pendingCount()).toBe(1);
    expect((await t.handle.db.incidentImpact.findFirstOrThrow({ where: { incidentId: id, region: { slug: 'telstra-au' } } })).dataState).toBe('at_risk');
  });

  it('lets only a different person approve: not a token for nobody, not the author, yes a token for another user', async () => {
    const id = (await (await declare(tok.alice)).json()).id as string;
    const pending = await (await updatesRoute.POST(req('POST', `/api/v1/incidents/${id}/updates`, tok.alice, { status: 'identified', body: 'Gone.', deliver_notifications: true, impacts: [lostCell] }), ctx({ id }))).json();
    const approve = (token: string) => approveUpdateRoute.POST(req('POST', `/api/v1/incidents/${id}/updates/${pending.id}/approve`, token), ctx({ id, updateId: pending.id }));
    await expectNoPerson(await approve(tok.bot));
    expect((await approve(tok.alice)).status).toBe(403);
    expect((await approve(tok.bob)).status).toBe(200);
    const update = await t.handle.db.incidentUpdate.findUniqueOrThrow({ where: { id: pending.id } });
    expect(update).toMatchObject({ state: 'published', authorId: ids.alice, approvedById: ids.bob });
    // The notice the approval sends is released by the second person.
    expect(await t.handle.db.notice.findFirstOrThrow({ where: { updateId: pending.id } })).toMatchObject({ kind: 'data_loss', status: 'queued', approvedById: ids.bob });

    const notice = await (await noticesPOST(req('POST', '/api/v1/notices', tok.alice, { incident: s.incidentId, kind: 'data_loss' }))).json();
    expect(notice.status).toBe('pending_approval');
    const approveNotice = (token: string) => approveNoticePOST(req('POST', `/api/v1/notices/${notice.id}/approve`, token), ctx({ id: notice.id }));
    await expectNoPerson(await approveNotice(tok.bot));
    expect((await approveNotice(tok.alice)).status).toBe(403);
    expect((await approveNotice(tok.bob)).status).toBe(200);
    expect(await t.handle.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ status: 'queued', createdById: ids.alice, approvedById: ids.bob });
  });

  it('says on the command line what a token that acts for no user cannot do', async () => {
    const env = { DATABASE_URL: t.url };
    const [unbound, bound] = await Promise.all([candor(['tokens', 'create', '--name', 'svc', '--role', 'responder'], env), candor(['tokens', 'create', '--name', 'mine', '--role', 'responder', '--user', 'alice@x.test'], env)]);
    expect(unbound.code, unbound.stderr).toBe(0);
    expect(unbound.stdout).toMatch(/acts for no user.*neither declare data lost.*nor approve/);
    expect(unbound.stdout.trimEnd().split('\n').pop()).toMatch(/^cnd_\S+$/);
    expect(bound.code, bound.stderr).toBe(0);
    expect(bound.stdout).not.toMatch(/acts for no user/);
  });

  it('refuses to approve what no person wrote (rows left waiting by a token for nobody before the fix)', async () => {
    const id = (await (await declare(tok.alice)).json()).id as string;
    const cell = { componentId: s.components.contacts, regionId: s.regions.telstra, status: 'major_outage' as const, dataState: 'lost' as const, affectedUsers: 1 };
    const orphan = await t.handle.db.incidentUpdate.create({ data: { incidentId: id, status: 'identified', body: 'Gone.', authorName: 'bot', state: 'pending_approval', impactChanges: { create: [cell] } } });
    const res = await approveUpdateRoute.POST(req('POST', `/api/v1/incidents/${id}/updates/${orphan.id}/approve`, tok.bob), ctx({ id, updateId: orphan.id }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/no one can be its second person/);
    const orphanNotice = await t.handle.db.notice.create({ data: { incidentId: s.incidentId, kind: 'data_loss', status: 'pending_approval' } });
    const n = await approveNoticePOST(req('POST', `/api/v1/notices/${orphanNotice.id}/approve`, tok.bob), ctx({ id: orphanNotice.id }));
    expect(n.status).toBe(403);
    expect(await t.handle.db.notice.findUniqueOrThrow({ where: { id: orphanNotice.id } })).toMatchObject({ status: 'pending_approval', approvedById: null });
    expect((await t.handle.db.incidentUpdate.findUniqueOrThrow({ where: { id: orphan.id } })).state).toBe('pending_approval');
  });
});

describe.each(DATABASE_KINDS)('manage links rotate on %s', (kind) => {
  let t: TestDatabase;
  let email = 'owner@example.com';
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    await createScenario(t.handle.db);
  });
  afterAll(async () => t?.drop());

  /** Subscribes and confirms through the real services, reading the link from the queued mail. */
  const subscribeAndConfirm = async () => {
    await subscribe({ input: { email } });
    const mail = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: email, kind: 'confirm_subscription' }, orderBy: { id: 'desc' } });
    return (await confirmSubscription({ token: /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]! })).manageToken;
  };
  /** The manage page's Unsubscribe button: the action redirects to the new link. */
  const unsubscribeOnPage = async (token: string) => {
    const fd = new FormData();
    fd.set('token', token);
    fd.set('intent', 'unsubscribe');
    const thrown = (await subscriptionStateAction(null, fd).then(() => null, (e: unknown) => e)) as { digest?: string } | null;
    const to = /;\/manage\/([^;?]+)\?unsubscribed=1(?:&lang=[a-zA-Z-]+)?;/.exec(thrown?.digest ?? '');
    if (!to) throw new Error(`no redirect to the new manage link: ${String(thrown?.digest)}`);
    return to[1]!;
  };
  const oneClick = (token: string) =>
    unsubscribePOST(new Request(`http://127.0.0.1:3103/u/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }), ctx({ token }));
  const state = () => t.handle.db.subscriber.findUniqueOrThrow({ where: { key: email } });
  const invalidMessage = async (token: string) => (await failure(getSubscription({ token }))).message;

  it('retires the link on unsubscribe and on a confirmed re-subscription; old links answer like unknown ones', async () => {
    const first = await subscribeAndConfirm();
    expect((await getSubscription({ token: first })).unsubscribed).toBe(false);
    const afterUnsubscribe = await unsubscribeOnPage(first);
    expect(afterUnsubscribe).not.toBe(first);
    expect((await state()).unsubscribedAt).not.toBeNull();
    // The person who just unsubscribed lands on the new link and can undo it there.
    expect((await getSubscription({ token: afterUnsubscribe })).unsubscribed).toBe(true);
    const unknown = `${(await state()).id}.${'A'.repeat(43)}`;
    const strangers = await invalidMessage(unknown);
    expect(strangers).toMatch(/not valid or has expired/);
    expect(await invalidMessage(first)).toBe(strangers);
    expect(await invalidMessage(`sub_${'0'.repeat(24)}.${'A'.repeat(43)}`)).toBe(strangers);
    const oldPage = await unsubscribeGET(new Request(`http://127.0.0.1:3103/u/${first}`), ctx({ token: first }));
    expect(await oldPage.text()).not.toContain(`/manage/${first}`);

    // Unsubscribed again, then subscribing from the form and confirming: every earlier link is retired.
    await resubscribe({ token: afterUnsubscribe });
    const second = await unsubscribeOnPage(afterUnsubscribe);
    const third = await subscribeAndConfirm();
    expect(new Set([first, afterUnsubscribe, second, third]).size).toBe(4);
    for (const old of [first, afterUnsubscribe, second]) expect(await invalidMessage(old)).toBe(strangers);
    expect(await getSubscription({ token: third })).toMatchObject({ confirmed: true, unsubscribed: false });
  });

  it('lets an unsubscribe link from any earlier mail still unsubscribe, but only the newest leads on to managing', async () => {
    email = 'second-owner@example.com';
    const current = await subscribeAndConfirm();
    const secret = await instanceSecret();
    const s = await state();
    const older = manageTokenFor(secret, s.id, s.tokenGeneration - 1);
    expect(older).not.toBe(current);
    // Positive control first: an unknown link changes nothing.
    expect((await oneClick(`${s.id}.${'B'.repeat(43)}`)).status).toBe(404);
    expect((await state()).unsubscribedAt).toBeNull();
    const res = await oneClick(older);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('/manage/');
    expect((await state()).unsubscribedAt).not.toBeNull();

    await resubscribe({ token: manageTokenFor(secret, s.id, (await state()).tokenGeneration) });
    const before = (await state()).tokenGeneration;
    const token = manageTokenFor(secret, s.id, before);
    // A mail provider retrying the one-click POST in a burst: all succeed, the link rotates once.
    const burst = await Promise.all(Array.from({ length: 10 }, () => oneClick(token)));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await state()).tokenGeneration).toBe(before + 1);
    const next = manageTokenFor(secret, s.id, before + 1);
    // Each answer carries the new link, even to a click that lost the race.
    for (const html of await Promise.all(burst.map((r) => r.text()))) expect(html).toContain(`/manage/${next}`);
    expect((await getSubscription({ token: next })).unsubscribed).toBe(true);
    expect(current).not.toBe(next);
  });
});

describe.each(DATABASE_KINDS)('staff mail is private on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let dir: string;
  const actors = {} as Record<'admin' | 'responder' | 'viewer', Actor>;
  let liveToken = '';

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    await createScenario(t.handle.db);
    dir = mkdtempSync(join(tmpdir(), 'candor-mailbox-'));
    sink = await startSink({ dir, keep: 100 });
    installTransport(sink.url);
    for (const role of ['admin', 'responder', 'viewer'] as const) {
      const u = await createUser({ actor: cliActor, input: { email: `${role}@x.test`, name: role, role, password: 'long-enough-pw' } });
      actors[role] = { type: 'user', userId: u.id, label: `${role} <${role}@x.test>`, role };
    }
    // The real reset mail and a real subscriber confirmation, sent by the real worker step to the sink.
    await requestPasswordReset({ email: 'admin@x.test' });
    await subscribe({ input: { email: 'reader@example.com' } });
    await sendDueMail({ workerId: 'w-people', transport: mailTransport, policy: { baseMs: 100, maxMs: 400 }, maxAttempts: 3, batch: 10, stopping: () => false, log: () => undefined });
    const reset = sink.messages.find((m) => m.to[0] === 'admin@x.test')!;
    liveToken = /password-reset\/([A-Za-z0-9_-]{20,})/.exec(reset.raw.toString().replace(/=\r?\n/g, ''))![1]!;
    // A reset mail kept raw by the old sink (no audience marks), as an upgraded install still has on disk.
    const legacy = reset.raw.toString().replace(/^X-Candor-(Audience|Mail):.*\r?\n/gim, '');
    writeFileSync(join(dir, `${Date.now() - 60_000}-000001-old1.eml`), legacy);
  });
  afterAll(async () => {
    await closeTransport();
    await sink.stop();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const filesUnder = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? filesUnder(join(d, f)) : [join(d, f)]));

  /** Everything an actor can get out of the Mailbox: every page of the list and every message in it, plus the given ids. */
  async function reachable(actor: Actor, extraIds: string[] = []): Promise<string> {
    const first = await listMailboxFor({ actor, page: 1, dir });
    const ids = [...first.messages.map((m) => m.id), ...extraIds];
    const messages = await Promise.all(ids.map((id) => readMailboxMessageFor({ actor, id, dir })));
    return JSON.stringify({ first, messages });
  }

  it('keeps reset links from viewers and responders, and shows them redacted to admins', async () => {
    expect(liveToken.length).toBeGreaterThan(20);
    const admin = await listMailboxFor({ actor: actors.admin, page: 1, dir });
    const staffIds = admin.messages.filter((m) => m.audience === 'staff').map((m) => m.id);
    expect(staffIds).toHaveLength(2);
    expect(admin.messages.filter((m) => m.subject === 'Reset your Candor console password')).toHaveLength(2);

    // Viewers: no Mailbox at all, whatever the id.
    expect((await failure(listMailboxFor({ actor: actors.viewer, page: 1, dir }))).code).toBe('forbidden');
    for (const id of admin.messages.map((m) => m.id)) expect((await failure(readMailboxMessageFor({ actor: actors.viewer, id, dir }))).code).toBe('forbidden');

    // Responders: subscriber mail (positive control), never staff mail, even by id.
    const responder = await listMailboxFor({ actor: actors.responder, page: 1, dir });
    expect(responder.messages.map((m) => m.to)).toEqual(['reader@example.com']);
    expect((await readMailboxMessageFor({ actor: actors.responder, id: responder.messages[0]!.id, dir }))?.text).toMatch(/\/confirm\/[A-Za-z0-9_-]{20,}/);
    for (const id of staffIds) expect(await readMailboxMessageFor({ actor: actors.responder, id, dir })).toBeNull();
    expect(await reachable(actors.responder, staffIds)).not.toContain(liveToken);

    // Admins: the reset mail, redacted in the text, the headers and the list; no HTML frame at all.
    for (const id of staffIds) {
      const m = (await readMailboxMessageFor({ actor: actors.admin, id, dir }))!;
      expect(m.text).toContain('password-reset/[redacted]');
      expect(m.html).toBeNull();
      expect(m.headers.length).toBeGreaterThan(3);
    }
    expect(await reachable(actors.admin)).not.toContain(liveToken);
  });

  it('redacts a secret in every shape staff mail may carry it', () => {
    // Fixed shapes of what randomToken() and generatePassword() return, including the rare draws without a digit.
    const secrets = [randomToken(32), 'MhslsHheyytbzROSWmajUw', 'q-Zr_wK-ePmXbNvTyUaHcD', 'abcde-fgh2k-mnpqr-stuvw', '9fz3k-8m2pq-x7w4r-2n6vb'];
    expect(generatePassword()).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    for (const secret of secrets) {
      for (const shape of [`http://h/admin/password-reset/${secret}`, `<https://h:8443/admin/password-reset/${secret}>`, `(http://h/x/${secret}?a=1)`, `code: ${secret}.`, `"${secret}"`]) {
        expect(redactSecrets(shape), shape).not.toContain(secret);
      }
    }
    // Letters alone are redacted inside a link, read as a word outside one.
    expect(redactSecrets('http://h/x/abcdefghijklmnopqrstuvwxyz')).not.toContain('abcdefghijklmnopqrstuvwxyz');
    // Ordinary words and links stay readable.
    expect(redactSecrets('Open http://localhost:3000/admin/sign-in within one hour.')).toBe('Open http://localhost:3000/admin/sign-in within one hour.');
  });

  it('never writes a live reset link to disk for mail it receives', async () => {
    const files = filesUnder(dir);
    const fresh = files.filter((f) => !f.endsWith('-old1.eml'));
    expect(fresh.length).toBe(2);
    for (const f of fresh) expect(readFileSync(f, 'utf8').replace(/=\r?\n/g, '')).not.toContain(liveToken);
    // Positive control: the sink did receive the live link, and the old file still holds it...
    expect(readFileSync(files.find((f) => f.endsWith('-old1.eml'))!, 'utf8').replace(/=\r?\n/g, '')).toContain(liveToken);
    // ...until a sink starts on that folder again (an upgraded Candor): then it is a redacted record too.
    const again = await startSink({ dir, keep: 0 });
    await again.stop();
    const after = filesUnder(dir);
    expect(after).toHaveLength(3);
    for (const f of after) expect(readFileSync(f, 'utf8').replace(/=\r?\n/g, '')).not.toContain(liveToken);
    expect((await listMailboxFor({ actor: actors.admin, page: 1, dir })).messages.filter((m) => m.audience === 'staff')).toHaveLength(2);
    expect((await listMailboxFor({ actor: actors.responder, page: 1, dir })).messages.map((m) => m.to)).toEqual(['reader@example.com']);
  });

  it('lets an admin give someone who forgot their password a one-time one instead of a reset mail', async () => {
    const responderId = actors.responder.userId!;
    expect((await failure(setOneTimePassword({ actor: actors.responder, input: { user_id: actors.viewer.userId } }))).code).toBe('forbidden');
    expect((await failure(setOneTimePassword({ actor: actors.admin, input: { user_id: actors.admin.userId } }))).code).toBe('forbidden');
    await requestPasswordReset({ email: 'responder@x.test' });
    const set = await setOneTimePassword({ actor: actors.admin, input: { user_id: responderId } });
    const user = await t.handle.db.user.findUniqueOrThrow({ where: { id: responderId } });
    expect(await verifyPassword(user.passwordHash, set.oneTimePassword)).toBe(true);
    expect(user.mustChangePassword).toBe(true);
    expect(await t.handle.db.passwordReset.count({ where: { userId: responderId, usedAt: null } })).toBe(0);
    const cli = await candor(['users', 'reset-password', '--email', 'viewer@x.test'], { DATABASE_URL: t.url });
    expect(cli.code, cli.stderr).toBe(0);
    const viewer = await t.handle.db.user.findUniqueOrThrow({ where: { id: actors.viewer.userId } });
    expect(await verifyPassword(viewer.passwordHash, cli.stdout.trimEnd().split('\n').pop()!)).toBe(true);
  });
});
