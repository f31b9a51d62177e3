// Whether this process's delivery workers can record what they send. A database that answers reads
// but refuses writes (a full disk, a file made read-only, a trigger, a lost lock) stops sending by
// design: slots are held until their outcomes commit, so nothing goes out twice beyond the crash
// bound. This says so where staff look: /api/health, /api/health/ready, the console banner and the
// metrics. It covers both writers of a worker: notice outcomes and its own mail's. It lives in
// memory: the database that should hold it is the thing failing.

import { deliveryMetrics } from '@/lib/server/metrics/catalogue';
import type { LineLog } from '@/lib/server/log/logger';

export interface OutboxWriteFailure {
  /** The first failed write since the last one that committed. */
  since: Date;
  /** The latest error, first line. */
  error: string;
  failures: number;
}

const g = globalThis as unknown as { __candorOutboxWrites?: Map<string, OutboxWriteFailure> };
const failing = () => (g.__candorOutboxWrites ??= new Map());

/**
 * What the database said, in one line. Through Prisma, its driver's own words and code ride in
 * `meta` (the message is Prisma's reading of them after the call site, whose file paths
 * /api/health must not show); a driver's own error is one line.
 */
function causeOf(error: Error): string {
  const driver = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } } }).meta?.driverAdapterError?.cause;
  if (typeof driver?.originalMessage === 'string') return `${typeof driver.originalCode === 'string' ? `${driver.originalCode}: ` : ''}${driver.originalMessage}`.slice(0, 300);
  const lines = error.message.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? error.name).slice(0, 300);
}

/** The writers of one worker: its notice outcomes, and its own mail's (confirmations, resets). */
export type OutboxWriter = 'deliveries' | 'mail';
const keyOf = (workerId: string, writer: OutboxWriter) => `${workerId}\n${writer}`;

/**
 * A worker's write of outcomes failed (the caller retries it every half second): counted, kept,
 * and said at once, then every half minute while it lasts.
 */
export function outboxWriteFailed(workerId: string, writer: OutboxWriter, error: Error, log: LineLog, now = new Date()): void {
  deliveryMetrics().outboxWriteFailures.inc();
  const key = keyOf(workerId, writer);
  const before = failing().get(key);
  const f = { since: before?.since ?? now, error: causeOf(error), failures: (before?.failures ?? 0) + 1 };
  failing().set(key, f);
  if (f.failures % 60 === 1) log(`worker ${workerId}: ${describeOutboxWriteFailure(f)}; retrying (${f.failures} attempt${f.failures === 1 ? '' : 's'} so far)`, 'error');
}

/** A worker's write of outcomes committed: if it had been failing, it says so. */
export function outboxWriteRecovered(workerId: string, writer: OutboxWriter, log: LineLog): void {
  if (failing().delete(keyOf(workerId, writer))) log(`worker ${workerId}: outcomes are written to the database again; sending resumes`);
}

/** A stopped worker is not failing. */
export function forgetOutboxWrites(workerId: string): void {
  for (const writer of ['deliveries', 'mail'] as const) failing().delete(keyOf(workerId, writer));
}

/** The longest-running failure among this process's workers, or null while every write commits. */
export function outboxWriteFailure(): OutboxWriteFailure | null {
  let oldest: OutboxWriteFailure | null = null;
  for (const f of failing().values()) if (!oldest || f.since < oldest.since) oldest = f;
  return oldest;
}

/** "Delivery outcomes cannot be written to the database since 14:02 UTC (SQLITE_FULL: database or disk is full); sending waits until they can", named by worker when another process reported it. */
export function describeOutboxWriteFailure(f: OutboxWriteFailure & { workerId?: string | null }): string {
  const what = `cannot be written to the database since ${f.since.toISOString().slice(11, 16)} UTC (${f.error}); sending waits until they can`;
  return f.workerId ? `Worker ${f.workerId}: delivery outcomes ${what}` : `Delivery outcomes ${what}`;
}
