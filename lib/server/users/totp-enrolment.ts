import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { checkTotpCode, claimTotpStep, codeUsedError, type TotpHolder } from '../auth/consume-totp-code';
import { reserveTotpAttempt, totpKey } from '../auth/throttle';
import { generateTotpSecret } from '../auth/totp';
import { openTotpSecret, sealTotpSecret } from '../auth/totp-secret-box';
import { db } from '../db';
import { AppError } from '../errors';
import { clearKey } from '../rate-limit/reserve';

function own(actor: Actor): string {
  if (!actor.userId || actor.type !== 'user') throw new AppError('forbidden', 'only a signed-in staff member can manage their second factor');
  return actor.userId;
}

const wrongCode = (message: string) => new AppError('validation', message, 'code');

/** Starts (or restarts) enrolment: a fresh secret is stored (sealed) but not enabled until a code confirms it. */
export async function startTotpEnrolment({ actor }: { actor: Actor }): Promise<{ secret: string }> {
  const userId = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is already on; turn it off first to enrol a new device.');
  const secret = generateTotpSecret();
  // A new key has its own codes: steps used with an earlier key say nothing about it.
  await db().user.update({ where: { id: userId }, data: { totpSecret: await sealTotpSecret(userId, secret), totpLastStep: null } });
  return { secret };
}

/** Turns the second factor on; the confirming code's step is recorded, so it cannot then be replayed at sign-in. */
export async function confirmTotpEnrolment({ actor, code, now = new Date() }: { actor: Actor; code: string; now?: Date }): Promise<void> {
  const userId = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpSecret || user.totpEnabledAt) throw new AppError('conflict', 'Start enrolment first.');
  const holder: TotpHolder = { id: userId, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep };
  const check = await checkTotpCode(holder, code, now);
  if (!check.ok) throw check.reason === 'used' ? codeUsedError() : wrongCode('code: that code is not right; check your phone clock and use the newest code');
  const accepted = await db().$transaction(async (tx) => {
    if (!(await claimTotpStep(tx, holder, check, { totpEnabledAt: null }, { totpEnabledAt: now }))) return false;
    await tx.session.updateMany({ where: { userId }, data: { verifiedAt: now } });
    await writeAudit(tx, actor, { action: 'user.totp_enable', objectType: 'user', objectId: userId }, now);
    return true;
  });
  if (!accepted) throw codeUsedError();
}

/** Turns the second factor off; needs a code not used before, and counts guesses like sign-in. */
export async function disableTotp({ actor, code, now = new Date() }: { actor: Actor; code: string; now?: Date }): Promise<void> {
  const userId = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpEnabledAt || !user.totpSecret) return;
  await reserveTotpAttempt(userId, now);
  const holder: TotpHolder = { id: userId, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep };
  const check = await checkTotpCode(holder, code, now);
  if (!check.ok) throw check.reason === 'used' ? codeUsedError() : wrongCode('code: that code is not right');
  const accepted = await db().$transaction(async (tx) => {
    const off = { totpEnabledAt: null, totpSecret: null, totpLastStep: null };
    if (!(await claimTotpStep(tx, holder, check, { totpEnabledAt: { not: null } }, off))) return false;
    await writeAudit(tx, actor, { action: 'user.totp_disable', objectType: 'user', objectId: userId }, now);
    return true;
  });
  if (!accepted) throw codeUsedError();
  await clearKey(totpKey(userId));
}

export async function totpStatus(userId: string): Promise<{ enabled: boolean; pendingSecret: string | null; email: string }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, totpSecret: true, email: true } });
  const pendingSecret = !user.totpEnabledAt && user.totpSecret ? await openTotpSecret(userId, user.totpSecret) : null;
  return { enabled: Boolean(user.totpEnabledAt), pendingSecret, email: user.email };
}
