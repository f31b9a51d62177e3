import 'server-only';
import pg from 'pg';
import type { BackgroundService } from '../runtime/services';
import { CHANGE_CHANNEL, CONTENT_VERSION_KEY, onChange } from '../changes';
import { db } from '../db';
import type { Env } from '../env';
import { registerHotPath } from '../http/hot-path';
import { snapshotHotPath } from './hot-path';
import type { PublicModel } from './model';
import { refreshSnapshot } from './refresh';
import { buildSnapshot } from './snapshot';
import { readSnapshotFile, snapshotFileWriter } from './snapshot-file';
import { snapshotFilePath } from '../paths';
import { snapshotStore } from './store';
import { lineLog, logger, type LineLog } from '../log/logger';

// Keeps the public snapshot fresh: rebuilt at start, on changes in this process (coalesced), on
// PostgreSQL NOTIFY from other instances, when the shared content_version row moves (the CLI,
// SQLite), at the next maintenance boundary, and at least once a minute. A failed rebuild keeps
// serving the last good data marked stale, and retries with backoff. Every fresh model is saved to
// disk (snapshot-file.ts) for a process that starts while the database is unreachable.

const DEBOUNCE_MS = 60;
const POLL_MS = 1_000;
const MAX_AGE_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

export interface SnapshotRefresher {
  schedule(delayMs?: number): void;
  stop(): Promise<void>;
}

export interface RefresherOptions {
  databaseUrl: string;
  log?: LineLog;
  /** Called with every model read fresh from the database. */
  onFresh?: (model: PublicModel) => void;
  /** The content_version read before the snapshot in the store was built: a change made since is not missed. */
  knownVersion?: string | null;
}

export function startSnapshotRefresher(options: RefresherOptions): SnapshotRefresher {
  const log = options.log ?? lineLog('snapshot');
  const store = snapshotStore();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;
  let running = false;
  let again = false;
  let failures = 0;
  let lastVersion: string | null = options.knownVersion ?? null;
  let pollFailures = 0;

  const schedule = (delayMs = DEBOUNCE_MS) => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const at = Date.now() + delayMs;
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => void run(), delayMs);
    timer.unref();
  };

  const run = async () => {
    timer = null;
    timerAt = Infinity;
    if (stopped) return;
    running = true;
    try {
      await refreshSnapshot();
      if (store.lastGood) options.onFresh?.(store.lastGood);
      if (failures > 0) log(`public snapshot: database answers again, snapshot rebuilt`);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures === 1) log(`public snapshot: rebuild failed, serving the last good snapshot: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 'warn');
    } finally {
      running = false;
    }
    if (stopped) return;
    if (again) {
      again = false;
      schedule();
    } else if (failures > 0) schedule(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 5)));
    else scheduleNext();
  };
  /** After a good build: at the next maintenance boundary, and within a minute at the latest. */
  const scheduleNext = () => {
    const boundary = store.current?.nextBoundary ? Date.parse(store.current.nextBoundary) - Date.now() + 50 : Infinity;
    schedule(Math.max(DEBOUNCE_MS, Math.min(MAX_AGE_MS, boundary)));
  };
  if (store.current && !store.current.stale) scheduleNext();

  const unsubscribe = onChange(() => schedule());

  // Other processes: the content_version row (every database), polled.
  const poll = setInterval(() => {
    db()
      .systemState.findUnique({ where: { key: CONTENT_VERSION_KEY } })
      .then((row) => {
        const value = row?.value ?? '';
        if (lastVersion !== null && value !== lastVersion) schedule();
        lastVersion = value;
        pollFailures = 0;
        if (failures > 0) schedule();
      })
      .catch(() => {
        // The database stopped answering: try a rebuild now, which marks the snapshot stale.
        pollFailures += 1;
        if (pollFailures === 2 && failures === 0) schedule();
      });
  }, POLL_MS);
  poll.unref();

  // Other processes on PostgreSQL: LISTEN on a dedicated connection, reconnecting after errors.
  let listener: pg.Client | null = null;
  let listenRetry: NodeJS.Timeout | null = null;
  const listen = async (attempt: number) => {
    if (stopped || !/^postgres(ql)?:/i.test(options.databaseUrl)) return;
    const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000, keepAlive: true });
    const retry = () => {
      if (listener === client) listener = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (stopped || listenRetry) return;
      listenRetry = setTimeout(() => {
        listenRetry = null;
        void listen(attempt + 1);
      }, Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 5)));
      listenRetry.unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => schedule());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      listener = client;
      // Anything may have changed while we were not listening.
      if (attempt > 0) schedule();
    } catch {
      retry();
    }
  };
  void listen(0);

  return {
    schedule,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      if (listenRetry) clearTimeout(listenRetry);
      const l = listener;
      listener = null;
      if (l) {
        l.removeAllListeners();
        l.on('error', () => undefined);
        await l.end().catch(() => undefined);
      }
    },
  };
}

// The hot path is held by the running service and, before it, by a start without the database;
// it answers while either holds it, and the hand-over between them leaves no gap.
let holds = 0;
let unregisterHotPath: (() => void) | null = null;
function holdServing(): () => void {
  if (holds++ === 0) {
    unregisterHotPath = registerHotPath(snapshotHotPath);
    snapshotStore().serviceRunning = true;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds > 0) return;
    snapshotStore().serviceRunning = false;
    unregisterHotPath?.();
    unregisterHotPath = null;
  };
}

/** Puts the snapshot saved by an earlier run in the store, marked stale. False when there is none to use. */
async function loadSavedSnapshot({ databaseUrl, dataDir }: Env, log: LineLog): Promise<boolean> {
  const path = snapshotFilePath(databaseUrl, dataDir);
  const read = await readSnapshotFile(path, databaseUrl);
  if (read.kind === 'missing') return false;
  if (read.kind === 'ignored') {
    log(`public snapshot: ignoring ${path}: ${read.reason}`, 'warn');
    return false;
  }
  const store = snapshotStore();
  const now = new Date();
  try {
    store.current = buildSnapshot(read.model, now, { stale: true, previous: store.current });
  } catch (error) {
    log(`public snapshot: ignoring ${path}: it cannot be rendered: ${(error as Error).message}`, 'warn');
    return false;
  }
  store.lastGood = read.model;
  store.failingSince ??= now.toISOString();
  log(`public snapshot: serving the copy saved at ${read.savedAt} (data as of ${read.model.loadedAt}), marked stale`);
  return true;
}

export interface SavedSnapshotServing {
  /** When the served data was read from the database. */
  asOf: string;
  /** Stops answering from it (the snapshot service, once started, keeps answering). */
  release(): void;
}

/**
 * For a start while the database is unreachable: serves the snapshot saved by an earlier run,
 * marked stale, from the hot path. Null when no usable snapshot was saved.
 */
export async function serveSavedSnapshot(env: Env, log: LineLog = lineLog('snapshot')): Promise<SavedSnapshotServing | null> {
  const store = snapshotStore();
  if (!store.current && !(await loadSavedSnapshot(env, log))) return null;
  return { asOf: store.current!.asOf, release: holdServing() };
}

export const snapshotService: BackgroundService = {
  name: 'public snapshot',
  enabled: () => true,
  async start(env) {
    const store = snapshotStore();
    const saved = snapshotFileWriter(snapshotFilePath(env.databaseUrl, env.dataDir), env.databaseUrl, lineLog('snapshot'));
    const onFresh = (model: PublicModel) => saved.save(model);
    const versionBefore = await db()
      .systemState.findUnique({ where: { key: CONTENT_VERSION_KEY } })
      .then((row) => row?.value ?? '', () => null);
    // Serve something from the first request: build now, stale data being better than none.
    const built = await refreshSnapshot().then(
      () => true,
      (error: unknown) => {
        logger('snapshot').error(`public snapshot: first build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        return false;
      },
    );
    if (built && store.lastGood) onFresh(store.lastGood);
    if (!store.current) await loadSavedSnapshot(env, lineLog('snapshot'));
    const refresher = startSnapshotRefresher({ databaseUrl: env.databaseUrl, onFresh, knownVersion: built ? versionBefore : null });
    if (!built) refresher.schedule(1_000);
    const release = holdServing();
    return {
      async stop() {
        release();
        await refresher.stop();
        await saved.flush();
      },
    };
  },
};
