import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { generateTotpSecret, verifyTotp } from '../auth/totp';
import { db } from '../db';
import { AppError } from '../errors';

function own(actor: Actor): string {
  if (!actor.userId || actor.type !== 'user') throw new AppError('forbidden', 'only a signed-in staff member can manage their second factor');
  return actor.userId;
}

/** Starts (or restarts) enrolment: a fresh secret is stored but not enabled until a code confirms it. */
export async function startTotpEnrolment({ actor }: { actor: Actor }): Promise<{ secret: string }> {
  const userId = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is already on; turn it off first to enrol a new device.');
  const secret = generateTotpSecret();
  await db().user.update({ where: { id: userId }, data: { totpSecret: secret } });
  return { secret };
}

export async function confirmTotpEnrolment({ actor, code, now = new Date() }: { actor: Actor; code: string; now?: Date }): Promise<void> {
  const userId = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpSecret || user.totpEnabledAt) throw new AppError('conflict', 'Start enrolment first.');
  if (!verifyTotp(user.totpSecret, code, now)) throw new AppError('validation', 'code: that code is not right; check your phone clock and use the newest code', 'code');
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpEnabledAt: now } });
    await tx.session.updateMany({ where: { userId }, data: { verifiedAt: now } });
    await writeAudit(tx, actor, { action: 'user.totp_enable', objectType: 'user', objectId: userId }, now);
  });
}

export async function disableTotp({ actor, code, now = new Date() }: { actor: Actor; code: string; now?: Date }): Promise<void> {
  const userId = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpEnabledAt || !user.totpSecret) return;
  if (!verifyTotp(user.totpSecret, code, now)) throw new AppError('validation', 'code: that code is not right', 'code');
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpEnabledAt: null, totpSecret: null } });
    await writeAudit(tx, actor, { action: 'user.totp_disable', objectType: 'user', objectId: userId }, now);
  });
}

export async function totpStatus(userId: string): Promise<{ enabled: boolean; pendingSecret: string | null; email: string }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, totpSecret: true, email: true } });
  return { enabled: Boolean(user.totpEnabledAt), pendingSecret: user.totpEnabledAt ? null : user.totpSecret, email: user.email };
}
