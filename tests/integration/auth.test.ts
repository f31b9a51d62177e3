import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { signIn } from '@/lib/server/auth/sign-in';
import { checkSameOrigin } from '@/lib/server/auth/csrf';
import { claimTotpStep } from '@/lib/server/auth/consume-totp-code';
import { matchTotpStep, totpCode, totpStep } from '@/lib/server/auth/totp';
import { openTotpSecret } from '@/lib/server/auth/totp-secret-box';
import { verifySessionTotp } from '@/lib/server/auth/verify-session-totp';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { validateSession } from '@/lib/server/sessions/validate-session';
import { revokeAllSessions } from '@/lib/server/sessions/revoke-sessions';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { failure } from '@/tests/helpers/app-error';

const PASSWORD = 'correct-horse-battery';
const noSleep = async () => undefined;

describe.each(DATABASE_KINDS)('sign-in, sessions and tokens on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    for (const email of ['ann@x.test', 'ben@x.test', 'cat@x.test']) await createUser({ actor: cliActor, input: { email, role: 'responder', password: PASSWORD } });
  });
  afterAll(async () => t?.drop());

  it('signs in, validates the session and slides it; wrong password is a 401', async () => {
    const now = new Date();
    const ok = await signIn({ email: 'ANN@x.test', password: PASSWORD }, { ip: '10.0.0.1', now, sleep: noSleep });
    expect(ok.needsTotp).toBe(false);
    const session = await validateSession(ok.token, now);
    expect(session?.user.email).toBe('ann@x.test');
    expect(session?.verified).toBe(true);
    const later = new Date(now.getTime() + 11 * 3600_000);
    expect((await validateSession(ok.token, later))?.expiresAt.getTime()).toBe(later.getTime() + 12 * 3600_000);
    expect(await validateSession(ok.token, new Date(later.getTime() + 13 * 3600_000))).toBeNull();
    expect(await validateSession('nonsense-token', now)).toBeNull();
    const wrong = await failure(signIn({ email: 'ann@x.test', password: 'nope' }, { ip: '10.0.0.1', now, sleep: noSleep }));
    expect(wrong.code).toBe('unauthorized');
  });

  it('slows an account after 5 failures and locks it after 10; other accounts are unaffected', async () => {
    const delays: number[] = [];
    const sleep = async (ms: number) => void delays.push(ms);
    const now = new Date();
    for (let i = 0; i < 9; i++) expect((await failure(signIn({ email: 'ben@x.test', password: 'bad' }, { ip: `10.1.0.${i}`, now, sleep }))).code).toBe('unauthorized');
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    const locked = await failure(signIn({ email: 'ben@x.test', password: 'bad' }, { ip: '10.1.1.1', now, sleep }));
    expect(locked.code).toBe('rate_limited');
    expect(locked.message).toMatch(/locked; try again in 15 minutes/);
    // Even the right password is refused while locked.
    expect((await failure(signIn({ email: 'ben@x.test', password: PASSWORD }, { ip: '10.1.1.2', now, sleep }))).code).toBe('rate_limited');
    await expect(signIn({ email: 'cat@x.test', password: PASSWORD }, { ip: '10.1.1.3', now, sleep: noSleep })).resolves.toHaveProperty('token');
    const afterLock = new Date(now.getTime() + 16 * 60_000);
    await expect(signIn({ email: 'ben@x.test', password: PASSWORD }, { ip: '10.1.1.2', now: afterLock, sleep: noSleep })).resolves.toHaveProperty('token');
  });

  it('locks one address guessing across many accounts, not other addresses', async () => {
    const now = new Date();
    for (let i = 0; i < 29; i++) expect((await failure(signIn({ email: `ghost${i}@x.test`, password: 'guess' }, { ip: '203.0.113.9', now, sleep: noSleep }))).code).toBe('unauthorized');
    const thirtieth = await failure(signIn({ email: 'ghost29@x.test', password: 'guess' }, { ip: '203.0.113.9', now, sleep: noSleep }));
    expect(thirtieth.code).toBe('rate_limited');
    expect(thirtieth.message).toMatch(/from your network address/);
    expect((await failure(signIn({ email: 'cat@x.test', password: PASSWORD }, { ip: '203.0.113.9', now, sleep: noSleep }))).code).toBe('rate_limited');
    await expect(signIn({ email: 'cat@x.test', password: PASSWORD }, { ip: '198.51.100.7', now, sleep: noSleep })).resolves.toHaveProperty('token');
  });

  it('asks for a TOTP code when enabled and verifies it', async () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    await t.handle.db.user.update({ where: { email: 'cat@x.test' }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
    const now = new Date();
    const first = await signIn({ email: 'cat@x.test', password: PASSWORD }, { ip: '10.2.0.1', now, sleep: noSleep });
    expect(first.needsTotp).toBe(true);
    expect((await validateSession(first.token, now))?.verified).toBe(false);
    expect((await failure(verifySessionTotp(first.token, '000000', { now }))).code).toBe('validation');
    await verifySessionTotp(first.token, totpCode(secret, now), { now });
    expect((await validateSession(first.token, now))?.verified).toBe(true);
    await t.handle.db.user.update({ where: { email: 'cat@x.test' }, data: { totpSecret: null, totpEnabledAt: null } });
  });

  it('enrols a TOTP device only after a correct code, and turns it off with one', async () => {
    const { confirmTotpEnrolment, disableTotp, startTotpEnrolment, totpStatus } = await import('@/lib/server/users/totp-enrolment');
    const user = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'ann@x.test' } });
    const actor = { type: 'user' as const, userId: user.id, label: 'Ann', role: user.role };
    const { secret } = await startTotpEnrolment({ actor });
    expect((await totpStatus(user.id)).enabled).toBe(false);
    expect((await failure(confirmTotpEnrolment({ actor, code: '123456' === totpCode(secret, new Date()) ? '654321' : '123456' }))).field).toBe('code');
    await confirmTotpEnrolment({ actor, code: totpCode(secret, new Date()) });
    expect((await totpStatus(user.id)).enabled).toBe(true);
    expect((await signIn({ email: 'ann@x.test', password: PASSWORD }, { ip: '10.4.0.1', sleep: noSleep })).needsTotp).toBe(true);
    expect((await failure(startTotpEnrolment({ actor }))).code).toBe('conflict');
    // The confirming code was used up; turning it off takes a later one.
    const later = new Date(Date.now() + 30_000);
    await disableTotp({ actor, code: totpCode(secret, later), now: later });
    expect((await totpStatus(user.id)).enabled).toBe(false);
  });

  it('refuses a TOTP code the second time, with a clear message, and accepts a later one', async () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const cat = await t.handle.db.user.update({ where: { email: 'cat@x.test' }, data: { totpSecret: secret, totpEnabledAt: new Date(), totpLastStep: null } });
    const audits = () => t.handle.db.auditLog.count({ where: { objectId: cat.id, action: 'session.totp_verified' } });
    const auditsBefore = await audits();
    const now = new Date();
    const code = totpCode(secret, now);
    const mine = await signIn({ email: 'cat@x.test', password: PASSWORD }, { ip: '10.5.0.1', now, sleep: noSleep });
    await verifySessionTotp(mine.token, code, { now });
    expect((await validateSession(mine.token, now))?.verified).toBe(true);
    const stored = await t.handle.db.user.findUniqueOrThrow({ where: { id: cat.id } });
    expect(stored.totpLastStep).toBe(totpStep(now));
    // The legacy plain key was sealed on its first use.
    expect(stored.totpSecret).toMatch(/^v1:/);
    expect(await openTotpSecret(cat.id, stored.totpSecret!)).toBe(secret);

    // Someone who saw the code signs in with the password and replays it, even a little later.
    const theirs = await signIn({ email: 'cat@x.test', password: PASSWORD }, { ip: '10.5.0.2', now, sleep: noSleep });
    const replayed = await failure(verifySessionTotp(theirs.token, code, { now }));
    expect(replayed.code).toBe('validation');
    expect(replayed.field).toBe('code');
    expect(replayed.message).toMatch(/already been used\. Wait for the next code/);
    const soon = new Date(now.getTime() + 29_000);
    expect((await failure(verifySessionTotp(theirs.token, code, { now: soon }))).message).toMatch(/already been used/);
    // The previous step's code is still inside the drift window but older than the one used.
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).not.toBeNull();
    expect((await failure(verifySessionTotp(theirs.token, totpCode(secret, new Date(now.getTime() - 30_000)), { now }))).message).toMatch(/already been used/);
    expect((await validateSession(theirs.token, now))?.verified).toBe(false);
    expect(await audits()).toBe(auditsBefore + 1);

    // The next code works, under the sealed key.
    const next = new Date(now.getTime() + 30_000);
    await verifySessionTotp(theirs.token, totpCode(secret, next), { now: next });
    expect((await validateSession(theirs.token, next))?.verified).toBe(true);
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { id: cat.id } })).totpLastStep).toBe(totpStep(next));
    await t.handle.db.user.update({ where: { id: cat.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
  });

  it('lets exactly one of two concurrent submissions of one code through', async () => {
    const { confirmTotpEnrolment, startTotpEnrolment } = await import('@/lib/server/users/totp-enrolment');
    await createUser({ actor: cliActor, input: { email: 'eve@x.test', role: 'viewer', password: PASSWORD } });
    const user = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'eve@x.test' } });
    const actor = { type: 'user' as const, userId: user.id, label: 'Eve', role: user.role };
    const { secret } = await startTotpEnrolment({ actor });
    const pending = await t.handle.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(pending.totpSecret).toMatch(/^v1:/);
    expect(pending.totpSecret).not.toContain(secret);
    const start = new Date();
    await confirmTotpEnrolment({ actor, code: totpCode(secret, start), now: start });
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep).toBe(totpStep(start));
    // The code that turned it on cannot then be used to sign in.
    const first = await signIn({ email: 'eve@x.test', password: PASSWORD }, { ip: '10.6.0.1', now: start, sleep: noSleep });
    expect((await failure(verifySessionTotp(first.token, totpCode(secret, start), { now: start }))).message).toMatch(/already been used/);

    for (let round = 1; round <= 4; round++) {
      const now = new Date(start.getTime() + round * 30_000);
      const sessions = await Promise.all([0, 1, 2].map((i) => signIn({ email: 'eve@x.test', password: PASSWORD }, { ip: `10.6.${round}.${i}`, now, sleep: noSleep })));
      const code = totpCode(secret, now);
      const results = await Promise.allSettled(sessions.map((s) => verifySessionTotp(s.token, code, { now })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).message).toMatch(/already been used/);
      const verified = await Promise.all(sessions.map(async (s) => (await validateSession(s.token, now))?.verified));
      expect(verified.filter(Boolean)).toHaveLength(1);
    }
    expect(await t.handle.db.auditLog.count({ where: { objectId: user.id, action: 'session.totp_verified' } })).toBe(4);

    // The guard itself, with both callers past the read: only one conditional update wins.
    const now = new Date(start.getTime() + 5 * 30_000);
    const stale = await t.handle.db.user.findUniqueOrThrow({ where: { id: user.id } });
    const holder = { id: user.id, totpSecret: stale.totpSecret!, totpLastStep: stale.totpLastStep };
    const match = { step: totpStep(now), reseal: null };
    const claims = await Promise.all([0, 1, 2].map(() => t.handle.db.$transaction((tx) => claimTotpStep(tx, holder, match, { totpEnabledAt: { not: null } }))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await t.handle.db.$transaction((tx) => claimTotpStep(tx, holder, match, {}))).toBe(false);
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep).toBe(totpStep(now));
  });

  it('signs out of all sessions and refuses disabled users', async () => {
    const now = new Date();
    const a = await signIn({ email: 'ann@x.test', password: PASSWORD }, { ip: '10.3.0.1', now, sleep: noSleep });
    const b = await signIn({ email: 'ann@x.test', password: PASSWORD }, { ip: '10.3.0.2', now, sleep: noSleep });
    await revokeAllSessions({ actor: cliActor, userId: a.userId, exceptToken: a.token });
    expect(await validateSession(a.token, now)).not.toBeNull();
    expect(await validateSession(b.token, now)).toBeNull();
    await t.handle.db.user.update({ where: { id: a.userId }, data: { disabledAt: now } });
    expect(await validateSession(a.token, now)).toBeNull();
    await t.handle.db.user.update({ where: { id: a.userId }, data: { disabledAt: null } });
  });

  it('authenticates API tokens by role; cookies are not accepted', async () => {
    const viewer = await createApiToken({ actor: cliActor, input: { name: 'ro', role: 'viewer' } });
    const req = (auth?: string, extra: Record<string, string> = {}) => new Request('http://x/api/v1/incidents', { headers: { ...(auth ? { authorization: auth } : {}), ...extra } });
    const actor = await authenticateRequest(req(`Bearer ${viewer.token}`), 'viewer');
    expect(actor).toMatchObject({ type: 'token', label: 'token:ro', role: 'viewer' });
    expect((await failure(authenticateRequest(req(`Bearer ${viewer.token}`), 'responder'))).code).toBe('forbidden');
    expect((await failure(authenticateRequest(req(), 'viewer'))).code).toBe('unauthorized');
    expect((await failure(authenticateRequest(req('Bearer cnd_wrong_tokentokentoken'), 'viewer'))).code).toBe('unauthorized');
    expect((await failure(authenticateRequest(req(undefined, { cookie: 'candor_session=abc' }), 'viewer'))).code).toBe('unauthorized');
    await t.handle.db.apiToken.update({ where: { id: viewer.id }, data: { revokedAt: new Date() } });
    expect((await failure(authenticateRequest(req(`Bearer ${viewer.token}`), 'viewer'))).code).toBe('unauthorized');
  });
});

describe('CSRF origin check', () => {
  const h = (o: Record<string, string>) => new Headers({ host: 'status.example:3000', ...o });
  it('accepts same-origin posts and refuses cross-site ones', () => {
    expect(() => checkSameOrigin(h({ origin: 'http://status.example:3000', 'sec-fetch-site': 'same-origin' }))).not.toThrow();
    expect(() => checkSameOrigin(h({ referer: 'http://status.example:3000/admin/incidents' }))).not.toThrow();
    expect(() => checkSameOrigin(h({ origin: 'https://evil.example' }))).toThrow(/cross-site/);
    expect(() => checkSameOrigin(h({ origin: 'http://status.example:3000', 'sec-fetch-site': 'cross-site' }))).toThrow(/cross-site/);
    expect(() => checkSameOrigin(h({}))).toThrow(/without Origin/);
  });
});

describe.each(DATABASE_KINDS)('password reset by e-mail on %s', (kind) => {
  let t: TestDatabase;
  let sink: Awaited<ReturnType<typeof import('@/lib/mail/sink').startSink>>;
  let worker: Awaited<ReturnType<typeof import('@/lib/jobs/worker').startWorker>> | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const { startSink } = await import('@/lib/mail/sink');
    const { installTransport } = await import('@/lib/mail/transport');
    sink = await startSink({ keep: 10 });
    installTransport(sink.url);
    await createUser({ actor: cliActor, input: { email: 'dee@x.test', role: 'viewer', password: PASSWORD } });
    // Links take their base from configuration: here the page settings' public URL.
    await t.handle.db.pageSettings.create({ data: { id: 1, publicUrl: 'http://status.test' } });
    // Reset mail is queued in the request's transaction and sent by the delivery worker.
    const { startWorker } = await import('@/lib/jobs/worker');
    worker = await startWorker({ pollMs: 100, domainRate: 0, log: () => undefined });
  });
  afterAll(async () => {
    await worker?.stop();
    const { closeTransport } = await import('@/lib/mail/transport');
    await closeTransport();
    await sink?.stop();
    await t?.drop();
  });

  it('mails a one-hour link that works once and signs out old sessions; unknown addresses get no mail', async () => {
    const { completePasswordReset, requestPasswordReset } = await import('@/lib/server/auth/password-reset');
    const old = await signIn({ email: 'dee@x.test', password: PASSWORD }, { ip: '10.9.0.1', sleep: noSleep });
    // Mail is queued in the request's own transaction: an unknown address must queue nothing,
    // and must still have nothing when the worker has sent everything queued (dee's, the control).
    await requestPasswordReset({ email: 'nobody@x.test' });
    expect(await t.handle.db.outboxMail.count({ where: { to: 'nobody@x.test' } })).toBe(0);
    await requestPasswordReset({ email: 'DEE@x.test' });
    expect(await t.handle.db.outboxMail.count({ where: { to: 'dee@x.test' } })).toBe(1);
    await expect.poll(() => sink.messages.length).toBe(1);
    await expect.poll(() => t.handle.db.outboxMail.count({ where: { status: { in: ['pending', 'sending'] } } })).toBe(0);
    expect(sink.messages.map((m) => m.to[0])).toEqual(['dee@x.test']);
    const raw = sink.messages[0]!.raw.toString('utf8').replace(/=\r?\n/g, '');
    const token = /http:\/\/status\.test\/admin\/password-reset\/([A-Za-z0-9_-]{20,})/.exec(raw)?.[1];
    expect(token).toBeTruthy();
    expect((await failure(completePasswordReset({ token: token!, password: 'short' }))).field).toBe('password');
    await completePasswordReset({ token: token!, password: 'a-brand-new-password' });
    expect(await validateSession(old.token)).toBeNull();
    expect((await failure(completePasswordReset({ token: token!, password: 'another-new-password' }))).code).toBe('validation');
    await expect(signIn({ email: 'dee@x.test', password: 'a-brand-new-password' }, { ip: '10.9.0.2', sleep: noSleep })).resolves.toHaveProperty('token');
    const later = new Date(Date.now() + 61 * 60_000);
    await requestPasswordReset({ email: 'dee@x.test' });
    await expect.poll(() => sink.messages.length).toBe(2);
    const second = /password-reset\/([A-Za-z0-9_-]{20,})/.exec(sink.messages[1]!.raw.toString('utf8').replace(/=\r?\n/g, ''))?.[1];
    expect((await failure(completePasswordReset({ token: second!, password: 'too-late-password', now: later }))).message).toMatch(/expired/);
  });
});
