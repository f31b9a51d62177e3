import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors';
import { openDb } from '../db';
import type { BackupThreadAnswer, BackupThreadInput } from './backup-thread';
import { createBackup } from './create-backup';

// The worker thread's program (bundled as dist/backup-thread.mjs): one backup, one answer.

const input = workerData as BackupThreadInput;
const handle = openDb(input.url);
let answer: BackupThreadAnswer;
try {
  answer = { ok: true, result: await createBackup({ handle, out: input.out, actor: input.actor }) };
} catch (error) {
  answer = { ok: false, message: (error as Error).message, code: error instanceof AppError ? error.code : null };
} finally {
  await handle.close().catch(() => undefined);
}
parentPort!.postMessage(answer);
