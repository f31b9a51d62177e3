import { AppError } from '../errors';
import { reserve, retryAfterSeconds, type WindowLimit } from '../rate-limit/reserve';

export const SUBSCRIBE_PER_IP: WindowLimit = { limit: 20, windowMs: 60 * 60_000, lockMs: null };
export const SUBSCRIBE_PER_ADDRESS: WindowLimit = { limit: 5, windowMs: 60 * 60_000, lockMs: null };

/** Takes one use of `key` in its window in one statement, before any work; over the limit is a 429 with Retry-After. */
export async function takeSubscribeSlot(key: string, rule: WindowLimit, now: Date): Promise<void> {
  const slot = await reserve(key, rule, now);
  if (!slot.allowed) throw new AppError('rate_limited', 'too many subscription requests; try again later', undefined, { retryAfterSeconds: retryAfterSeconds(slot.retryAfterMs) });
}
