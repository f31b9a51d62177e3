import { describe, expect, it } from 'vitest';
import { newSmsCode, SMS_CODE_MAX_ATTEMPTS, SMS_CODE_PATTERN, smsCodeState } from '@/lib/domain/sms-code';

describe('SMS codes', () => {
  it('are six digits, zeros kept', () => {
    expect(newSmsCode(() => 42)).toBe('000042');
    expect(newSmsCode(() => 999_999)).toBe('999999');
    expect(SMS_CODE_PATTERN.test(newSmsCode(() => 7))).toBe(true);
  });

  it('live until they expire or are tried too often', () => {
    const now = new Date('2026-11-30T09:00:00Z');
    const row = { smsCodeHash: 'h', smsCodeExpiresAt: new Date('2026-11-30T09:05:00Z'), smsCodeAttempts: 0 };
    expect(smsCodeState(row, now)).toBe('live');
    expect(smsCodeState({ ...row, smsCodeAttempts: SMS_CODE_MAX_ATTEMPTS - 1 }, now)).toBe('live');
    expect(smsCodeState({ ...row, smsCodeAttempts: SMS_CODE_MAX_ATTEMPTS }, now)).toBe('used_up');
    expect(smsCodeState(row, new Date('2026-11-30T09:05:00Z'))).toBe('expired');
    expect(smsCodeState({ ...row, smsCodeHash: null }, now)).toBe('none');
  });
});
