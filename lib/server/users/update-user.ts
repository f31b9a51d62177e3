import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';

const UpdateUserInput = z.object({ role: z.enum(['admin', 'responder', 'viewer']).optional(), disabled: z.boolean().optional() });

/** Changes a user's role or disables/enables them (disabling signs them out). The last active admin cannot be demoted or disabled. */
export async function updateUser({ actor, id, input }: { actor: Actor; id: string; input: unknown }) {
  assertRole(actor, 'admin');
  const data = parseInput(UpdateUserInput, input);
  return db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound('user');
    const losesAdmin = before.role === 'admin' && !before.disabledAt && ((data.role && data.role !== 'admin') || data.disabled === true);
    if (losesAdmin && (await tx.user.count({ where: { role: 'admin', disabledAt: null } })) <= 1) throw new AppError('conflict', 'This is the last active admin; make someone else admin first.');
    const after = await tx.user.update({
      where: { id },
      data: { ...(data.role ? { role: data.role } : {}), ...(data.disabled !== undefined ? { disabledAt: data.disabled ? (before.disabledAt ?? new Date()) : null } : {}) },
    });
    if (data.disabled) {
      await tx.session.deleteMany({ where: { userId: id } });
      await tx.apiToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    await writeAudit(tx, actor, { action: 'user.update', objectType: 'user', objectId: id, before: { role: before.role, disabled: Boolean(before.disabledAt) }, after: { role: after.role, disabled: Boolean(after.disabledAt) } });
    return after;
  });
}
