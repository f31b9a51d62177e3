import type { Env } from '../env';
import { maintenanceSchedulerService } from '../maintenance/scheduler-service';
import { mailService, workerService } from '@/lib/jobs/services';
import { snapshotService } from '../public/snapshot-service';
import { housekeepingService } from '../housekeeping/housekeeping-service';
import { backupService } from '../backup/backup-service';
import { webSmsService } from '../sms/web-sender';

/** Something that runs beside the web server for the life of the process. */
export interface BackgroundService {
  name: string;
  /** Whether this process should run it (e.g. the delivery worker only on SQLite by default). */
  enabled(env: Env): boolean;
  start(env: Env): Promise<{ stop(): Promise<void> }>;
}

/** The services `candor start` runs, in start order; each feature adds its own here. */
export const backgroundServices: BackgroundService[] = [mailService, workerService, snapshotService, maintenanceSchedulerService, housekeepingService, backupService, webSmsService];

/** The ones that need no database: a start while it is unreachable runs these at once, the rest once it answers. */
export const databaseFreeServices: ReadonlySet<BackgroundService> = new Set([mailService, webSmsService]);
