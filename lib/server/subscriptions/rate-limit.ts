import { db } from '../db';
import { AppError } from '../errors';

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export const SUBSCRIBE_PER_IP: WindowRule = { limit: 20, windowMs: 60 * 60_000 };
export const SUBSCRIBE_PER_ADDRESS: WindowRule = { limit: 5, windowMs: 60 * 60_000 };

/** Counts one use of `key` in a fixed window; over the limit is a 429 with Retry-After. */
export async function hitRateLimit(key: string, rule: WindowRule, now: Date): Promise<void> {
  const count = await db().$transaction(async (tx) => {
    const row = await tx.rateLimit.findUnique({ where: { key } });
    const fresh = !row || now.getTime() - row.windowStart.getTime() >= rule.windowMs;
    const next = fresh ? { count: 1, windowStart: now } : { count: row.count + 1, windowStart: row.windowStart };
    await tx.rateLimit.upsert({ where: { key }, create: { key, ...next }, update: next });
    return next;
  });
  if (count.count > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((count.windowStart.getTime() + rule.windowMs - now.getTime()) / 1000));
    throw new AppError('rate_limited', 'too many subscription requests; try again later', undefined, { retryAfterSeconds });
  }
}
