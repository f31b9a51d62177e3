import { db } from '@/lib/server/db';

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

export async function beat(workerId: string, now = new Date()): Promise<void> {
  const value = JSON.stringify({ workerId, at: now.toISOString() });
  await db().systemState.upsert({ where: { key: WORKER_HEARTBEAT_KEY }, create: { key: WORKER_HEARTBEAT_KEY, value }, update: { value } });
}

/** The latest beat of any worker, or null when none ever beat. */
export async function lastBeat(): Promise<{ workerId: string; at: Date } | null> {
  const row = await db().systemState.findUnique({ where: { key: WORKER_HEARTBEAT_KEY } });
  if (!row) return null;
  const { workerId, at } = JSON.parse(row.value) as { workerId: string; at: string };
  return { workerId, at: new Date(at) };
}
