import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { generatePassword, hashPassword } from '../auth/password';
import { endResetLinks } from '../auth/password-reset';
import { accountKey } from '../auth/throttle';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';

const SetOneTimePasswordInput = z.object({ user_id: z.string().trim().min(1, 'required').max(64) });

export interface OneTimePasswordResult {
  id: string;
  email: string;
  /** Shown once to the admin, who passes it on; it must be changed at the next sign-in. */
  oneTimePassword: string;
  sessionsEnded: number;
}

/**
 * The way back in for someone who forgot their password when mail cannot reach them (no
 * SMTP_URL): an admin sets a one-time password. Their sessions and unused reset links end, and
 * a lock from failed sign-ins lifts. Not for one's own account: that would skip the current password.
 */
export async function setOneTimePassword({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<OneTimePasswordResult> {
  assertRole(actor, 'admin');
  const { user_id: id } = parseInput(SetOneTimePasswordInput, input);
  if (actor.userId === id) throw new AppError('forbidden', 'Change your own password on your account page.');
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, disabledAt: true } });
    if (!user) throw notFound('user');
    if (user.disabledAt) throw new AppError('conflict', `${user.email} is disabled; enable the account first.`);
    await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
    const ended = await tx.session.deleteMany({ where: { userId: id } });
    await endResetLinks(tx, id, now);
    await tx.rateLimit.deleteMany({ where: { key: accountKey(user.email) } });
    await writeAudit(tx, actor, { action: 'user.one_time_password', objectType: 'user', objectId: id, after: { mustChangePassword: true, sessionsEnded: ended.count } }, now);
    return { id, email: user.email, oneTimePassword, sessionsEnded: ended.count };
  });
}
