import type { Command } from '../command';
import { CliError } from '../command';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';
import type { BackupManifest } from '@/lib/server/backup/manifest';

/** Failures the operator can act on become one clear line and exit 1. */
export async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  const [{ closeDb }, { MigrationError }] = await Promise.all([import('@/lib/server/db'), import('@/lib/server/migrate')]);
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError || error instanceof MigrationError) throw new CliError(error.message);
    throw error;
  } finally {
    await closeDb();
  }
}

export const totalRows = (m: BackupManifest) => m.tables.reduce((n, t) => n + t.rows, 0);

export const backupCommand: Command = {
  path: ['backup'],
  summary: 'Back up everything Candor holds into one verified file (while it runs)',
  help: `Usage: candor backup [--out FILE]

Takes a consistent backup of the database named by DATABASE_URL while Candor
keeps serving and sending: one gzip-compressed tar with a manifest and one
NDJSON file per table, which either engine can restore (see README, Backups).
The file is written under a temporary name beside FILE, verified by restoring
it into a scratch database, and only then renamed to FILE.

Options:
  --out FILE   where to write (default candor-backup-<UTC time>.tar.gz in
               BACKUP_DIR, itself by default backups/ in CANDOR_DATA_DIR)

\`candor start\` and \`candor worker\` also take backups on a schedule
(BACKUP_INTERVAL, default 6h; see README, Scheduled backups).

The backup holds the instance secret: keep it as safe as the database.`,
  options: { out: { type: 'string' } },
  async run({ values }) {
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ dbHandle }, { env, redact }, { defaultBackupPath, userPath }, { createBackup }] = await Promise.all([
      import('@/lib/server/db'),
      import('@/lib/server/env'),
      import('@/lib/server/backup/backup-path'),
      import('@/lib/server/backup/create-backup'),
    ]);
    const out = typeof values.out === 'string' && values.out.trim() !== '' ? userPath(values.out.trim()) : defaultBackupPath();
    const result = await asCliErrors(() => createBackup({ handle: dbHandle(), out, actor: cliActor }));
    const m = result.manifest;
    console.log(`Backed up ${redact(env().databaseUrl)} (${m.engine}, migration ${m.migration}): ${totalRows(m)} rows in ${m.tables.length} tables, verified.`);
    console.log(`SHA-256 ${result.sha256}, ${result.bytes} bytes`);
    console.log(result.file);
  },
};

export const backupVerifyCommand: Command = {
  path: ['backup', 'verify'],
  summary: 'Check a backup file: checksums, a trial restore, row counts',
  help: `Usage: candor backup verify FILE

Checks every table's SHA-256 against the backup's manifest, restores the whole
file into a scratch SQLite database in a temporary folder, and compares the
rows found there with the manifest. Exits 1 with the reason for a damaged,
truncated or incomplete file, or one that is not a Candor backup.`,
  positionals: true,
  async run({ positionals }) {
    const [file, extra] = positionals;
    if (!file || extra !== undefined) throw new CliError(`give exactly one backup file\n\n${backupVerifyCommand.help}`, 2);
    const [{ userPath }, { verifyBackup }] = await Promise.all([import('@/lib/server/backup/backup-path'), import('@/lib/server/backup/verify-backup')]);
    const { manifest: m } = await asCliErrors(() => verifyBackup(userPath(file)));
    console.log(`${userPath(file)}: a Candor ${m.candorVersion} backup of ${m.engine} taken at ${m.takenAt} (migration ${m.migration}).`);
    console.log(`Every checksum matches, and a trial restore holds the ${totalRows(m)} rows in ${m.tables.length} tables that the manifest lists.`);
  },
};
