import { Worker } from 'node:worker_threads';
import type { Actor } from '../actor';
import { AppError, type AppErrorCode } from '../errors';
import { removeWork, type BackupResult } from './create-backup';

// A scheduled backup inside `candor start` must not stall the web server: reading every table,
// writing the archive and the trial restore (whose schema the migration engine creates
// synchronously) run in a worker thread of their own, with their own database connection. The
// calling thread keeps the lease, the metrics, the log, BACKUP_COMMAND and pruning.

/** What the thread is given (workerData) and what it answers (one message). */
export interface BackupThreadInput {
  url: string;
  out: string;
  actor: Actor;
}
export type BackupThreadAnswer = { ok: true; result: BackupResult } | { ok: false; message: string; code: AppErrorCode | null };

/** Thrown when the signal stopped the backup: its work files are removed and nothing was written at `out`. */
export class BackupAbandoned extends Error {
  constructor() {
    super('the backup was abandoned (the process is stopping)');
  }
}

/**
 * createBackup() in a worker thread. The bundled CLI runs dist/backup-thread.mjs beside
 * dist/cli.mjs; from the TypeScript sources (tests), the entry's .ts through tsx's loader. When `signal`
 * aborts, the thread is terminated, its work files removed, and the promise rejects with
 * BackupAbandoned (an unsealed work file never verifies, and `out` is only ever written by a rename).
 */
export function createBackupInThread(input: BackupThreadInput & { signal?: AbortSignal }): Promise<BackupResult> {
  const { signal, ...data } = input;
  const fromSources = import.meta.url.endsWith('.ts');
  const source = new URL('./backup-thread-entry.ts', import.meta.url).href;
  const entry = fromSources ? `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))` : new URL('./backup-thread.mjs', import.meta.url);
  return new Promise<BackupResult>((resolve, reject) => {
    if (signal?.aborted) return reject(new BackupAbandoned());
    const thread = new Worker(entry, { workerData: data satisfies BackupThreadInput, ...(fromSources ? { eval: true, execArgv: ['--conditions=react-server'] } : {}) });
    let answer: BackupThreadAnswer | null = null;
    let abandoned = false;
    const abandon = () => {
      abandoned = true;
      void thread.terminate();
    };
    signal?.addEventListener('abort', abandon, { once: true });
    thread.on('message', (message: BackupThreadAnswer) => (answer = message));
    thread.on('error', (error) => {
      if (!answer) answer = { ok: false, message: error.message, code: null };
    });
    thread.on('exit', (exitCode) => {
      signal?.removeEventListener('abort', abandon);
      if (abandoned && !answer?.ok) {
        removeWork(data.out);
        return reject(new BackupAbandoned());
      }
      if (!answer) return reject(new Error(`the backup thread stopped (exit code ${exitCode}) without an answer`));
      if (answer.ok) return resolve(answer.result);
      reject(answer.code ? new AppError(answer.code, answer.message) : new Error(answer.message));
    });
  });
}
