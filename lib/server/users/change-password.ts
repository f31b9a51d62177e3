import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { hashPassword, verifyPassword } from '../auth/password';
import { NewPassword } from '../auth/password-reset';
import { db } from '../db';
import { hashToken } from '../crypto';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';

const Input = z.object({ current: z.string().min(1, 'enter your current password').max(200), password: NewPassword });

/** Changes one's own password (also clears a one-time password); other sessions are signed out. */
export async function changePassword({ actor, input, keepSessionToken }: { actor: Actor; input: unknown; keepSessionToken?: string }): Promise<void> {
  const data = parseInput(Input, input);
  if (!actor.userId) throw new AppError('forbidden', 'only a signed-in staff member can change a password');
  const user = await db().user.findUnique({ where: { id: actor.userId } });
  if (!user) throw notFound('user');
  if (!(await verifyPassword(user.passwordHash, data.current))) throw new AppError('validation', 'current: that is not your current password', 'current');
  if (data.current === data.password) throw new AppError('validation', 'password: choose a password different from the current one', 'password');
  const passwordHash = await hashPassword(data.password);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.deleteMany({ where: { userId: user.id, ...(keepSessionToken ? { NOT: { tokenHash: hashToken(keepSessionToken) } } : {}) } });
    await writeAudit(tx, actor, { action: 'user.change_password', objectType: 'user', objectId: user.id });
  });
}
