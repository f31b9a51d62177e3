import { dbHandle } from '../db';
import { snapshotHealth } from '../public/store';
import { describePause, mailStatus } from './mail-status';
import { smsStatus, type SmsStatus } from './sms-status';
import { currentBackupStatus, describeStaleness } from '../backup/backup-status';
import { describeOutboxWriteFailure } from '@/lib/jobs/outbox-writes';
import { outboxWriteFailureAnywhere } from '@/lib/jobs/heartbeat';

export interface Health {
  status: 'ok' | 'degraded';
  database: { kind: 'sqlite' | 'postgresql'; state: 'up' | 'unreachable'; latencyMs?: number; error?: string };
  time: string;
  /** The public snapshot: when its data was read, and whether reading has been failing since. */
  snapshot?: { asOf: string; stale: boolean; ageSeconds: number } | null;
  /** Mail delivery: degraded while a worker has paused because the relay cannot take mail. It does not make the instance unhealthy. */
  mail?: { status: 'ok' } | { status: 'degraded'; since: string; reason: string; reply: string; stage: string; waiting: number; message: string };
  /** Text messages: degraded while SMS deliveries wait because the SMSC cannot be used (refused bind, unreachable). It does not make the instance unhealthy. */
  sms?: SmsStatus;
  /** Backups: stale when the last verified one is older than twice BACKUP_INTERVAL. It does not make the instance unhealthy. */
  backup?: BackupHealth;
  /** The delivery workers: degraded while the database refuses to record what one sends (it reads, it will not write). */
  outbox?: OutboxHealth;
}

export type OutboxHealth = { status: 'ok' } | { status: 'degraded'; since: string; error: string; message: string; worker?: string };

/** This process's workers from memory (the database is what is failing), else what a `candor worker` elsewhere reported with its beat. */
export async function outboxHealth(now = new Date()): Promise<OutboxHealth> {
  const f = await outboxWriteFailureAnywhere(now);
  if (!f) return { status: 'ok' };
  return { status: 'degraded', since: f.since.toISOString(), error: f.error, message: describeOutboxWriteFailure(f), ...(f.workerId ? { worker: f.workerId } : {}) };
}

/**
 * Anyone may read /api/health, so it says whether backups are fine, never where they are or what a
 * failing BACKUP_COMMAND printed (its output may name a bucket or a credential): the console's
 * Backups page, for staff, has those.
 */
export interface BackupHealth {
  status: 'ok' | 'pending' | 'stale' | 'off';
  intervalSeconds: number | null;
  last: { takenAt: string; bytes: number; verified: boolean } | null;
  nextAt: string | null;
  /** That it is stale, or that the last BACKUP_COMMAND failed. */
  warnings: string[];
  command: { at: string; ok: boolean; exitCode: number | null } | null;
}

const SEE_CONSOLE = 'details on the console\'s Backups page';

async function backupHealth(now: Date): Promise<BackupHealth> {
  const s = await currentBackupStatus(now);
  const status = s.freshness.state === 'fresh' ? 'ok' : s.freshness.state;
  return {
    status,
    intervalSeconds: s.intervalMs === null ? null : s.intervalMs / 1000,
    last: s.last ? { takenAt: s.last.takenAt.toISOString(), bytes: s.last.bytes, verified: s.last.verified } : null,
    nextAt: s.nextAt?.toISOString() ?? null,
    warnings: [
      describeStaleness({ freshness: s.freshness, lastRun: null }),
      s.command && !s.command.ok ? `BACKUP_COMMAND failed at ${s.command.at}${s.command.exitCode === null ? '' : ` (exit code ${s.command.exitCode})`}` : null,
    ]
      .filter((w): w is string => w !== null)
      .map((w) => `${w}; ${SEE_CONSOLE}.`),
    command: s.command ? { at: s.command.at, ok: s.command.ok, exitCode: s.command.exitCode } : null,
  };
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
    const [mail, sms, backup, outbox] = await Promise.all([mailHealth(now()).catch(() => undefined), smsStatus().catch(() => undefined), backupHealth(now()).catch(() => undefined), outboxHealth(now()).catch(() => undefined)]);
    return { status: 'ok', database: { kind: handle.kind, state: 'up', latencyMs }, time: now().toISOString(), snapshot: snapshotHealth(now()), mail, sms, backup, outbox };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { status: 'degraded', database: { kind: handle.kind, state: 'unreachable', error: message }, time: now().toISOString(), snapshot: snapshotHealth(now()) };
  }
}
