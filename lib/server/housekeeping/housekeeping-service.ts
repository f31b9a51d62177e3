import { HOUSEKEEPING, nextRunDelay } from '@/lib/domain/housekeeping';
import type { BackgroundService } from '../runtime/services';
import { deleteStaleRows, type StaleReport } from './delete-stale-rows';
import { lineLog, type LineLog } from '../log/logger';

export interface HousekeepingOptions {
  intervalMs?: number;
  batchSize?: number;
  log?: LineLog;
  /** Called after each run (tests wait on it). */
  onRun?: (report: StaleReport) => void;
}

/** Runs deleteStaleRows now and then about every intervalMs (jittered) until stopped. */
export function startHousekeeping({ intervalMs = HOUSEKEEPING.intervalMs, batchSize, log = lineLog('housekeeping'), onRun }: HousekeepingOptions = {}): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      const report = await deleteStaleRows({ now: new Date(), batchSize });
      const deleted = Object.entries(report).flatMap(([table, counts]) => {
        const n = counts.reduce((a, b) => a + b, 0);
        return n > 0 ? [`${n} ${table}`] : [];
      });
      if (deleted.length > 0) log(`housekeeping: deleted ${deleted.join(', ')}`);
      onRun?.(report);
    } catch (error) {
      log(`housekeeping: failed (${(error as Error).message}); trying again next time`, 'warn');
    }
  };
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      running = run().then(() => {
        if (!stopped) schedule(nextRunDelay(intervalMs, HOUSEKEEPING.jitter, Math.random()));
      });
    }, delay);
    timer.unref();
  };
  // The first run is jittered too: instances restarted together do not all delete at once.
  schedule(nextRunDelay(Math.min(intervalMs, 60_000), HOUSEKEEPING.jitter, Math.random()));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Inside `candor start`; on PostgreSQL each instance runs it, and their deletes do not clash. */
export const housekeepingService: BackgroundService = {
  name: 'housekeeping',
  enabled: () => true,
  async start() {
    return startHousekeeping();
  },
};
