import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

/** A fresh, migrated, empty database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'candor-test-'));
    url = `file:${join(dir, 'test.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    assertLocal(PG_ADMIN_URL);
    const name = `candor_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  await migrateDatabase(url);
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
