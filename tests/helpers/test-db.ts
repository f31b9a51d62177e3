import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateDatabase } from '@/lib/server/migrate';
import { openDb, type DbHandle } from '@/lib/server/db';
import type { DatabaseKind } from '@/lib/server/env';

/** PostgreSQL on this machine (CI shares it): every test database is created and dropped per run. */
export const PG_ADMIN_URL = process.env.CANDOR_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgresql'];

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  handle: DbHandle;
  /** Makes this database the process's db() (what services use). */
  install(): void;
  drop(): Promise<void>;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`refusing to run tests against non-local database ${host}`);
}

/** Runs one statement as the PostgreSQL admin (CREATE/DROP DATABASE cannot run in a transaction). */
export async function pgAdminQuery(sql: string): Promise<void> {
  assertLocal(PG_ADMIN_URL);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export const pgDatabaseName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** Creates database `name` (a copy of `template` if given) and returns its URL. */
export async function createPgDatabase(name: string, template?: string): Promise<string> {
  await pgAdminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export const dropPgDatabase = (name: string) => pgAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

/** The templates the integration projects' global setup migrated, if this run has them. */
function templates() {
  try {
    return inject('candorTemplates');
  } catch {
    return undefined;
  }
}

/**
 * A fresh, migrated, empty database of the given kind: a copy of the run's migrated template, or
 * with `migrate: true` (or no template) migrated here, for tests of the migrations themselves.
 */
export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const template = options.migrate ? undefined : templates()?.[kind];
  let url: string;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'candor-test-'));
    const file = join(dir, 'test.db');
    url = `file:${file}`;
    if (template) copyFileSync(template, file);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = pgDatabaseName('candor_test');
    url = await createPgDatabase(name, template);
    cleanup = () => dropPgDatabase(name);
  }
  if (!template) await migrateDatabase(url);
  const handle = openDb(url);
  const g = globalThis as unknown as { __candorDb?: DbHandle };
  return {
    kind,
    url,
    handle,
    install: () => {
      g.__candorDb = handle;
    },
    drop: async () => {
      if (g.__candorDb === handle) g.__candorDb = undefined;
      await handle.close();
      await cleanup();
    },
  };
}
