import type { ConnectionInfo, IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from '@prisma/driver-adapter-utils';

// Prisma's better-sqlite3 adapter runs everything on one connection and locks only transactions
// against each other: a statement issued outside a transaction while an interactive one waits on
// JavaScript ran inside it. It read that transaction's uncommitted rows, and its own write was
// silently undone when the transaction rolled back (a subscriber's confirmation, an outbox claim
// or outcome, lost after it had been reported done). Here every statement takes its turn: one
// outside a transaction waits until an open transaction commits or rolls back.

/** First come, first served: one holder at a time. */
export class Turns {
  private held = false;
  private waiting: (() => void)[] = [];

  async take(): Promise<() => void> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held = true;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

class TurnTakingAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  readonly getConnectionInfo?: () => ConnectionInfo;

  constructor(
    private inner: SqlDriverAdapter,
    private turns: Turns,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    if (inner.getConnectionInfo) this.getConnectionInfo = () => inner.getConnectionInfo!();
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.turns.run(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.turns.run(() => this.inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.turns.run(() => this.inner.executeScript(script));
  }

  /** The turn is held from BEGIN until the transaction's commit or rollback. */
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.turns.take();
    let tx: Transaction;
    try {
      tx = await this.inner.startTransaction(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    const end = async (how: 'commit' | 'rollback') => {
      try {
        await tx[how]();
      } finally {
        release();
      }
    };
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      options: tx.options,
      queryRaw: (query) => tx.queryRaw(query),
      executeRaw: (query) => tx.executeRaw(query),
      commit: () => end('commit'),
      rollback: () => end('rollback'),
      ...(tx.createSavepoint ? { createSavepoint: (name: string) => tx.createSavepoint!(name) } : {}),
      ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: (name: string) => tx.rollbackToSavepoint!(name) } : {}),
      ...(tx.releaseSavepoint ? { releaseSavepoint: (name: string) => tx.releaseSavepoint!(name) } : {}),
    };
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/** Wraps a single-connection SQLite adapter factory so that its statements take `turns` with its transactions. */
export function takingTurns(inner: SqlDriverAdapterFactory, turns: Turns): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => new TurnTakingAdapter(await inner.connect(), turns),
  };
}
