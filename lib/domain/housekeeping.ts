// What housekeeping deletes, as cut-off times computed from `now`. The rows are tokens and counters
// nobody can use any more; the SQL in lib/server/housekeeping/delete-stale-rows.ts applies these.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const HOUSEKEEPING = {
  /** Runs about this often in each `candor start` (±20 %, so several instances spread out). */
  intervalMs: 10 * MINUTE,
  jitter: 0.2,
  /** Rows per DELETE statement: each statement holds its locks only briefly. */
  batchSize: 500,
  /**
   * An unconfirmed sign-up is deleted this long after its confirmation link expired. It never gave
   * consent, so the address is not kept; until then "resend" still finds it. They may subscribe again.
   */
  unconfirmedKeepMs: 30 * DAY,
  /**
   * A rate-limit row is kept at least this long after its window started, even if every known rule's
   * window is shorter: a rule added later with a longer window is not undermined by housekeeping.
   */
  rateLimitFloorMs: DAY,
  /** Candor's own finished mail (its body, with any link, is cleared once sent) is kept this long after it was sent or given up, for diagnosis. */
  outboxKeepMs: 30 * DAY,
} as const;

export interface StaleCutoffs {
  /** Sessions that expired at or before this. */
  sessionExpiredBy: Date;
  /** Rate-limit rows whose window started at or before this (the longest window, at least a day, ago) ... */
  rateWindowStartedBy: Date;
  /** ... and whose lock, if any, ended at or before this. */
  rateLockEndedBy: Date;
  /** Password resets that expired at or before this (used ones go whatever their expiry). */
  resetExpiredBy: Date;
  /** Unconfirmed subscribers whose link expired at or before this. */
  confirmExpiredBy: Date;
  /** Outbox mail sent, or given up, before this. */
  outboxFinishedBy: Date;
}

export function staleCutoffs(now: Date, longestRateWindowMs: number): StaleCutoffs {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  return {
    sessionExpiredBy: now,
    rateWindowStartedBy: ago(Math.max(longestRateWindowMs, HOUSEKEEPING.rateLimitFloorMs)),
    rateLockEndedBy: now,
    resetExpiredBy: now,
    confirmExpiredBy: ago(HOUSEKEEPING.unconfirmedKeepMs),
    outboxFinishedBy: ago(HOUSEKEEPING.outboxKeepMs),
  };
}

/** The wait before the next run: the interval, moved by up to ±jitter; `random` is in [0, 1). */
export function nextRunDelay(intervalMs: number, jitter: number, random: number): number {
  return Math.round(intervalMs * (1 - jitter + 2 * jitter * random));
}
