import type { Command } from '../command';
import { CliError } from '../command';
import { buildIfNeeded } from '../build-if-needed';
import type { RunningServer } from '@/lib/server/http/server';

export const startCommand: Command = {
  path: ['start'],
  summary: 'Build if needed, migrate, and serve Candor (what `npm start` runs)',
  help: `Usage: candor start [--no-build]

Builds the web app if it has not been built or a source changed, applies
migrations, and serves Candor on PORT (default 3000). If PostgreSQL cannot
be reached, it serves the public page saved by the last run (marked stale)
and migrates and starts everything else once the database answers.

Environment:
  CANDOR_DATA_DIR  where Candor writes: the default SQLite file, the saved
                public page, the local mailbox, backups (default ./data, or
                the SQLite file's folder when DATABASE_URL names one)
  DATABASE_URL  file:<CANDOR_DATA_DIR>/candor.db (default) or postgresql://user@host/db
  PORT          port to listen on (default 3000); HOST (default 0.0.0.0)
  PUBLIC_URL    base URL for links in e-mails (default: the page settings'
                public URL, else http://localhost:PORT; a warning says which)
  SMTP_URL      smtp:// or smtps:// server for mail; without it a local sink
                keeps every message for the console's mailbox page
  METRICS_TOKEN serve Prometheus metrics at /metrics to scrapes that send
                Authorization: Bearer <token>; METRICS_PORT serves them on a
                port of their own instead (see README, Monitoring)
  SHUTDOWN_GRACE_SECONDS  on SIGTERM/SIGINT, how long requests in flight may
                finish (default 20); then the worker finishes its messages
                in flight; past delay + grace + 15 s it exits 1, naming the
                step it did not wait for
  SHUTDOWN_DELAY_SECONDS  before that, how long readiness answers 503 while
                new connections are still served (default 0; see README)
  BACKUP_INTERVAL  one verified backup this often among all instances (default
                6h; e.g. 30m, 1d; off = none); BACKUP_DIR where (default
                <CANDOR_DATA_DIR>/backups), BACKUP_KEEP how many (default 14),
                BACKUP_COMMAND run with each new file (see README, Backups)

Options:
  --no-build    never build; fail if there is no build`,
  options: { 'no-build': { type: 'boolean' } },
  async run({ values }) {
    // Loaded when the command runs: `candor --help` and the other commands do not compile it; and the
    // settings are checked before the server is loaded, so that a refusal comes at once.
    const [{ env, redact }, { ensureBackupDirWritable, ensureDataDirWritable, projectRoot }] = await Promise.all([import('@/lib/server/env'), import('@/lib/server/paths')]);
    const config = env();
    await ensureDataDirWritable(config);
    await ensureBackupDirWritable(config);
    const [{ MigrationError }, { startServer }, { db }, { publicBaseUrl }, { lineLog, logger }] = await Promise.all([
      import('@/lib/server/migrate'),
      import('@/lib/server/http/server'),
      import('@/lib/server/db'),
      import('@/lib/mail/send'),
      import('@/lib/server/log/logger'),
    ]);
    // It runs for the life of the service: what it says goes to the log.
    const log = logger('server');
    if (!values['no-build']) buildIfNeeded(projectRoot(), lineLog('server'));
    let started: RunningServer | undefined;
    // The database came back after a start without it, but this Candor cannot use it.
    const fatal = async (error: Error) => {
      log.fatal(`candor start: database ${redact(config.databaseUrl)}: ${error.message}`);
      await started?.close().catch(() => undefined);
      process.exit(1);
    };
    try {
      started = await startServer({ env: config, onFatal: (error) => void fatal(error) });
    } catch (error) {
      if (error instanceof MigrationError) throw new CliError(`database ${redact(config.databaseUrl)}: ${error.message}`);
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`PORT ${config.port} is already in use; set PORT to a free port`);
      throw error;
    }
    const running = started;
    const base = config.publicUrl ?? running.url;
    if (running.databaseReady) {
      const users = await db().user.count();
      log.info(`Candor is running at ${running.url}  (database: ${redact(config.databaseUrl)})`);
      log.info(users === 0 ? `First run: open ${base}/setup to create the first admin account and load the demo scenario.` : `Staff sign in at ${base}/admin/sign-in`);
      if (!config.publicUrl) log.warn(`PUBLIC_URL is not set; links in e-mail (password resets, confirmations, notices) use ${await publicBaseUrl()}. Set PUBLIC_URL to the address people reach Candor at.`);
    } else {
      if (!config.publicUrl) log.warn(`PUBLIC_URL is not set; links in e-mail will use the page settings' public URL once the database answers, else http://localhost:${config.port}.`);
      log.warn(`Candor is serving the saved public status page at ${running.url}, marked stale, while the database (${redact(config.databaseUrl)}) is unreachable; the console and subscriptions return when it answers.`);
    }
    let stopping = false;
    const stop = async (signal: string) => {
      // Ignored, not "exit now": Ctrl-C under `npm start` reaches Candor twice (terminal and npm), and
      // quitting mid-send could mail someone twice. The grace bounds the wait; SIGKILL is for "now".
      if (stopping) {
        log.info(`${signal}: already shutting down.`);
        return;
      }
      stopping = true;
      const delay = config.shutdownDelaySeconds > 0 ? `readiness answers 503 and new connections are served for ${config.shutdownDelaySeconds} s more (SHUTDOWN_DELAY_SECONDS), then ` : '';
      log.info(`${signal}: shutting down; ${delay}no new connections, requests in flight have ${config.shutdownGraceSeconds} s (SHUTDOWN_GRACE_SECONDS) to finish...`);
      try {
        // Bounded: a step still running at its limit has been named in the log; exit without it.
        const outcome = await running.close();
        if (!outcome.finished) process.exit(1);
      } catch (error) {
        log.fatal({ err: error }, 'candor start: shutdown failed');
        process.exit(1);
      }
      log.info('Stopped.');
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    return new Promise<number>(() => undefined);
  },
};
