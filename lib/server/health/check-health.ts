import { dbHandle } from '../db';
import { snapshotHealth } from '../public/store';
import { describePause, mailStatus } from './mail-status';

export interface Health {
  status: 'ok' | 'degraded';
  database: { kind: 'sqlite' | 'postgresql'; state: 'up' | 'unreachable'; latencyMs?: number; error?: string };
  time: string;
  /** The public snapshot: when its data was read, and whether reading has been failing since. */
  snapshot?: { asOf: string; stale: boolean; ageSeconds: number } | null;
  /** Mail delivery: degraded while a worker has paused because the relay cannot take mail. It does not make the instance unhealthy. */
  mail?: { status: 'ok' } | { status: 'degraded'; since: string; reason: string; reply: string; stage: string; waiting: number; message: string };
}

async function mailHealth(now: Date): Promise<Health['mail']> {
  const m = await mailStatus(now);
  if (m.status === 'ok') return m;
  return { status: 'degraded', since: m.since.toISOString(), reason: m.reason, reply: m.reply, stage: m.stage, waiting: m.waiting, message: describePause(m, now) };
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
    const latencyMs = Date.now() - started;
    const mail = await mailHealth(now()).catch(() => undefined);
    return { status: 'ok', database: { kind: handle.kind, state: 'up', latencyMs }, time: now().toISOString(), snapshot: snapshotHealth(now()), mail };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { status: 'degraded', database: { kind: handle.kind, state: 'unreachable', error: message }, time: now().toISOString(), snapshot: snapshotHealth(now()) };
  }
}
