import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { BACKUP_SCHEDULE, formatInterval } from '@/lib/domain/backup-schedule';
import { dbHandle } from '../db';
import type { Env } from '../env';
import { lineLog, type LineLog } from '../log/logger';
import type { BackgroundService } from '../runtime/services';
import { runScheduledBackup, type ScheduledRun } from './run-scheduled-backup';

// Every `candor start` and `candor worker` runs this when BACKUP_INTERVAL is not off: each looks now
// and then whether a backup is due, and the schedule's lease lets exactly one of them take it.

/** How long a stopping process waits for an abandoned backup to let go (BACKUP_COMMAND or the database may be slow to answer); after that its lease is left to expire. */
const STOP_WAIT_MS = 10_000;

export interface BackupScheduler {
  holder: string;
  stop(): Promise<void>;
}

export function startBackupScheduler(input: { env: Pick<Env, 'backup'>; log?: LineLog; onRun?: (run: ScheduledRun) => void }): BackupScheduler {
  const { intervalMs } = input.env.backup;
  if (intervalMs === null) throw new Error('scheduled backups are off (BACKUP_INTERVAL=off)');
  const settings = { ...input.env.backup, intervalMs };
  const log = input.log ?? lineLog('backup');
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let stopped = false;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const check = async () => {
    try {
      const run = await runScheduledBackup({ handle: dbHandle(), settings, holder, log, signal: stopping.signal });
      if (run) input.onRun?.(run);
    } catch (error) {
      // The database is away or the row unreadable: the next look tries again; staleness is reported meanwhile.
      log(`backup: could not check the schedule (${(error as Error).message.split('\n')[0]}); trying again`, 'warn');
    }
  };
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      running = check().then(() => {
        if (!stopped) schedule(BACKUP_SCHEDULE.checkEveryMs(intervalMs));
      });
    }, delay);
    timer.unref();
  };
  schedule(BACKUP_SCHEDULE.firstCheckMs(intervalMs));
  log(`backup: one backup every ${formatInterval(intervalMs)} among all instances, into ${settings.dir}, keeping ${settings.keep}${settings.command ? `, then BACKUP_COMMAND (${settings.command[0]})` : ''}`);
  return {
    holder,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // A backup in progress is abandoned at once: its thread is terminated and its work files removed.
      stopping.abort();
      const waited = await Promise.race([running.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), STOP_WAIT_MS).unref())]);
      if (!waited) log('backup: stopping while a backup or BACKUP_COMMAND is still in progress; left behind (its work files are cleared by the next run, its lease expires)', 'warn');
    },
  };
}

/** Inside `candor start` unless BACKUP_INTERVAL=off. */
export const backupService: BackgroundService = {
  name: 'backup',
  enabled: (env) => env.backup.intervalMs !== null,
  async start(env) {
    return startBackupScheduler({ env });
  },
};
