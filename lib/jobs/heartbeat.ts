import { db } from '@/lib/server/db';
import { outboxWriteFailure, type OutboxWriteFailure } from './outbox-writes';

// Whether a delivery worker is alive, for /api/health/ready. A worker inside this process says so
// here directly; every worker also stamps one shared SystemState row now and then, which is what
// a web process with CANDOR_WORKER=off reads (any live `candor worker` keeps it fresh).

export const WORKER_HEARTBEAT_KEY = 'worker_heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;
/** Four missed beats: the workers are gone (or cannot reach the database). */
export const HEARTBEAT_STALE_MS = 60_000;

const g = globalThis as unknown as { __candorWorkers?: Set<string> };
const local = () => (g.__candorWorkers ??= new Set());

export function workerRunning(id: string, running: boolean): void {
  if (running) local().add(id);
  else local().delete(id);
}

/** Delivery workers running in this process. */
export function localWorkers(): number {
  return local().size;
}

const w = globalThis as unknown as { __candorWaiting?: Map<string, string> };
const waiting = () => (w.__candorWaiting ??= new Map());

/** A worker of this process waits for the SQLite worker lease that `holder` has (null: it no longer waits). */
export function workerWaiting(id: string, holder: string | null): void {
  if (holder) waiting().set(id, holder);
  else waiting().delete(id);
}

/** The holders that workers of this process wait for (for /api/health/ready's detail). */
export function waitedFor(): string[] {
  return [...waiting().values()];
}

/** Whether the worker with this id runs in this process. */
export function workerRunsHere(id: string): boolean {
  return local().has(id);
}

/**
 * A worker that cannot write its outcomes (outbox-writes.ts) says so beside its beat, in a row of its
 * own, for web processes with CANDOR_WORKER=off: when only some writes fail (a trigger, a table's
 * permissions) they see it in health, readiness and the console. When none succeed the beat stops too.
 */
const FAILURE_KEY_PREFIX = 'outbox_write_failure:';
const reported = new Set<string>();

export async function beat(workerId: string, now = new Date(), failing: OutboxWriteFailure | null = null): Promise<void> {
  const value = JSON.stringify({ workerId, at: now.toISOString() });
  await db().systemState.upsert({ where: { key: WORKER_HEARTBEAT_KEY }, create: { key: WORKER_HEARTBEAT_KEY, value }, update: { value } });
  const key = `${FAILURE_KEY_PREFIX}${workerId}`;
  if (failing) {
    const report = JSON.stringify({ workerId, at: now.toISOString(), since: failing.since.toISOString(), error: failing.error, failures: failing.failures });
    await db().systemState.upsert({ where: { key }, create: { key, value: report }, update: { value: report } });
    reported.add(workerId);
  } else if (reported.has(workerId)) {
    await db().systemState.deleteMany({ where: { key } });
    reported.delete(workerId);
  }
}

/** A failure to write outcomes in this process, else the oldest one a live worker elsewhere reported with its beat. */
export async function outboxWriteFailureAnywhere(now = new Date()): Promise<(OutboxWriteFailure & { workerId: string | null }) | null> {
  const here = outboxWriteFailure();
  if (here) return { ...here, workerId: null };
  const rows = await db().systemState.findMany({ where: { key: { startsWith: FAILURE_KEY_PREFIX } } });
  let oldest: (OutboxWriteFailure & { workerId: string }) | null = null;
  for (const row of rows) {
    const r = JSON.parse(row.value) as { workerId: string; at: string; since: string; error: string; failures: number };
    if (now.getTime() - Date.parse(r.at) > HEARTBEAT_STALE_MS) continue;
    const f = { workerId: r.workerId, since: new Date(r.since), error: r.error, failures: r.failures };
    if (!oldest || f.since < oldest.since) oldest = f;
  }
  return oldest;
}

/** The latest beat of any worker, or null when none ever beat. */
export async function lastBeat(): Promise<{ workerId: string; at: Date } | null> {
  const row = await db().systemState.findUnique({ where: { key: WORKER_HEARTBEAT_KEY } });
  if (!row) return null;
  const { workerId, at } = JSON.parse(row.value) as { workerId: string; at: string };
  return { workerId, at: new Date(at) };
}
