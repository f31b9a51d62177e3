import 'server-only';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient as PgClient } from '@/lib/generated/postgresql/client';
import { PrismaClient as SqliteClient } from '@/lib/generated/sqlite/client';
import { databaseKindOf, env, type DatabaseKind } from './env';
import { sqliteFilePath } from './sqlite-path';
import { takingTurns, Turns } from './sqlite-turns';
import { SqliteDirect } from './sqlite-direct';

/**
 * The Prisma client type. Both generated clients share model and enum types, but their client
 * classes are not assignable to each other; the PostgreSQL one is the superset used everywhere.
 */
export type Db = PgClient;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface DbHandle {
  db: Db;
  kind: DatabaseKind;
  url: string;
  /** The pg pool behind the client (PostgreSQL only): LISTEN/NOTIFY and bulk SQL use it. */
  pool?: pg.Pool;
  /** SQLite only: the worker's claims and outcomes, compiled once, taking turns with the client's statements. */
  sqlite?: SqliteDirect;
  close(): Promise<void>;
}

/** Opens a client for a database URL. Each process normally holds one, through db(). */
export function openDb(url: string): DbHandle {
  const kind = databaseKindOf(url);
  if (kind === 'sqlite') {
    const file = sqliteFilePath(url);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const turns = new Turns();
    const adapter = takingTurns(new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 15_000 }), turns);
    const client = new SqliteClient({ adapter }) as unknown as Db;
    const sqlite = new SqliteDirect(file, turns, 15_000);
    return {
      db: client,
      kind,
      url,
      sqlite,
      close: async () => {
        sqlite.close();
        await client.$disconnect();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', () => undefined);
  const client = new PgClient({ adapter: new PrismaPg(pool) });
  return {
    db: client,
    kind,
    url,
    pool,
    close: async () => {
      await client.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

const globalForDb = globalThis as unknown as { __candorDb?: DbHandle };

/** The process's database handle, shared by the Next bundle and the command line through globalThis. */
export function dbHandle(): DbHandle {
  globalForDb.__candorDb ??= openDb(env().databaseUrl);
  return globalForDb.__candorDb;
}

export function db(): Db {
  return dbHandle().db;
}

/** Drops the process's handle (tests and shutdown). */
export async function closeDb(): Promise<void> {
  const handle = globalForDb.__candorDb;
  globalForDb.__candorDb = undefined;
  await handle?.close();
}
