import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, IP_RULE, delayForFailures, failuresInWindow, lockRemainingMs, recordFailure, type Counter } from '@/lib/server/auth/throttle-policy';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function fail(times: number, rule = ACCOUNT_RULE, start: Counter | null = null, step = 1000): Counter | null {
  let c = start;
  for (let i = 0; i < times; i++) c = recordFailure(c, rule, at(i * step));
  return c;
}

describe('sign-in throttle policy', () => {
  it('slows the account from the 5th failure, doubling and capped', () => {
    expect([4, 5, 6, 7, 8, 9, 12].map((n) => delayForFailures(n, ACCOUNT_RULE))).toEqual([0, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(delayForFailures(29, IP_RULE)).toBe(0);
  });

  it('locks the account on the 10th failure for 15 minutes', () => {
    const nine = fail(9)!;
    expect(nine.lockedUntil).toBeNull();
    const ten = recordFailure(nine, ACCOUNT_RULE, at(9000));
    expect(ten.lockedUntil).toEqual(at(9000 + 15 * 60_000));
    expect(lockRemainingMs(ten, at(10_000))).toBe(15 * 60_000 - 1000);
    expect(lockRemainingMs(ten, at(9000 + 15 * 60_000))).toBe(0);
  });

  it('restarts the count when the window has passed', () => {
    const c = fail(8)!;
    expect(failuresInWindow(c, ACCOUNT_RULE, at(15 * 60_000 + 1))).toBe(0);
    const after = recordFailure(c, ACCOUNT_RULE, at(16 * 60_000));
    expect(after.count).toBe(1);
    expect(after.lockedUntil).toBeNull();
  });

  it('locks an address after 30 failures across accounts', () => {
    expect(fail(29, IP_RULE)!.lockedUntil).toBeNull();
    expect(fail(30, IP_RULE)!.lockedUntil).not.toBeNull();
  });
});
