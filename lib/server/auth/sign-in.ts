import { setTimeout as sleepMs } from 'node:timers/promises';
import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { createSession } from '../sessions/create-session';
import { hashPassword, verifyPassword } from './password';
import { failedPasswordError, passwordAttemptSucceeded, reservePasswordAttempt } from './throttle';
import { ACCOUNT_RULE, delayForFailures } from './throttle-policy';
import { signInMetrics } from '../metrics/catalogue';

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1, 'enter your password').max(200),
});

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: string;
  /** The session still owes a TOTP code before it counts as signed in. */
  needsTotp: boolean;
  mustChangePassword: boolean;
}

export interface SignInOptions {
  ip?: string;
  userAgent?: string;
  now?: Date;
  /** Tests pass a recorder instead of really waiting. */
  sleep?: (ms: number) => Promise<void>;
}

const g = globalThis as unknown as { __candorDummyHash?: Promise<string> };
/** Checked against when the account does not exist, so timing does not reveal it. */
function dummyHash(): Promise<string> {
  g.__candorDummyHash ??= hashPassword('candor-timing-equaliser');
  return g.__candorDummyHash;
}

export async function signIn(input: unknown, opts: SignInOptions = {}): Promise<SignInResult> {
  const { email, password } = parseInput(SignInInput, input);
  const now = opts.now ?? new Date();
  const sleep = opts.sleep ?? ((ms: number) => sleepMs(ms).then(() => undefined));
  // The attempt takes its place in both windows first: past a limit nothing is checked at all.
  const attempt = await reservePasswordAttempt(email, opts.ip, now).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'rate_limited') signInMetrics().failures.locked.inc();
    throw error;
  });
  const delayMs = delayForFailures(attempt.account.count - 1, ACCOUNT_RULE);
  if (delayMs > 0) await sleep(delayMs);

  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password, opts.ip ?? `account:${email}`);
  if (!user || !ok || user.disabledAt) {
    const locked = failedPasswordError(attempt, now);
    signInMetrics().failures.wrong_password.inc();
    // A lock in the answer was engaged by this very attempt: later ones are refused before the check.
    if (locked) signInMetrics().lockouts[attempt.address?.lockedUntil && attempt.address.lockedUntil > now ? 'address' : 'account'].inc();
    throw locked ?? new AppError('unauthorized', 'Wrong e-mail or password.');
  }
  await passwordAttemptSucceeded(attempt);
  const needsTotp = user.totpEnabledAt !== null;
  const actor: Actor = { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role, ip: opts.ip };
  const session = await db().$transaction(async (tx) => {
    const created = await createSession(tx, { userId: user.id, verified: !needsTotp, ip: opts.ip, userAgent: opts.userAgent }, now);
    await writeAudit(tx, actor, { action: 'session.sign_in', objectType: 'user', objectId: user.id, after: { sessionId: created.id, totpPending: needsTotp } }, now);
    return created;
  });
  return { token: session.token, expiresAt: session.expiresAt, userId: user.id, needsTotp, mustChangePassword: user.mustChangePassword };
}
