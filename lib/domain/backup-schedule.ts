import { z } from 'zod';

// Scheduled backups, shared by every instance of one database through one state row: the next
// backup's due time, and a lease held by the instance taking it. An instance claims a due backup
// by replacing the row it read (compare-and-set), so among instances exactly one wins; it renews
// the lease while it works, and a lease not renewed (its instance killed) expires, so another
// instance takes the backup over. Pure: the clock is passed in.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export const BACKUP_SCHEDULE = {
  /** A lease not renewed for this long belongs to a dead instance: one interval, from 10 s to 2 minutes. */
  leaseMs: (intervalMs: number) => Math.min(2 * MINUTE, Math.max(10 * SECOND, intervalMs)),
  /** How often a running backup renews its lease: six times per lease. */
  renewEveryMs: (intervalMs: number) => Math.round(BACKUP_SCHEDULE.leaseMs(intervalMs) / 6),
  /** After a failed backup, the next try is this soon (or one interval, if shorter). */
  retryMs: 15 * MINUTE,
  /** How often each instance looks whether a backup is due: a twentieth of the interval, 1 s to 1 min. */
  checkEveryMs: (intervalMs: number) => Math.min(MINUTE, Math.max(SECOND, Math.round(intervalMs / 20))),
  /** The first look after start waits this long (or one interval, if shorter), so start-up is not slowed. */
  firstCheckMs: (intervalMs: number) => Math.min(MINUTE, intervalMs),
} as const;

const Iso = z.string().datetime();

export const CommandOutcome = z.object({
  at: Iso,
  file: z.string(),
  ok: z.boolean(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** The last lines the command wrote to stderr (it is the operator's own tool's output). */
  stderrTail: z.string(),
  message: z.string(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;

export const ScheduleState = z.object({
  /** When an instance first scheduled backups for this database ("no backup yet" grows stale from here). */
  since: Iso,
  dueAt: Iso,
  running: z.object({ holder: z.string(), startedAt: Iso, leaseUntil: Iso }).nullable(),
  lastRun: z
    .object({ holder: z.string(), startedAt: Iso, finishedAt: Iso, ok: z.boolean(), file: z.string().nullable(), message: z.string().nullable() })
    .nullable(),
  /** The last BACKUP_COMMAND run, by whichever instance ran it. */
  command: CommandOutcome.nullable(),
  /** A scheduling instance was alive then, with this interval: instances with BACKUP_INTERVAL=off report by it. */
  seen: z.object({ at: Iso, intervalMs: z.number().int().positive() }).nullable().default(null),
});
export type ScheduleState = z.infer<typeof ScheduleState>;

const iso = (ms: number) => new Date(ms).toISOString();

/** The row a database gets from its first scheduling instance: a backup is due at once. */
export function initialSchedule(now: Date, intervalMs: number | null = null): ScheduleState {
  return { since: now.toISOString(), dueAt: now.toISOString(), running: null, lastRun: null, command: null, seen: intervalMs === null ? null : { at: now.toISOString(), intervalMs } };
}

/** A scheduler says it is alive at most this often (it is seen as gone after three times as long). */
export const seenEveryMs = (intervalMs: number) => Math.min(5 * MINUTE, intervalMs);

/** The state with `now` as the last sign of a scheduling instance, or null when the last sign is recent enough. */
export function markSeen(state: ScheduleState, now: Date, intervalMs: number): ScheduleState | null {
  const fresh = state.seen && state.seen.intervalMs === intervalMs && now.getTime() - Date.parse(state.seen.at) < seenEveryMs(intervalMs);
  return fresh ? null : { ...state, seen: { at: now.toISOString(), intervalMs } };
}

/**
 * The interval backups are judged by: this instance's, or, with BACKUP_INTERVAL=off here, that of
 * another instance still scheduling them (seen within three of its beats); null when none does.
 */
export function effectiveInterval(localMs: number | null, state: ScheduleState | null, now: Date): number | null {
  if (localMs !== null) return localMs;
  const seen = state?.seen;
  if (!seen) return null;
  return now.getTime() - Date.parse(seen.at) <= 3 * seenEveryMs(seen.intervalMs) + MINUTE ? seen.intervalMs : null;
}

/** Whether a live instance holds the lease. */
export function leaseHeld(state: ScheduleState, now: Date): boolean {
  return state.running !== null && Date.parse(state.running.leaseUntil) > now.getTime();
}

/** The state with `holder` taking the backup, or null when none is due or another instance holds the lease. */
export function claimBackup(state: ScheduleState, holder: string, now: Date, leaseMs: number): ScheduleState | null {
  if (leaseHeld(state, now)) return null;
  // A lease that expired before its backup finished: that backup never happened, so it is due now.
  if (state.running === null && Date.parse(state.dueAt) > now.getTime()) return null;
  return { ...state, running: { holder, startedAt: now.toISOString(), leaseUntil: iso(now.getTime() + leaseMs) } };
}

/** The state with `holder`'s lease extended, or null when it is no longer `holder`'s. */
export function renewLease(state: ScheduleState, holder: string, now: Date, leaseMs: number): ScheduleState | null {
  if (state.running?.holder !== holder) return null;
  return { ...state, running: { ...state.running, leaseUntil: iso(now.getTime() + leaseMs) } };
}

/** The state with `holder`'s lease given up and nothing recorded (a backup abandoned on stop): it stays due, for any instance. */
export function releaseLease(state: ScheduleState, holder: string): ScheduleState | null {
  if (state.running?.holder !== holder) return null;
  return { ...state, running: null };
}

/**
 * The state after `holder`'s backup: released, and the next one due an interval after this one
 * started (a failure: again after retryMs, or one interval if shorter). Null when the lease was lost.
 */
export function finishBackup(
  state: ScheduleState,
  holder: string,
  now: Date,
  result: { ok: boolean; file: string | null; message: string | null; intervalMs: number },
): ScheduleState | null {
  if (state.running?.holder !== holder) return null;
  const started = Date.parse(state.running.startedAt);
  const next = result.ok ? started + result.intervalMs : now.getTime() + Math.min(result.intervalMs, BACKUP_SCHEDULE.retryMs);
  return {
    ...state,
    dueAt: iso(Math.max(next, now.getTime())),
    running: null,
    lastRun: { holder, startedAt: state.running.startedAt, finishedAt: now.toISOString(), ok: result.ok, file: result.file, message: result.message },
  };
}

export type BackupFreshness =
  | { state: 'off' }
  | { state: 'fresh'; lastSuccessAt: Date }
  | { state: 'pending'; since: Date | null }
  | { state: 'stale'; lastSuccessAt: Date | null; since: Date | null; limitMs: number };

/** Stale when the last good backup (or, with none yet, scheduling itself) is older than twice the interval. */
export function backupFreshness(input: { intervalMs: number | null; lastSuccessAt: Date | null; since: Date | null; now: Date }): BackupFreshness {
  const { intervalMs, lastSuccessAt, since, now } = input;
  if (intervalMs === null) return { state: 'off' };
  const limitMs = 2 * intervalMs;
  const from = lastSuccessAt ?? since;
  if (from !== null && now.getTime() - from.getTime() > limitMs) return { state: 'stale', lastSuccessAt, since, limitMs };
  return lastSuccessAt ? { state: 'fresh', lastSuccessAt } : { state: 'pending', since };
}

/**
 * Which of the schedule's backups (names that sort by time) to delete: all but the newest `keep`.
 * `fresh`, the one just taken and verified, is never among them, whatever the names say.
 */
export function prunable(names: string[], keep: number, fresh: string): string[] {
  const newestFirst = [...names].sort().reverse();
  const kept = new Set([fresh, ...newestFirst.filter((n) => n !== fresh).slice(0, Math.max(0, keep - 1))]);
  return newestFirst.filter((n) => !kept.has(n));
}

/** "6h", "30m", "1d 12h": an interval as BACKUP_INTERVAL would write it. */
export function formatInterval(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / SECOND);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || '0s';
}
