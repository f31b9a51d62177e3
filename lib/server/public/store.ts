import type { PublicModel } from './model';
import type { Snapshot } from './snapshot';

// The process's current snapshot, on globalThis because the custom server (esbuild bundle) and
// Next's route handlers (Turbopack bundle) are two copies of this module in one process.

interface SnapshotStore {
  current: Snapshot | null;
  lastGood: PublicModel | null;
  /** When reading the database started failing (null while it answers). */
  failingSince: string | null;
  /** True while the background service keeps the snapshot fresh. */
  serviceRunning: boolean;
  /** Rebuilds under way (reading the database; requests are answered from the current snapshot meanwhile). */
  rebuilding: number;
}

const g = globalThis as unknown as { __candorSnapshot?: SnapshotStore };

export function snapshotStore(): SnapshotStore {
  g.__candorSnapshot ??= { current: null, lastGood: null, failingSince: null, serviceRunning: false, rebuilding: 0 };
  return g.__candorSnapshot;
}

export const currentSnapshot = (): Snapshot | null => snapshotStore().current;

/** For /api/health: how old the public data is and whether it is stale. */
export function snapshotHealth(now: Date = new Date()): { asOf: string; stale: boolean; ageSeconds: number } | null {
  const s = currentSnapshot();
  if (!s) return null;
  return { asOf: s.asOf, stale: s.stale, ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(s.asOf)) / 1000)) };
}
