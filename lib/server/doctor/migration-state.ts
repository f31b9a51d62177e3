import { existsSync } from 'node:fs';
import { databaseKindOf, type DatabaseKind } from '../env';
import { loadMigrationList, migrateDatabase } from '../migrate';
import { sqliteFilePath } from '../sqlite-path';
import { readOnly } from './read-only';

export interface MigrationState {
  kind: DatabaseKind;
  /** missing: no database or no migrations table yet; newer: it has migrations this version does not know. */
  state: 'missing' | 'pending' | 'up_to_date' | 'newer' | 'failed';
  pending: string[];
  unknown: string[];
  failed: string[];
  total: number;
}

interface Row {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

const rowsSql = 'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations';

/** Reads the migration history without changing anything; a SQLite file that does not exist is not created. */
async function readHistory(url: string, kind: DatabaseKind, timeoutMs: number): Promise<Row[] | null> {
  if (kind === 'sqlite') {
    const file = sqliteFilePath(url);
    if (file !== ':memory:' && !existsSync(file)) return null;
  }
  return readOnly(url, kind, timeoutMs, {
    sqlite: (conn) => {
      const table = conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      return table ? (conn.prepare(rowsSql).all() as Row[]) : null;
    },
    postgresql: async (client) => {
      const exists = await client.query<{ ok: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok`);
      return exists.rows[0]?.ok ? (await client.query<Row>(rowsSql)).rows : null;
    },
  });
}

/** Compares the database's migration history with the migrations this version ships. Throws if the database cannot be reached. */
export async function readMigrationState(url: string, timeoutMs = 5_000): Promise<MigrationState> {
  const kind = databaseKindOf(url);
  const shipped = loadMigrationList(kind).migrationDirectories.map((m) => m.path);
  const rows = await readHistory(url, kind, timeoutMs);
  if (rows === null) return { kind, state: 'missing', pending: shipped, unknown: [], failed: [], total: shipped.length };
  const live = rows.filter((r) => r.rolled_back_at === null);
  const applied = new Set(live.filter((r) => r.finished_at !== null).map((r) => r.migration_name));
  const failed = live.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  const known = new Set(shipped);
  const unknown = [...applied].filter((name) => !known.has(name));
  const pending = shipped.filter((name) => !applied.has(name));
  const state = unknown.length > 0 ? 'newer' : failed.length > 0 ? 'failed' : pending.length > 0 ? 'pending' : 'up_to_date';
  return { kind, state, pending, unknown, failed, total: shipped.length };
}

/**
 * For commands that write (seed, users, tokens): migrate first when needed, so they work on a
 * fresh clone. Nothing is touched when the database is already up to date.
 */
export async function ensureMigrated(url: string): Promise<void> {
  const state = await readMigrationState(url);
  if (state.state === 'up_to_date') return;
  await migrateDatabase(url);
}
