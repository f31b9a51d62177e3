import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';
import { AppError } from '@/lib/server/errors';
import { verifyPassword } from '@/lib/server/auth/password';
import { AlreadySetUpError, createFirstAdmin, firstAdminFieldErrors } from '@/lib/server/setup/create-first-admin';
import { needsFirstAdmin } from '@/lib/server/setup/setup-state';

const good = { name: 'Robin Responder', email: 'Robin@Example.com', password: 'a long enough password', confirmPassword: 'a long enough password' };

describe('first-admin form validation', () => {
  it('reports every bad field at once', () => {
    expect(firstAdminFieldErrors({ name: '', email: 'nope', password: 'short', confirmPassword: 'other', loadDemo: false })).toEqual({
      name: 'enter your name',
      email: 'not a valid e-mail address',
      password: 'use at least 10 characters',
      confirmPassword: 'the two passwords differ',
    });
    expect(firstAdminFieldErrors(good)).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('first-run setup on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('refuses bad input without creating anyone', async () => {
    const error = await createFirstAdmin({ input: { ...good, confirmPassword: 'something else entirely' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).field).toBe('confirmPassword');
    expect(await needsFirstAdmin()).toBe(true);
  });

  it('lets exactly one of two simultaneous submissions become the first admin', async () => {
    const results = await Promise.allSettled([
      createFirstAdmin({ input: good }),
      createFirstAdmin({ input: { ...good, email: 'other@example.com', name: 'Other' } }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(AlreadySetUpError);
    const users = await t.handle.db.user.findMany();
    expect(users).toHaveLength(1);
    expect(users[0]!.role).toBe('admin');
    expect(users[0]!.mustChangePassword).toBe(false);
    expect(await verifyPassword(users[0]!.passwordHash, good.password)).toBe(true);
    expect(await t.handle.db.auditLog.count({ where: { action: 'user.create', objectId: users[0]!.id } })).toBe(1);
    expect(await needsFirstAdmin()).toBe(false);
  });

  it('never creates a second first admin, with or without the demo', async () => {
    await expect(createFirstAdmin({ input: { ...good, email: 'late@example.com', loadDemo: true } })).rejects.toBeInstanceOf(AlreadySetUpError);
    expect(await t.handle.db.user.count()).toBe(1);
    expect(await t.handle.db.region.count()).toBe(0);
  });
});

describe('first-run setup with the demo', () => {
  it('creates the admin and loads the scenario', async () => {
    const t = await createTestDatabase('sqlite');
    t.install();
    try {
      const result = await createFirstAdmin({ input: { ...good, loadDemo: true } });
      expect(result).toMatchObject({ email: 'robin@example.com', demoLoaded: true });
      expect(await t.handle.db.region.findUnique({ where: { slug: 'telstra-au' } })).toMatchObject({ product: 'Hiptop' });
      const audit = await t.handle.db.auditLog.findFirstOrThrow({ where: { action: 'demo.load' } });
      expect(audit.actorId).toBe(result.id);
    } finally {
      await t.drop();
    }
  });
});

describe('first-run setup racing another transaction on postgresql', () => {
  it('waits for a concurrent setup to commit, then refuses', async () => {
    const t = await createTestDatabase('postgresql');
    t.install();
    const other = t.handle.pool!;
    const client = await other.connect();
    try {
      // Another instance is half-way through its own setup: marker written, user inserted, not committed.
      await client.query('BEGIN');
      await client.query(`INSERT INTO "SystemState" (key, value, "updatedAt") VALUES ('setup.first_admin', 'first@example.com', now())`);
      await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ('u1', 'first@example.com', 'First', 'admin', 'x', now())`);
      const attempt = createFirstAdmin({ input: good }).then(
        () => 'created',
        (e: unknown) => e,
      );
      await new Promise((r) => setTimeout(r, 500));
      await client.query('COMMIT');
      expect(await attempt).toBeInstanceOf(AlreadySetUpError);
      expect(await t.handle.db.user.count()).toBe(1);
    } finally {
      client.release();
      await t.drop();
    }
  });
});
