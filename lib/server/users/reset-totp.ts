import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';

const ResetTotpInput = z.object({ user_id: z.string().trim().min(1, 'required').max(64) });
export type ResetTotpInput = z.input<typeof ResetTotpInput>;

export interface ResetTotpResult {
  id: string;
  email: string;
  /** Sessions ended: the user signs in again with the password alone, then may enrol a new device. */
  sessionsEnded: number;
}

/**
 * Turns off someone else's second factor when they lost the device: the sealed key and the last
 * used step are cleared and every session of theirs ends. Not for one's own account: that would let
 * a stolen session drop the second factor without a code (the account page asks for one).
 */
export async function resetTotp({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<ResetTotpResult> {
  assertRole(actor, 'admin');
  const { user_id: id } = parseInput(ResetTotpInput, input);
  if (actor.userId === id) throw new AppError('forbidden', 'You cannot reset your own two-step sign-in here; turn it off on your account page with a code, or ask another admin.');
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, totpEnabledAt: true, totpSecret: true } });
    if (!user) throw notFound('user');
    if (!user.totpEnabledAt && !user.totpSecret) throw new AppError('conflict', `${user.email} does not use two-step sign-in; there is nothing to reset.`);
    await tx.user.update({ where: { id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    const ended = await tx.session.deleteMany({ where: { userId: id } });
    await writeAudit(tx, actor, { action: 'user.totp_reset', objectType: 'user', objectId: id, before: { totpEnabled: Boolean(user.totpEnabledAt) }, after: { totpEnabled: false, sessionsEnded: ended.count } }, now);
    return { id, email: user.email, sessionsEnded: ended.count };
  });
}
