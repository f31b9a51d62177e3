import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { hashToken } from '../crypto';
import { AppError } from '../errors';
import { checkTotpCode, claimTotpStep, codeUsedError } from './consume-totp-code';
import { clearKey } from '../rate-limit/reserve';
import { reserveTotpAttempt, totpKey } from './throttle';
import { signInMetrics } from '../metrics/catalogue';

const wrongCode = () => new AppError('validation', 'That code is not right. Check the time on your phone and try the newest code.', 'code');

/**
 * The second sign-in step: a correct TOTP code marks the session verified. Each code counts once
 * (a replayed one is refused). Every check first reserves its place in the user's code window
 * (shared with turning the factor off); a right code clears it, wrong and replayed ones stay counted.
 */
export async function verifySessionTotp(token: string | undefined, code: string, opts: { ip?: string; now?: Date } = {}): Promise<{ mustChangePassword: boolean }> {
  const now = opts.now ?? new Date();
  const session = token ? await db().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } }) : null;
  if (!session || session.expiresAt <= now || session.user.disabledAt) throw new AppError('unauthorized', 'Your sign-in session has expired; sign in again.');
  const user = session.user;
  if (!user.totpSecret || !user.totpEnabledAt) return { mustChangePassword: user.mustChangePassword };
  const reserved = await reserveTotpAttempt(user.id, now).catch((error: unknown) => {
    signInMetrics().failures.locked.inc();
    throw error;
  });
  const holder = { id: user.id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep };
  const check = await checkTotpCode(holder, code, now);
  if (!check.ok) {
    signInMetrics().failures.wrong_code.inc();
    if (reserved.lockedUntil && reserved.lockedUntil > now) signInMetrics().lockouts.code.inc();
    throw check.reason === 'used' ? codeUsedError() : wrongCode();
  }
  const actor: Actor = { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role, ip: opts.ip };
  const accepted = await db().$transaction(async (tx) => {
    if (!(await claimTotpStep(tx, holder, check, { totpEnabledAt: { not: null } }))) return false;
    await tx.session.update({ where: { id: session.id }, data: { verifiedAt: now } });
    await writeAudit(tx, actor, { action: 'session.totp_verified', objectType: 'user', objectId: user.id }, now);
    return true;
  });
  if (!accepted) throw codeUsedError();
  await clearKey(totpKey(user.id));
  return { mustChangePassword: user.mustChangePassword };
}
