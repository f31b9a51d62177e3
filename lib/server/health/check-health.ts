import { dbHandle } from '../db';
import { snapshotHealth } from '../public/store';

export interface Health {
  status: 'ok' | 'degraded';
  database: { kind: 'sqlite' | 'postgresql'; state: 'up' | 'unreachable'; latencyMs?: number; error?: string };
  time: string;
  /** The public snapshot: when its data was read, and whether reading has been failing since. */
  snapshot?: { asOf: string; stale: boolean; ageSeconds: number } | null;
}

/** Asks the database for a trivial answer within a deadline. */
export async function checkHealth(now: () => Date = () => new Date(), timeoutMs = 2_000): Promise<Health> {
  const handle = dbHandle();
  const started = Date.now();
  try {
    await Promise.race([
      handle.db.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: 'ok', database: { kind: handle.kind, state: 'up', latencyMs: Date.now() - started }, time: now().toISOString(), snapshot: snapshotHealth(now()) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { status: 'degraded', database: { kind: handle.kind, state: 'unreachable', error: message }, time: now().toISOString(), snapshot: snapshotHealth(now()) };
  }
}
