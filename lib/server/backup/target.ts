import type { DatabaseKind } from '../env';
import type { Tx } from '../db';
import { num } from '@/lib/jobs/sql';

// What restore needs to know about, and do to, the database it fills, per engine. Everything runs
// on the restore's one transaction, so it commits or rolls back with the rows.

export interface TargetColumn {
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  /** The column's SQL type (PostgreSQL), used to cast each parameter. */
  sqlType: string;
}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function targetColumns(tx: Tx, kind: DatabaseKind, table: string): Promise<TargetColumn[]> {
  if (kind === 'sqlite') {
    const rows = await tx.$queryRawUnsafe<{ name: string; notNull: unknown; hasDefault: unknown; type: string }[]>(
      `SELECT name, "notnull" AS "notNull", dflt_value IS NOT NULL AS "hasDefault", type FROM pragma_table_info(?)`,
      table,
    );
    // An INTEGER PRIMARY KEY is the rowid: it numbers itself when left out.
    return rows.map((r) => ({ name: r.name, notNull: num(r.notNull) === 1, hasDefault: num(r.hasDefault) === 1, sqlType: r.type }));
  }
  return tx.$queryRawUnsafe<TargetColumn[]>(
    `SELECT a.attname AS name, a.attnotnull AS "notNull", a.atthasdef AS "hasDefault", format_type(a.atttypid, a.atttypmod) AS "sqlType"
     FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    quote(table),
  );
}

export async function countRows(tx: Tx, table: string): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS n FROM ${quote(table)}`);
  return num(row?.n);
}

/**
 * Empties the tables for `restore --force`. The audit log refuses DELETE (a trigger): PostgreSQL's
 * TRUNCATE fires no row triggers; on SQLite the triggers are dropped and re-created from their own
 * stored definitions inside this transaction, so nothing else can delete while they are away.
 */
export async function emptyTables(tx: Tx, kind: DatabaseKind, tables: string[]): Promise<void> {
  if (tables.length === 0) return;
  if (kind === 'postgresql') {
    await tx.$executeRawUnsafe(`TRUNCATE ${tables.map(quote).join(', ')} RESTART IDENTITY`);
    return;
  }
  const triggers = await tx.$queryRawUnsafe<{ name: string; sql: string }[]>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`);
  for (const t of triggers) await tx.$executeRawUnsafe(`DROP TRIGGER ${quote(t.name)}`);
  for (const table of tables) await tx.$executeRawUnsafe(`DELETE FROM ${quote(table)}`);
  for (const t of triggers) await tx.$executeRawUnsafe(t.sql);
}

/** Inserts rows of values in `columns` order, several rows per statement. */
export async function insertRows(tx: Tx, kind: DatabaseKind, table: string, columns: TargetColumn[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  let n = 0;
  const placeholder = (c: TargetColumn) => (kind === 'sqlite' ? '?' : `$${++n}::${c.sqlType}`);
  const values = rows.map(() => `(${columns.map(placeholder).join(', ')})`).join(', ');
  await tx.$executeRawUnsafe(`INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES ${values}`, ...rows.flat());
}

/** Rows per INSERT: engines cap the number of parameters in one statement. */
export const rowsPerInsert = (columns: number) => Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns))));

/** PostgreSQL: restored ids were given explicitly, so each serial sequence restarts after the highest. */
export async function resetSequences(tx: Tx, kind: DatabaseKind, tables: string[]): Promise<void> {
  if (kind !== 'postgresql') return;
  const serials = await tx.$queryRawUnsafe<{ t: string; c: string }[]>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  for (const s of serials.filter((x) => tables.includes(x.t))) {
    await tx.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${quote(s.c)}) FROM ${quote(s.t)}), 0) + 1, false)`,
      quote(s.t),
      s.c,
    );
  }
}
