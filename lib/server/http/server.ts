import http from 'node:http';
import next from 'next';
import { EnvError, redact, type Env } from '../env';
import { migrateDatabase, MigrationError } from '../migrate';
import { closeDb } from '../db';
import { serveSavedSnapshot, type SavedSnapshotServing } from '../public/snapshot-service';
import { probeDatabase, waitForDatabase } from '../runtime/database-reachable';
import { backgroundServices, databaseFreeServices, type BackgroundService } from '../runtime/services';
import { hotPaths } from './hot-path';
import { attachFrontDoor, createRequestListener } from './request-listener';
import { trackForDrain } from './drain';
import { countedHotPaths, countedNext } from './observe';
import { operationsEndpoints } from './operations';
import { startMetricsServer } from '../metrics/endpoint';
import { registerProcessMetrics } from '../metrics/scrape-gauges';
import { projectRoot, snapshotFilePath } from '../paths';
import { lineLog, logger, type LineLog } from '../log/logger';
import { setRoutePatterns } from './request-log';
import { beginShutdown } from '../runtime/shutdown-state';
import { runShutdownSteps, SHUTDOWN_STOP_SECONDS, unfinishedShutdownMessage, type ShutdownOutcome, type ShutdownStep } from '../runtime/shutdown-steps';
import { builtRouteResolver } from './route-pattern';

export interface RunningServer {
  url: string;
  port: number;
  /** False when the database was unreachable at start: the saved public snapshot is served until it answers. */
  databaseReady: boolean;
  /**
   * Graceful: requests in flight get env.shutdownGraceSeconds to finish, then the services stop; the
   * whole takes at most delay + grace + SHUTDOWN_STOP_SECONDS, else it names the step still running.
   */
  close(): Promise<ShutdownOutcome>;
}

export interface StartOptions {
  env: Env;
  /** Where start-up and shutdown lines go (the server's log by default). */
  log?: LineLog;
  /** The database came back after a start without it but cannot be used (e.g. migrated by a newer Candor). */
  onFatal?: (error: Error) => void;
}

type Readiness = { ready: true } | { ready: false; reason: string };

/** Migrates, unless the database cannot be reached at all (as opposed to answering with an error). */
async function migrateIfReachable(env: Env, log: LineLog): Promise<Readiness> {
  const before = await probeDatabase(env.databaseUrl);
  if (!before.reachable) return { ready: false, reason: before.reason };
  try {
    const migration = await migrateDatabase(env.databaseUrl);
    if (migration.applied.length > 0) log(`Database migrated: ${migration.applied.join(', ')}`);
    return { ready: true };
  } catch (error) {
    // It may have gone away between the probe and the migration.
    if (error instanceof MigrationError) {
      const after = await probeDatabase(env.databaseUrl);
      if (!after.reachable) return { ready: false, reason: after.reason };
    }
    throw error;
  }
}

/**
 * Candor's web process: migrates, starts the background services, then serves. Requests first
 * meet the hot paths (the in-memory public snapshot), and everything else goes to Next. When the
 * database cannot be reached at start, it serves the public snapshot saved by an earlier run
 * (marked stale) and migrates and starts the services that need the database once it answers.
 */
export async function startServer({ env, log = lineLog('server'), onFatal }: StartOptions): Promise<RunningServer> {
  if (env.metrics.port === env.port) throw new EnvError('METRICS_PORT', `${env.port} is also PORT; metrics need a port of their own (or unset METRICS_PORT and set METRICS_TOKEN)`);
  const startedAt = Date.now();
  registerProcessMetrics('web');
  const readiness = await migrateIfReachable(env, log);
  let saved: SavedSnapshotServing | null = null;
  if (!readiness.ready) {
    saved = await serveSavedSnapshot(env, log);
    if (!saved) throw new MigrationError(`cannot connect to the database (${readiness.reason}), and no public snapshot from an earlier run is saved at ${snapshotFilePath(env.databaseUrl, env.dataDir)} to serve meanwhile`);
    log(`Database ${redact(env.databaseUrl)} unreachable (${readiness.reason}): serving the saved public snapshot, marked stale; retrying the database in the background.`, 'warn');
  }

  const app = next({ dev: false, dir: projectRoot(), hostname: env.host, port: env.port, customServer: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  setRoutePatterns(builtRouteResolver(projectRoot()));

  const running: { name: string; stop(): Promise<void> }[] = [];
  const waiting = backgroundServices.filter((s) => s.enabled(env));
  const startServices = async (which: (s: BackgroundService) => boolean, signal?: AbortSignal) => {
    for (const service of [...waiting]) {
      if (!which(service)) continue;
      signal?.throwIfAborted();
      waiting.splice(waiting.indexOf(service), 1);
      const started = await service.start(env);
      running.push({ name: service.name, stop: started.stop });
    }
  };
  await startServices((s) => readiness.ready || databaseFreeServices.has(s));

  // Without the database: wait for it, migrate, start the rest, then let the snapshot service take over.
  const recovery = new AbortController();
  const recover = async (serving: SavedSnapshotServing) => {
    for (;;) {
      await waitForDatabase(env.databaseUrl, recovery.signal);
      try {
        const migration = await migrateDatabase(env.databaseUrl);
        if (migration.applied.length > 0) log(`Database migrated: ${migration.applied.join(', ')}`);
      } catch (error) {
        if (error instanceof MigrationError && !(await probeDatabase(env.databaseUrl)).reachable) continue;
        throw error;
      }
      await startServices(() => true, recovery.signal);
      serving.release();
      log(`Database reachable again, ${Math.round((Date.now() - startedAt) / 1000)} s after start: migrated and background services started.`);
      return;
    }
  };
  const recovering = saved
    ? recover(saved).catch((error: unknown) => {
        if (recovery.signal.aborted) return;
        const failure = error instanceof Error ? error : new Error(String(error));
        if (onFatal) onFatal(failure);
        else logger('server').error({ err: failure }, 'database recovery failed');
      })
    : Promise.resolve();

  const server = http.createServer();
  const drain = trackForDrain(server);
  const front = [operationsEndpoints(env), countedHotPaths(hotPaths)];
  attachFrontDoor(server, createRequestListener({ trustedProxies: env.trustedProxies, hotPaths: () => front, next: countedNext(handle) }));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, () => resolve());
  }).catch((error: unknown) => {
    recovery.abort();
    throw error;
  });
  const metricsServer = await startMetricsServer(env.metrics, log).catch(async (error: unknown) => {
    recovery.abort();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new EnvError('METRICS_PORT', `${env.metrics.port} is already in use; set METRICS_PORT to a free port`);
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  const shownHost = env.host === '0.0.0.0' || env.host === '::' ? 'localhost' : env.host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    databaseReady: readiness.ready,
    close: once(async () => {
      const limitSeconds = env.shutdownDelaySeconds + env.shutdownGraceSeconds + SHUTDOWN_STOP_SECONDS;
      const startedMs = Date.now();
      const deadlineMs = startedMs + limitSeconds * 1000;
      // Readiness says "not ready" from now on; with a delay, new connections are still served
      // meanwhile, so that balancers routing by readiness move traffic away before the listener closes.
      beginShutdown(new Date(), env.shutdownDelaySeconds);
      if (env.shutdownDelaySeconds > 0) await new Promise((resolve) => setTimeout(resolve, env.shutdownDelaySeconds * 1000));
      recovery.abort();
      const stepLog = logger('server');
      const before: ShutdownStep[] = [
        {
          name: 'requests in flight',
          run: async () => {
            const { forced } = await drain.close(env.shutdownGraceSeconds * 1000);
            if (forced > 0) log(`Shutdown: ${forced} request(s) still running after SHUTDOWN_GRACE_SECONDS=${env.shutdownGraceSeconds} were cut off.`, 'warn');
          },
        },
        ...(metricsServer ? [{ name: 'metrics endpoint', run: () => metricsServer.close() }] : []),
        ...(saved ? [{ name: 'database recovery', run: () => recovering.then(() => saved?.release()) }] : []),
      ];
      let outcome = await runShutdownSteps(before, { startedMs, deadlineMs, log: stepLog });
      // Listed once the recovery has settled: it may have started more services.
      if (outcome.finished) {
        const after: ShutdownStep[] = [...[...running].reverse().map((s) => ({ name: s.name, run: () => s.stop() })), { name: 'Next', run: async () => app.close?.() }, { name: 'database connections', run: () => closeDb() }];
        outcome = await runShutdownSteps(after, { startedMs, deadlineMs, log: stepLog });
      }
      if (!outcome.finished) log(unfinishedShutdownMessage(outcome, limitSeconds), 'error');
      return outcome;
    }),
  };
}

/** A second signal (or a fatal error during shutdown) must not start a second close. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => (running ??= run());
}
