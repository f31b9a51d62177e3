import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Actor } from '../actor';
import { auditData } from '../audit';
import type { DbHandle } from '../db';
import { redact } from '../env';
import { AppError } from '../errors';
import { loadMigrationList, migrateDatabase } from '../migrate';
import { sqliteFilePath } from '../sqlite-path';
import { decodeValue } from './codec';
import { dataModelTables } from './data-model';
import { FORMAT_VERSION, type BackupManifest, type ManifestTable } from './manifest';
import { badBackup, readBackup, type BackupRow } from './read-backup';
import { openSnapshot } from './snapshot';
import { openRestoreTarget, rowsPerInsert, type RestoreTarget, type TargetColumn } from './target';

export interface RestoreInput {
  file: string;
  handle: DbHandle;
  /** Replace whatever the database holds. */
  force?: boolean;
  actor: Actor;
  /** Write the audit row (not for verify's scratch database). */
  audit?: boolean;
  /** The file is `candor backup`'s work file, not sealed yet (seal.ts). */
  unsealed?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Rows restored per table. */
  rows: Record<string, number>;
  /** What this version's schema no longer has, so was not restored. */
  dropped: string[];
}

/**
 * Restores a backup into the handle's database: the whole file is checked first (nothing is
 * touched for a damaged file, a newer Candor's backup or a database that holds data), then the
 * database is migrated and every row is inserted in one transaction through the engine's own
 * driver (target.ts), read line by line and checked again on the way, so memory stays flat.
 */
export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const { file, handle } = input;
  const reading = { unsealed: input.unsealed };
  const manifest = await readBackup(file, undefined, reading);
  refuseNewer(file, manifest, handle);
  const occupied = await occupiedTables(handle);
  if (occupied.length > 0 && !input.force) throw notEmpty(handle, occupied);
  await migrateDatabase(handle.url);

  const current = new Map(dataModelTables().map((t) => [t.name, t]));
  const dropped: string[] = [];
  const rows: Record<string, number> = {};
  const target = await openRestoreTarget(handle.url);
  try {
    await target.begin();
    const before: Record<string, number> = {};
    for (const t of current.keys()) before[t] = await target.count(t);
    const holding = Object.entries(before).filter(([, n]) => n > 0);
    if (holding.length > 0 && !input.force) throw notEmpty(handle, holding);
    if (holding.length > 0) await target.empty([...current.keys()]);
    await readBackup(file, async (table, source) => {
      if (!current.has(table.name)) {
        dropped.push(`table ${table.name}`);
        return;
      }
      const plan = await insertPlan(file, target, table, dropped);
      rows[table.name] = await insertAll(target, table, plan, source);
    }, reading);
    await target.resetSequences(Object.keys(rows));
    if (input.audit !== false) {
      const entry = auditData(input.actor, {
        action: 'backup.restore',
        objectType: 'backup',
        objectId: basename(file),
        before: holding.length > 0 ? { replacedRows: Object.fromEntries(holding) } : undefined,
        after: { file, takenAt: manifest.takenAt, candorVersion: manifest.candorVersion, migration: manifest.migration, engine: manifest.engine, rows },
      });
      await insertAudit(target, entry);
    }
    await target.commit();
  } catch (error) {
    await target.rollback();
    if (error instanceof AppError) throw error;
    // The transaction rolled back: say so, with the database's own last words.
    const said = String((error as Error)?.message ?? error).split('\n').map((l) => l.trim()).filter(Boolean).pop();
    throw badBackup(file, `could not be restored (rolled back: no row was written or removed): ${said}`);
  } finally {
    await target.close();
  }
  return { manifest, rows, dropped };
}

function refuseNewer(file: string, manifest: BackupManifest, handle: DbHandle): void {
  const known = loadMigrationList(handle.kind).migrationDirectories.map((m) => m.path);
  if (manifest.formatVersion > FORMAT_VERSION || !known.includes(manifest.migration)) {
    throw new AppError(
      'conflict',
      `${file} was made by a newer Candor (version ${manifest.candorVersion}, migration ${manifest.migration}, which this version does not know); upgrade Candor, then restore`,
    );
  }
}

/** Tables that hold rows, read without changing anything (a database that does not exist yet holds none). */
async function occupiedTables(handle: DbHandle): Promise<[string, number][]> {
  if (handle.kind === 'sqlite' && !existsSync(sqliteFilePath(handle.url))) return [];
  const snapshot = await openSnapshot(handle.url);
  try {
    const counts: [string, number][] = [];
    for (const t of dataModelTables()) counts.push([t.name, await snapshot.count(t.name)]);
    return counts.filter(([, n]) => n > 0);
  } finally {
    await snapshot.close();
  }
}

function notEmpty(handle: DbHandle, holding: [string, number][]): AppError {
  const some = holding.slice(0, 4).map(([t, n]) => `${t}: ${n}`).join(', ');
  return new AppError(
    'conflict',
    `the database ${redact(handle.url)} already holds data (${some}${holding.length > 4 ? ', …' : ''}); restore fills an empty database only. Point DATABASE_URL at a new database, or add --force to replace everything in this one`,
  );
}

interface InsertPlan {
  /** Target columns filled from the backup, with the backup's column type and the backup column read. */
  columns: (TargetColumn & { type: ManifestTable['columns'][number]['type']; source: string })[];
}

/** Required columns added by a migration that filled them with a copy of another column: an older backup fills them the same way. */
const FILLED_FROM: Record<string, string> = { 'Subscriber.key': 'email' };

/** Maps the backup's columns onto the table as this version has it; a column added since must have a default. */
async function insertPlan(file: string, target: RestoreTarget, table: ManifestTable, dropped: string[]): Promise<InsertPlan> {
  const columns = await target.columns(table.name);
  const model = dataModelTables().find((t) => t.name === table.name)!;
  const backed = new Map(table.columns.map((c) => [c.name, c.type]));
  for (const c of table.columns) if (!columns.some((t) => t.name === c.name)) dropped.push(`column ${table.name}.${c.name}`);
  const sourceOf = (name: string) => (backed.has(name) ? name : backed.has(FILLED_FROM[`${table.name}.${name}`] ?? '') ? FILLED_FROM[`${table.name}.${name}`]! : null);
  for (const t of columns) {
    if (sourceOf(t.name) || !t.notNull || t.hasDefault) continue;
    throw badBackup(file, `cannot be restored into this version: ${table.name}.${t.name} was added after the backup was taken and has no default value`);
  }
  const filled = columns.flatMap((t) => {
    const source = sourceOf(t.name);
    return source ? [{ ...t, type: backed.get(source)!, source }] : [];
  });
  for (const c of filled) {
    const now = model.columns.find((m) => m.name === c.name)?.type;
    if (now && now !== c.type) throw badBackup(file, `cannot be restored into this version: ${table.name}.${c.name} was ${c.type} and is now ${now}`);
  }
  return { columns: filled };
}

/** Decodes and inserts a table's rows batch by batch; the next batch is read only once the last is written. */
async function insertAll(target: RestoreTarget, table: ManifestTable, plan: InsertPlan, source: AsyncIterable<BackupRow>): Promise<number> {
  const per = rowsPerInsert(plan.columns.length);
  let batch: unknown[][] = [];
  let count = 0;
  for await (const row of source) {
    count += 1;
    batch.push(
      plan.columns.map((c) => {
        try {
          return decodeValue(target.kind, c.type, row[c.source] ?? null);
        } catch (error) {
          throw new AppError('validation', `${table.file} line ${count}, ${c.name}: ${(error as Error).message}`);
        }
      }),
    );
    if (batch.length === per) {
      await target.insertBatch(table.name, plan.columns, batch);
      batch = [];
    }
  }
  await target.insertBatch(table.name, plan.columns, batch);
  return count;
}

/** The restore's own audit row, in its transaction; the audit log numbers it (after resetSequences). */
async function insertAudit(target: RestoreTarget, entry: ReturnType<typeof auditData>): Promise<void> {
  const model = dataModelTables().find((t) => t.name === 'AuditLog')!;
  const types = new Map(model.columns.map((c) => [c.name, c.type]));
  const columns = (await target.columns('AuditLog')).filter((c) => c.name in entry);
  const values = columns.map((c) => {
    const value = entry[c.name as keyof typeof entry];
    return decodeValue(target.kind, types.get(c.name)!, value instanceof Date ? value.toISOString() : value);
  });
  await target.insertBatch('AuditLog', columns, [values]);
}
