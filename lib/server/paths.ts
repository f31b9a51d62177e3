import { randomBytes, createHash } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { env, EnvError, redact, type Env } from './env';
import { sqliteFilePath } from './sqlite-path';

// Every place Candor writes at run time is under the data folder (CANDOR_DATA_DIR), so the code
// and its build can be read-only. The SQLite file is there too unless DATABASE_URL names another.

export { projectRoot } from './project-root';
export { sqliteFilePath } from './sqlite-path';

/** The data folder, absolute. */
export function dataDir(): string {
  return env().dataDir;
}

/** The SQLite database file in use (by default `candor.db` in the data folder); null on PostgreSQL or in memory. */
export function sqliteFile(): string | null {
  const e = env();
  const file = e.databaseKind === 'sqlite' ? sqliteFilePath(e.databaseUrl) : ':memory:';
  return file === ':memory:' ? null : resolve(file);
}

/** The local mail sink's messages (shown by the console's Mailbox). */
export function mailboxDir(): string {
  return join(dataDir(), 'mailbox');
}

/** The local SMS outbox's messages (shown by the console's SMS outbox when SMS_URL is unset). */
export function smsOutboxDir(): string {
  return join(dataDir(), 'sms-outbox');
}

/** Where backups are kept by default: BACKUP_DIR, else `backups/` in the data folder. */
export function backupsDir(): string {
  return env().backup.dir;
}

/**
 * The public snapshot saved for a start without the database. The name carries a hash of the
 * database URL without its password, so instances of different databases sharing a data folder
 * never serve each other's page.
 */
export function snapshotFilePath(databaseUrl: string, dir: string = dataDir()): string {
  const key = createHash('sha256').update(redact(databaseUrl)).digest('hex').slice(0, 16);
  return join(dir, `public-snapshot.${key}.json`);
}

const SOURCE: Record<Env['dataDirSource'], string> = {
  CANDOR_DATA_DIR: 'set by CANDOR_DATA_DIR',
  DATABASE_URL: "the SQLite file's folder, as CANDOR_DATA_DIR is unset",
  default: 'the default, as CANDOR_DATA_DIR is unset',
};

/** Creates `dir` if needed and writes, flushes and deletes a probe file in it; throws the error met. */
async function probeWritable(dir: string): Promise<void> {
  const probe = join(dir, `.candor-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile('candor');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rm(probe);
  } catch (error) {
    await rm(probe, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the data folder if needed and proves it can be written (a probe file written, flushed
 * and deleted), so a read-only or full disk stops Candor at start rather than at its first save.
 */
export async function ensureDataDirWritable(e: Pick<Env, 'dataDir' | 'dataDirSource'> = env()): Promise<void> {
  try {
    await probeWritable(e.dataDir);
  } catch (error) {
    throw new EnvError('CANDOR_DATA_DIR', `${e.dataDir} (${SOURCE[e.dataDirSource]}) cannot be written: ${(error as Error).message}. Set CANDOR_DATA_DIR to a folder the user running Candor can write.`);
  }
}

/** With scheduled backups on, the same proof for BACKUP_DIR, so a backup never first fails hours after start. */
export async function ensureBackupDirWritable(e: Pick<Env, 'backup'> = env()): Promise<void> {
  if (e.backup.intervalMs === null) return;
  try {
    await probeWritable(e.backup.dir);
  } catch (error) {
    throw new EnvError('BACKUP_DIR', `${e.backup.dir} cannot be written: ${(error as Error).message}. Set BACKUP_DIR to a folder the user running Candor can write, or BACKUP_INTERVAL=off to take no scheduled backups.`);
  }
}
