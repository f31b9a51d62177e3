// The one-time code that confirms an SMS subscription: six digits, short-lived, few tries. Pure.

export const SMS_CODE_MINUTES = 10;
/** Wrong codes typed against one request before it stops working (a new request gives a new code). */
export const SMS_CODE_MAX_ATTEMPTS = 5;
export const SMS_CODE_PATTERN = /^\d{6}$/;

/** A uniform 6-digit code from `randomInt` (crypto.randomInt in production). */
export function newSmsCode(randomInt: (max: number) => number): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

export type SmsCodeState = 'live' | 'expired' | 'used_up' | 'none';

export function smsCodeState(row: { smsCodeHash: string | null; smsCodeExpiresAt: Date | null; smsCodeAttempts: number }, now: Date): SmsCodeState {
  if (!row.smsCodeHash || !row.smsCodeExpiresAt) return 'none';
  if (row.smsCodeExpiresAt <= now) return 'expired';
  if (row.smsCodeAttempts >= SMS_CODE_MAX_ATTEMPTS) return 'used_up';
  return 'live';
}
