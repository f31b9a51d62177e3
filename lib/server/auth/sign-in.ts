import { setTimeout as sleepMs } from 'node:timers/promises';
import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { createSession } from '../sessions/create-session';
import { hashPassword, verifyPassword } from './password';
import { clearAccountFailures, recordLoginFailure, throttleState } from './throttle';
import { minutesText } from './throttle-policy';

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

const lockedAccount = (ms: number) =>
  new AppError('rate_limited', `Too many failed sign-ins for this account. It is locked; try again in ${minutesText(ms)}, or reset your password.`, undefined, { retryAfterSeconds: Math.ceil(ms / 1000) });
const lockedAddress = (ms: number) =>
  new AppError('rate_limited', `Too many failed sign-ins from your network address. Try again in ${minutesText(ms)}.`, undefined, { retryAfterSeconds: Math.ceil(ms / 1000) });

export async function signIn(input: unknown, opts: SignInOptions = {}): Promise<SignInResult> {
  const { email, password } = parseInput(SignInInput, input);
  const now = opts.now ?? new Date();
  const sleep = opts.sleep ?? ((ms: number) => sleepMs(ms).then(() => undefined));
  const state = await throttleState(email, opts.ip, now);
  if (state.ipLockMs > 0) throw lockedAddress(state.ipLockMs);
  if (state.accountLockMs > 0) throw lockedAccount(state.accountLockMs);
  if (state.delayMs > 0) await sleep(state.delayMs);

  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok || user.disabledAt) {
    const after = await recordLoginFailure(email, opts.ip, now);
    if (after.ip?.lockedUntil && after.ip.lockedUntil > now) throw lockedAddress(after.ip.lockedUntil.getTime() - now.getTime());
    if (after.account.lockedUntil && after.account.lockedUntil > now) throw lockedAccount(after.account.lockedUntil.getTime() - now.getTime());
    throw new AppError('unauthorized', 'Wrong e-mail or password.');
  }
  await clearAccountFailures(email);
  const needsTotp = user.totpEnabledAt !== null;
  const actor: Actor = { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role, ip: opts.ip };
  const session = await db().$transaction(async (tx) => {
    const created = await createSession(tx, { userId: user.id, verified: !needsTotp, ip: opts.ip, userAgent: opts.userAgent }, now);
    await writeAudit(tx, actor, { action: 'session.sign_in', objectType: 'user', objectId: user.id, after: { sessionId: created.id, totpPending: needsTotp } }, now);
    return created;
  });
  return { token: session.token, expiresAt: session.expiresAt, userId: user.id, needsTotp, mustChangePassword: user.mustChangePassword };
}
