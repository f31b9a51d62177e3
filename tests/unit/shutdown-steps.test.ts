import { describe, expect, it } from 'vitest';
import { runShutdownSteps, unfinishedShutdownMessage, type ShutdownStep } from '@/lib/server/runtime/shutdown-steps';

function recorder() {
  const lines: { level: 'info' | 'error'; fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    log: {
      info: (fields: object, message: string) => lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
      error: (fields: object, message: string) => lines.push({ level: 'error', fields: fields as Record<string, unknown>, message }),
    },
  };
}

const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('runShutdownSteps', () => {
  it('runs each step in turn and logs each with its duration', async () => {
    const order: string[] = [];
    const { lines, log } = recorder();
    const steps: ShutdownStep[] = ['requests in flight', 'delivery worker', 'database connections'].map((name) => ({ name, run: async () => void order.push(name) }));
    expect(await runShutdownSteps(steps, { deadlineMs: Date.now() + 1_000, log })).toEqual({ finished: true });
    expect(order).toEqual(['requests in flight', 'delivery worker', 'database connections']);
    expect(lines.map((l) => [l.level, l.message, typeof l.fields.ms])).toEqual(order.map((name) => ['info', `Shutdown: ${name} done`, 'number']));
  });

  it('logs a step that fails, whether it rejects or throws at once, and runs the next', async () => {
    const { lines, log } = recorder();
    let closed = false;
    const steps: ShutdownStep[] = [
      { name: 'metrics endpoint', run: () => Promise.reject(new Error('not listening')) },
      {
        name: 'mail transport',
        run: () => {
          throw new Error('no transport');
        },
      },
      { name: 'database connections', run: async () => void (closed = true) },
    ];
    expect(await runShutdownSteps(steps, { deadlineMs: Date.now() + 1_000, log })).toEqual({ finished: true });
    expect(closed).toBe(true);
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['error', 'Shutdown: metrics endpoint failed'],
      ['error', 'Shutdown: mail transport failed'],
      ['info', 'Shutdown: database connections done'],
    ]);
    expect((lines[0]!.fields.err as Error).message).toBe('not listening');
  });

  it('names the step still running at the deadline and runs none after it; the same steps finish when it settles in time', async () => {
    const run = async (workerMs: number) => {
      const { lines, log } = recorder();
      let closedDb = false;
      const steps: ShutdownStep[] = [
        { name: 'requests in flight', run: () => after(10) },
        { name: 'delivery worker', run: () => after(workerMs) },
        { name: 'database connections', run: async () => void (closedDb = true) },
      ];
      const startedMs = Date.now() - 50;
      const began = Date.now();
      const outcome = await runShutdownSteps(steps, { startedMs, deadlineMs: began + 300, log });
      return { outcome, closedDb, lines, tookMs: Date.now() - began };
    };
    // Positive control: a worker that stops within the limit lets the rest run.
    const quick = await run(50);
    expect(quick.outcome).toEqual({ finished: true });
    expect(quick.closedDb).toBe(true);

    const stuck = await run(60_000);
    expect(stuck.outcome).toMatchObject({ finished: false, pending: 'delivery worker' });
    expect(stuck.closedDb).toBe(false);
    expect(stuck.tookMs).toBeGreaterThanOrEqual(290);
    expect(stuck.tookMs).toBeLessThan(2_000);
    expect(stuck.lines.map((l) => l.message)).toEqual(['Shutdown: requests in flight done']);
    // Waited from when the shutdown began, not from these steps.
    if (stuck.outcome.finished) throw new Error('unreachable');
    expect(stuck.outcome.waitedMs).toBeGreaterThanOrEqual(340);
    expect(unfinishedShutdownMessage({ finished: false, pending: 'delivery worker', waitedMs: 35_012 }, 35)).toBe(
      'Shutdown: delivery worker had not finished 35 s into the shutdown (limit 35 s); exiting without waiting for it or the steps after it.',
    );
  });

  it('with the deadline already past, names the first step at once', async () => {
    const { log } = recorder();
    const outcome = await runShutdownSteps([{ name: 'Next', run: () => new Promise(() => undefined) }], { deadlineMs: Date.now() - 1, log });
    expect(outcome).toMatchObject({ finished: false, pending: 'Next' });
  });
});
