import { join } from 'node:path';
import { claimBackup, finishBackup, markSeen, releaseLease, renewLease, BACKUP_SCHEDULE, type CommandOutcome, type ScheduleState } from '@/lib/domain/backup-schedule';
import { systemActor } from '../actor';
import type { DbHandle } from '../db';
import type { LineLog } from '../log/logger';
import { backupMetrics } from '../metrics/catalogue';
import { backupFileName } from './backup-path';
import type { BackupSettings } from './backup-settings';
import { BackupAbandoned, createBackupInThread } from './backup-thread';
import { pruneBackups } from './prune-backups';
import { runBackupCommand } from './run-backup-command';
import { readOrCreateSchedule, readSchedule, replaceSchedule } from './schedule-state';

export interface ScheduledRun {
  file: string | null;
  ok: boolean;
  command: CommandOutcome | null;
  pruned: string[];
}

/**
 * Takes the scheduled backup if one is due and no other instance holds the lease: claims it,
 * backs up into settings.dir in a worker thread (renewing the lease meanwhile, from this thread),
 * runs BACKUP_COMMAND, prunes, and records the outcome in the schedule. Null when there was nothing
 * for this instance to do, or when `signal` abandoned the backup (its lease is given up, nothing recorded).
 */
export async function runScheduledBackup(input: {
  handle: DbHandle;
  settings: BackupSettings & { intervalMs: number };
  holder: string;
  log: LineLog;
  now?: () => Date;
  signal?: AbortSignal;
}): Promise<ScheduledRun | null> {
  const { handle, settings, holder, log } = input;
  const now = input.now ?? (() => new Date());
  const read = await readOrCreateSchedule(handle, now(), settings.intervalMs);
  const leaseMs = BACKUP_SCHEDULE.leaseMs(settings.intervalMs);
  // Now and then a look also says a scheduler is alive (instances with BACKUP_INTERVAL=off report by it).
  const seen = markSeen(read.state, now(), settings.intervalMs);
  const claimed = claimBackup(seen ?? read.state, holder, now(), leaseMs);
  if (!claimed) {
    if (seen) await replaceSchedule(handle, read, seen);
    return null;
  }
  if (!(await replaceSchedule(handle, read, claimed))) return null;

  const alive = (s: ScheduleState | null) => s && (markSeen(s, now(), settings.intervalMs) ?? s);
  const renew = () => change(handle, (s) => alive(renewLease(s, holder, now(), leaseMs))).catch(() => false);
  const renewal = setInterval(() => void renew(), BACKUP_SCHEDULE.renewEveryMs(settings.intervalMs));
  renewal.unref();
  const metrics = backupMetrics();
  const started = Date.now();
  let file: string | null = null;
  let failure: string | null = null;
  let command: CommandOutcome | null = null;
  let pruned: string[] = [];
  let abandoned = false;
  try {
    try {
      const out = join(settings.dir, backupFileName(now()));
      const result = await createBackupInThread({ url: handle.url, out, actor: systemActor, signal: input.signal });
      file = result.file;
      metrics.duration.observe((Date.now() - started) / 1000);
      log(`backup: ${file} (${result.bytes} bytes, verified) in ${Math.round((Date.now() - started) / 100) / 10} s`);
    } catch (error) {
      if (error instanceof BackupAbandoned) {
        abandoned = true;
        log('backup: stopping while a backup is in progress; it is abandoned (its work files removed, earlier backups untouched)', 'warn');
        return null;
      }
      failure = (error as Error).message.split('\n')[0]!;
      metrics.failures.backup.inc();
      log(`backup: scheduled backup failed: ${failure}; trying again later`, 'error');
    }
    if (file && settings.command) {
      command = await runBackupCommand(settings.command, file);
      if (command.ok) log(`backup: BACKUP_COMMAND ${command.message} for ${file}`);
      else {
        metrics.failures.command.inc();
        log(`backup: BACKUP_COMMAND failed for ${file}: ${command.message}${command.stderrTail ? `\n${command.stderrTail}` : ''}`, 'error');
      }
    }
    if (file) {
      try {
        pruned = await pruneBackups({ handle, dir: settings.dir, keep: settings.keep, fresh: file, actor: systemActor });
        if (pruned.length > 0) log(`backup: pruned ${pruned.length} old backup(s) (BACKUP_KEEP=${settings.keep}): ${pruned.join(', ')}`);
      } catch (error) {
        metrics.failures.prune.inc();
        log(`backup: pruning ${settings.dir} failed: ${(error as Error).message}`, 'error');
      }
    }
  } finally {
    clearInterval(renewal);
    if (abandoned) await change(handle, (s) => releaseLease(s, holder)).catch(() => false);
    else await recordOutcome();
  }
  return { file, ok: failure === null, command, pruned };

  async function recordOutcome(): Promise<void> {
    const finished = await change(handle, (s) => {
      const next = alive(finishBackup(s, holder, now(), { ok: failure === null, file, message: failure, intervalMs: settings.intervalMs }));
      return next && command ? { ...next, command } : next;
    }).catch((error: unknown) => {
      log(`backup: could not record the outcome (${(error as Error).message}); the lease expires by itself`, 'warn');
      return true;
    });
    if (!finished) log('backup: the lease was lost while backing up (this instance stalled for minutes); another instance may have taken a backup too', 'warn');
  }
}

/** Applies `update` to the row until it sticks; false when `update` declines (the lease is not ours). */
async function change(handle: DbHandle, update: (s: ScheduleState) => ScheduleState | null): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const read = await readSchedule(handle);
    const next = read && update(read.state);
    if (!read || !next) return false;
    if (await replaceSchedule(handle, read, next)) return true;
  }
  return false;
}
