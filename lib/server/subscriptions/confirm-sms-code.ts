import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SMS_CODE_PATTERN, smsCodeState } from '@/lib/domain/sms-code';
import { db } from '../db';
import { AppError } from '../errors';
import { instanceSecret } from '../secret';
import { parseInput } from '../validate';
import { SUBSCRIBE_PER_IP, takeSubscribeSlot } from './rate-limit';
import { e164PhoneNumber, smsKey } from './subscription-target';
import { smsCodeHash } from './subscribe-sms';
import { manageToken } from './tokens';

// The second step of subscribing by SMS: the code typed on the page (or sent to the API). A right
// code confirms the number's pending request (a number is one subscription, keyed by it); a wrong
// one counts against its live code, so guessing stops after a few tries.

export const confirmSmsCodeInput = z.object({
  phone_number: z.string().trim().max(32),
  code: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(SMS_CODE_PATTERN, 'the 6 digits from the text message')),
});

export const WRONG_CODE = 'code: that code is not right, or it has expired or been tried too often; ask for a new one if needed';

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function confirmSmsCode({ input, ip, now = new Date() }: { input: unknown; ip?: string; now?: Date }): Promise<{ manageToken: string }> {
  const data = parseInput(confirmSmsCodeInput, input);
  const phoneNumber = e164PhoneNumber(data.phone_number);
  if (ip) await takeSubscribeSlot(`sms-code-ip:${ip}`, SUBSCRIBE_PER_IP, now);
  const secret = await instanceSecret();
  const pending = await db().subscriber.findMany({ where: { key: smsKey(phoneNumber), confirmedAt: null, smsCodeHash: { not: null } } });
  const live = pending.filter((s) => smsCodeState(s, now) === 'live');
  const match = live.find((s) => same(s.smsCodeHash!, smsCodeHash(secret, s.id, data.code)));
  if (!match) {
    if (live.length > 0) await db().subscriber.updateMany({ where: { id: { in: live.map((s) => s.id) } }, data: { smsCodeAttempts: { increment: 1 } } });
    throw new AppError('validation', WRONG_CODE, 'code');
  }
  const next = await manageToken(match.id, match.tokenGeneration + 1);
  const updated = await db().subscriber.updateMany({
    where: { id: match.id, smsCodeHash: match.smsCodeHash, tokenGeneration: match.tokenGeneration },
    data: { confirmedAt: now, smsCodeHash: null, smsCodeExpiresAt: null, smsCodeAttempts: 0, unsubscribedAt: null, tokenGeneration: match.tokenGeneration + 1, manageTokenHash: next.hash },
  });
  if (updated.count !== 1) throw new AppError('validation', WRONG_CODE, 'code');
  return { manageToken: next.token };
}
