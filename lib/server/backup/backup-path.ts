import { isAbsolute, join, resolve } from 'node:path';
import { backupsDir } from '../paths';

/**
 * Where `candor backup` writes when no --out is given: BACKUP_DIR (default `backups/` in the data folder), one file per
 * run named by its UTC time (candor-backup-20261130T101500Z.tar.gz).
 */
export function defaultBackupPath(now: Date = new Date()): string {
  return join(backupsDir(), backupFileName(now));
}

/** candor-backup-20261130T101500Z.tar.gz: names sort by time (the schedule prunes by them). */
export function backupFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `candor-backup-${stamp}.tar.gz`;
}

/** A path typed on the command line, taken from the folder the command was run in (the CLI itself runs in the project folder). */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(invokedFrom(), path);
}

function invokedFrom(): string {
  return process.env.CANDOR_INVOKED_FROM || process.cwd();
}
