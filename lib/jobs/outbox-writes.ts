// Whether this process's delivery workers can record what they send. A database that answers reads
// but refuses writes (a full disk, a file made read-only, a trigger, a lost lock) stops sending by
// design: slots are held until their outcomes commit, so nothing goes out twice beyond the crash
// bound. This says so where staff look: /api/health, /api/health/ready and the metrics. It lives in
// memory: the database that should hold it is the thing failing.

export interface OutboxWriteFailure {
  /** The first failed write since the last one that committed. */
  since: Date;
  /** The latest error, first line. */
  error: string;
  failures: number;
}

const g = globalThis as unknown as { __candorOutboxWrites?: Map<string, OutboxWriteFailure> };
const failing = () => (g.__candorOutboxWrites ??= new Map());

/** A worker's outcome write failed (it is retried). */
export function outboxWriteFailed(workerId: string, error: Error, now = new Date()): OutboxWriteFailure {
  const before = failing().get(workerId);
  const entry = { since: before?.since ?? now, error: error.message.split('\n')[0]!.slice(0, 300), failures: (before?.failures ?? 0) + 1 };
  failing().set(workerId, entry);
  return entry;
}

/** A worker's outcome write committed, or the worker stopped: it is not failing. */
export function outboxWriteRecovered(workerId: string): boolean {
  return failing().delete(workerId);
}

/** The longest-running failure among this process's workers, or null while every write commits. */
export function outboxWriteFailure(): OutboxWriteFailure | null {
  let oldest: OutboxWriteFailure | null = null;
  for (const f of failing().values()) if (!oldest || f.since < oldest.since) oldest = f;
  return oldest;
}

/** "Delivery outcomes cannot be written to the database since 14:02 UTC (SQLITE_FULL: database or disk is full); sending waits until they can" */
export function describeOutboxWriteFailure(f: OutboxWriteFailure): string {
  return `Delivery outcomes cannot be written to the database since ${f.since.toISOString().slice(11, 16)} UTC (${f.error}); sending waits until they can`;
}
