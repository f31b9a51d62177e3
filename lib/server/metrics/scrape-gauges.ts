import { outboxWriteFailure } from '@/lib/jobs/outbox-writes';
import type pg from 'pg';
import { dbHandle } from '../db';
import { snapshotHealth } from '../public/store';
import { livePauses } from '@/lib/jobs/mail-pause';
import { queueStats, type QueueStats } from '@/lib/jobs/queue-stats';
import { outboxPoolOf } from '@/lib/jobs/sql';
import { backupMetrics, deliveryMetrics, httpMetrics, MAIL_KINDS, signInMetrics, smsMetrics, snapshotMetrics } from './catalogue';
import { smsStatus } from '../health/sms-status';
import { env } from '../env';
import { currentBackupStatus, type BackupStatus } from '../backup/backup-status';
import { gauge } from './registry';
import { pingDatabase, within } from '../health/check-readiness';

// Gauges read when Prometheus scrapes. The database is asked at most once per SAMPLE_MS however
// many scrapers there are, within a deadline, so a scrape never waits on a database that is gone:
// it then reports candor_database_up 0 and leaves the queue gauges out.

const SAMPLE_MS = 5_000;

interface Sample {
  up: boolean;
  queue: QueueStats | null;
  pauseStage: string | null;
  /** Texts handed back because the SMSC cannot be used (null: not read). */
  smsWaiting: number | null;
  backup: BackupStatus | null;
  at: number;
}

let latest: { at: number; sample: Promise<Sample> } | null = null;

async function takeSample(): Promise<Sample> {
  const now = new Date();
  try {
    await pingDatabase();
  } catch {
    return { up: false, queue: null, pauseStage: null, smsWaiting: null, backup: null, at: now.getTime() };
  }
  const [queue, pauses, sms, backup] = await Promise.all([
    within(queueStats(now)).catch(() => null),
    within(livePauses(now)).catch(() => null),
    within(smsStatus()).catch(() => null),
    within(currentBackupStatus(now)).catch(() => null),
  ]);
  const smsWaiting = sms === null ? null : sms.status === 'ok' ? 0 : sms.waiting;
  return { up: true, queue, pauseStage: pauses?.[0]?.stage ?? null, smsWaiting, backup, at: now.getTime() };
}

/** Drops the kept sample, so the next scrape reads the database again (tests, after a change they make). */
export function forgetScrapeSample(): void {
  latest = null;
}

function sample(): Promise<Sample> {
  if (!latest || Date.now() - latest.at > SAMPLE_MS) latest = { at: Date.now(), sample: takeSample() };
  return latest.sample;
}

const pools = (): [string, pg.Pool | undefined][] => {
  const handle = dbHandle();
  return [
    ['prisma', handle.pool],
    ['outbox', outboxPoolOf(handle)],
  ];
};

/** Every process: the database, its pools, the delivery queue and the transport pause. */
function registerSharedGauges(): void {
  gauge({
    name: 'candor_database_up',
    help: 'Whether the database answered a trivial query within 2 s at the last sample (1) or not (0)',
    async collect() {
      this.set((await sample()).up ? 1 : 0);
    },
  });
  gauge({
    name: 'candor_database_pool_connections',
    help: 'PostgreSQL pool connections of this process, open (total) and idle',
    labelNames: ['pool', 'state'],
    collect() {
      this.reset();
      for (const [name, pool] of pools()) {
        if (!pool) continue;
        this.set({ pool: name, state: 'total' }, pool.totalCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
      }
    },
  });
  gauge({
    name: 'candor_database_pool_waiting_requests',
    help: 'Queries of this process waiting for a free PostgreSQL pool connection',
    labelNames: ['pool'],
    collect() {
      this.reset();
      for (const [name, pool] of pools()) if (pool) this.set({ pool: name }, pool.waitingCount);
    },
  });
  gauge({
    name: 'candor_delivery_queue_depth',
    help: 'Messages due to be sent now (counted up to 100000), by kind: notice deliveries and system mail',
    labelNames: ['kind'],
    async collect() {
      const { queue } = await sample();
      this.reset();
      if (queue) for (const kind of MAIL_KINDS) this.set({ kind }, queue.due[kind]);
    },
  });
  gauge({
    name: 'candor_delivery_oldest_due_age_seconds',
    help: 'How long the longest-waiting due message has been due (0 when nothing is due), by kind',
    labelNames: ['kind'],
    async collect() {
      const { queue, at } = await sample();
      this.reset();
      if (queue) for (const kind of MAIL_KINDS) this.set({ kind }, Math.max(0, (at - (queue.oldestDueAt[kind]?.getTime() ?? at)) / 1000));
    },
  });
  gauge({
    name: 'candor_mail_transport_paused',
    help: 'Whether a live delivery worker has paused all sending because the relay cannot take mail (1) or not (0); stage is the SMTP step that failed',
    labelNames: ['stage'],
    async collect() {
      const { up, pauseStage } = await sample();
      this.reset();
      if (up) this.set({ stage: pauseStage ?? '' }, pauseStage ? 1 : 0);
    },
  });
  gauge({
    name: 'candor_sms_waiting_for_smsc',
    help: 'Texts waiting, uncharged, because a delivery worker cannot use the SMSC (refused bind, unreachable); 0 while texts go out',
    async collect() {
      const { smsWaiting } = await sample();
      this.reset();
      if (smsWaiting !== null) this.set(smsWaiting);
    },
  });
}

/** Every process: backups, as the database records them (the same for every instance, whichever took them). */
function registerBackupGauges(): void {
  backupMetrics();
  gauge({
    name: 'candor_backup_last_success_timestamp_seconds',
    help: 'When the data of the newest verified backup was read (Unix seconds; 0 = none yet), by any instance or candor backup',
    async collect() {
      const { backup } = await sample();
      this.reset();
      if (backup) this.set((backup.last?.takenAt.getTime() ?? 0) / 1000);
    },
  });
  gauge({
    name: 'candor_backup_last_size_bytes',
    help: 'Size of the newest verified backup file (0 = none yet)',
    async collect() {
      const { backup } = await sample();
      this.reset();
      if (backup) this.set(backup.last?.bytes ?? 0);
    },
  });
  gauge({
    name: 'candor_backup_interval_seconds',
    help: "This process's BACKUP_INTERVAL in seconds (0 = off): alert when the last success is older than twice this",
    collect() {
      this.set((env().backup.intervalMs ?? 0) / 1000);
    },
  });
  gauge({
    name: 'candor_backup_stale',
    help: 'Whether the last verified backup is older than twice BACKUP_INTERVAL (1) or not (0), as the console banner, /api/health and candor doctor say',
    async collect() {
      const { backup } = await sample();
      this.reset();
      if (backup) this.set(backup.freshness.state === 'stale' ? 1 : 0);
    },
  });
}

/** `candor start` only: the public snapshot it serves. */
function registerSnapshotGauges(): void {
  gauge({
    name: 'candor_snapshot_age_seconds',
    help: 'Seconds since the data of the public snapshot being served was read from the database',
    collect() {
      this.set(snapshotHealth()?.ageSeconds ?? 0);
    },
  });
  gauge({
    name: 'candor_snapshot_stale',
    help: 'Whether the public snapshot is served marked stale because the database stopped answering (1) or not (0)',
    collect() {
      this.set(snapshotHealth()?.stale ? 1 : 0);
    },
  });
}

/**
 * Puts every metric of this kind of process on the registry, so each scrape lists them all from the
 * start: "web" is `candor start` (HTTP, snapshot, sign-in, and its in-process worker), "worker" is `candor worker`.
 */
export function registerProcessMetrics(role: 'web' | 'worker'): void {
  deliveryMetrics();
  gauge({
    name: 'candor_outbox_writes_failing',
    help: "Whether this process's delivery worker cannot write delivery outcomes to the database (1; sending waits) or can (0)",
    collect() {
      this.set(outboxWriteFailure() ? 1 : 0);
    },
  });
  smsMetrics();
  registerSharedGauges();
  registerBackupGauges();
  if (role === 'worker') return;
  httpMetrics();
  snapshotMetrics();
  signInMetrics();
  registerSnapshotGauges();
}
