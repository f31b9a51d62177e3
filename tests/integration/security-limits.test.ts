import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argon2Work } from '@/lib/server/auth/argon2-queue';
import { hashPassword } from '@/lib/server/auth/password';
import { signIn } from '@/lib/server/auth/sign-in';
import { ACCOUNT_RULE, IP_RULE } from '@/lib/server/auth/throttle-policy';
import { totpCode } from '@/lib/server/auth/totp';
import { verifySessionTotp } from '@/lib/server/auth/verify-session-totp';
import { cliActor, type Actor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';
import { reserve } from '@/lib/server/rate-limit/reserve';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP } from '@/lib/server/subscriptions/rate-limit';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { changePassword } from '@/lib/server/users/change-password';
import { createUser } from '@/lib/server/users/create-user';
import { disableTotp } from '@/lib/server/users/totp-enrolment';
import { outcomes } from '../helpers/outcomes';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Parallel bursts against every limit: how many expensive checks ran (argon2 verifications
// counted by the one queue they all pass through, or answers only a check can give), and
// whether the right secret, sent last in a burst that already reached the limit, gets in.

const PASSWORD = 'correct-horse-battery';
const SECRET = 'JBSWY3DPEHPK3PXP';
const noSleep = async () => undefined;
const verifications = () => argon2Work().verifications;

describe.each(DATABASE_KINDS)('limits under parallel bursts on %s', (kind) => {
  let t: TestDatabase;
  const actorOf = async (email: string): Promise<Actor> => {
    const u = await t.handle.db.user.findUniqueOrThrow({ where: { email } });
    return { type: 'user', userId: u.id, label: u.name, role: u.role };
  };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus']) await createUser({ actor: cliActor, input: { email: `${name}@x.test`, role: 'responder', password: PASSWORD } });
  });
  afterAll(async () => t?.drop());

  it('checks at most 10 passwords of one account in any burst; the right one sent last does not get in', async () => {
    const now = new Date();
    const before = verifications();
    const guesses = Array.from({ length: 40 }, (_, i) => signIn({ email: 'ann@x.test', password: `guess-${i}` }, { ip: `10.10.0.${i}`, now, sleep: noSleep }));
    const right = signIn({ email: 'ann@x.test', password: PASSWORD }, { ip: '10.10.1.1', now, sleep: noSleep });
    const { counts, errors } = await outcomes([...guesses, right]);
    expect(counts).toEqual({ unauthorized: ACCOUNT_RULE.limit - 1, rate_limited: 41 - (ACCOUNT_RULE.limit - 1) });
    expect(verifications() - before).toBe(ACCOUNT_RULE.limit);
    expect(await t.handle.db.session.count({ where: { user: { email: 'ann@x.test' } } })).toBe(0);
    for (const e of errors.filter((e) => e.code === 'rate_limited')) {
      expect(e.message).toMatch(/for this account\. It is locked; try again in 15 minutes/);
      expect(e.details?.retryAfterSeconds).toBe(900);
    }
    // Still locked for the right password; free again once the lock has run out.
    expect(await outcomes([signIn({ email: 'ann@x.test', password: PASSWORD }, { ip: '10.10.1.2', now, sleep: noSleep })])).toMatchObject({ counts: { rate_limited: 1 } });
    await expect(signIn({ email: 'ann@x.test', password: PASSWORD }, { ip: '10.10.1.3', now: new Date(now.getTime() + 16 * 60_000), sleep: noSleep })).resolves.toHaveProperty('token');
  });

  it('checks at most 30 passwords from one address in any burst, whatever the accounts', async () => {
    const now = new Date();
    const before = verifications();
    const ip = '203.0.113.50';
    const guesses = Array.from({ length: 80 }, (_, i) => signIn({ email: `ghost${i}@x.test`, password: 'guess' }, { ip, now, sleep: noSleep }));
    const right = signIn({ email: 'ben@x.test', password: PASSWORD }, { ip, now, sleep: noSleep });
    const { counts, errors } = await outcomes([...guesses, right]);
    expect(counts).toEqual({ unauthorized: IP_RULE.limit - 1, rate_limited: 81 - (IP_RULE.limit - 1) });
    expect(verifications() - before).toBe(IP_RULE.limit);
    for (const e of errors.filter((e) => e.code === 'rate_limited')) expect(e.message).toMatch(/from your network address/);
    expect(await t.handle.db.session.count({ where: { user: { email: 'ben@x.test' } } })).toBe(0);
    // Another address is unaffected.
    await expect(signIn({ email: 'ben@x.test', password: PASSWORD }, { ip: '198.51.100.50', now, sleep: noSleep })).resolves.toHaveProperty('token');
  });

  it('counts every concurrent failure, and a success neither counts against the address nor resets it', async () => {
    const now = new Date();
    const ip = '203.0.113.60';
    const burst = Array.from({ length: IP_RULE.limit - 1 }, (_, i) => signIn({ email: `nobody${i}@x.test`, password: 'guess' }, { ip, now, sleep: noSleep }));
    expect((await outcomes(burst)).counts).toEqual({ unauthorized: IP_RULE.limit - 1 });
    expect((await t.handle.db.rateLimit.findUniqueOrThrow({ where: { key: `login-ip:${ip}` } })).count).toBe(IP_RULE.limit - 1);
    // The address's owner signs in to their own account, twice: not locked out, nothing reset.
    for (let i = 0; i < 2; i++) await expect(signIn({ email: 'cat@x.test', password: PASSWORD }, { ip, now, sleep: noSleep })).resolves.toHaveProperty('token');
    expect((await t.handle.db.rateLimit.findUniqueOrThrow({ where: { key: `login-ip:${ip}` } })).count).toBe(IP_RULE.limit - 1);
    // One more failure reaches the limit and locks the address, for the right password too.
    expect((await outcomes([signIn({ email: 'nobody@x.test', password: 'guess' }, { ip, now, sleep: noSleep })])).errors[0]?.message).toMatch(/from your network address/);
    expect((await outcomes([signIn({ email: 'cat@x.test', password: PASSWORD }, { ip, now, sleep: noSleep })])).counts).toEqual({ rate_limited: 1 });
  });

  it('gives any number of concurrent reservations distinct places, and allows exactly the limit', async () => {
    const now = new Date();
    const rule = { limit: 7, windowMs: 60_000, lockMs: 60_000 };
    const taken = await Promise.all(Array.from({ length: 60 }, () => reserve('burst-key', rule, now)));
    expect(taken.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(taken.filter((r) => r.allowed)).toHaveLength(7);
    expect((await t.handle.db.rateLimit.findUniqueOrThrow({ where: { key: 'burst-key' } })).count).toBe(60);
    // A stale window starts again at 1, and the lock has run out with it.
    const later = await reserve('burst-key', rule, new Date(now.getTime() + 61_000));
    expect(later).toMatchObject({ count: 1, allowed: true, lockedUntil: null });
  });

  it('checks at most 10 second-factor codes at sign-in; the right code sent last does not verify', async () => {
    await t.handle.db.user.update({ where: { email: 'dan@x.test' }, data: { totpSecret: SECRET, totpEnabledAt: new Date(), totpLastStep: null } });
    const now = new Date();
    const session = await signIn({ email: 'dan@x.test', password: PASSWORD }, { ip: '10.20.0.1', now, sleep: noSleep });
    const right = totpCode(SECRET, now);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const burst = [...Array.from({ length: 30 }, (_, i) => verifySessionTotp(session.token, wrong(i), { now })), verifySessionTotp(session.token, right, { now })];
    const { counts } = await outcomes(burst);
    // A wrong-code answer (422) comes only from a check; the rest were refused unchecked.
    expect(counts).toEqual({ validation: ACCOUNT_RULE.limit, rate_limited: 31 - ACCOUNT_RULE.limit });
    const stored = await t.handle.db.session.findMany({ where: { user: { email: 'dan@x.test' } } });
    expect(stored.map((s) => s.verifiedAt)).toEqual([null]);
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { email: 'dan@x.test' } })).totpLastStep).toBeNull();
  });

  it('checks at most 10 codes when turning the second factor off; the right code sent last leaves it on', async () => {
    await t.handle.db.user.update({ where: { email: 'eve@x.test' }, data: { totpSecret: SECRET, totpEnabledAt: new Date(), totpLastStep: null } });
    const actor = await actorOf('eve@x.test');
    const now = new Date();
    const right = totpCode(SECRET, now);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const burst = [...Array.from({ length: 30 }, (_, i) => disableTotp({ actor, code: wrong(i), now })), disableTotp({ actor, code: right, now })];
    const { counts, errors } = await outcomes(burst);
    expect(counts).toEqual({ validation: ACCOUNT_RULE.limit, rate_limited: 31 - ACCOUNT_RULE.limit });
    for (const e of errors.filter((e) => e.code === 'rate_limited')) expect(e.message).toMatch(/Too many wrong codes\. Try again in 15 minutes/);
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { email: 'eve@x.test' } })).totpEnabledAt).not.toBeNull();
    // Positive control: after the lock, the right code turns it off.
    const later = new Date(now.getTime() + 16 * 60_000);
    await disableTotp({ actor, code: totpCode(SECRET, later), now: later });
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { email: 'eve@x.test' } })).totpEnabledAt).toBeNull();
  });

  it('checks at most 10 current passwords when changing it, sharing the sign-in count; the right one sent last changes nothing', async () => {
    const actor = await actorOf('fay@x.test');
    const hashBefore = (await t.handle.db.user.findUniqueOrThrow({ where: { email: 'fay@x.test' } })).passwordHash;
    const now = new Date();
    const before = verifications();
    const change = (current: string) => changePassword({ actor, input: { current, password: 'a-whole-new-password' }, now });
    const { counts, errors } = await outcomes([...Array.from({ length: 30 }, (_, i) => change(`guess-${i}`)), change(PASSWORD)]);
    expect(counts).toEqual({ validation: ACCOUNT_RULE.limit, rate_limited: 31 - ACCOUNT_RULE.limit });
    expect(errors.filter((e) => e.code === 'validation').every((e) => e.field === 'current')).toBe(true);
    expect(verifications() - before).toBe(ACCOUNT_RULE.limit);
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { email: 'fay@x.test' } })).passwordHash).toBe(hashBefore);
    // The same count guards sign-in: the account is locked there too.
    expect((await outcomes([signIn({ email: 'fay@x.test', password: PASSWORD }, { ip: '10.30.0.1', now, sleep: noSleep })])).errors[0]?.message).toMatch(/It is locked/);
    // Positive control: once the lock has run out, the right password changes it.
    await changePassword({ actor, input: { current: PASSWORD, password: 'a-whole-new-password' }, now: new Date(now.getTime() + 16 * 60_000) });
    expect((await t.handle.db.user.findUniqueOrThrow({ where: { email: 'fay@x.test' } })).passwordHash).not.toBe(hashBefore);
  });

  it('sends at most 5 confirmations to one address and takes at most 20 requests from one IP, in any burst', async () => {
    // A new address: the burst's first requests also race to create the one subscriber row.
    const victim = 'victim@example.com';
    const perAddress = Array.from({ length: 30 }, (_, i) => subscribe({ input: { email: victim }, ip: `10.40.0.${i}` }));
    expect((await outcomes(perAddress)).counts).toEqual({ ok: SUBSCRIBE_PER_ADDRESS.limit, rate_limited: 30 - SUBSCRIBE_PER_ADDRESS.limit });
    expect(await t.handle.db.subscriber.count({ where: { email: victim } })).toBe(1);
    expect(await t.handle.db.outboxMail.count({ where: { to: victim } })).toBe(SUBSCRIBE_PER_ADDRESS.limit);
    const perIp = Array.from({ length: 45 }, (_, i) => subscribe({ input: { email: `reader${i}@example.com` }, ip: '10.40.1.1' }));
    const { counts, errors } = await outcomes(perIp);
    expect(counts).toEqual({ ok: SUBSCRIBE_PER_IP.limit, rate_limited: 45 - SUBSCRIBE_PER_IP.limit });
    for (const e of errors) expect(Number(e.details?.retryAfterSeconds)).toBeGreaterThan(3500);
    expect(await t.handle.db.outboxMail.count({ where: { to: { startsWith: 'reader' } } })).toBe(SUBSCRIBE_PER_IP.limit);
  });

  it('keeps other sign-ins quick during a burst: beyond each limit no argon2 work, and the rest waits its turn', async () => {
    const { passwordHash } = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'gus@x.test' } });
    const accounts = Array.from({ length: 50 }, (_, i) => ({ email: `target${i}@x.test`, name: `Target ${i}`, passwordHash }));
    await t.handle.db.user.createMany({ data: accounts });
    let round = 0;
    const legit = async () => {
      const started = performance.now();
      await signIn({ email: 'gus@x.test', password: PASSWORD }, { ip: `192.0.2.${++round}`, sleep: noSleep });
      return performance.now() - started;
    };
    const alone: number[] = [];
    for (let i = 0; i < 5; i++) alone.push(await legit());
    const baseline = alone.sort((a, b) => a - b)[2]!;

    const before = verifications();
    const addresses = ['198.18.0.1', '198.18.0.2', '198.18.0.3', '198.18.0.4'];
    let answered = 0;
    const guess = (i: number) => signIn({ email: accounts[i % 50]!.email, password: `guess-${i}` }, { ip: addresses[i % 4], sleep: noSleep });
    const burst = outcomes(Array.from({ length: 200 }, (_, i) => guess(i).catch((e: unknown) => Promise.reject((answered += Number((e as AppError).code === 'unauthorized'), e)))));
    // The legitimate sign-in arrives while the burst's checks are under way: 8 guesses answered.
    const launched = performance.now();
    while (answered < 8 && performance.now() - launched < 10_000) await new Promise((resolve) => setTimeout(resolve, 1));
    const queued = 4 * IP_RULE.limit - (verifications() - before);
    const during = await legit();
    const { counts } = await burst;
    console.log(`${kind}: legitimate sign-in ${during.toFixed(0)} ms with ${queued} checks queued, quiet median ${baseline.toFixed(0)} ms`);
    expect(counts).toEqual({ unauthorized: 4 * (IP_RULE.limit - 1), rate_limited: 200 - 4 * (IP_RULE.limit - 1) });
    // 120 guesses were checked (30 per address), and the one legitimate sign-in.
    expect(verifications() - before).toBe(4 * IP_RULE.limit + 1);
    // Stated bound: three times the quiet median plus 500 ms (behind a FIFO of ~100 checks it was 1-2 s).
    expect(queued).toBeGreaterThan(60);
    expect(during, `quiet median ${baseline.toFixed(0)} ms`).toBeLessThan(3 * baseline + 500);
  });
});

it('hashes a password only through the counted queue', async () => {
  const before = argon2Work().hashes;
  await hashPassword('counted-once');
  expect(argon2Work().hashes - before).toBe(1);
});
