import { db } from '../db';

// One rate-limit step is one SQL statement (SQLite >= 3.35 and PostgreSQL): count the attempt,
// restart a stale window, lock at the limit, return the new state; concurrent callers get distinct
// counts. Times are computed here and only compared in SQL (SQLite holds DateTimes as ISO-8601 text).

export interface WindowLimit {
  /** Attempts allowed in one window; the one that reaches it is still allowed. */
  limit: number;
  windowMs: number;
  /** Reaching the limit locks the key this long; null refuses only until the window ends. */
  lockMs: number | null;
}

export interface Reservation {
  key: string;
  /** This attempt's number in the window (1 = first). */
  count: number;
  windowStart: Date;
  lockedUntil: Date | null;
  allowed: boolean;
  /** How long the caller must wait when refused (0 when allowed). */
  retryAfterMs: number;
}

interface Row {
  count: number | bigint;
  windowStart: Date | string;
  lockedUntil: Date | string | null;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** Counts one attempt on `key` at `now` and says whether it may go ahead. */
export async function reserve(key: string, rule: WindowLimit, now: Date): Promise<Reservation> {
  const staleBefore = new Date(now.getTime() - rule.windowMs);
  const lockUntil = rule.lockMs === null ? null : new Date(now.getTime() + rule.lockMs);
  const firstLock = rule.limit <= 1 ? lockUntil : null;
  // "locked": a lock still running. "fresh": not locked, and the window is stale or a lock has ended.
  const rows = await db().$queryRaw<Row[]>`
    INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockedUntil") VALUES (${key}, 1, ${now}, ${firstLock})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE
        WHEN "RateLimit"."lockedUntil" IS NOT NULL AND "RateLimit"."lockedUntil" > ${now} THEN "RateLimit"."count" + 1
        WHEN "RateLimit"."windowStart" <= ${staleBefore} OR "RateLimit"."lockedUntil" IS NOT NULL THEN 1
        ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE
        WHEN "RateLimit"."lockedUntil" IS NOT NULL AND "RateLimit"."lockedUntil" > ${now} THEN "RateLimit"."windowStart"
        WHEN "RateLimit"."windowStart" <= ${staleBefore} OR "RateLimit"."lockedUntil" IS NOT NULL THEN ${now}
        ELSE "RateLimit"."windowStart" END,
      "lockedUntil" = CASE
        WHEN "RateLimit"."lockedUntil" IS NOT NULL AND "RateLimit"."lockedUntil" > ${now} THEN "RateLimit"."lockedUntil"
        WHEN "RateLimit"."windowStart" <= ${staleBefore} OR "RateLimit"."lockedUntil" IS NOT NULL THEN ${firstLock}
        WHEN "RateLimit"."count" + 1 >= ${rule.limit} THEN ${lockUntil}
        ELSE NULL END
    RETURNING "count", "windowStart", "lockedUntil"`;
  const row = rows[0];
  if (!row) throw new Error(`rate limit ${key}: the reservation returned no row`);
  const count = Number(row.count);
  const windowStart = asDate(row.windowStart);
  const lockedUntil = row.lockedUntil === null ? null : asDate(row.lockedUntil);
  const allowed = count <= rule.limit;
  const until = lockedUntil && lockedUntil > now ? lockedUntil.getTime() : windowStart.getTime() + rule.windowMs;
  return { key, count, windowStart, lockedUntil, allowed, retryAfterMs: allowed ? 0 : Math.max(1000, until - now.getTime()) };
}

/**
 * Gives back one reservation that turned out not to count (nothing was checked, or a success that
 * must not count against a shared key). Only within the same window, and the lock it engaged lifts
 * when the count drops below the limit again; later refused attempts keep it engaged.
 */
export async function release(r: Reservation, rule: WindowLimit): Promise<void> {
  await db().$executeRaw`
    UPDATE "RateLimit" SET "count" = "count" - 1,
      "lockedUntil" = CASE WHEN "count" - 1 < ${rule.limit} THEN NULL ELSE "lockedUntil" END
    WHERE "key" = ${r.key} AND "windowStart" = ${r.windowStart} AND "count" > 0`;
}

/** Forgets a key (a proven secret clears its own failures). */
export async function clearKey(key: string): Promise<void> {
  await db().rateLimit.deleteMany({ where: { key } });
}

/** The milliseconds as whole seconds for a Retry-After header. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
