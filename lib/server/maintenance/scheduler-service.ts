import { onChange } from '../changes';
import type { BackgroundService } from '../runtime/services';
import { advanceMaintenance, nextMaintenanceWake } from './advance-maintenance';
import { logger } from '../log/logger';

const POLL_MS = 15_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs inside `candor start`: every 15 s, after every change, and exactly at the next start/end
 * boundary, moves due maintenance along. Safe with several instances (each step is claimed by one of them).
 */
export const maintenanceSchedulerService: BackgroundService = {
  name: 'maintenance scheduler',
  enabled: () => true,
  async start() {
    let stopped = false;
    let running = false;
    let again = false;
    let boundary: NodeJS.Timeout | undefined;
    const tick = async () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        await advanceMaintenance(new Date());
        const wake = await nextMaintenanceWake(new Date());
        if (boundary) clearTimeout(boundary);
        if (wake && !stopped) {
          const delay = Math.min(MAX_TIMER_MS, Math.max(0, wake.getTime() - Date.now()) + 50);
          if (delay < POLL_MS) boundary = setTimeout(() => void tick(), delay);
        }
      } catch (error) {
        logger('scheduler').error(`maintenance scheduler: ${(error as Error).message}`);
      } finally {
        running = false;
        if (again && !stopped) {
          again = false;
          void tick();
        }
      }
    };
    const interval = setInterval(() => void tick(), POLL_MS);
    // A maintenance planned or moved a moment ago may be due before the next poll: re-plan on every change.
    const unsubscribe = onChange(() => void tick());
    void tick();
    return {
      async stop() {
        stopped = true;
        unsubscribe();
        clearInterval(interval);
        if (boundary) clearTimeout(boundary);
      },
    };
  },
};
