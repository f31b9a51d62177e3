import Database from 'better-sqlite3';
import type { Turns } from './sqlite-turns';

// The delivery worker's claims and outcome writes on SQLite, hundreds a second in a fan-out, on a
// connection of their own with each statement compiled once. Through Prisma every one was parsed
// again (its adapter prepares per call) and interpreted by its engine: about a third of the worker's
// CPU per delivery. They take the same turns as Prisma's statements and transactions, so nothing
// here ever runs inside, or waits on a lock held by, one of this process's own transactions.

/** Prisma's SQLite text form of a DateTime (iso8601 with +00:00), so raw values compare with the ones it writes. */
export function sqliteIso(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

const bindable = (value: unknown): unknown => (value instanceof Date ? sqliteIso(value) : typeof value === 'boolean' ? (value ? 1 : 0) : value);

const CACHED_STATEMENTS = 64;

export class SqliteDirect {
  private connection: Database.Database | null = null;
  private statements = new Map<string, Database.Statement>();

  constructor(
    private file: string,
    private turns: Turns,
    private timeoutMs: number,
  ) {}

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (!this.connection) {
        // As Prisma's connection (foreign keys on, WAL from the migrations, synchronous NORMAL): a
        // commit is not flushed to disk by itself, only at checkpoints. An outcome lost to a power
        // cut means that message goes out again (as on PostgreSQL, where the outbox commits without
        // waiting for the WAL flush); better-sqlite3's own default (FULL) flushed every commit.
        this.connection = new Database(this.file, { timeout: this.timeoutMs });
        this.connection.pragma('synchronous = NORMAL');
      }
      if (this.statements.size >= CACHED_STATEMENTS) this.statements.clear();
      s = this.connection.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** The rows of one statement (? placeholders), in its turn. */
  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.turns.run(async () => {
      const s = this.statement(sql);
      const values = params.map(bindable);
      return (s.reader ? s.all(...values) : (s.run(...values), [])) as T[];
    });
  }

  /** Runs one statement and answers how many rows it changed. */
  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.turns.run(async () => this.statement(sql).run(...params.map(bindable)).changes);
  }

  /** Runs the statements in one transaction, in their order. */
  batch(statements: readonly (readonly [string, readonly unknown[]])[]): Promise<void> {
    return this.turns.run(async () => {
      const prepared = statements.map(([sql, params]) => [this.statement(sql), params.map(bindable)] as const);
      this.connection!.transaction(() => {
        for (const [s, values] of prepared) s.run(...values);
      }).immediate();
    });
  }

  close(): void {
    this.statements.clear();
    this.connection?.close();
    this.connection = null;
  }
}
