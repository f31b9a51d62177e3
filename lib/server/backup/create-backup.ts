import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import type { DbHandle } from '../db';
import { AppError } from '../errors';
import { loadMigrationList } from '../migrate';
import { dependencyOrder } from '@/lib/domain/dependency-order';
import { encodeValue } from './codec';
import { dataModelTables, type Table } from './data-model';
import { FORMAT, FORMAT_VERSION, candorVersion, tableFile, type BackupManifest } from './manifest';
import { openSnapshot, type Snapshot } from './snapshot';
import { seal } from './seal';
import { verifyBackup } from './verify-backup';
import { writeArchive, writePart } from './write-archive';

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  manifest: BackupManifest;
}

// Work files beside the backup, named after it and this process: `.<name>.<pid>.tmp` (the unsealed
// archive), `.parts` (one file per table), `.verify` (the check's scratch database). A run removes
// those of processes that no longer exist (a kill -9), never a live run's.
const WORK = /^\.(.+)\.(\d+)\.(tmp|parts|verify)$/;

/**
 * Takes a consistent backup of the handle's database into `out`: written beside it under a
 * temporary name, fsynced, verified by restoring it into a scratch database, and only then renamed
 * over `out` (the folder fsynced too). Until that rename, any earlier file at `out` is untouched.
 */
export async function createBackup(input: { handle: DbHandle; out: string; actor: Actor }): Promise<BackupResult> {
  const { handle, out } = input;
  const dir = dirname(out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new AppError('validation', `cannot create the folder ${dir} for the backup: ${(error as Error).message}`);
  }
  removeAbandonedWork(dir);
  const { temp, parts, scratch } = workFiles(out);
  try {
    try {
      mkdirSync(parts);
    } catch (error) {
      throw new AppError('validation', `cannot write in ${dir}: ${(error as Error).message}`);
    }
    const partPath = (file: string) => join(parts, file.replace(/\//g, '_'));
    const manifest = await snapshotToParts(handle, partPath);
    await writeArchive(temp, manifest, partPath);
    rmSync(parts, { recursive: true, force: true });
    mkdirSync(scratch);
    await verifyBackup(temp, { scratchIn: scratch, unsealed: true });
    // It holds the instance secret: readable by the owner alone, like the database file should be.
    chmodSync(temp, 0o600);
    seal(temp);
    renameSync(temp, out);
    syncFolder(dir);
    const bytes = statSync(out).size;
    const sha256 = await fileSha256(out);
    await handle.db.$transaction(async (tx) =>
      writeAudit(tx, input.actor, {
        action: 'backup.create',
        objectType: 'backup',
        objectId: basename(out),
        after: { file: out, host: hostname(), bytes, sha256, verified: true, takenAt: manifest.takenAt, migration: manifest.migration, rows: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])) },
      }),
    );
    return { file: out, bytes, sha256, manifest };
  } finally {
    removeWork(out);
  }
}

/** This process's work files for a backup into `out` (a thread of the process uses the same names). */
function workFiles(out: string): { temp: string; parts: string; scratch: string } {
  const work = join(dirname(out), `.${basename(out)}.${process.pid}`);
  return { temp: `${work}.tmp`, parts: `${work}.parts`, scratch: `${work}.verify` };
}

/** Removes this process's work files for `out` (what a backup stopped half-way left behind). */
export function removeWork(out: string): void {
  for (const path of Object.values(workFiles(out))) rmSync(path, { recursive: true, force: true });
}

async function snapshotToParts(handle: DbHandle, partPath: (file: string) => string): Promise<BackupManifest> {
  const snapshot = await openSnapshot(handle.url);
  try {
    const migration = await currentMigration(snapshot);
    const tables = dataModelTables();
    for (const t of tables) await checkColumns(snapshot, t);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const order = dependencyOrder(tables.map((t) => t.name), await snapshot.references());
    const takenAt = new Date().toISOString();
    const entries: BackupManifest['tables'] = [];
    for (const name of order) {
      const table = byName.get(name)!;
      const file = tableFile(name);
      const part = await writePart(partPath(file), encodedLines(snapshot, table));
      entries.push({ name, file, ...part, columns: table.columns });
    }
    return { format: FORMAT, formatVersion: FORMAT_VERSION, candorVersion: candorVersion(), migration, engine: snapshot.engine, takenAt, tables: entries };
  } finally {
    await snapshot.close();
  }
}

async function* encodedLines(snapshot: Snapshot, table: Table): AsyncGenerator<string[]> {
  const names = table.columns.map((c) => c.name);
  for await (const batch of snapshot.rows(table.name, names)) {
    yield batch.map((row) => JSON.stringify(Object.fromEntries(table.columns.map((c) => [c.name, encodeValue(snapshot.engine, c.type, row[c.name])]))));
  }
}

/** The database must be exactly at this version's last migration: the backup records it. */
async function currentMigration(snapshot: Snapshot): Promise<string> {
  const shipped = loadMigrationList(snapshot.engine).migrationDirectories.map((m) => m.path);
  const applied = await snapshot.migrations();
  const unknown = applied.filter((m) => !shipped.includes(m));
  if (unknown.length > 0) throw new AppError('conflict', `the database was migrated by a newer Candor (${unknown.join(', ')}); back it up with that version`);
  const pending = shipped.filter((m) => !applied.includes(m));
  if (pending.length > 0) throw new AppError('conflict', `the database has ${pending.length} migration(s) not applied yet (${pending.join(', ')}); run \`candor migrate\` first`);
  return shipped[shipped.length - 1]!;
}

/** Every column the database has must be in the data model, or the backup would silently miss it. */
async function checkColumns(snapshot: Snapshot, table: Table): Promise<void> {
  const inDb = await snapshot.columns(table.name);
  if (inDb.length === 0) throw new AppError('conflict', `the database has no table ${table.name}; run \`candor migrate\` first`);
  const unknown = inDb.filter((c) => !table.columns.some((m) => m.name === c));
  const missing = table.columns.filter((m) => !inDb.includes(m.name)).map((m) => m.name);
  if (unknown.length > 0 || missing.length > 0) {
    throw new AppError('conflict', `table ${table.name} does not match Candor's data model (${[...unknown.map((c) => `extra column ${c}`), ...missing.map((c) => `missing column ${c}`)].join(', ')})`);
  }
}

function removeAbandonedWork(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = WORK.exec(name);
    if (m && !isAlive(Number(m[2]))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
