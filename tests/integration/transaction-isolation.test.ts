import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';

// Work outside a transaction must not become part of one that happens to be open. On SQLite, where
// Prisma's adapter has a single connection, a statement issued while an interactive transaction
// waited on JavaScript ran inside it: it read the transaction's uncommitted rows, and its own write
// was undone when that transaction rolled back, after it had been reported done
// (lib/server/sqlite-turns.ts).

describe.each(DATABASE_KINDS)('work beside an open transaction on %s', (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await t.handle.db.component.createMany({ data: Array.from({ length: 21 }, (_, i) => ({ slug: `c${i}`, name: `C${i}` })) });
  });
  afterAll(async () => {
    await t.drop();
  });

  it('keeps writes made beside a transaction that rolls back, and hides its uncommitted rows from them', async () => {
    const db = t.handle.db;
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.component.update({ where: { slug: 'c0' }, data: { name: 'written inside, rolled back' } });
        opened();
        await mayFinish;
        throw new Error('the transaction fails');
      })
      .catch((error: Error) => error.message);
    await isOpen;

    // A burst of single-statement writes (as the outbox's raw SQL is) and a read beside it, started
    // (a Prisma query runs once awaited) while it is open, and given time to reach the database.
    const writes = Array.from({ length: 20 }, (_, i) => (async () => db.$executeRaw`UPDATE "Component" SET description = ${'written beside'} WHERE slug = ${`c${i + 1}`}`)());
    const read = (async () => db.component.findUniqueOrThrow({ where: { slug: 'c0' }, select: { name: true } }))();
    await new Promise((resolve) => setTimeout(resolve, 100));
    finish();

    expect(await rolledBack).toBe('the transaction fails');
    await Promise.all(writes);
    // The read never saw the uncommitted name, and the transaction's own write is gone (the control: it did roll back).
    expect((await read).name).toBe('C0');
    expect((await db.component.findUniqueOrThrow({ where: { slug: 'c0' } })).name).toBe('C0');
    const beside = await db.component.findMany({ where: { description: 'written beside' }, select: { slug: true } });
    expect(beside.map((c) => c.slug).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i + 1}`).sort());
  });

  it('still commits a transaction and the writes queued behind it', async () => {
    const db = t.handle.db;
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const committed = db.$transaction(async (tx) => {
      await tx.component.update({ where: { slug: 'c0' }, data: { name: 'committed inside' } });
      opened();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.component.update({ where: { slug: 'c1' }, data: { name: 'committed inside too' } });
    });
    await isOpen;
    const beside = (async () => db.$executeRaw`UPDATE "Component" SET name = ${'written beside'} WHERE slug = ${'c2'}`)();
    await committed;
    await beside;
    const names = await db.component.findMany({ where: { slug: { in: ['c0', 'c1', 'c2'] } }, orderBy: { slug: 'asc' }, select: { name: true } });
    expect(names.map((c) => c.name)).toEqual(['committed inside', 'committed inside too', 'written beside']);
  });
});
