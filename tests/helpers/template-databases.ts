import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '@/lib/server/migrate';
import { createPgDatabase, dropPgDatabase, pgAdminQuery, pgDatabaseName } from './test-db';

// Vitest global setup for the integration projects: one SQLite file and one PostgreSQL database,
// migrated once per run by the real migrations. Each test database starts as a copy of one of them
// (a file copy, or CREATE DATABASE ... TEMPLATE), a fraction of the cost of migrating it again.

declare module 'vitest' {
  export interface ProvidedContext {
    candorTemplates: { sqlite: string; postgresql: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'candor-template-'));
  const sqlite = join(dir, 'template.db');
  const postgresql = pgDatabaseName('candor_tmpl');
  const url = await createPgDatabase(postgresql);
  await Promise.all([migrateDatabase(`file:${sqlite}`), migrateDatabase(url)]);
  // A session left in a template makes every clone of it fail; none may open one.
  await pgAdminQuery(`ALTER DATABASE ${postgresql} WITH ALLOW_CONNECTIONS false`);
  project.provide('candorTemplates', { sqlite, postgresql });
  return async () => {
    await dropPgDatabase(postgresql);
    rmSync(dir, { recursive: true, force: true });
  };
}
