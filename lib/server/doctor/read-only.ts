import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseKind } from '../env';
import { sqliteFilePath } from '../sqlite-path';

// `candor doctor` reads state with short connections of its own, never through the app's client:
// it must answer even when that client could not start. One opener per engine, closed every time.

export interface ReadOnlyQueries<T> {
  sqlite: (conn: Database.Database) => T;
  postgresql: (client: pg.Client) => Promise<T>;
}

/** Runs the engine's query on a read-only SQLite handle (the file must exist) or a one-off PostgreSQL client. */
export async function readOnly<T>(url: string, kind: DatabaseKind, timeoutMs: number, queries: ReadOnlyQueries<T>): Promise<T> {
  if (kind === 'sqlite') {
    const conn = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true, timeout: timeoutMs });
    try {
      return queries.sqlite(conn);
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await queries.postgresql(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
