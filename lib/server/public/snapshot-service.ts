import 'server-only';
import pg from 'pg';
import type { BackgroundService } from '../runtime/services';
import { CHANGE_CHANNEL, CONTENT_VERSION_KEY, onChange } from '../changes';
import { db } from '../db';
import { registerHotPath } from '../http/hot-path';
import { snapshotHotPath } from './hot-path';
import { refreshSnapshot } from './refresh';
import { snapshotStore } from './store';

// Keeps the public snapshot fresh: rebuilt at start, on changes in this process (coalesced), on
// PostgreSQL NOTIFY from other instances, when the shared content_version row moves (the CLI,
// SQLite), at the next maintenance boundary, and at least once a minute. A failed rebuild keeps
// serving the last good data marked stale, and retries with backoff.

const DEBOUNCE_MS = 60;
const POLL_MS = 1_000;
const MAX_AGE_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

export interface SnapshotRefresher {
  schedule(delayMs?: number): void;
  stop(): Promise<void>;
}

export function startSnapshotRefresher(options: { databaseUrl: string; log?: (line: string) => void }): SnapshotRefresher {
  const log = options.log ?? ((line: string) => console.log(line));
  const store = snapshotStore();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;
  let running = false;
  let again = false;
  let failures = 0;
  let lastVersion: string | null = null;
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
      if (failures > 0) log(`public snapshot: database answers again, snapshot rebuilt`);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures === 1) log(`public snapshot: rebuild failed, serving the last good snapshot: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    } finally {
      running = false;
    }
    if (stopped) return;
    if (again) {
      again = false;
      schedule();
    } else if (failures > 0) schedule(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 5)));
    else {
      const boundary = store.current?.nextBoundary ? Date.parse(store.current.nextBoundary) - Date.now() + 50 : Infinity;
      schedule(Math.max(DEBOUNCE_MS, Math.min(MAX_AGE_MS, boundary)));
    }
  };

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

export const snapshotService: BackgroundService = {
  name: 'public snapshot',
  enabled: () => true,
  async start(env) {
    const store = snapshotStore();
    // Serve something from the first request: build now, stale data being better than none.
    await refreshSnapshot().catch((error: unknown) => console.error('public snapshot: first build failed:', error instanceof Error ? error.message.split('\n')[0] : error));
    const refresher = startSnapshotRefresher({ databaseUrl: env.databaseUrl });
    if (!store.current) refresher.schedule(1_000);
    const unregister = registerHotPath(snapshotHotPath);
    store.serviceRunning = true;
    return {
      async stop() {
        store.serviceRunning = false;
        unregister();
        await refresher.stop();
      },
    };
  },
};
