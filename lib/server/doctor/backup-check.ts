import { formatInterval } from '@/lib/domain/backup-schedule';
import type { DatabaseKind, Env } from '../env';
import { composeBackupStatus, describeCommandFailure, describeStaleness, LAST_BACKUP_SQL, SCHEDULE_SQL, takenBackupOf, type BackupStatus } from '../backup/backup-status';
import { readOnly } from './read-only';
import type { Check } from './run-doctor';

// `candor doctor` reads the newest backup's audit row and the schedule's row with its own short
// connection: the same state the console banner, /api/health and the metrics show.

type Row = { after: string | null; actorLabel: string } | undefined;

async function readStatus(url: string, kind: DatabaseKind, intervalMs: number | null, now: Date, timeoutMs: number): Promise<BackupStatus> {
  const { last, schedule } = await readOnly(url, kind, timeoutMs, {
    sqlite: (conn) => ({ last: conn.prepare(LAST_BACKUP_SQL).get() as Row, schedule: (conn.prepare(SCHEDULE_SQL).get() as { value: string } | undefined)?.value ?? null }),
    postgresql: async (client) => ({
      last: (await client.query(LAST_BACKUP_SQL)).rows[0] as Row,
      schedule: ((await client.query<{ value: string }>(SCHEDULE_SQL)).rows[0]?.value ?? null) as string | null,
    }),
  });
  return composeBackupStatus({ last: last ? takenBackupOf(last) : null, scheduleValue: schedule, intervalMs, now });
}

/** Warns when the last verified backup is older than twice BACKUP_INTERVAL, or BACKUP_COMMAND failed last time. */
export async function backupCheck(url: string, kind: DatabaseKind, backup: Env['backup'], now = new Date(), timeoutMs = 5_000): Promise<Check> {
  let status;
  try {
    status = await readStatus(url, kind, backup.intervalMs, now, timeoutMs);
  } catch (error) {
    return { name: 'backups', level: 'warn', message: `could not read the backup state: ${(error as Error).message.split('\n')[0]}` };
  }
  const last = status.last ? `last verified backup ${status.last.takenAt.toISOString()} (${status.last.bytes} bytes, ${status.last.file})` : 'no backup yet';
  if (status.freshness.state === 'off') {
    return { name: 'backups', level: 'warn', message: `scheduled backups are off (BACKUP_INTERVAL=off here, and no other instance of this database schedules them); ${last}`, fix: 'set BACKUP_INTERVAL (e.g. 6h), or take backups yourself with `candor backup`' };
  }
  const stale = describeStaleness(status);
  if (stale) return { name: 'backups', level: 'warn', message: stale, fix: `check the log (component "backup") and that ${backup.dir} is writable; \`candor backup\` takes one now` };
  const command = describeCommandFailure(status.command);
  if (command) return { name: 'backups', level: 'warn', message: `${command}; ${last}`, fix: 'run BACKUP_COMMAND by hand with that file to see why' };
  const next = status.nextAt ? `; next due ${status.nextAt.toISOString()}` : '';
  const where = status.scheduledElsewhere ? `off here (BACKUP_INTERVAL=off); another instance backs up every ${formatInterval(status.intervalMs!)}` : `every ${formatInterval(status.intervalMs!)} into ${backup.dir}, keeping ${backup.keep}`;
  return { name: 'backups', level: 'ok', message: `${where}; ${last}${next}` };
}
