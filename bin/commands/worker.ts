import { isMainThread, parentPort } from 'node:worker_threads';
import type { Command } from '../command';
import { CliError } from '../command';
import { EnvError } from '@/lib/server/env-error';

const positive = (name: string, raw: string | boolean | undefined, fallback: number, allowZero = false): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new CliError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${String(raw)}"`, 2);
  return n;
};

export const workerCommand: Command = {
  path: ['worker'],
  summary: 'Run the notice delivery worker on its own (several may share a PostgreSQL database)',
  help: `Usage: candor worker [options]

Prepares queued notices and sends their e-mail through SMTP_URL, until SIGTERM or
SIGINT (then it finishes the messages in flight and exits 0; what is still
running SHUTDOWN_GRACE_SECONDS + 15 s after the signal is named, and it exits 1,
leaving those messages to be claimed again). On PostgreSQL any
number of workers may run at once; they share the work (FOR UPDATE SKIP LOCKED).
On SQLite, \`candor start\` runs one worker itself; set CANDOR_WORKER=off there
before running this command instead. Only one worker runs per SQLite database:
a second one says so in its log, waits, and takes over when the first stops.

Options:
  --concurrency <n>       messages in flight at once (default 32); also the most
                          that a crash can send twice
  --rate <n>              messages per second in all, 0 = unlimited
                          (default MAIL_RATE_PER_SECOND, else unlimited)
  --domain-rate <n>       a fixed cap in messages per second per recipient domain,
                          0 = none (default MAIL_DOMAIN_RATE_PER_SECOND, else
                          adaptive: a domain slows down when the relay says
                          "try later" and speeds up again when it stops)
  --reclaim-after <s>     hand out again deliveries claimed by a worker that died
                          more than this many seconds ago (default 120)

When the relay cannot take mail (unreachable, TLS, login or sender refused,
421), sending pauses for every message, nothing is charged an attempt, and the
relay is probed until it answers; the console, /api/health and candor doctor
show the pause.

Environment:
  DATABASE_URL            the database (see candor start --help)
  SMTP_URL                smtp:// or smtps:// server; without it a local sink
                          keeps the mail for the console's mailbox page, in
                          CANDOR_DATA_DIR (which must then be writable)
  MAIL_RATE_PER_SECOND, MAIL_DOMAIN_RATE_PER_SECOND   defaults for --rate, --domain-rate
  PUBLIC_URL              base for links in e-mails
  METRICS_PORT            serve Prometheus metrics at /metrics on this port (on
                          METRICS_HOST, default HOST); METRICS_TOKEN, when set, is
                          the bearer token a scrape must send
  BACKUP_INTERVAL, BACKUP_DIR, BACKUP_KEEP, BACKUP_COMMAND   scheduled backups,
                          as in candor start (default every 6h into
                          <CANDOR_DATA_DIR>/backups, which must then be writable;
                          one backup per interval among all instances)
  CANDOR_WORKER_HEAP_MB   V8 old-space cap for the worker (default 128; 0 = V8's
                          default; ignored when NODE_OPTIONS sets --max-old-space-size)`,
  options: {
    concurrency: { type: 'string' },
    rate: { type: 'string' },
    'domain-rate': { type: 'string' },
    'reclaim-after': { type: 'string' },
  },
  async run({ values }) {
    // Loaded when the command runs: `candor --help` and the other commands do not compile it; and the
    // settings are checked before the rest is loaded, so that a refusal comes at once.
    const [{ env, redact }, { ensureBackupDirWritable, ensureDataDirWritable }] = await Promise.all([import('@/lib/server/env'), import('@/lib/server/paths')]);
    const config = env();
    const concurrency = positive('concurrency', values.concurrency, 32);
    const rate = positive('rate', values.rate, config.mailRatePerSecond, true);
    const domainRate = values['domain-rate'] === undefined ? config.mailDomainRatePerSecond : positive('domain-rate', values['domain-rate'], 0, true);
    const reclaimAfterMs = positive('reclaim-after', values['reclaim-after'], 120) * 1000;
    // Without SMTP_URL its local sink keeps mail in the data folder.
    if (!config.smtpUrl) await ensureDataDirWritable(config);
    await ensureBackupDirWritable(config);
    const [
      { closeDb },
      { migrateDatabase },
      { startBackupScheduler },
      { closeTransport, ensureLocalSink },
      { startWorker },
      { warnIfWebhooksAllowPrivate },
      { startMetricsServer },
      { registerProcessMetrics },
      { lineLog, logger },
      { runShutdownSteps, SHUTDOWN_STOP_SECONDS, unfinishedShutdownMessage },
    ] = await Promise.all([
      import('@/lib/server/db'),
      import('@/lib/server/migrate'),
      import('@/lib/server/backup/backup-service'),
      import('@/lib/mail/transport'),
      import('@/lib/jobs/worker'),
      import('@/lib/jobs/services'),
      import('@/lib/server/metrics/endpoint'),
      import('@/lib/server/metrics/scrape-gauges'),
      import('@/lib/server/log/logger'),
      import('@/lib/server/runtime/shutdown-steps'),
    ]);
    registerProcessMetrics('worker');
    const metrics = await startMetricsServer(config.metrics, lineLog('worker')).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new EnvError('METRICS_PORT', `${config.metrics.port} is already in use; set METRICS_PORT to a free port`);
      throw error;
    });
    await migrateDatabase(config.databaseUrl);
    if (!config.smtpUrl) {
      const sink = await ensureLocalSink();
      logger('mail').info(`No SMTP_URL: mail goes to a local sink on 127.0.0.1:${sink.port} (see the console's Mailbox).`);
    }
    warnIfWebhooksAllowPrivate(config);
    const worker = await startWorker({ concurrency, rate, domainRate, reclaimAfterMs, singleWorker: config.databaseKind === 'sqlite' });
    logger('worker').info(`candor worker ${worker.id} running on ${redact(config.databaseUrl)} (concurrency ${concurrency})`);
    // Where no web process runs, backups are still taken; with one, the schedule's lease picks one instance.
    const backups = config.backup.intervalMs === null ? null : startBackupScheduler({ env: config });
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = async (signal: string) => {
        // In a thread both the forwarded message and the process signal may arrive: stop once.
        if (stopping) return;
        stopping = true;
        logger('worker').info(`${signal}: finishing messages in flight...`);
        // Bounded like `candor start`'s: a step still running at the limit is named, and the
        // worker exits 1 without it (what it was sending is claimed again, as after a crash).
        const limitSeconds = config.shutdownGraceSeconds + SHUTDOWN_STOP_SECONDS;
        const steps = [
          { name: 'delivery worker', run: () => worker.stop() },
          ...(backups ? [{ name: 'backup scheduler', run: () => backups.stop() }] : []),
          ...(metrics ? [{ name: 'metrics endpoint', run: () => metrics.close() }] : []),
          { name: 'mail transport', run: () => closeTransport() },
          { name: 'database connections', run: () => closeDb() },
        ];
        const outcome = await runShutdownSteps(steps, { deadlineMs: Date.now() + limitSeconds * 1000, log: logger('worker') });
        if (!outcome.finished) {
          logger('worker').error(unfinishedShutdownMessage(outcome, limitSeconds));
          resolve(1);
          return;
        }
        logger('worker').info(`stopped; sent ${worker.stats.sent}, retried ${worker.stats.retried}, failed ${worker.stats.failed}`);
        resolve(0);
      };
      // Run in a thread with a capped heap by bin/candor.mjs: the main thread forwards the signals.
      if (!isMainThread && parentPort) parentPort.on('message', (m: unknown) => (m === 'SIGINT' || m === 'SIGTERM' ? void stop(m) : undefined));
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
  },
};
