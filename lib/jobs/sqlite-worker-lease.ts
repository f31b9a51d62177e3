import { hostname } from 'node:os';
import { db } from '@/lib/server/db';
import { isUniqueViolation } from '@/lib/server/api/respond';
import { workerRunsHere } from './heartbeat';

// One delivery worker per SQLite database, enforced. A worker on SQLite hands back every claim it
// finds at start (the claims of a worker that died), which is right only if no other worker is
// alive: a second `candor worker` beside `candor start`'s own would hand back the first one's
// claims while it still sends them, and up to two batches of messages would go out twice. So the
// worker holds a lease (a SystemState row naming it, renewed on the timer that renews its claims)
// and only the holder claims; another one waits and takes over when the holder stops or dies.

export const SQLITE_WORKER_LEASE_KEY = 'sqlite_worker_lease';
/** A holder that has not renewed for this long is gone (or cannot reach the database). */
export const SQLITE_LEASE_STALE_MS = 60_000;

export interface LeaseHolder {
  workerId: string;
  host: string;
  pid: number;
  /** When the holder last took or renewed the lease (ISO). */
  at: string;
}

/**
 * Whether a holder that ran on this host is still running (a worker killed with -9 leaves its lease
 * behind). A holder with this process's own pid is a worker of this process only if it runs here
 * now: in a container the process restarted after a crash often gets its predecessor's pid.
 */
export function holderAlive(holder: Pick<LeaseHolder, 'workerId' | 'pid'>): boolean {
  if (holder.pid === process.pid) return workerRunsHere(holder.workerId);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `me` may take the lease from `holder` (pure; the clock and the process check are passed in):
 * nobody holds it, `me` does, the holder has not renewed for SQLITE_LEASE_STALE_MS, or the holder
 * ran on this host and its process is gone (a restart after a crash need not wait a minute).
 */
export function leaseFree(holder: LeaseHolder | null, me: { workerId: string; host: string }, now: Date, alive: (holder: LeaseHolder) => boolean): boolean {
  if (!holder || holder.workerId === me.workerId) return true;
  const at = Date.parse(holder.at);
  if (!Number.isFinite(at) || now.getTime() - at >= SQLITE_LEASE_STALE_MS) return true;
  return holder.host === me.host && !alive(holder);
}

function parseHolder(value: string): LeaseHolder | null {
  try {
    const v = JSON.parse(value) as Partial<LeaseHolder>;
    if (typeof v.workerId !== 'string' || typeof v.host !== 'string' || typeof v.pid !== 'number' || typeof v.at !== 'string') return null;
    return { workerId: v.workerId, host: v.host, pid: v.pid, at: v.at };
  } catch {
    return null;
  }
}

/** The holder rewrites its lease once it is this old: often enough that it never nears stale, rarely enough that an idle install does not write every few seconds. */
export const SQLITE_LEASE_RENEW_MS = SQLITE_LEASE_STALE_MS / 4;

export class SqliteWorkerLease {
  readonly host = hostname();
  /** When this worker last wrote the lease (ms); 0: never. */
  private writtenAt = 0;

  constructor(
    readonly workerId: string,
    private alive: (holder: LeaseHolder) => boolean = holderAlive,
  ) {}

  private value(now: Date): string {
    return JSON.stringify({ workerId: this.workerId, host: this.host, pid: process.pid, at: now.toISOString() } satisfies LeaseHolder);
  }

  /** Writes this worker's value over the row, only if the row still holds `seen` (compare-and-set). */
  private async swap(seen: string, now: Date): Promise<boolean> {
    const { count } = await db().systemState.updateMany({ where: { key: SQLITE_WORKER_LEASE_KEY, value: seen }, data: { value: this.value(now) } });
    if (count === 1) this.writtenAt = now.getTime();
    return count === 1;
  }

  /**
   * Takes (or renews) the lease if it is free. Answers null when this worker holds it now, else the
   * live holder. Compare-and-set on the row's whole value, so of two workers taking a free lease
   * at the same moment exactly one gets it.
   */
  async take(now = new Date()): Promise<LeaseHolder | null> {
    const row = await db().systemState.findUnique({ where: { key: SQLITE_WORKER_LEASE_KEY } });
    const holder = row ? parseHolder(row.value) : null;
    if (holder && !leaseFree(holder, this, now, this.alive)) return holder;
    if (!row) {
      try {
        await db().systemState.create({ data: { key: SQLITE_WORKER_LEASE_KEY, value: this.value(now) } });
        this.writtenAt = now.getTime();
        return null;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return this.take(now);
      }
    }
    return (await this.swap(row.value, now)) ? null : this.take(now);
  }

  /**
   * Renews the lease; false when this worker no longer holds it (another one took it for dead and
   * has handed back this one's claims, or it was removed): this one must stop claiming and take it again.
   * Called on the worker's every claim renewal (seconds apart), it reads and writes only once the
   * lease is SQLITE_LEASE_RENEW_MS old: another worker can take it only once it is stale (four times that).
   */
  async renew(now = new Date()): Promise<boolean> {
    if (this.writtenAt > 0 && now.getTime() - this.writtenAt < SQLITE_LEASE_RENEW_MS) return true;
    const row = await db().systemState.findUnique({ where: { key: SQLITE_WORKER_LEASE_KEY } });
    if (!row || parseHolder(row.value)?.workerId !== this.workerId) return false;
    return this.swap(row.value, now);
  }

  /** Gives the lease up (at a clean stop), if this worker still holds it. */
  async release(): Promise<void> {
    const row = await db().systemState.findUnique({ where: { key: SQLITE_WORKER_LEASE_KEY } });
    if (row && parseHolder(row.value)?.workerId === this.workerId) await db().systemState.deleteMany({ where: { key: SQLITE_WORKER_LEASE_KEY, value: row.value } });
  }
}
