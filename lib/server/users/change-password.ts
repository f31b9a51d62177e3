import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { hashPassword, verifyPassword } from '../auth/password';
import { NewPassword, endResetLinks } from '../auth/password-reset';
import { accountKey } from '../auth/throttle';
import { ACCOUNT_RULE, minutesText } from '../auth/throttle-policy';
import { db } from '../db';
import { hashToken } from '../crypto';
import { AppError, notFound } from '../errors';
import { clearKey, reserve, retryAfterSeconds } from '../rate-limit/reserve';
import { parseInput } from '../validate';

const Input = z.object({ current: z.string().min(1, 'enter your current password').max(200), password: NewPassword });

/**
 * Changes one's own password (also clears a one-time password); other sessions are signed out and
 * outstanding reset links end. Guesses of the current password count against the account's
 * sign-in limit, reserved before the check, so a stolen session cannot guess it without bound.
 */
export async function changePassword({ actor, input, keepSessionToken, now = new Date() }: { actor: Actor; input: unknown; keepSessionToken?: string; now?: Date }): Promise<void> {
  const data = parseInput(Input, input);
  if (!actor.userId) throw new AppError('forbidden', 'only a signed-in staff member can change a password');
  const user = await db().user.findUnique({ where: { id: actor.userId } });
  if (!user) throw notFound('user');
  const attempt = await reserve(accountKey(user.email), ACCOUNT_RULE, now);
  if (!attempt.allowed) {
    throw new AppError('rate_limited', `Too many wrong passwords for this account. Try again in ${minutesText(attempt.retryAfterMs)}.`, undefined, { retryAfterSeconds: retryAfterSeconds(attempt.retryAfterMs) });
  }
  const lane = actor.ip ?? `account:${user.email}`;
  if (!(await verifyPassword(user.passwordHash, data.current, lane))) throw new AppError('validation', 'current: that is not your current password', 'current');
  await clearKey(attempt.key);
  if (data.current === data.password) throw new AppError('validation', 'password: choose a password different from the current one', 'password');
  const passwordHash = await hashPassword(data.password, lane);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.deleteMany({ where: { userId: user.id, ...(keepSessionToken ? { NOT: { tokenHash: hashToken(keepSessionToken) } } : {}) } });
    await endResetLinks(tx, user.id, now);
    await writeAudit(tx, actor, { action: 'user.change_password', objectType: 'user', objectId: user.id }, now);
  });
}
