import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { hashToken } from '../crypto';
import { AppError } from '../errors';
import { checkTotpCode, claimTotpStep, codeUsedError } from './consume-totp-code';
import { bump } from './throttle';
import { ACCOUNT_RULE, lockRemainingMs, minutesText } from './throttle-policy';

const wrongCode = () => new AppError('validation', 'That code is not right. Check the time on your phone and try the newest code.', 'code');

/**
 * The second sign-in step: a correct TOTP code marks the session verified. Each code counts once
 * (a replayed one is refused); wrong and replayed codes count like wrong passwords.
 */
export async function verifySessionTotp(token: string | undefined, code: string, opts: { ip?: string; now?: Date } = {}): Promise<{ mustChangePassword: boolean }> {
  const now = opts.now ?? new Date();
  const session = token ? await db().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } }) : null;
  if (!session || session.expiresAt <= now || session.user.disabledAt) throw new AppError('unauthorized', 'Your sign-in session has expired; sign in again.');
  const user = session.user;
  if (!user.totpSecret || !user.totpEnabledAt) return { mustChangePassword: user.mustChangePassword };
  const key = `totp:${user.id}`;
  const lock = lockRemainingMs(await db().rateLimit.findUnique({ where: { key } }), now);
  if (lock > 0) throw new AppError('rate_limited', `Too many wrong codes. Try again in ${minutesText(lock)}.`, undefined, { retryAfterSeconds: Math.ceil(lock / 1000) });
  const holder = { id: user.id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep };
  const check = await checkTotpCode(holder, code, now);
  if (!check.ok) {
    await bump(key, ACCOUNT_RULE, now);
    throw check.reason === 'used' ? codeUsedError() : wrongCode();
  }
  const actor: Actor = { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role, ip: opts.ip };
  const accepted = await db().$transaction(async (tx) => {
    if (!(await claimTotpStep(tx, holder, check, { totpEnabledAt: { not: null } }))) return false;
    await tx.session.update({ where: { id: session.id }, data: { verifiedAt: now } });
    await writeAudit(tx, actor, { action: 'session.totp_verified', objectType: 'user', objectId: user.id }, now);
    return true;
  });
  if (!accepted) {
    await bump(key, ACCOUNT_RULE, now);
    throw codeUsedError();
  }
  await db().rateLimit.deleteMany({ where: { key } });
  return { mustChangePassword: user.mustChangePassword };
}
