import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliActor } from '../actor';
import { openDb } from '../db';
import type { BackupManifest } from './manifest';
import { badBackup } from './read-backup';
import { restoreBackup } from './restore-backup';
import { openSnapshot } from './snapshot';

export interface VerifyResult {
  manifest: BackupManifest;
  /** Rows found in the scratch database per table. */
  rows: Record<string, number>;
}

/**
 * Proves a backup restores: every checksum is checked, the whole file is restored into a scratch
 * SQLite database (in `scratchIn`, else the system's temporary folder), and the rows found there
 * are counted against the manifest. Throws with a message that says what is wrong.
 */
export async function verifyBackup(file: string, opts: { scratchIn?: string; unsealed?: boolean } = {}): Promise<VerifyResult> {
  const dir = mkdtempSync(join(opts.scratchIn ?? tmpdir(), '.candor-verify-'));
  try {
    const url = `file:${join(dir, 'scratch.db')}`;
    const handle = openDb(url);
    let manifest: BackupManifest;
    try {
      ({ manifest } = await restoreBackup({ file, handle, actor: cliActor, audit: false, unsealed: opts.unsealed }));
    } finally {
      await handle.close();
    }
    const snapshot = await openSnapshot(url);
    const rows: Record<string, number> = {};
    try {
      for (const t of manifest.tables) rows[t.name] = await snapshot.count(t.name);
    } finally {
      await snapshot.close();
    }
    const wrong = manifest.tables.find((t) => rows[t.name] !== t.rows);
    if (wrong) throw badBackup(file, `did not restore whole: ${wrong.name} has ${rows[wrong.name]} rows after restoring, the manifest says ${wrong.rows}`);
    return { manifest, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
