// The steps of a shutdown, run in turn under one deadline. Each step that ends says so in the log
// with how long it took; one that fails is logged and the next runs; one still running at the
// deadline is named, and the process exits without the rest (SIGKILL's outcome, said out loud).
// Without the deadline, one service whose stop never settles (a peer that never answers, a
// database query that never returns) keeps a SIGTERMed process alive for good.

/**
 * What a shutdown may take beyond SHUTDOWN_DELAY_SECONDS and SHUTDOWN_GRACE_SECONDS: the services'
 * own stops (the delivery worker's messages in flight, backups, closing the database).
 */
export const SHUTDOWN_STOP_SECONDS = 15;

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
}

export type ShutdownOutcome = { finished: true } | { finished: false; pending: string; waitedMs: number };

export interface ShutdownStepLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const TIMED_OUT = Symbol('timed out');

export async function runShutdownSteps(steps: readonly ShutdownStep[], options: { deadlineMs: number; log: ShutdownStepLog; now?: () => number; /** When the shutdown began (for waitedMs), if before these steps. */ startedMs?: number }): Promise<ShutdownOutcome> {
  const now = options.now ?? Date.now;
  const startedMs = options.startedMs ?? now();
  for (const step of steps) {
    const began = now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, options.deadlineMs - began));
      timer.unref();
    });
    try {
      // A step that throws at once (not only one that rejects) is logged like any failure.
      const result = await Promise.race([Promise.resolve().then(() => step.run()), deadline]);
      if (result === TIMED_OUT) return { finished: false, pending: step.name, waitedMs: now() - startedMs };
      options.log.info({ step: step.name, ms: now() - began }, `Shutdown: ${step.name} done`);
    } catch (error) {
      options.log.error({ step: step.name, err: error }, `Shutdown: ${step.name} failed`);
    } finally {
      clearTimeout(timer);
    }
  }
  return { finished: true };
}

/** The line that says a shutdown was cut short, and by what. */
export function unfinishedShutdownMessage(outcome: Extract<ShutdownOutcome, { finished: false }>, limitSeconds: number): string {
  return `Shutdown: ${outcome.pending} had not finished ${Math.round(outcome.waitedMs / 100) / 10} s into the shutdown (limit ${limitSeconds} s); exiting without waiting for it or the steps after it.`;
}
