import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';
import { loadMigrationList, migrateDatabase, MigrationError } from '@/lib/server/migrate';

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('creates every table, records each migration once, and is a no-op the second time', async () => {
    // Migrated here, not copied from the run's template: the migrations are what is under test.
    const t = await createTestDatabase(kind, { migrate: true });
    dbs.push(t);
    const again = await migrateDatabase(t.url);
    expect(again.applied).toEqual([]);
    const rows = await t.handle.db.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(loadMigrationList(kind).migrationDirectories.map((m) => m.path));
    expect(await t.handle.db.incident.count()).toBe(0);
  });

  it('refuses a database migrated by a newer version', async () => {
    const t = await createTestDatabase(kind);
    dbs.push(t);
    await t.handle.db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'y', '29990101000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
    );
    await expect(migrateDatabase(t.url)).rejects.toThrow(MigrationError);
    await expect(migrateDatabase(t.url)).rejects.toThrow(/newer version of Candor.*29990101000000_from_the_future/);
  });

  it('keeps the audit log append-only', async () => {
    const t = await createTestDatabase(kind);
    dbs.push(t);
    const row = await t.handle.db.auditLog.create({ data: { actorType: 'system', actorLabel: 'test', action: 'test.create', objectType: 'test' } });
    // SQLite reports the trigger's RAISE as a constraint failure; PostgreSQL keeps its message.
    const refusal = kind === 'postgresql' ? /append-only/ : /constraint/i;
    await expect(t.handle.db.auditLog.update({ where: { id: row.id }, data: { action: 'forged' } })).rejects.toThrow(refusal);
    await expect(t.handle.db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(refusal);
    expect((await t.handle.db.auditLog.findUniqueOrThrow({ where: { id: row.id } })).action).toBe('test.create');
  });
});

describe('two instances migrating one PostgreSQL database at once', () => {
  it('applies each migration exactly once', async () => {
    const t = await createTestDatabase('postgresql');
    try {
      await t.handle.db.$executeRawUnsafe('DROP SCHEMA public CASCADE');
      await t.handle.db.$executeRawUnsafe('CREATE SCHEMA public');
      const cli = join(process.cwd(), 'bin', 'candor.mjs');
      const runs = await Promise.all(
        [1, 2, 3].map(
          () =>
            new Promise<{ code: number | null; out: string }>((resolve) => {
              const child = spawn(process.execPath, [cli, 'migrate'], { env: { ...process.env, DATABASE_URL: t.url } });
              let out = '';
              child.stdout.on('data', (d) => (out += d));
              child.stderr.on('data', (d) => (out += d));
              child.on('close', (code) => resolve({ code, out }));
            }),
        ),
      );
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(runs.filter((r) => r.out.includes('Applied')).length).toBe(1);
      const rows = await t.handle.db.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM _prisma_migrations');
      expect(rows[0]?.n).toBe(loadMigrationList('postgresql').migrationDirectories.length);
    } finally {
      await t.drop();
    }
  });
});
