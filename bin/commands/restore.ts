import type { Command } from '../command';
import { CliError } from '../command';
import { cliActor } from '@/lib/server/actor';
import { asCliErrors, totalRows } from './backup';

export const restoreCommand: Command = {
  path: ['restore'],
  summary: 'Restore a backup into the database DATABASE_URL names (SQLite or PostgreSQL)',
  help: `Usage: candor restore FILE [--force]

Checks the whole backup first, then migrates the database named by
DATABASE_URL and inserts every row in one transaction: a failure leaves the
database as it was. A backup from either engine restores into either. Stop
Candor while restoring.

Refuses a database that already holds data, unless --force is given (then
everything in it is replaced, its audit log included), and a backup made by
a newer Candor.

Options:
  --force   replace whatever the database holds`,
  options: { force: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }) {
    const [file, extra] = positionals;
    if (!file || extra !== undefined) throw new CliError(`give exactly one backup file\n\n${restoreCommand.help}`, 2);
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ dbHandle }, { env, redact }, { userPath }, { restoreBackup }] = await Promise.all([
      import('@/lib/server/db'),
      import('@/lib/server/env'),
      import('@/lib/server/backup/backup-path'),
      import('@/lib/server/backup/restore-backup'),
    ]);
    const path = userPath(file);
    const result = await asCliErrors(() => restoreBackup({ file: path, handle: dbHandle(), force: values.force === true, actor: cliActor }));
    const m = result.manifest;
    for (const what of result.dropped) console.log(`Note: ${what} is no longer in this version's schema; its values were not restored (as an upgrade would have dropped them).`);
    console.log(`Restored ${path} into ${redact(env().databaseUrl)}: ${totalRows(m)} rows in ${Object.keys(result.rows).length} tables, backed up from ${m.engine} at ${m.takenAt} by Candor ${m.candorVersion}.`);
  },
};
