import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseKindOf, type DatabaseKind } from './env';
import { projectRoot } from './project-root';
import { sqliteFilePath } from './sqlite-path';

// Migrations are applied by Prisma's schema engine compiled to WebAssembly, because the native
// engine cannot be downloaded everywhere Candor runs. The SQL and the _prisma_migrations table are
// the same as `prisma migrate deploy` would use.

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
type Engine = Awaited<ReturnType<Bg['SchemaEngine']['new']>>;
type MigrationList = Parameters<Engine['applyMigrations']>[0]['migrationsList'];

/**
 * Loads the schema-engine wasm by hand: Node 20 cannot import a .wasm module. Once per process, kept
 * on globalThis: the glue module is Node's one copy, but this file may be loaded more than once (each
 * Vitest project has its own module graph), and a second instance set into the same glue while the
 * first engine runs broke it ("The encoded data was not valid for encoding utf-8" from
 * `vitest run --project integration --project integration-heavy`).
 */
function loadEngineModule(): Promise<Bg> {
  const shared = globalThis as { candorSchemaEngine?: Promise<Bg> };
  shared.candorSchemaEngine ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = (await import(gluePath)) as Bg & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    const bytes = readFileSync(/*turbopackIgnore: true*/ join(dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return shared.candorSchemaEngine;
}

export function migrationsDir(kind: DatabaseKind): string {
  return join(projectRoot(), 'prisma', kind, 'migrations');
}

/** The migrations shipped with this version, in the shape the schema engine expects. */
export function loadMigrationList(kind: DatabaseKind): MigrationList {
  const baseDir = migrationsDir(kind);
  const lockPath = join(baseDir, 'migration_lock.toml');
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(baseDir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: readFileSync(join(baseDir, name, 'migration.sql'), 'utf8') } },
    })),
  };
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const noFilters = { externalTables: [], externalEnums: [] };

interface Opened {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Names of migrations the database records as applied; empty for a new database. */
  appliedNames(): Promise<string[]>;
  close(): Promise<void>;
}

const appliedSql = `SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** SQLite: keep the engine's connection so it can be closed (it holds an exclusive lock). */
function openSqlite(url: string): Opened {
  const file = sqliteFilePath(url);
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const inner = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 15_000 });
  const adapters: { dispose(): Promise<void> }[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const a = await inner.connect();
      adapters.push(a);
      return a;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
  const appliedNames = async () => {
    if (file === ':memory:') return [];
    const conn = new Database(file, { timeout: 15_000 });
    try {
      const table = conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      return table ? (conn.prepare(appliedSql).all() as { name: string }[]).map((r) => r.name) : [];
    } finally {
      conn.close();
    }
  };
  const close = async () => {
    await Promise.all(adapters.map((a) => a.dispose()));
    if (file === ':memory:') return;
    // WAL lets the status page read while the worker writes; the setting is stored in the file.
    const conn = new Database(file, { timeout: 15_000 });
    try {
      conn.pragma('journal_mode = WAL');
    } finally {
      conn.close();
    }
  };
  return { factory, appliedNames, close };
}

/**
 * PostgreSQL: one connection, so the engine's advisory lock lives exactly as long as this run
 * (two instances starting at once serialise on it), and each migration script is sent as one
 * simple query so PostgreSQL runs it atomically and `;` inside strings or $$ bodies survives.
 */
function openPostgres(url: string): Opened {
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  const inner = new PrismaPg(pool);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      return new Proxy(adapter, {
        get(target, prop, receiver) {
          if (prop === 'executeScript') return async (script: string) => void (await pool.query(script));
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
  const appliedNames = async () => {
    const exists = await pool.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok`);
    if (!exists.rows[0]?.ok) return [];
    return (await pool.query<{ name: string }>(appliedSql)).rows.map((r) => r.name);
  };
  return { factory, appliedNames, close: () => pool.end() };
}

export interface MigrateResult {
  kind: DatabaseKind;
  applied: string[];
  total: number;
}

/** Applies pending migrations. Refuses a database migrated by a newer Candor. */
export async function migrateDatabase(url: string, log: (line: string) => void = () => undefined): Promise<MigrateResult> {
  const kind = databaseKindOf(url);
  const list = loadMigrationList(kind);
  if (list.migrationDirectories.length === 0) throw new MigrationError(`no migrations found under ${list.baseDir}`);
  const bg = await loadEngineModule();
  const opened = kind === 'sqlite' ? openSqlite(url) : openPostgres(url);
  let engine: Engine | undefined;
  try {
    const checkApplied = async () => {
      const known = new Set(list.migrationDirectories.map((m) => m.path));
      const applied = await opened.appliedNames();
      const unknown = applied.filter((name) => !known.has(name));
      if (unknown.length > 0) {
        throw new MigrationError(`this database was migrated by a newer version of Candor (it has ${unknown.join(', ')}, which this version does not know); upgrade Candor or point DATABASE_URL at another database`);
      }
      return applied.length === known.size;
    };
    // Nothing pending: no engine, so no lock. On SQLite the engine waits for exclusive use of the
    // file, which a running `candor start` never gives; a `candor worker` beside it must still start.
    if (kind === 'sqlite' && (await checkApplied())) return { kind, applied: [], total: list.migrationDirectories.length };
    try {
      engine = await bg.SchemaEngine.new({ datamodels: undefined }, (line: string) => log(line), bindMigrationAwareSqlAdapterFactory(opened.factory));
    } catch (error) {
      throw new MigrationError(`cannot connect to the database: ${describe(error)}`);
    }
    await checkApplied();
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: list, filters: noFilters });
    return { kind, applied: appliedMigrationNames, total: list.migrationDirectories.length };
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migration failed: ${describe(error)}`);
  } finally {
    engine?.free();
    await opened.close().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  // The engine's SQLite connector reports a busy file as a variant its own error type lacks.
  if (error instanceof Error && /unknown variant `SocketTimeout`/.test(error.message)) return 'the SQLite file stayed locked by another process for 15 s (is `candor start` running on it? stop it to apply new migrations)';
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  if (typeof error === 'object' && error && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

export { loadEngineModule };
