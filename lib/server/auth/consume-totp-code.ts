import type { Prisma } from '@/lib/generated/postgresql/client';
import type { Tx } from '../db';
import { AppError } from '../errors';
import { matchTotpStep } from './totp';
import { isSealedTotpSecret, openTotpSecret, sealTotpSecret } from './totp-secret-box';

// A TOTP code is good for ~90 s (drift window), so an observed code could be replayed. Each code's
// time step is accepted once: the step is recorded with a conditional update that only one of any
// number of concurrent submissions can win.

export interface TotpHolder {
  id: string;
  totpSecret: string;
  totpLastStep: number | null;
}

/** A code that matched: its step, and the sealed form of a legacy plain key (null when already sealed). */
export interface TotpMatch {
  step: number;
  reseal: string | null;
}

export type TotpCheck = ({ ok: true } & TotpMatch) | { ok: false; reason: 'wrong' | 'used' };

/** Checks the code against the key and the last accepted step; writes nothing. */
export async function checkTotpCode(user: TotpHolder, code: string, now: Date): Promise<TotpCheck> {
  const step = matchTotpStep(await openTotpSecret(user.id, user.totpSecret), code, now);
  if (step === null) return { ok: false, reason: 'wrong' };
  if (user.totpLastStep !== null && step <= user.totpLastStep) return { ok: false, reason: 'used' };
  const reseal = isSealedTotpSecret(user.totpSecret) ? null : await sealTotpSecret(user.id, user.totpSecret);
  return { ok: true, step, reseal };
}

/**
 * Records the matched step as used, together with `data`, if no step as late was recorded since
 * `user` was read and the stored key is unchanged. True for exactly one concurrent caller.
 * A legacy plain key is stored sealed on the way.
 */
export async function claimTotpStep(tx: Tx, user: TotpHolder, match: TotpMatch, where: Prisma.UserWhereInput, data: Prisma.UserUpdateManyMutationInput = {}): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { AND: [where, { id: user.id, totpSecret: user.totpSecret }, { OR: [{ totpLastStep: null }, { totpLastStep: { lt: match.step } }] }] },
    data: { ...(match.reseal ? { totpSecret: match.reseal } : {}), totpLastStep: match.step, ...data },
  });
  return count === 1;
}

export const codeUsedError = () =>
  new AppError('validation', 'That code has already been used. Wait for the next code from your authenticator app (a new one appears every 30 seconds) and enter that.', 'code');
