import type { Env } from '../env';
import { dbHandle } from '../db';
import { readMigrationState } from '../doctor/migration-state';
import { HEARTBEAT_STALE_MS, lastBeat, localWorkers, outboxWriteFailureAnywhere, waitedFor } from '@/lib/jobs/heartbeat';
import { livePauses } from '@/lib/jobs/mail-pause';
import { describeOutboxWriteFailure, outboxWriteFailure } from '@/lib/jobs/outbox-writes';
import { shutdownState } from '../runtime/shutdown-state';

// GET /api/health/ready: whether this instance should get traffic. Everything must work: the
// database answers, its migrations are this version's, a delivery worker runs (in this process,
// or with CANDOR_WORKER=off, any worker that beat recently) and no worker has paused mail.

const DEADLINE_MS = 2_000;

export type Check = { ok: true; detail?: string } | { ok: false; reason: string };

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: Check; migrations: Check; worker: Check; mail: Check };
  /** The failed checks' reasons, in the order above. */
  reasons: string[];
}

const message = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error));

/** The work's answer, or a rejection once `ms` have passed (the work itself is left to finish). */
export function within<T>(work: Promise<T>, ms = DEADLINE_MS): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/** Resolves when the database answers a trivial query within the deadline. */
export const pingDatabase = (): Promise<unknown> => within(dbHandle().db.$queryRawUnsafe('SELECT 1'));

async function migrations(env: Env): Promise<Check> {
  const state = await readMigrationState(env.databaseUrl, DEADLINE_MS);
  if (state.state === 'up_to_date') return { ok: true };
  const names = [...state.pending, ...state.unknown, ...state.failed].slice(0, 3).join(', ');
  return { ok: false, reason: `migrations ${state.state.replace('_', ' ')}${names ? `: ${names}` : ''}` };
}

async function worker(env: Env, now: Date): Promise<Check> {
  if (env.inProcessWorker) {
    if (localWorkers() === 0) return { ok: false, reason: 'the delivery worker of this process is not running' };
    const failing = outboxWriteFailure();
    if (failing) return { ok: false, reason: `the delivery worker of this process: ${describeOutboxWriteFailure(failing)}` };
    // Another worker sends (SQLite runs one per database): this instance is still fit for traffic.
    const holder = waitedFor()[0];
    return { ok: true, detail: holder ? `in this process, waiting: another delivery worker (${holder}) runs on this SQLite database` : 'in this process' };
  }
  const beat = await lastBeat();
  if (!beat) return { ok: false, reason: 'CANDOR_WORKER=off and no `candor worker` has ever run against this database' };
  const age = Math.round((now.getTime() - beat.at.getTime()) / 1000);
  // A worker that cannot write to the database at all cannot write its beat either.
  if (age * 1000 > HEARTBEAT_STALE_MS) return { ok: false, reason: `CANDOR_WORKER=off and no \`candor worker\` has written its heartbeat for ${age} s (none runs, or the database refuses its writes: see its log and metrics)` };
  const failing = await outboxWriteFailureAnywhere(now);
  if (failing) return { ok: false, reason: describeOutboxWriteFailure(failing) };
  return { ok: true, detail: `worker ${beat.workerId}, ${age} s ago` };
}

async function mail(now: Date): Promise<Check> {
  const pause = (await livePauses(now))[0];
  return pause ? { ok: false, reason: `mail transport paused since ${pause.since.toISOString()} (${pause.stage}): ${pause.reason}` } : { ok: true };
}

export async function checkReadiness(env: Env, now = new Date()): Promise<Readiness> {
  const stopping = shutdownState();
  if (stopping) {
    const skip: Check = { ok: false, reason: 'not checked: shutting down' };
    const closes = Date.parse(stopping.listenerClosesAt) > now.getTime() ? `new connections are served until ${stopping.listenerClosesAt}` : 'new connections are refused';
    return { status: 'not_ready', checks: { database: skip, migrations: skip, worker: skip, mail: skip }, reasons: [`shutting down since ${stopping.since}: ${closes}`] };
  }
  const skipped: Check = { ok: false, reason: 'not checked: the database is unreachable' };
  let checks: Readiness['checks'];
  try {
    await pingDatabase();
    const settle = (work: Promise<Check>) => within(work).catch((error: unknown): Check => ({ ok: false, reason: message(error) }));
    const [m, w, p] = await Promise.all([settle(migrations(env)), settle(worker(env, now)), settle(mail(now))]);
    checks = { database: { ok: true }, migrations: m, worker: w, mail: p };
  } catch (error) {
    checks = { database: { ok: false, reason: `database unreachable: ${message(error)}` }, migrations: skipped, worker: skipped, mail: skipped };
  }
  const reasons = Object.values(checks).flatMap((c) => (c.ok ? [] : [c.reason]));
  if (!checks.database.ok) reasons.splice(1);
  return { status: reasons.length === 0 ? 'ready' : 'not_ready', checks, reasons };
}
