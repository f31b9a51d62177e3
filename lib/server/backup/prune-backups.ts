import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { prunable } from '@/lib/domain/backup-schedule';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import type { DbHandle } from '../db';

// Only files named as Candor names a finished backup are counted and pruned: such a name is given
// by the rename that follows a passed trial restore, so each one is a verified backup. Work files
// (dot-named) and anything else in the folder are never touched.

export const BACKUP_NAME = /^candor-backup-\d{8}T\d{6}Z\.tar\.gz$/;

/** Deletes all but the newest `keep` backups in `dir`, never `fresh` (the one just verified); one audit row per file. */
export async function pruneBackups(input: { handle: DbHandle; dir: string; keep: number; fresh: string; actor: Actor }): Promise<string[]> {
  const names = readdirSync(input.dir).filter((n) => BACKUP_NAME.test(n));
  const doomed = prunable(names, input.keep, basename(input.fresh));
  for (const name of doomed) {
    const file = join(input.dir, name);
    await input.handle.db.$transaction(async (tx) => {
      await writeAudit(tx, input.actor, { action: 'backup.prune', objectType: 'backup', objectId: name, before: { file }, after: { kept: input.keep } });
      rmSync(file, { force: true });
    });
  }
  return doomed;
}
