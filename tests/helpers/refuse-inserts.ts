import type { TestDatabase } from './test-db';

const SHORT = { OutboxMail: 'outbox', AuditLog: 'audit' } as const;

/**
 * Makes the database itself refuse every INSERT into a table (a trigger raising an error), so a
 * test sees what a real failing insert does to the surrounding transaction; `on = false` undoes it.
 */
export async function refuseInserts(t: TestDatabase, table: keyof typeof SHORT, on: boolean): Promise<void> {
  const db = t.handle.db;
  const name = `refuse_${SHORT[table]}`;
  const message = `${SHORT[table]} refused`;
  if (t.kind === 'sqlite') {
    await db.$executeRawUnsafe(on ? `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, '${message}'); END` : `DROP TRIGGER ${name}`);
    return;
  }
  if (on) {
    await db.$executeRawUnsafe(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  } else {
    await db.$executeRawUnsafe(`DROP TRIGGER ${name} ON "${table}"`);
    await db.$executeRawUnsafe(`DROP FUNCTION ${name}()`);
  }
}

/** What the database said: SQLite's adapter reports a trigger's RAISE as a foreign-key error and keeps its text in meta. */
export async function refusal(pending: Promise<unknown>): Promise<string> {
  const error = await pending.then(
    () => {
      throw new Error('expected the database to refuse, but it succeeded');
    },
    (e: unknown) => e,
  );
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } }).meta;
  return `${(error as Error).message} ${meta?.driverAdapterError?.cause?.originalMessage ?? ''}`;
}
