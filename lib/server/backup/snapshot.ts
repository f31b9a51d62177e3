import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseKindOf, type DatabaseKind } from '../env';
import { sqliteFilePath } from '../sqlite-path';

// One consistent view of the whole database, read table by table while Candor keeps writing.
// SQLite: one read transaction on one connection (in WAL mode its snapshot is fixed at the first
// read). PostgreSQL: one REPEATABLE READ, READ ONLY transaction, read through cursors so memory
// stays flat however large a table is.

export interface Snapshot {
  engine: DatabaseKind;
  /** Migrations the database records as applied, oldest first. */
  migrations(): Promise<string[]>;
  /** The columns a table has in the database (empty when there is no such table). */
  columns(table: string): Promise<string[]>;
  /** Foreign keys between tables: `from` points at `to`. */
  references(): Promise<{ from: string; to: string }[]>;
  /** How many rows a table holds (0 when there is no such table). */
  count(table: string): Promise<number>;
  /** A table's rows in batches; SQLite integers come as bigint, every PostgreSQL value as text. */
  rows(table: string, columns: string[]): AsyncIterable<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const BATCH = 1000;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const appliedSql = `SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`;

export async function openSnapshot(url: string): Promise<Snapshot> {
  return databaseKindOf(url) === 'sqlite' ? sqliteSnapshot(url) : postgresSnapshot(url);
}

function sqliteSnapshot(url: string): Snapshot {
  const conn = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true, timeout: 15_000 });
  conn.exec('BEGIN');
  // The first read fixes the snapshot every later read in this transaction sees.
  const hasMigrations = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get() !== undefined;
  return {
    engine: 'sqlite',
    migrations: async () => (hasMigrations ? (conn.prepare(appliedSql).all() as { name: string }[]).map((r) => r.name) : []),
    columns: async (table) => (conn.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name),
    count: async (table) => {
      const exists = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
      return exists ? Number((conn.prepare(`SELECT COUNT(*) AS n FROM ${q(table)}`).get() as { n: number }).n) : 0;
    },
    references: async () => conn.prepare(`SELECT m.name AS "from", f."table" AS "to" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`).all() as { from: string; to: string }[],
    async *rows(table, columns) {
      const stmt = conn.prepare(`SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`).safeIntegers(true);
      let batch: Record<string, unknown>[] = [];
      for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
        batch.push(row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    close: async () => {
      conn.exec('COMMIT');
      conn.close();
    },
  };
}

/** One PostgreSQL connection with its session set up by `setup` (run in order); closed again if that fails. */
export async function connectPg(url: string, setup: string[], types?: pg.CustomTypesConfig): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const sql of setup) await client.query(sql);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

// Every value as PostgreSQL's text: the codec decodes it by the column's Prisma type, so no
// driver conversion (time zones, 64-bit integers) stands between the database and the file.
const asText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

async function postgresSnapshot(url: string): Promise<Snapshot> {
  // The snapshot is taken at the first statement of the transaction (the SELECT 1).
  const client = await connectPg(url, [`SET TIME ZONE 'UTC'; SET DateStyle = ISO; SET bytea_output = hex`, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', 'SELECT 1'], asText);
  return {
    engine: 'postgresql',
    migrations: async () => {
      const exists = await client.query<{ ok: string }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok`);
      return exists.rows[0]?.ok === 't' ? (await client.query<{ name: string }>(appliedSql)).rows.map((r) => r.name) : [];
    },
    columns: async (table) =>
      (await client.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, [table])).rows.map((r) => r.name),
    count: async (table) => {
      const exists = await client.query<{ ok: string }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [q(table)]);
      return exists.rows[0]?.ok === 't' ? Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${q(table)}`)).rows[0]?.n ?? 0) : 0;
    },
    references: async () =>
      (
        await client.query<{ from: string; to: string }>(
          `SELECT c.relname AS "from", p.relname AS "to" FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
           WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`,
        )
      ).rows,
    async *rows(table, columns) {
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`);
      try {
        for (;;) {
          const { rows } = await client.query<Record<string, unknown>>(`FETCH FORWARD ${BATCH} FROM backup_rows`);
          if (rows.length === 0) break;
          yield rows;
        }
      } finally {
        await client.query('CLOSE backup_rows');
      }
    },
    close: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
