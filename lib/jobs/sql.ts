import pg from 'pg';
import { dbHandle, type DbHandle } from '@/lib/server/db';

// Raw SQL for the outbox's bulk statements, written once with $1..$n placeholders. PostgreSQL
// runs it on the pg pool; SQLite through Prisma with ? in order. Timestamps are passed as Dates
// (SQLite stores Prisma's ISO text, so comparisons stay textual and consistent).

export function dialect(): 'sqlite' | 'postgresql' {
  return dbHandle().kind;
}

/** better-sqlite3 binds only anonymous ?: each $n becomes ? and its value is repeated in order. */
export function toSqlite(sql: string, params: unknown[]): [string, unknown[]] {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    ordered.push(sqliteParam(params[Number(n) - 1]));
    return '?';
  });
  return [text, ordered];
}

export async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const h = dbHandle();
  if (h.pool) return (await h.pool.query(sql, params)).rows as T[];
  const [text, values] = toSqlite(sql, params);
  return (await h.db.$queryRawUnsafe(text, ...values)) as T[];
}

export async function execute(sql: string, params: unknown[] = []): Promise<number> {
  const h = dbHandle();
  if (h.pool) return (await h.pool.query(sql, params)).rowCount ?? 0;
  const [text, values] = toSqlite(sql, params);
  return h.db.$executeRawUnsafe(text, ...values);
}

function sqliteParam(p: unknown): unknown {
  if (typeof p === 'boolean') return p ? 1 : 0;
  return p;
}

/** A timestamp parameter in SQL: PostgreSQL columns are UTC timestamps without zone. */
export function ts(n: number): string {
  return dialect() === 'postgresql' ? `($${n}::timestamptz AT TIME ZONE 'UTC')` : `$${n}`;
}

/** What to pass for a ts() parameter. */
export function tsParam(d: Date): unknown {
  return dialect() === 'postgresql' ? d.toISOString() : d;
}

/** Enum-typed column values need a cast on PostgreSQL only. */
export function enumCast(type: string): string {
  return dialect() === 'postgresql' ? `::"${type}"` : '';
}

export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

// The outbox's own bookkeeping (claims and outcomes) commits without waiting for the WAL flush:
// a worker crash loses nothing (the server has the change), and a database crash can at worst
// lose the last moments of "sent" marks, so those few messages would go out again.
const outboxPools = new WeakMap<DbHandle, pg.Pool>();
function outboxPool(h: DbHandle): pg.Pool {
  let p = outboxPools.get(h);
  if (!p) {
    p = new pg.Pool({ connectionString: h.url, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true, options: '-c synchronous_commit=off' });
    p.on('error', () => undefined);
    outboxPools.set(h, p);
  }
  return p;
}

/** The worker's pool for a handle, if it has made one (for the pool metrics). */
export function outboxPoolOf(h: DbHandle): pg.Pool | undefined {
  return outboxPools.get(h);
}

// The outcome writes are a few fixed texts run hundreds of times a second in a fan-out: each is
// prepared once per connection under a name of its own instead of parsed and planned every time
// (a third of PostgreSQL's CPU for a group of 8). Claims (one per 256 rows) stay planned for their
// own parameters: where the cursor starts decides the best index scan.
const statementNames = new Map<string, string>();
function prepared(sql: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `candor_outbox_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values };
}

/** rows() for the worker's claim/outcome statements. */
export async function outboxRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const h = dbHandle();
  if (h.pool) return (await outboxPool(h).query(sql, params)).rows as T[];
  if (h.sqlite) return h.sqlite.all<T>(...toSqlite(sql, params));
  return rows<T>(sql, params);
}

export async function outboxExecute(sql: string, params: unknown[] = []): Promise<number> {
  const h = dbHandle();
  if (h.pool) return (await outboxPool(h).query(prepared(sql, params))).rowCount ?? 0;
  if (h.sqlite) return h.sqlite.run(...toSqlite(sql, params));
  return execute(sql, params);
}

/** SQLite: statements, already in SQLite's form (? placeholders), run in one transaction. */
export async function outboxBatch(statements: [string, unknown[]][]): Promise<void> {
  const direct = dbHandle().sqlite;
  if (!direct) throw new Error('outboxBatch runs on SQLite only');
  return direct.batch(statements);
}

export async function closeOutboxPool(): Promise<void> {
  const h = dbHandle();
  const p = outboxPools.get(h);
  outboxPools.delete(h);
  await p?.end().catch(() => undefined);
}
