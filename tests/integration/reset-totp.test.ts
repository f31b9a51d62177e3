import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/server/actor';
import { cliActor } from '@/lib/server/actor';
import { signIn } from '@/lib/server/auth/sign-in';
import { totpCode } from '@/lib/server/auth/totp';
import { verifySessionTotp } from '@/lib/server/auth/verify-session-totp';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { validateSession } from '@/lib/server/sessions/validate-session';
import { createUser } from '@/lib/server/users/create-user';
import { resetTotp } from '@/lib/server/users/reset-totp';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/server/users/totp-enrolment';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { failure } from '@/tests/helpers/app-error';

const PASSWORD = 'correct-horse-battery';
const noSleep = async () => undefined;

describe.each(DATABASE_KINDS)('resetting a lost second factor on %s', (kind) => {
  let t: TestDatabase;
  const actors: Record<'admin' | 'responder' | 'viewer', Actor> = {} as never;
  let lostPhoneId = '';
  let secret = '';
  const t0 = new Date();
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    for (const role of ['admin', 'responder', 'viewer'] as const) {
      const u = await createUser({ actor: cliActor, input: { email: `${role}@x.test`, name: role, role, password: PASSWORD } });
      actors[role] = { type: 'user', userId: u.id, label: `${role} <${role}@x.test>`, role };
    }
    // The person who lost their phone, with two-step sign-in enrolled the real way.
    const lost = await createUser({ actor: cliActor, input: { email: 'pat@x.test', name: 'Pat', role: 'admin', password: PASSWORD } });
    lostPhoneId = lost.id;
    const pat: Actor = { type: 'user', userId: lost.id, label: 'Pat', role: 'admin' };
    ({ secret } = await startTotpEnrolment({ actor: pat }));
    await confirmTotpEnrolment({ actor: pat, code: totpCode(secret, t0), now: t0 });
  });
  afterAll(async () => t?.drop());

  const patRow = () => t.handle.db.user.findUniqueOrThrow({ where: { id: lostPhoneId } });
  const resetAudits = () => t.handle.db.auditLog.findMany({ where: { action: 'user.totp_reset', objectId: lostPhoneId }, orderBy: { id: 'asc' } });

  it('refuses viewers, responders, an admin on their own account, and unknown users, changing nothing', async () => {
    for (const role of ['viewer', 'responder'] as const) {
      const e = await failure(resetTotp({ actor: actors[role], input: { user_id: lostPhoneId } }));
      expect(e.code, role).toBe('forbidden');
    }
    // Pat's own stolen session must not drop the factor without a code.
    const self = await failure(resetTotp({ actor: { type: 'user', userId: lostPhoneId, label: 'Pat', role: 'admin' }, input: { user_id: lostPhoneId } }));
    expect(self.code).toBe('forbidden');
    expect(self.message).toMatch(/your own/);
    expect((await failure(resetTotp({ actor: actors.admin, input: { user_id: 'no-such-user' } }))).code).toBe('not_found');
    expect((await failure(resetTotp({ actor: actors.admin, input: {} }))).field).toBe('user_id');
    const row = await patRow();
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecret).not.toBeNull();
    expect(await resetAudits()).toEqual([]);
  });

  it('clears the factor and ends every session, so the password alone signs in; audited in the same change', async () => {
    // Before: sign-in owes a code. One session is verified, one still waits for a code.
    const verified = await signIn({ email: 'pat@x.test', password: PASSWORD }, { ip: '10.9.0.1', now: at(60), sleep: noSleep });
    expect(verified.needsTotp).toBe(true);
    await verifySessionTotp(verified.token, totpCode(secret, at(60)), { now: at(60) });
    const waiting = await signIn({ email: 'pat@x.test', password: PASSWORD }, { ip: '10.9.0.2', now: at(90), sleep: noSleep });
    expect((await validateSession(verified.token, at(90)))?.verified).toBe(true);
    expect((await validateSession(waiting.token, at(90)))?.verified).toBe(false);
    const others = await t.handle.db.session.count({ where: { userId: { not: lostPhoneId } } });

    const result = await resetTotp({ actor: actors.admin, input: { user_id: lostPhoneId }, now: at(120) });
    expect(result).toEqual({ id: lostPhoneId, email: 'pat@x.test', sessionsEnded: 2 });

    const row = await patRow();
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await t.handle.db.session.count({ where: { userId: lostPhoneId } })).toBe(0);
    expect(await validateSession(verified.token, at(120))).toBeNull();
    expect(await validateSession(waiting.token, at(120))).toBeNull();
    expect(await t.handle.db.session.count({ where: { userId: { not: lostPhoneId } } })).toBe(others);

    const audits = await resetAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: 'user', actorId: actors.admin.userId, objectType: 'user', at: at(120) });
    expect(JSON.parse(audits[0]!.after!)).toEqual({ totpEnabled: false, sessionsEnded: 2 });

    const again = await signIn({ email: 'pat@x.test', password: PASSWORD }, { ip: '10.9.0.3', now: at(150), sleep: noSleep });
    expect(again.needsTotp).toBe(false);
    expect((await validateSession(again.token, at(150)))?.verified).toBe(true);
  });

  it('says there is nothing to reset for an account without two-step sign-in', async () => {
    const e = await failure(resetTotp({ actor: actors.admin, input: { user_id: lostPhoneId } }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('pat@x.test does not use two-step sign-in');
    expect(await resetAudits()).toHaveLength(1);
  });

  it('lets Pat enrol a new device afterwards, and the command line reset it too', async () => {
    const pat: Actor = { type: 'user', userId: lostPhoneId, label: 'Pat', role: 'admin' };
    const { secret: fresh } = await startTotpEnrolment({ actor: pat });
    expect(fresh).not.toBe(secret);
    await confirmTotpEnrolment({ actor: pat, code: totpCode(fresh, at(180)), now: at(180) });
    expect((await signIn({ email: 'pat@x.test', password: PASSWORD }, { ip: '10.9.0.4', now: at(210), sleep: noSleep })).needsTotp).toBe(true);
    await resetTotp({ actor: cliActor, input: { user_id: lostPhoneId }, now: at(240) });
    const audits = await resetAudits();
    expect(audits.map((a) => [a.actorType, a.actorId, a.actorLabel])).toEqual([
      ['user', actors.admin.userId, actors.admin.label],
      ['cli', null, 'candor command line'],
    ]);
  });
});
