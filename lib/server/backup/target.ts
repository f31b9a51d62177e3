import Database from 'better-sqlite3';
import { databaseKindOf, type DatabaseKind } from '../env';
import { sqliteFilePath } from '../sqlite-path';
import { connectPg } from './snapshot';

// The database a restore fills, written through its own driver on one connection and one
// transaction (no ORM, no per-row objects), so memory stays flat however large a table is.
// Everything between begin and commit commits or rolls back with the rows.

export interface TargetColumn {
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  /** The column's SQL type (PostgreSQL), used to cast each parameter. */
  sqlType: string;
}

export interface RestoreTarget {
  kind: DatabaseKind;
  begin(): Promise<void>;
  /** The table's columns as this version's schema has them. */
  columns(table: string): Promise<TargetColumn[]>;
  count(table: string): Promise<number>;
  /** Empties the tables (`restore --force`), the append-only audit log included. */
  empty(tables: string[]): Promise<void>;
  /** Inserts rows of values in `columns` order; values come from codec.ts's decodeValue for this engine. */
  insertBatch(table: string, columns: TargetColumn[], rows: unknown[][]): Promise<void>;
  /** PostgreSQL: restored ids were given explicitly, so each serial sequence restarts after the highest. */
  resetSequences(tables: string[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Rows per INSERT: engines cap the number of parameters in one statement (SQLite 32766, PostgreSQL 65535). */
export const rowsPerInsert = (columns: number) => Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns))));

const insertSql = (table: string, columns: TargetColumn[], rows: number, placeholder: (c: TargetColumn, i: number) => string) => {
  let i = 0;
  const values = Array.from({ length: rows }, () => `(${columns.map((c) => placeholder(c, ++i)).join(', ')})`).join(', ');
  return `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES ${values}`;
};

export async function openRestoreTarget(url: string): Promise<RestoreTarget> {
  return databaseKindOf(url) === 'sqlite' ? sqliteTarget(url) : postgresTarget(url);
}

function sqliteTarget(url: string): RestoreTarget {
  const conn = new Database(sqliteFilePath(url), { timeout: 15_000 });
  conn.pragma('foreign_keys = ON');
  // A full batch reuses one prepared statement per table; only each table's last batch prepares its own.
  const prepared = new Map<string, Database.Statement>();
  const flat = (rows: unknown[][]) => {
    const out: unknown[] = [];
    for (const row of rows) for (const v of row) out.push(v);
    return out;
  };
  return {
    kind: 'sqlite',
    begin: async () => {
      conn.exec('BEGIN IMMEDIATE');
      // Rows arrive table by table; their references are checked at commit.
      conn.pragma('defer_foreign_keys = ON');
    },
    columns: async (table) => {
      const rows = conn.prepare(`SELECT name, "notnull" AS "notNull", dflt_value IS NOT NULL AS "hasDefault", type FROM pragma_table_info(?)`).all(table) as {
        name: string;
        notNull: number;
        hasDefault: number;
        type: string;
      }[];
      return rows.map((r) => ({ name: r.name, notNull: r.notNull === 1, hasDefault: r.hasDefault === 1, sqlType: r.type }));
    },
    count: async (table) => Number((conn.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)}`).get() as { n: number }).n),
    // The audit log's triggers refuse DELETE: they are dropped and re-created from their own stored
    // definitions inside this transaction, so nothing else can delete while they are away.
    empty: async (tables) => {
      const triggers = conn.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[];
      for (const t of triggers) conn.exec(`DROP TRIGGER ${quote(t.name)}`);
      for (const table of tables) conn.exec(`DELETE FROM ${quote(table)}`);
      for (const t of triggers) conn.exec(t.sql);
    },
    insertBatch: async (table, columns, rows) => {
      if (rows.length === 0) return;
      const key = `${table}\n${columns.map((c) => c.name).join(',')}\n${rows.length}`;
      let stmt = prepared.get(key);
      if (!stmt) {
        stmt = conn.prepare(insertSql(table, columns, rows.length, () => '?'));
        if (rows.length === rowsPerInsert(columns.length)) prepared.set(key, stmt);
      }
      stmt.run(flat(rows));
    },
    resetSequences: async () => undefined,
    commit: async () => {
      conn.exec('COMMIT');
    },
    rollback: async () => {
      if (conn.inTransaction) conn.exec('ROLLBACK');
    },
    close: async () => {
      prepared.clear();
      conn.close();
    },
  };
}

async function postgresTarget(url: string): Promise<RestoreTarget> {
  const client = await connectPg(url, [`SET TIME ZONE 'UTC'`]);
  return {
    kind: 'postgresql',
    begin: async () => {
      await client.query('BEGIN');
    },
    columns: async (table) =>
      (
        await client.query<TargetColumn>(
          `SELECT a.attname AS name, a.attnotnull AS "notNull", a.atthasdef AS "hasDefault", format_type(a.atttypid, a.atttypmod) AS "sqlType"
           FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
          [quote(table)],
        )
      ).rows,
    count: async (table) => Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`)).rows[0]?.n ?? 0),
    // TRUNCATE fires no row triggers, so the append-only audit log empties with the rest.
    empty: async (tables) => {
      if (tables.length > 0) await client.query(`TRUNCATE ${tables.map(quote).join(', ')} RESTART IDENTITY`);
    },
    insertBatch: async (table, columns, rows) => {
      if (rows.length === 0) return;
      const values: unknown[] = [];
      for (const row of rows) for (const v of row) values.push(v);
      await client.query(insertSql(table, columns, rows.length, (c, i) => `$${i}::${c.sqlType}`), values);
    },
    resetSequences: async (tables) => {
      const serials = await client.query<{ t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
      );
      for (const s of serials.rows.filter((x) => tables.includes(x.t))) {
        await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${quote(s.c)}) FROM ${quote(s.t)}), 0) + 1, false)`, [quote(s.t), s.c]);
      }
    },
    commit: async () => {
      await client.query('COMMIT');
    },
    rollback: async () => {
      await client.query('ROLLBACK').catch(() => undefined);
    },
    close: async () => {
      await client.end().catch(() => undefined);
    },
  };
}
