import { z } from 'zod';
import { ScheduleState, backupFreshness, effectiveInterval, formatInterval, leaseHeld, type BackupFreshness, type CommandOutcome } from '@/lib/domain/backup-schedule';
import { dbHandle, type DbHandle } from '../db';
import { env } from '../env';
import type { BackupSettings } from './backup-settings';
import { BACKUP_SCHEDULE_KEY, readSchedule, safeJson } from './schedule-state';

// What every instance can tell about backups, from the database they share: the last good backup
// is the newest `backup.create` audit row (written by `candor backup` and the schedule alike, only
// for a verified file), and the schedule's row says what is next and how the last run went. Read by
// the console, /api/health, the metrics and (with its own connection) `candor doctor`.

const CreatedAfter = z.object({ file: z.string(), bytes: z.number(), sha256: z.string(), takenAt: z.string(), verified: z.boolean().optional(), host: z.string().optional() });

export interface TakenBackup {
  /** The instant the backup's data is from. */
  takenAt: Date;
  /** When it was verified and named (unknown to doctor's own read). */
  finishedAt: Date | null;
  file: string;
  host: string | null;
  bytes: number;
  sha256: string;
  /** A trial restore of the file passed before it got its name. */
  verified: boolean;
  by: string;
}

/** An audit row of `backup.create` as the backup it records (null if it is not one). */
export function takenBackupOf(row: { after: string | null; at?: Date; actorLabel: string }): TakenBackup | null {
  const after = CreatedAfter.safeParse(safeJson(row.after));
  if (!after.success) return null;
  const a = after.data;
  return { takenAt: new Date(a.takenAt), finishedAt: row.at ?? null, file: a.file, host: a.host ?? null, bytes: a.bytes, sha256: a.sha256, verified: a.verified ?? true, by: row.actorLabel };
}

/** The newest backups recorded in the audit log, newest first (ids grow with time; a restore keeps them). */
export async function recentBackups(handle: DbHandle, take = 1): Promise<TakenBackup[]> {
  const rows = await handle.db.auditLog.findMany({ where: { objectType: 'backup', action: 'backup.create' }, orderBy: { id: 'desc' }, take });
  return rows.flatMap((row) => takenBackupOf(row) ?? []);
}

/** The same queries for `candor doctor`'s own connection. */
export const LAST_BACKUP_SQL = `SELECT "after", "actorLabel" FROM "AuditLog" WHERE "objectType" = 'backup' AND action = 'backup.create' ORDER BY id DESC LIMIT 1`;
export const SCHEDULE_SQL = `SELECT value FROM "SystemState" WHERE key = '${BACKUP_SCHEDULE_KEY}'`;

export interface BackupStatus {
  /** The interval backups are judged by: this instance's BACKUP_INTERVAL, else another scheduling instance's. */
  intervalMs: number | null;
  /** BACKUP_INTERVAL is off here, and another instance schedules backups. */
  scheduledElsewhere: boolean;
  freshness: BackupFreshness;
  last: TakenBackup | null;
  /** When the schedule takes the next one (null when off or never scheduled yet). */
  nextAt: Date | null;
  /** An instance is taking one now. */
  running: { holder: string; startedAt: Date } | null;
  lastRun: ScheduleState['lastRun'];
  command: CommandOutcome | null;
}

/** The status from the newest backup and the schedule's row text, however they were read. */
export function composeBackupStatus(input: { last: TakenBackup | null; scheduleValue: string | null; intervalMs: number | null; now: Date }): BackupStatus {
  const { last, now } = input;
  const parsed = input.scheduleValue === null ? null : ScheduleState.safeParse(safeJson(input.scheduleValue));
  const state = parsed?.success ? parsed.data : null;
  const intervalMs = effectiveInterval(input.intervalMs, state, now);
  return {
    intervalMs,
    scheduledElsewhere: input.intervalMs === null && intervalMs !== null,
    freshness: backupFreshness({ intervalMs, lastSuccessAt: last?.takenAt ?? null, since: state ? new Date(state.since) : null, now }),
    last,
    nextAt: intervalMs !== null && state ? new Date(state.dueAt) : null,
    running: state?.running && leaseHeld(state, now) ? { holder: state.running.holder, startedAt: new Date(state.running.startedAt) } : null,
    lastRun: state?.lastRun ?? null,
    command: state?.command ?? null,
  };
}

export async function backupStatus(handle: DbHandle, settings: Pick<BackupSettings, 'intervalMs'>, now = new Date()): Promise<BackupStatus> {
  const [[last], schedule] = await Promise.all([recentBackups(handle, 1), readSchedule(handle)]);
  return composeBackupStatus({ last: last ?? null, scheduleValue: schedule?.raw ?? null, intervalMs: settings.intervalMs, now });
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One line for the banner, doctor and health: why the backups are stale, or null when they are not. */
export function describeStaleness(status: Pick<BackupStatus, 'freshness' | 'lastRun'>): string | null {
  const f = status.freshness;
  if (f.state !== 'stale') return null;
  const since = f.lastSuccessAt ? `the last good backup is from ${when(f.lastSuccessAt)}` : `no backup has succeeded since backups were scheduled at ${when(f.since!)}`;
  const failed = status.lastRun && !status.lastRun.ok ? `; the last attempt failed: ${status.lastRun.message}` : '';
  return `Backups are overdue: ${since}, more than twice BACKUP_INTERVAL (${formatInterval(f.limitMs / 2)}) ago${failed}`;
}

/** One line when the last BACKUP_COMMAND failed, else null. */
export function describeCommandFailure(command: CommandOutcome | null): string | null {
  if (!command || command.ok) return null;
  return `BACKUP_COMMAND failed at ${when(new Date(command.at))} for ${command.file}: ${command.message}`;
}

export interface BackupOverview {
  status: BackupStatus;
  recent: TakenBackup[];
  settings: { intervalMs: number | null; dir: string; keep: number; commandProgram: string | null };
}

/** This process's database and BACKUP_* settings: for the console's banner. */
export function currentBackupStatus(now = new Date()): Promise<BackupStatus> {
  return backupStatus(dbHandle(), env().backup, now);
}

/** The console's Backups page: this instance's settings (the command's program only: its arguments may hold credentials), the status and the recent backups. */
export async function backupOverview(now = new Date()): Promise<BackupOverview> {
  const handle = dbHandle();
  const settings = env().backup;
  const [status, recent] = await Promise.all([backupStatus(handle, settings, now), recentBackups(handle, 10)]);
  return { status, recent, settings: { intervalMs: settings.intervalMs, dir: settings.dir, keep: settings.keep, commandProgram: settings.command?.[0] ?? null } };
}
